"""Golden files of the <main> region of a few pages. Refresh with COURSE_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = ["en/basics/reading.html", "en/basics/inline.html", "zh-CN/more/quiz.html", "en/framework.html"]


def main_region(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match, "page has no <main>"
    return match.group(0) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_main_region_matches_golden(features_site, page):
    actual = main_region((features_site / page).read_text(encoding="utf-8"))
    golden = GOLDEN / (page.replace("/", "__"))
    if os.environ.get("COURSE_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with COURSE_UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8")
