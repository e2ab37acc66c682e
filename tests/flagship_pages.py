"""The flagship's page types, once: the accessibility, phone-layout and screenshot tests walk this
list, so a new kind of page (search, say) is one line here."""

from __future__ import annotations

LANGUAGES = ("en", "zh-CN")

# page type -> path under a language folder of the built flagship
PAGES = {
    "home": "index.html",
    "module": "foundation/index.html",
    "lesson": "foundation/coming-to-delivery.html",
    "table": "innovation/social-management-models.html",  # a lesson with a table
    "glossary": "glossary/index.html",
    "quiz": "collaboration/quiz.html",
    "framework": "framework.html",
    "certificate": "certificate.html",
    "search": "search.html",
    "progress": "progress.html",
    "notes": "notes.html",
}

# a word every language's search finds in the flagship
SEARCH_WORD = {"en": "participation", "zh-CN": "参与"}

PHONE, DESKTOP = 360, 1280


def page_url(site_uri: str, lang: str, kind: str) -> str:
    return f"{site_uri}/{lang}/{PAGES[kind]}"


def answer_the_quiz(page, check_all: bool = True) -> None:
    """Answer the quiz on the page as a learner might, some of it wrong, and check it: every kind
    of feedback is then on the page."""
    quiz = page.locator("section.quiz")
    for q in quiz.locator("fieldset.question").all():
        kind = q.get_attribute("data-type")
        if kind in ("single", "true_false"):
            q.locator("input").last.check()
        elif kind == "multiple":
            q.locator("input").first.check()
        elif kind == "fill_blank":
            q.locator("input[type=text]").fill("a guess")
        elif kind == "matching":
            for menu in q.locator("select").all():
                menu.select_option(index=1)
        elif kind == "reflection":
            q.locator("textarea").fill("What my organisation does best.")
    if check_all:
        from playwright.sync_api import expect

        submit, result = quiz.locator(".quiz-submit"), quiz.locator(".quiz-result")
        submit.click()
        if "%" not in result.inner_text():  # questions left open: the second press scores
            submit.click()
        expect(result).to_contain_text("%")
