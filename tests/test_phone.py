"""The flagship on a cheap phone, on paper and with large text, in a real Chromium: nothing wider
than the screen, tables that scroll in their own region, targets a finger can hit, disclosures
that look like disclosures, dark mode, print, and text at 200%."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .flagship_pages import DESKTOP, LANGUAGES, PAGES, PHONE, answer_the_quiz, page_url

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    """new(width, **context options) -> a page in a fresh context of that width."""
    contexts = []

    def new(width: int = PHONE, **options) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 740}, **options)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def page_width_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [320, PHONE])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_is_wider_than_a_phone(phone, flagship_site, lang, width):
    page = phone(width)
    for kind in PAGES:
        page.goto(page_url(flagship_site.as_uri(), lang, kind))
        page.locator("details.nav-toggle summary").click()  # the open menu fits too
        if kind == "quiz":
            answer_the_quiz(page)
        assert page_width_overflow(page) == 0, f"{kind} at {width} px"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_scroll_in_a_named_region_a_keyboard_reaches(phone, flagship_site, lang):
    page = phone(320)
    page.goto(page_url(flagship_site.as_uri(), lang, "glossary"))
    regions = page.locator(".content [role=region]:has(> table)")
    expect(regions).to_have_count(5)
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.content td')).fontSize)")
    for region in regions.all():
        expect(region).to_have_attribute("tabindex", "0")
        label = region.get_attribute("aria-label")
        assert label and label == region.evaluate("r => r.previousElementSibling.textContent.trim()")
        # the table is wider than the phone: it scrolls in its region, the page does not
        assert region.evaluate("r => r.scrollWidth > r.clientWidth + 20")
        # a shadow at the edge where more table waits
        assert "radial-gradient" in region.evaluate("r => getComputedStyle(r).backgroundImage")
        # no column squeezed to a character or two a line: every cell at least 5 characters wide
        narrowest = region.evaluate("r => Math.min(...[...r.querySelectorAll('td, th')].map(c => c.clientWidth))")
        assert narrowest >= 5 * font, (label, narrowest, font)
    assert page_width_overflow(page) == 0
    first = regions.first
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=first.element_handle())


def test_a_narrow_table_fits_without_scrolling(phone, flagship_site):
    page = phone(DESKTOP)
    page.goto(page_url(flagship_site.as_uri(), "en", "table"))
    region = page.locator(".content [role=region]").first
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")


TARGETS = (
    ".site-header a, .languages [aria-current], nav.sidebar a, nav.sidebar summary, .pager a, .toc a, .breadcrumb a,"
    " main button, main select, main input[type=text], main textarea, main summary, .q-option label"
)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["lesson", "quiz", "home", "module"])
def test_touch_targets_are_at_least_44_px(phone, flagship_site, lang, kind):
    page = phone(PHONE)
    page.goto(page_url(flagship_site.as_uri(), lang, kind))
    page.locator("details.nav-toggle summary").click()
    if kind == "quiz":
        answer_the_quiz(page)
    small = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(el => el.getClientRects().length)
             .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
             .filter(([, r]) => r.height < 43.5 || r.width < 43.5)
             .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        TARGETS,
    )
    count = page.evaluate("sel => document.querySelectorAll(sel).length", TARGETS)
    assert count > 10 and not small, small


@pytest.mark.parametrize("width", [320, PHONE, DESKTOP])
def test_the_language_switcher_items_sit_side_by_side(phone, flagship_site, width):
    page = phone(width)
    page.goto(page_url(flagship_site.as_uri(), "zh-CN", "lesson"))
    boxes = [item.bounding_box() for item in page.locator(".languages li > *").all()]
    assert len(boxes) == 2
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and abs(boxes[0]["height"] - boxes[1]["height"]) < 1
    assert boxes[1]["x"] - (boxes[0]["x"] + boxes[0]["width"]) >= 8  # apart, not touching


def test_disclosures_show_their_marker(browser, flagship_site):
    context = browser.new_context(viewport={"width": PHONE, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(page_url(flagship_site.as_uri(), "en", "quiz"))
    for summary in (page.locator("details.nav-toggle > summary"), page.locator(".q-answer > summary").first):
        assert summary.evaluate("s => getComputedStyle(s).display") == "list-item"
        marker = summary.evaluate("s => getComputedStyle(s).listStyleType")
        assert marker in ("disclosure-closed", "disclosure-open"), marker
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_matching_menu_shows_the_whole_chosen_text_on_a_phone(phone, flagship_site, lang):
    page = phone(320)
    page.goto(page_url(flagship_site.as_uri(), lang, "quiz"))
    matching = page.locator("fieldset[data-type=matching]")
    menus = matching.locator("select")
    longest = max(
        range(1, menus.first.locator("option").count()),
        key=lambda i: len(menus.first.locator("option").nth(i).inner_text()),
    )
    menus.first.select_option(index=longest)
    assert menus.first.evaluate("s => s.scrollWidth <= s.clientWidth + 1")
    assert menus.first.evaluate("s => s.getBoundingClientRect().height") > 50  # the long choice wraps
    matching.locator(".q-check").click()
    # once checked the menu is disabled, and still reads as the page's text does
    text_colour = page.evaluate("getComputedStyle(document.body).color")
    assert menus.first.evaluate("s => [getComputedStyle(s).color, getComputedStyle(s).opacity]") == [text_colour, "1"]


def test_dark_mode_follows_the_system(phone, flagship_site):
    page = phone(PHONE, color_scheme="dark")
    page.goto(page_url(flagship_site.as_uri(), "en", "lesson"))
    colours = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color,"
        " getComputedStyle(document.querySelector('main a')).color]"
    )
    assert colours == ["rgb(20, 24, 28)", "rgb(228, 232, 236)", "rgb(143, 195, 255)"]
    light = phone(PHONE, color_scheme="light")
    light.goto(page_url(flagship_site.as_uri(), "en", "lesson"))
    assert light.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 253, 252)"


def test_a_printed_lesson_has_no_navigation_and_says_where_links_go(phone, flagship_site, make_course, tmp_path):
    page = phone(DESKTOP, color_scheme="dark")
    page.emulate_media(media="print")
    page.goto(page_url(flagship_site.as_uri(), "en", "table"))
    for hidden in (".site-header", "nav.sidebar", ".pager", ".toc", ".breadcrumb"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    # printed in black on white even when the screen is dark
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('h2')).breakAfter") == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('table')).breakInside") == "avoid"
    # a table prints whole, not cut at the scrolling region's edge
    assert page.evaluate("getComputedStyle(document.querySelector('.table-scroll')).overflowX") == "visible"
    from course.build import build

    lesson = "---\ntitle: Start\npart: foundation\n---\n\nSee [the report](https://example.org/report) and [the next page](02-next.md).\n"
    root = make_course(
        {"modules/01-intro/01-start.md": lesson, "modules/01-intro/02-next.md": "---\ntitle: Next\n---\n\nMore.\n"}
    )
    build(root, tmp_path / "site")
    page.goto((tmp_path / "site" / "en" / "intro" / "start.html").as_uri())
    link = page.locator(".content a[href^='https:']")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "attr(href)" in after or "https://example.org/report" in after, after
    # a link to another page of the course says nothing: its address means nothing on paper
    assert (
        page.locator(".content a[href$='next.html']").evaluate("a => getComputedStyle(a, '::after').content") == "none"
    )


CLIPPED = """() => [...document.querySelectorAll('body *')].filter(el => {
    if (!el.getClientRects().length || el.closest('.visually-hidden, .skip, .table-scroll, pre, select')) return false;
    const s = getComputedStyle(el);
    const clips = v => v === 'hidden' || v === 'clip';
    return (clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
        || (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1);
  }).map(el => el.outerHTML.slice(0, 100))"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_at_200_percent_loses_nothing(phone, flagship_site, lang):
    # text doubled in size at 1280 px, and the page zoomed to 200% (a 1280 px screen seen as 640)
    for width, text_size in ((DESKTOP, "200%"), (DESKTOP // 2, "")):
        page = phone(width)
        for kind in PAGES:
            page.goto(page_url(flagship_site.as_uri(), lang, kind))
            if text_size:
                page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
                assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 33
            page.locator("details.nav-toggle summary").click()
            if kind == "quiz":
                answer_the_quiz(page)
            assert page_width_overflow(page) == 0, (kind, width, text_size)
            assert page.evaluate(CLIPPED) == [], (kind, width, text_size)
