"""Every page works under its Content-Security-Policy in Chromium, from file:// and over http."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# Reported to Python through a binding, which outlives the page: the root page redirects at once.
WATCH = """
window.refused = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.refused.push(e.effectiveDirective);
  window.reportViolation(location.pathname.split("/").slice(-2).join("/") + ": " + e.effectiveDirective +
    " refused " + (e.blockedURI || "inline") + " (" + (e.sample || "") + ")");
}, true);
"""


class Watch:
    """What a learner's browser refused or failed on, over every page the test opens."""

    def __init__(self, page: Page):
        self.violations: list[str] = []
        self.errors: list[str] = []
        page.expose_binding("reportViolation", lambda source, text: self.violations.append(text))
        page.add_init_script(WATCH)
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{m.location.get('url')}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def assert_clean(self):
        assert self.violations == [], self.violations
        assert self.errors == [], self.errors


def passed_everything(site) -> str:
    """A stored entry that has passed every quiz with a best score of 50% (under the course's pass
    mark: a quiz of its own may ask less), so the framework page draws its bars and lists pages to
    revisit, and the certificate is made."""
    ids = json.loads((site / "course-ids.json").read_text(encoding="utf-8"))
    quizzes = {
        quiz: {"best": 50, "passed": True, "last": 50, "results": {q: 0.5 for q in questions}}
        for quiz, questions in ids.items()
    }
    return json.dumps({"v": 1, "quizzes": quizzes, "visited": {}, "name": "Li Hua"})


def course_id(site) -> str:
    return re.search(r'data-course="([^"]+)"', (site / "en" / "index.html").read_text(encoding="utf-8")).group(1)


def every_page(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def walk_the_site(page: Page, site, base: str) -> int:
    watch = Watch(page)
    pages = every_page(site)
    for path in pages:
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("load")
        if path == "index.html":  # it picks a language and goes there, by script
            expect(page).to_have_url(re.compile(r"/[\w-]+/index\.html$"))
        else:
            expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # course.js ran
    # A learner takes a quiz: checks one answer and sees its feedback, then scores the quiz.
    quiz_page = next(p for p in pages if p.endswith("/quiz.html"))
    page.goto(f"{base}/{quiz_page}")
    question = page.locator("fieldset.question:visible:has(input[type=radio])").first
    question.locator("input").first.check()
    question.locator(".q-check").click()
    expect(question.locator(".q-feedback .q-verdict")).to_have_count(1)
    button = page.locator(".quiz-submit")
    button.click()
    if page.locator(".quiz-score").count() == 0:  # the first press warns about open questions
        button.click()
    expect(page.locator(".quiz-score")).to_be_visible()
    # Every quiz passed: the pages that draw results from the store, in each language.
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [f"course:{course_id(site)}", passed_everything(site)]
    )
    for lang in sorted(p.parent.name for p in site.glob("*/framework.html")):
        page.goto(f"{base}/{lang}/framework.html")
        bar = page.locator(".part-fill").first
        expect(bar).to_be_visible()
        assert bar.evaluate("el => el.style.width") == "50%"
        expect(page.locator(".part-revisit a").first).to_be_visible()
    for lang in sorted(p.parent.name for p in site.glob("*/certificate.html")):
        page.goto(f"{base}/{lang}/certificate.html")
        expect(page.locator(".certificate-ready")).to_be_visible()
        expect(page.locator(".certificate-learner")).to_have_text("Li Hua")
    # The progress leaves as a file (a blob: download), and the notes as another.
    for lang in sorted(p.parent.name for p in site.glob("*/progress.html")):
        page.goto(f"{base}/{lang}/progress.html")
        with page.expect_download() as download:
            page.locator(".learner-export").click()
        assert download.value.suggested_filename.endswith(".json")
    watch.assert_clean()
    return len(pages)


@pytest.fixture(params=["http", "file"])
def scheme(request):
    return request.param


def base_url(site, scheme, serve) -> str:
    return serve(site) if scheme == "http" else site.as_uri()


def test_feature_course_runs_under_its_policy(page: Page, features_site, serve, scheme):
    assert (
        walk_the_site(page, features_site, base_url(features_site, scheme, serve)) == 27
    )  # a search, a progress and a notes page a language


@pytest.mark.slow
def test_flagship_runs_under_its_policy(page: Page, flagship_site, serve, scheme):
    assert walk_the_site(page, flagship_site, base_url(flagship_site, scheme, serve)) > 80


def test_the_policy_is_enforced(page: Page, features_site, serve, scheme):
    """The watch can fail: script slipped into a page is refused and reported, whatever the scheme."""
    watch = Watch(page)
    page.goto(f"{base_url(features_site, scheme, serve)}/en/basics/inline.html")
    page.evaluate("""() => {
        const box = document.createElement("div");
        box.innerHTML = '<img src="../../files/none.png" onerror="window.ran = 1"><span style="color: red">x</span>';
        document.body.appendChild(box);
        const s = document.createElement("script");
        s.textContent = "window.ran = 2";
        document.body.appendChild(s);
    }""")
    page.wait_for_function("window.refused.length >= 3")
    assert page.evaluate("window.ran") is None
    refused = " ".join(watch.violations)
    for directive in ("script-src-attr", "style-src-attr", "script-src-elem"):
        assert directive in refused, watch.violations
    assert page.locator("span[style]").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
