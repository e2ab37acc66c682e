"""WCAG 2.2 AA by axe-core on every page type of the flagship, in both languages, on a phone and
a desktop, before and after a quiz is answered, in light and dark mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .flagship_pages import DESKTOP, LANGUAGES, PAGES, PHONE, SEARCH_WORD, answer_the_quiz, page_url

pytestmark = pytest.mark.browser

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
}


def violations(page: Page) -> str:
    """axe's report on the page as it is now; empty when nothing is violated."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_violation(browser, flagship_site, kind, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(page_url(flagship_site.as_uri(), lang, kind))
    assert not violations(page)
    if kind == "quiz":
        answer_the_quiz(page)
        assert not violations(page), "after answering"
    if kind == "search":
        page.fill("#search-q", SEARCH_WORD[lang])
        expect(page.locator("ol.search-results li").first).to_be_visible()
        assert not violations(page), "with results and their highlighted matches"
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["home", "lesson", "glossary", "quiz", "framework", "certificate"])
def test_no_violation_in_dark_mode(browser, flagship_site, kind, lang):
    context = browser.new_context(viewport={"width": PHONE, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(page_url(flagship_site.as_uri(), lang, kind))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 24, 28)", background  # the dark palette is in use
    if kind == "quiz":
        answer_the_quiz(page)
    page.locator("details.nav-toggle summary").click()  # the menu's links checked too
    assert not violations(page)
    context.close()
