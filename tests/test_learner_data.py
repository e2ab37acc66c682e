"""Learners' progress in a real Chromium: bad entries are repaired, not obeyed; a browser that
stores nothing, or an entry from a newer version, is said so on the page; dates never break."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import MINIMAL
from .test_browser import answer_all_correctly, question, score

pytestmark = pytest.mark.browser

KEY = "course:features-demo"
QUIZ_PAGE = "en/basics/inline.html"
UNAVAILABLE = "This browser is not saving your progress"
UNAVAILABLE_ZH = "此浏览器没有保存你的学习进度"
NEWER = "Your progress was saved by a newer version of this course"
NEWER_ZH = "你的学习进度由本课程的较新版本保存"

# Storage full: every write is refused, as a browser over its quota does. window.storageFull
# lets a test fill it up after the page has opened.
STORAGE_FULL = """
(function () {
  var setItem = Storage.prototype.setItem;
  window.storageFull = %s;
  Storage.prototype.setItem = function (key, value) {
    if (window.storageFull) { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }
    return setItem.call(this, key, value);
  };
})();
"""
# Storage turned off ("block site data"): touching localStorage at all throws.
STORAGE_OFF = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get: function () { throw new DOMException("The operation is insecure.", "SecurityError"); }
});
"""


@pytest.fixture(params=["http", "file"])
def site_url(request, features_site, serve):
    return serve(features_site) if request.param == "http" else features_site.as_uri()


def plant(page: Page, url: str, entry) -> None:
    """Open url with this stored entry (a value, or the raw text of one) already in place."""
    page.goto(url)
    raw = entry if isinstance(entry, str) else json.dumps(entry)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    page.reload()


def stored(page: Page):
    raw = page.evaluate("k => localStorage.getItem(k)", KEY)
    return json.loads(raw) if raw is not None else None


def pass_the_quiz(page: Page):
    quiz = page.locator("#quiz-basics-check")
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    return quiz


def passed_all(**extra) -> dict:
    quizzes = {
        "basics-check": {"best": 100, "passed": True, "results": {}},
        "more-check": {"best": 90, "passed": True, "results": {}},
    }
    return {"v": 1, "quizzes": quizzes, "visited": {}, **extra}


# ---- entries of the wrong shape ---------------------------------------------------------


def test_quizzes_stored_as_a_list_no_longer_stop_scores_being_saved(page: Page, site_url, errors):
    plant(page, f"{site_url}/{QUIZ_PAGE}", {"v": 1, "quizzes": [], "visited": {}})
    pass_the_quiz(page)
    assert stored(page)["quizzes"]["basics-check"]["best"] == 100
    page.reload()
    expect(page.locator("#quiz-basics-check .quiz-best")).to_have_text("Best score so far: 100%.")
    expect(page.locator("#course-store-notice")).to_have_count(0)  # nothing to tell: it is stored


def test_visits_stored_as_a_list_no_longer_stop_visits_being_saved(page: Page, site_url, errors):
    plant(page, f"{site_url}/en/index.html", {"v": 1, "quizzes": {}, "visited": []})
    page.goto(f"{site_url}/en/basics/reading.html")
    page.goto(f"{site_url}/en/index.html")
    expect(page.locator(".module-card").first.locator(".module-progress")).to_have_text("1 of 2 read")
    assert stored(page)["visited"]["basics/reading.html"] == 1


def test_bad_parts_are_dropped_and_good_ones_kept(page: Page, site_url, errors):
    entry = {
        "v": 1,
        "quizzes": {
            "basics-check": {"best": 250, "passed": True},  # out of range: the record goes
            "more-check": {"best": 75, "passed": "yes", "last": -3, "results": {"a": 5, "b": 1, "c": "x"}},
        },
        "visited": {"basics/reading.html": 1, "basics/index.html": {"x": 1}},
        "last": "javascript:alert(1)",
        "name": 42,
        "passedOn": "2024-02-30",
        "lang": ["en"],
    }
    plant(page, f"{site_url}/en/index.html", entry)
    cards = page.locator(".module-card")
    expect(cards.nth(0).locator(".quiz-status")).to_have_text("Self-check quiz")  # no "250%"
    expect(cards.nth(1).locator(".quiz-status")).to_have_text("Best score so far: 75%.")
    expect(cards.nth(1).locator(".quiz-status")).to_have_class(re.compile("is-fail"))  # "yes" is not a pass
    expect(cards.nth(0).locator(".module-progress")).to_have_text("1 of 2 read")
    expect(page.get_by_role("link", name="Start the course")).to_have_attribute("href", "basics/index.html")
    repaired = stored(page)
    assert repaired["quizzes"] == {"more-check": {"best": 75, "passed": False, "results": {"b": 1}, "attempts": 1}}
    assert set(repaired["visited"]) == {"basics/reading.html", "index.html"}
    assert "last" not in repaired and "name" not in repaired and "passedOn" not in repaired
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    pass_the_quiz(page)
    assert stored(page)["quizzes"]["basics-check"]["best"] == 100
    assert stored(page)["quizzes"]["more-check"]["best"] == 75


def test_an_entry_that_is_not_an_object_is_replaced(page: Page, site_url, errors):
    for entry in ("[1, 2]", "null", '"text"', '{"v": "1", "quizzes": {"basics-check": {"best": 100}}}'):
        plant(page, f"{site_url}/{QUIZ_PAGE}", entry)
        expect(page.locator("#quiz-basics-check .quiz-best")).to_have_text("")
        assert stored(page)["v"] == 1, entry
    pass_the_quiz(page)
    assert stored(page)["quizzes"]["basics-check"]["passed"] is True


# ---- a browser that stores nothing -------------------------------------------------------


def test_storage_full_keeps_progress_for_the_page_and_says_so(page: Page, site_url, errors):
    page.add_init_script(STORAGE_FULL % "true")
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    notice = page.locator("#course-store-notice")
    expect(notice).to_contain_text(UNAVAILABLE)
    expect(notice).to_have_attribute("role", "status")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    quiz = pass_the_quiz(page)
    expect(quiz.locator(".quiz-best")).to_have_text("Best score so far: 100%.")  # kept, in memory
    assert stored(page) is None
    page.goto(f"{site_url}/zh-CN/index.html")
    expect(page.locator("#course-store-notice")).to_contain_text(UNAVAILABLE_ZH)


def test_storage_filling_up_during_a_quiz_is_said_when_it_happens(page: Page, site_url, errors):
    page.add_init_script(STORAGE_FULL % "false")
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    expect(page.locator("#course-store-notice")).to_have_count(0)
    page.evaluate("window.storageFull = true")
    quiz = pass_the_quiz(page)
    expect(page.locator("#course-store-notice")).to_contain_text(UNAVAILABLE)
    expect(quiz.locator(".quiz-best")).to_have_text("Best score so far: 100%.")
    assert "basics-check" not in stored(page)["quizzes"]  # what was written before the page opened stays


def test_storage_turned_off_still_runs_every_page(page: Page, site_url, errors):
    page.add_init_script(STORAGE_OFF)
    page.goto(f"{site_url}/index.html")  # the language picker cannot read the store: the browser's language
    expect(page).to_have_url(re.compile(r"/en/index\.html$"))
    expect(page.locator("#course-store-notice")).to_contain_text(UNAVAILABLE)
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    pass_the_quiz(page)
    expect(page.locator("#quiz-basics-check .quiz-best")).to_have_text("Best score so far: 100%.")
    for path in ("en/framework.html", "en/certificate.html", "zh-CN/basics/inline.html"):
        page.goto(f"{site_url}/{path}")
        expect(page.locator("#course-store-notice")).to_be_visible()
    expect(page.locator("#course-store-notice")).to_contain_text(UNAVAILABLE_ZH)


# ---- an entry of a newer format ----------------------------------------------------------


def test_an_entry_of_a_newer_version_is_left_untouched(page: Page, site_url, errors):
    raw = json.dumps({"v": 2, "progress": {"basics-check": {"score": "A+"}}, "visited": []})
    plant(page, f"{site_url}/{QUIZ_PAGE}", raw)
    expect(page.locator("#course-store-notice")).to_contain_text(NEWER)
    quiz = pass_the_quiz(page)
    expect(quiz.locator(".quiz-best")).to_have_text("Best score so far: 100%.")  # the page still works
    page.get_by_role("button", name="Try again").click()
    page.goto(f"{site_url}/zh-CN/index.html")
    expect(page.locator("#course-store-notice")).to_contain_text(NEWER_ZH)
    assert page.evaluate("k => localStorage.getItem(k)", KEY) == raw


# ---- dates -------------------------------------------------------------------------------


def test_a_corrupt_pass_date_becomes_today(page: Page, site_url, errors):
    # an entry of before each quiz kept the day it was passed: its passed quizzes take the entry's
    # day, or today when that is not a day
    plant(page, f"{site_url}/en/certificate.html", passed_all(passedOn="2024-13-45"))
    details = page.locator(".certificate-details")
    expect(details).to_contain_text("over 2 quizzes")
    expect(details).not_to_contain_text("Invalid")
    today = page.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
        ".map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-'); })()"
    )
    assert {rec["passedOn"] for rec in stored(page)["quizzes"].values()} == {today}
    expect(details).to_contain_text(str(int(today[:4])))


def test_a_stored_pass_date_is_shown_in_the_pages_language(page: Page, site_url, errors):
    plant(page, f"{site_url}/en/certificate.html", passed_all(passedOn="2024-05-01"))
    expect(page.locator(".certificate-details")).to_contain_text("on May 1, 2024, with an average best score of 95%")
    page.goto(f"{site_url}/zh-CN/certificate.html")
    expect(page.locator(".certificate-details")).to_contain_text("完成日期：2024年5月1日")


def test_a_language_tag_the_browser_refuses_still_gives_a_certificate(page: Page, features_site, serve, errors):
    base = serve(features_site)

    # A page whose language tag the browser cannot format dates for: the date is written from the
    # build's own data (Babel's long date of the course language), not by the browser's Intl.
    def relabel(route):
        response = route.fetch()
        route.fulfill(
            response=response, body=response.text().replace('<html lang="en">', '<html lang="de-1996-1996">', 1)
        )

    page.route("**/en/certificate.html", relabel)
    plant(page, f"{base}/en/certificate.html", passed_all(passedOn="2024-05-01"))
    refused = page.evaluate(
        "() => { try { new Date().toLocaleDateString('de-1996-1996'); } catch (e) { return e.name; } }"
    )
    assert refused == "RangeError"  # so this page meets the very error it must survive
    expect(page.locator(".certificate-ready")).to_be_visible()
    expect(page.locator(".certificate-details")).to_contain_text("on May 1, 2024")  # the catalog's language


# ---- one quiz: no "over 1 quizzes" -------------------------------------------------------

# the minimal course of conftest has one quiz; here in two languages
ONE_QUIZ = {"course.yaml": MINIMAL["course.yaml"].replace("title: Mini", "title: Mini\n        languages: [en, zh-CN]")}


@pytest.fixture
def one_quiz_site(make_course, tmp_path):
    from course.build import build

    out = tmp_path / "build"
    build(make_course(ONE_QUIZ), out)
    return out


def test_one_quiz_is_spoken_of_in_the_singular(page: Page, one_quiz_site, errors):
    base = one_quiz_site.as_uri()
    page.goto(f"{base}/en/intro/quiz.html")
    expect(page.locator(".quiz-meta")).to_contain_text("1 question ·")
    page.get_by_role("button", name="Check all and see my score").click()
    expect(page.locator(".quiz-result")).to_have_text(
        "1 question not answered yet: it will score 0. Answer it, or press the button again to see your score now."
    )
    question(page.locator("section.quiz"), "q1").get_by_label("True").check()
    page.get_by_role("button", name="Check all and see my score").click()
    expect(page.locator(".quiz-result")).to_contain_text("Passed")
    page.goto(f"{base}/en/certificate.html")
    details = page.locator(".certificate-details")
    expect(details).to_contain_text("with a best score of 100% in the course quiz.")
    expect(details).not_to_contain_text("quizzes")
    page.goto(f"{base}/zh-CN/certificate.html")
    expect(page.locator(".certificate-details")).to_contain_text("；自测最好成绩为 100%。")
    expect(page.locator(".certificate-details")).not_to_contain_text("1 次")
