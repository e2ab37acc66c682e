"""convert's shortcut for plain one-line texts gives what Python-Markdown gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.convert.text import _PLAIN, convert, convert_markdown

# The characters the shortcut takes, and the Markdown syntax it must leave to Markdown.
PLAIN = "aZ9é对。，“”‘’'\"()/%=—–…：；！？、（）《》·+- .,;:!?1)"
SYNTAX = "*_`[]<>&#|~\\\n\t"
TEXTS = st.one_of(st.text(alphabet=PLAIN, max_size=24), st.text(alphabet=PLAIN + SYNTAX, max_size=24))


@pytest.mark.slow
@settings(max_examples=1500, derandomize=True, deadline=None)
@given(TEXTS, st.booleans())
def test_the_plain_text_shortcut_equals_markdown(text, inline):
    assert convert(text, "q.yaml", 3, inline) == convert_markdown(text, "q.yaml", 3, inline)


def test_the_shortcut_takes_everyday_quiz_text():
    for text in ("Yes, it is.", "Right — the seed says so.", "对。这是正确的。", "50% of (all) = half", "C++ and e.g."):
        assert _PLAIN.fullmatch(text), text
    for text in ("1. First", "- item", "**bold**", "a_b", "[x](y.md)", "a & b", "x\ny"):
        assert not (_PLAIN.fullmatch(text) and "\n" not in text), text


def test_headings_keep_their_ids_unless_the_page_uses_that_id():
    """An author's "Objectives" or "Lesson plan" heading keeps its id, so its table of contents
    entry and links to it work; a heading whose id the quiz engine or the page layout uses gets a
    prefix instead of losing its id; raw HTML cannot take such an id at all."""
    text = '## Lesson plan\n\n## Objectives\n\n## Course map\n\n## Quiz time\n\n## Main\n\n<a id="quiz-x-key">x</a>\n'
    converted = convert(text, "lesson.md")
    ids = ["lesson-plan", "objectives", "course-map", "section-quiz-time", "section-main"]
    assert [anchor for _, anchor, _ in converted.toc] == ids
    assert list(converted.ids) == ids  # every heading of the outline is there to be linked
    assert 'id="quiz-x-key"' not in converted.html


def test_a_footnote_leads_back_in_the_page_language():
    text = "文本[^1]。\n\n[^1]: 注释。\n"
    assert 'title="返回正文中脚注 1 的位置"' in convert(text, "x.zh-CN.md", lang="zh-CN").html
    assert 'title="Jump back to footnote 1 in the text"' in convert(text, "x.md", lang="en").html
