"""A bank's texts become Markdown that the course shows as the bank did: the marks of Markdown in
plain text stay text, and HTML's structure becomes Markdown's."""

from __future__ import annotations

import html
import re

import pytest

from course.convert.text import convert
from course.importers.markdown import AUTO, HTML, PLAIN, to_markdown


def _shown(markdown: str) -> str:
    """The text a learner reads once the course has converted the Markdown."""
    rendered = convert(markdown, "quiz.yaml").html
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "2 * 3 * 4 = 24, and a_b_c",
        "[not a link](really) and ![not an image](x.png)",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "> not a quote",
        "<b>not bold</b> &amp; 5 < 6 &lt; 7",
        "back\\slash and `not code`",
        "Fill the gap: ____ here",
    ],
)
def test_plain_text_shows_as_it_was_written(text):
    assert _shown(to_markdown(text, PLAIN)) == text


def test_html_structure_becomes_markdown():
    converted = to_markdown(
        "<p>Some <strong>bold</strong>, <em>slanted</em> and <code>a*b</code> text, "
        '<a href="https://example.org/a b">a link</a>.</p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
        "<h3>A heading</h3><p>H<sub>2</sub>O</p><table><tr><td>a*b</td></tr></table>",
        HTML,
    )
    assert converted == (
        "Some **bold**, *slanted* and `a*b` text, [a link](https://example.org/a%20b).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n### A heading\n\nH<sub>2</sub>O\n\n"
        "<table><tr><td>a*b</td></tr></table>"
    )
    rendered = convert(converted, "quiz.yaml").html
    assert "<strong>bold</strong>" in rendered and "<li>second</li>" in rendered and "<td>a*b</td>" in rendered


def test_moodle_auto_format_breaks_lines_and_paragraphs():
    assert to_markdown("line one\nline two\n\nsecond paragraph", AUTO) == "line one<br>line two\n\nsecond paragraph"
