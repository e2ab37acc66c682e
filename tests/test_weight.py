"""A lesson page with everything it loads stays light enough for a slow, metered phone connection:
the flagship's heaviest lesson page, its stylesheets and scripts, at most 30 KB gzipped."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

BUDGET = 30 * 1024  # bytes, gzipped
_REFERENCED = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"')


def page_weight(page: Path) -> tuple[int, list[str]]:
    """Gzipped bytes (level 6, what web servers use) of page and every stylesheet and script it
    references, and those references."""
    html = page.read_bytes()
    refs = _REFERENCED.findall(html.decode("utf-8"))
    total = len(gzip.compress(html, 6, mtime=0))
    for ref in refs:
        total += len(gzip.compress((page.parent / ref).read_bytes(), 6, mtime=0))
    return total, refs


@pytest.mark.slow
def test_every_lesson_page_with_its_css_and_js_is_at_most_30_kb_gzipped(flagship_site):
    weights = {}
    for lang in ("en", "zh-CN"):
        for page in sorted((flagship_site / lang).glob("*/*.html")):
            if page.name != "quiz.html":
                weights[page.relative_to(flagship_site).as_posix()] = page_weight(page)
    assert len(weights) > 50
    heaviest = max(weights, key=lambda p: weights[p][0])
    size, refs = weights[heaviest]
    assert {"../../assets/course.css", "../../assets/course.js"} <= set(refs), refs  # the counting sees them
    assert size <= BUDGET, f"{heaviest} weighs {size / 1024:.1f} KB gzipped with {refs}; the budget is 30 KB"


def test_the_count_includes_what_a_page_loads(tmp_path):
    (tmp_path / "a.css").write_bytes(b"x" * 10)
    (tmp_path / "page.html").write_text('<link rel="stylesheet" href="a.css"><script src="a.css" defer></script>')
    size, refs = page_weight(tmp_path / "page.html")
    assert refs == ["a.css", "a.css"]
    assert size == len(gzip.compress((tmp_path / "page.html").read_bytes(), 6, mtime=0)) + 2 * len(
        gzip.compress(b"x" * 10, 6, mtime=0)
    )
