"""Screenshots for a reviewer: the flagship's pages at 360 and 1280 px in both languages, taken as
a learner goes through them (a quiz answered, so its feedback, the results by part and the
certificate, progress and notes pages show what they show after a quiz; the search page with a query's results). Written to test-artifacts/screenshots/
(git-ignored): open the folder to look."""

from __future__ import annotations

import pytest

from .conftest import ROOT
from .flagship_pages import DESKTOP, LANGUAGES, PHONE, SEARCH_WORD, answer_the_quiz, page_url

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "screenshots"
# in the order a learner meets them; the quiz is answered before the pages that report on it
SEQUENCE = ["home", "lesson", "table", "glossary", "quiz", "framework", "certificate", "progress", "notes", "search"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots(browser, flagship_site, lang, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for kind in SEQUENCE:
        page.goto(page_url(flagship_site.as_uri(), lang, kind))
        name = kind
        if kind == "quiz":
            answer_the_quiz(page)
            name = "quiz-feedback"
        elif kind == "search":
            page.fill("#search-q", SEARCH_WORD[lang])
            page.locator("ol.search-results li").first.wait_for()
            name = "search-results"
        path = SHOTS / f"{lang}-{width}-{name}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000, path
    context.close()
    assert not errors, errors
