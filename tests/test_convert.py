"""convert's shortcut for plain one-line texts gives what Python-Markdown gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from course.convert.text import _PLAIN, convert, convert_markdown

# The characters the shortcut takes, and the Markdown syntax it must leave to Markdown.
PLAIN = "aZ9é对。，“”‘’'\"()/%=—–…：；！？、（）《》·+- .,;:!?1)"
SYNTAX = "*_`[]<>&#|~\\\n\t"
TEXTS = st.one_of(st.text(alphabet=PLAIN, max_size=24), st.text(alphabet=PLAIN + SYNTAX, max_size=24))


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(TEXTS, st.booleans())
def test_the_plain_text_shortcut_equals_markdown(text, inline):
    assert convert(text, "q.yaml", 3, inline) == convert_markdown(text, "q.yaml", 3, inline)


def test_the_shortcut_takes_everyday_quiz_text():
    for text in ("Yes, it is.", "Right — the seed says so.", "对。这是正确的。", "50% of (all) = half", "C++ and e.g."):
        assert _PLAIN.fullmatch(text), text
    for text in ("1. First", "- item", "**bold**", "a_b", "[x](y.md)", "a & b", "x\ny"):
        assert not (_PLAIN.fullmatch(text) and "\n" not in text), text
