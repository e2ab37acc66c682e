"""What the loader and convert do to text for the page a phone shows: Chinese kept free of the
spaces YAML folding puts between lines, and tables placed in a scrolling region a keyboard reaches."""

from __future__ import annotations

import re

import pytest

from course.convert.text import convert
from course.load.yamlsource import parse_yaml


def test_folded_yaml_puts_no_space_between_chinese_lines():
    doc = parse_yaml(
        "folded: >-\n"
        "  以四个方面为框架，\n"
        "  讲清社会组织 怎样参与。\n"
        "  Then English\n"
        "  words\n"
        "plain: 也是\n"
        "  一\n"
        "  行\n"
        'quoted: "引号里\n'
        '  的文字"\n'
        "literal: |\n"
        "  保留\n"
        "  换行\n",
        "course.yaml",
    )
    # where Chinese lines meet the space goes; the space typed on a line and the one between
    # Chinese and English stay, as do English folds and a literal block's line breaks
    assert doc.data["folded"] == "以四个方面为框架，讲清社会组织 怎样参与。 Then English words"
    assert doc.data["plain"] == "也是一行"
    assert doc.data["quoted"] == "引号里的文字"
    assert doc.data["literal"] == "保留\n换行\n"


def test_a_folded_chinese_summary_reaches_the_home_page_without_a_stray_space(make_course, tmp_path):
    from course.build import build

    root = make_course(
        {
            "course.yaml": """
                id: mini
                title: {en: Mini, zh-CN: 小课}
                languages: [en, zh-CN]
                summary:
                  en: >-
                    A short
                    course.
                  zh-CN: >-
                    以四个方面为框架，
                    讲清社会组织怎样参与。
                framework:
                  title: Parts
                  parts:
                    - {id: foundation, title: Foundation}
                """,
        }
    )
    build(root, tmp_path / "site")
    home = (tmp_path / "site" / "zh-CN" / "index.html").read_text(encoding="utf-8")
    assert "以四个方面为框架，讲清社会组织怎样参与。" in home
    assert "A short course." in (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_a_table_scrolls_in_a_region_named_by_its_heading_or_caption():
    html = convert(
        "## Models & *more*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "<table><caption>Own caption</caption><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>\n",
        "x.md",
    ).html
    regions = re.findall(r'<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)"><table', html)
    assert regions == ["Models &amp; more", "Own caption"]  # the nested table is not wrapped again
    assert html.count("<table") == 3 and html.count("</table></div>") == 2


def test_a_table_without_a_heading_is_named_in_the_pages_language():
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert 'aria-label="Table"' in convert(table, "x.md").html
    assert 'aria-label="表格"' in convert(table, "x.zh-CN.md", lang="zh-CN").html


@pytest.mark.slow
def test_the_glossary_tables_scroll_in_named_regions(flagship_site):
    for lang, first in (("en", "The four-part framework"), ("zh-CN", "“参与社会治理创新”的四个方面")):
        page = (flagship_site / lang / "glossary" / "index.html").read_text(encoding="utf-8")
        labels = re.findall(r'<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)">', page)
        assert page.count("<table") == len(labels) == 5
        assert labels[0].replace("&#x27;", "'").replace("&quot;", '"') == first
