"""A learner takes the quizzes in a real Chromium, over http://127.0.0.1 and from file://."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

QUIZ_PAGE = "en/basics/inline.html"


@pytest.fixture(params=["http", "file"])
def site_url(request, features_site, serve):
    """Base url of the built feature course, served over http or opened from disk."""
    return serve(features_site) if request.param == "http" else features_site.as_uri()


@pytest.fixture
def quiz(page: Page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    yield page.locator("#quiz-basics-check")
    assert not errors, errors
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]


def question(quiz, qid):
    return quiz.locator(f"fieldset[data-qid='{qid}']")


def check(q):
    q.get_by_role("button", name="Check answer").click()


def score(quiz, unanswered: int = 0):
    """Press "Check all": with questions left open, the first press warns and the second scores."""
    button = quiz.get_by_role("button", name="Check all and see my score")
    button.click()
    if unanswered:
        noun = "question" if unanswered == 1 else "questions"
        expect(quiz.locator(".quiz-result")).to_contain_text(f"{unanswered} {noun} not answered yet")
        button.click()


def answer_all_correctly(quiz):
    question(quiz, "single-q").get_by_label("Shenyang").check()
    multiple = question(quiz, "multiple-q")
    multiple.get_by_label("Tencent").check()
    multiple.get_by_label("Alibaba").check()
    question(quiz, "tf-q").get_by_label("False").check()
    question(quiz, "fill-q").get_by_label("Your answer").fill("  deng   FEI ")
    question(quiz, "numeric-q").get_by_label("Your answer").fill("467")
    matching = question(quiz, "match-q")
    for i, right in enumerate(["free elections", "residential committees", "new frontlines"]):
        matching.locator(f"select >> nth={i}").select_option(label=right)
    put_in_order(question(quiz, "order-q"))


def put_in_order(q):
    items = q.locator(".q-item")
    for target in range(items.count()):
        indexes = [items.nth(i).get_attribute("data-index") for i in range(items.count())]
        at = indexes.index(str(target))
        for _ in range(at - target):
            q.locator(f".q-item[data-index='{target}'] .q-up").click()


def test_wrong_choice_shows_that_options_feedback(quiz):
    q = question(quiz, "single-q")
    q.get_by_label("Nanjing").check()
    check(q)
    feedback = q.locator(".q-feedback")
    expect(feedback.locator(".q-verdict")).to_have_text("Not correct")
    expect(feedback).to_contain_text("Nanjing empowered residential committees instead.")
    expect(q.locator(".q-option.is-answer")).to_have_count(1)
    expect(q.locator(".q-option.is-answer")).to_contain_text("Shenyang")
    # the verdict is shown beside the author's feedback, in words and with an icon
    expect(q.locator(".q-verdict")).to_be_visible()
    expect(q.locator(".q-verdict svg")).to_have_count(1)
    expect(q).to_have_attribute("data-verdict", "incorrect")
    expect(q.locator(".q-explanation")).to_contain_text("The Shenyang model is marked by free elections.")
    expect(q.get_by_label("Shenyang")).to_be_disabled()


def test_hint_on_request(quiz):
    q = question(quiz, "single-q")
    expect(q.locator(".q-hint")).to_be_hidden()
    q.get_by_role("button", name="Hint").click()
    expect(q.locator(".q-hint")).to_have_text("It is in the north-east.")


def test_each_type_gives_the_feedback_the_yaml_says(quiz):
    multiple = question(quiz, "multiple-q")
    multiple.get_by_label("Tencent").check()
    multiple.get_by_label("A paper newsletter").check()
    check(multiple)
    expect(multiple.locator(".q-feedback")).to_contain_text("No - that is not online.")

    tf = question(quiz, "tf-q")
    tf.get_by_label("True").check()
    check(tf)
    expect(tf.locator(".q-feedback")).to_contain_text("Not quite - it began with a journalist.")

    fill = question(quiz, "fill-q")
    fill.get_by_label("Your answer").fill("邓飞")
    check(fill)
    expect(fill.locator(".q-feedback")).to_contain_text("Yes, Deng Fei.")

    matching = question(quiz, "match-q")
    matching.locator("select >> nth=0").select_option(label="new frontlines")
    check(matching)
    expect(matching.locator(".q-feedback")).to_contain_text("Look at the table again.")

    ordering = question(quiz, "order-q")
    put_in_order(ordering)
    check(ordering)
    expect(ordering.locator(".q-feedback")).to_contain_text("That is the practice path.")

    reflection = question(quiz, "reflect-q")
    reflection.get_by_label("Your answer").fill("Home visits")
    reflection.get_by_role("button", name="Compare with the model answer").click()
    expect(reflection.locator(".q-explanation")).to_contain_text("One you already deliver every week")


def test_unanswered_question_asks_for_an_answer(quiz):
    q = question(quiz, "fill-q")
    check(q)
    expect(q.locator(".q-feedback")).to_have_text("Answer the question first.")
    expect(q.get_by_label("Your answer")).to_be_enabled()


def test_partial_credit_for_multiple(quiz):
    q = question(quiz, "multiple-q")
    q.get_by_label("Tencent").check()
    check(q)
    expect(q.locator(".q-feedback")).to_contain_text("Partly correct")
    expect(q.locator(".q-feedback .q-missed")).to_contain_text("You missed: Alibaba")


def test_right_answers_pass_and_reload_keeps_best_score(quiz, page):
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("Your score: 7 of 7 points (100%). Passed")
    page.reload()
    quiz = page.locator("#quiz-basics-check")
    expect(quiz.locator(".quiz-best")).to_have_text("Best score so far: 100%.")
    score(quiz, unanswered=7)  # a blank attempt: 0%
    expect(quiz.locator(".quiz-result")).to_contain_text("(0%). Not passed yet — the pass mark is 60%.")
    expect(quiz.locator(".quiz-best")).to_have_text("Best score so far: 100%.")


def test_score_against_the_pass_mark(quiz):
    # 5 of 7 points = 71%: passes the quiz's pass mark of 60
    question(quiz, "single-q").get_by_label("Shenyang").check()
    question(quiz, "tf-q").get_by_label("False").check()
    question(quiz, "fill-q").get_by_label("Your answer").fill("Deng Fei")
    question(quiz, "numeric-q").get_by_label("Your answer").fill("470")
    put_in_order(question(quiz, "order-q"))
    score(quiz, unanswered=2)
    expect(quiz.locator(".quiz-result")).to_contain_text("5 of 7 points (71%). Passed")
    # retry: 4 of 7 = 57% fails
    quiz.get_by_role("button", name="Try again").click()
    expect(question(quiz, "fill-q").get_by_label("Your answer")).to_have_value("")
    question(quiz, "single-q").get_by_label("Shenyang").check()
    question(quiz, "tf-q").get_by_label("False").check()
    question(quiz, "fill-q").get_by_label("Your answer").fill("Deng Fei")
    question(quiz, "numeric-q").get_by_label("Your answer").fill("470")
    score(quiz, unanswered=3)
    expect(quiz.locator(".quiz-result")).to_contain_text("4 of 7 points (57%). Not passed yet")
    expect(question(quiz, "order-q").locator(".q-feedback")).to_contain_text("Not answered")
    expect(question(quiz, "order-q").locator(".q-answer")).to_be_visible()


def tab_to(page, target, limit: int = 120):
    """Press Tab until target has the focus: it is reachable by keyboard, in the page's order."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def arrow_to(page, group, label: str):
    """In a radio group that has the focus, move with the arrow keys until label is chosen."""
    choice = group.get_by_label(label, exact=True)
    for _ in range(group.locator("input").count() + 1):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {label}")


def choose_in_menu(page, menu, label: str):
    """In a menu that has the focus, go down with the arrow key to label and take it: an open
    picker (a styled menu) shows the focused option, a closed one changes as it goes."""
    for _ in range(menu.locator("option").count() + 2):
        page.keyboard.press("ArrowDown")
        is_open, current = menu.evaluate(
            "s => s.matches(':open') ? [true, document.activeElement.textContent.trim()]"
            " : [false, s.selectedOptions[0].textContent.trim()]"
        )
        if current == label:
            if is_open:
                page.keyboard.press("Enter")
            expect(menu.locator("option:checked")).to_have_text(label)
            return
    raise AssertionError(f"the arrow key never reached {label}")


def test_keyboard_only(quiz, page):
    """Every question type answered, checked and scored with the keyboard alone: Tab to reach,
    Space and the arrow keys to choose, typing to fill in, Enter to check."""
    page.locator("h1").click()  # start from the top of the page, as a keyboard user does
    q = question(quiz, "single-q")
    tab_to(page, q.locator("input").first)
    arrow_to(page, q, "Shenyang")
    tab_to(page, q.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(q.locator(".q-feedback .q-verdict")).to_have_text("Correct")

    multiple = question(quiz, "multiple-q")
    for label in ("Tencent", "Alibaba"):
        tab_to(page, multiple.get_by_label(label))
        page.keyboard.press("Space")
        expect(multiple.get_by_label(label)).to_be_checked()

    tf = question(quiz, "tf-q")
    tab_to(page, tf.locator("input").first)
    arrow_to(page, tf, "False")

    for qid, text in (("fill-q", "Deng Fei"), ("numeric-q", "467")):
        field = question(quiz, qid).get_by_label("Your answer")
        tab_to(page, field)
        page.keyboard.type(text)

    matching = question(quiz, "match-q")
    for i, right in enumerate(["free elections", "residential committees", "new frontlines"]):
        menu = matching.locator("select").nth(i)
        tab_to(page, menu)
        choose_in_menu(page, menu, right)

    ordering = question(quiz, "order-q")
    for target in range(ordering.locator(".q-item").count()):
        while ordering.locator(".q-item").nth(target).get_attribute("data-index") != str(target):
            tab_to(page, ordering.locator(f".q-item[data-index='{target}'] .q-up"))
            page.keyboard.press("Enter")
            expect(ordering.locator(".q-feedback")).to_contain_text("now at position")
    expect(ordering.locator(".q-item-text")).to_have_text(
        ["Know the service", "Find partners", "Design the innovation", "Act and review"]
    )

    reflection = question(quiz, "reflect-q")
    tab_to(page, reflection.get_by_label("Your answer"))
    page.keyboard.type("Home visits")
    tab_to(page, reflection.get_by_role("button", name="Compare with the model answer"))
    page.keyboard.press("Enter")
    expect(reflection.locator(".q-explanation")).to_contain_text("One you already deliver every week")

    tab_to(page, quiz.get_by_role("button", name="Check all and see my score"))
    page.keyboard.press("Enter")
    expect(quiz.locator(".quiz-result")).to_contain_text("Your score: 7 of 7 points (100%). Passed")


def test_numeric_by_keyboard_right_within_tolerance_unreadable_and_out_of_range(quiz, page):
    q = question(quiz, "numeric-q")  # answer: 470, tolerance: 5
    field = q.get_by_label("Your answer")

    def press(button):
        button.focus()
        page.keyboard.press("Enter")

    field.focus()
    page.keyboard.type(" ４６８ ")  # full-width digits, spaces around: 468, within the tolerance
    page.keyboard.press("Enter")
    expect(q).to_have_attribute("data-verdict", "correct")
    expect(q.locator(".q-feedback")).to_contain_text("Yes - 467 organisations.")
    expect(q.locator(".q-feedback")).to_be_focused()
    expect(field).to_be_disabled()
    press(quiz.get_by_role("button", name="Check all and see my score"))
    expect(quiz.locator(".quiz-result")).to_contain_text("6 questions not answered yet")
    press(quiz.get_by_role("button", name="Check all and see my score"))
    expect(quiz.locator(".quiz-result")).to_contain_text("Your score: 1 of 7 points (14%).")

    press(quiz.get_by_role("button", name="Try again"))
    field.focus()
    page.keyboard.type("1,000")  # a thousand, or one? not guessed: asked again, not marked wrong
    page.keyboard.press("Enter")
    expect(q.locator(".q-feedback")).to_have_text(
        "Write a number in digits, with a point for decimals (for example 3.5)."
    )
    expect(field).to_be_enabled()
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("480")  # outside 465-475
    page.keyboard.press("Enter")
    expect(q).to_have_attribute("data-verdict", "incorrect")
    expect(q.locator(".q-feedback")).to_contain_text("It was 467 organisations.")
    expect(q.locator(".q-answer")).to_be_visible()
    expect(q.locator(".q-answer")).to_contain_text("Accepted answers: 470 (± 5)")
    press(quiz.get_by_role("button", name="Check all and see my score"))
    press(quiz.get_by_role("button", name="Check all and see my score"))
    expect(quiz.locator(".quiz-result")).to_contain_text("Your score: 0 of 7 points (0%).")

    press(quiz.get_by_role("button", name="Try again"))
    field.focus()
    page.keyboard.type("474,5")  # a decimal comma, as a phone's keypad may offer: 474.5
    page.keyboard.press("Enter")
    expect(q).to_have_attribute("data-verdict", "correct")


def test_feedback_is_announced(quiz):
    for region in (quiz.locator(".q-feedback").first, quiz.locator(".quiz-result")):
        expect(region).to_have_attribute("aria-live", "polite")
    expect(question(quiz, "single-q").locator("legend")).to_have_text("Question 1")


def test_draw_shows_a_new_selection_on_retry(page: Page, site_url):
    page.goto(f"{site_url}/en/more/quiz.html")
    quiz = page.locator("#quiz-more-check")
    seen = set()
    for _ in range(30):
        visible = tuple(q.get_attribute("data-qid") for q in quiz.locator("fieldset.question:visible").all())
        assert len(visible) == 2
        seen.add(visible)
        score(quiz, unanswered=2)
        expect(quiz.locator(".quiz-result")).to_contain_text("of 4 points")
        quiz.get_by_role("button", name="Try again").click()
        if len(seen) > 1:
            break
    assert len(seen) > 1


def test_chinese_interface(page: Page, site_url):
    page.goto(f"{site_url}/zh-CN/basics/inline.html")
    quiz = page.locator("#quiz-basics-check")
    q = question(quiz, "single-q")
    q.get_by_label("南京").check()
    q.get_by_role("button", name="核对答案").click()
    expect(q.locator(".q-feedback")).to_contain_text("南京模式是赋权居委会。")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/basics/inline\.html$"))


def test_without_javascript_answers_sit_behind_disclosures(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    q = page.locator("fieldset[data-qid='single-q']")
    expect(q.locator(".q-actions")).to_be_hidden()
    expect(q.locator(".q-option-feedback").first).to_be_hidden()
    q.locator(".q-answer summary").click()
    expect(q.locator(".q-answer")).to_contain_text("Shenyang")
    expect(page.locator("main")).to_contain_text("And after it, more text.")
    context.close()


def test_corrupted_progress_never_breaks_a_page(page: Page, site_url):
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    page.evaluate("localStorage.setItem('course:features-demo', '{not json')")
    page.reload()
    quiz = page.locator("#quiz-basics-check")
    question(quiz, "single-q").get_by_label("Shenyang").check()
    score(quiz, unanswered=6)
    expect(quiz.locator(".quiz-result")).to_contain_text("1 of 7 points")
    page.evaluate(
        "localStorage.setItem('course:features-demo', JSON.stringify({v: 1, quizzes: {'basics-check': 'x'}}))"
    )
    page.reload()
    expect(page.locator("#quiz-basics-check .quiz-actions")).to_be_visible()


def test_home_shows_progress_and_resume(page: Page, site_url):
    page.goto(f"{site_url}/en/basics/reading.html")
    page.goto(f"{site_url}/en/framework.html")  # not a place to resume
    page.goto(f"{site_url}/en/index.html")
    resume = page.get_by_role("link", name="Continue where you left off")
    expect(resume).to_have_attribute("href", "basics/reading.html")
    expect(page.locator(".module-card").first.locator(".module-progress")).to_have_text("1 of 2 read")
    expect(page.locator("nav.sidebar a.visited")).to_have_count(0)  # the basics lessons are folded away here


def test_site_opens_in_the_language_last_read(page: Page, site_url):
    page.goto(f"{site_url}/index.html")
    expect(page).to_have_url(re.compile(r"/en/index\.html$"))
    page.goto(f"{site_url}/zh-CN/basics/reading.html")
    page.goto(f"{site_url}/index.html")
    expect(page).to_have_url(re.compile(r"/zh-CN/index\.html$"))


def test_results_by_part_and_what_to_revisit(page: Page, site_url):
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    quiz = page.locator("#quiz-basics-check")
    question(quiz, "single-q").get_by_label("Nanjing").check()
    score(quiz, unanswered=6)
    page.goto(f"{site_url}/en/framework.html")
    chart = page.locator(".part-table")
    expect(chart.locator("tr[data-part-row='one']")).to_contain_text("Part one")
    expect(chart.locator("tr[data-part-row='one'] .part-pct")).to_have_text("0%")
    expect(chart.locator("tr[data-part-row='two'] .part-verdict")).to_have_text("Not tried")
    expect(page.locator(".part-revisit")).to_contain_text("To revisit: Part one")
    expect(page.locator(".part-revisit")).to_contain_text("Reading a lesson")


AXE_PAGES = ["en/index.html", "en/basics/reading.html", QUIZ_PAGE, "zh-CN/more/quiz.html", "en/framework.html"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_pages_have_no_accessibility_violations(page: Page, features_site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{features_site.as_uri()}/{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_flagship_quiz_pages_are_accessible_and_work(page: Page, flagship_site):
    from axe_playwright_python.sync_playwright import Axe

    for path in ("en/foundation/quiz.html", "zh-CN/action/quiz.html", "zh-CN/foundation/delivery-awareness.html"):
        page.goto(f"{flagship_site.as_uri()}/{path}")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    page.goto(f"{flagship_site.as_uri()}/en/foundation/quiz.html")
    open_questions = page.locator("section.quiz fieldset.question:visible:not([data-type=reflection])").count()
    score(page.locator("section.quiz"), unanswered=open_questions)
    expect(page.locator(".quiz-result")).to_contain_text("Not passed yet — the pass mark is 70%.")


def test_certificate_once_every_quiz_is_passed(page: Page, site_url):
    page.goto(f"{site_url}/en/certificate.html")
    expect(page.locator(".certificate-locked")).to_be_visible()
    expect(page.locator(".certificate-ready")).to_be_hidden()
    page.goto(f"{site_url}/{QUIZ_PAGE}")
    quiz = page.locator("#quiz-basics-check")
    answer_all_correctly(quiz)
    score(quiz)
    page.goto(f"{site_url}/en/more/quiz.html")
    more = page.locator("#quiz-more-check")
    for q in more.locator("fieldset.question:visible").all():
        q.get_by_label("True").check()
    score(more)
    expect(more.locator(".quiz-result")).to_contain_text("4 of 4 points (100%). Passed")
    page.goto(f"{site_url}/en/certificate.html")
    expect(page.locator(".certificate-ready")).to_be_visible()
    page.get_by_label("Your name, as it should appear").fill("Li Hua")
    certificate = page.locator(".certificate")
    expect(certificate.locator(".certificate-learner")).to_have_text("Li Hua")
    expect(certificate).to_contain_text("Feature tour")
    expect(certificate).to_contain_text("with an average best score of 100% over 2 quizzes")
    expect(certificate.locator(".certificate-code")).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"))
    page.reload()
    expect(page.get_by_label("Your name, as it should appear")).to_have_value("Li Hua")


def test_chinese_score_line_reads_cleanly(page: Page, site_url):
    page.goto(f"{site_url}/zh-CN/basics/inline.html")
    quiz = page.locator("#quiz-basics-check")
    question(quiz, "single-q").get_by_label("沈阳").check()
    button = quiz.get_by_role("button", name="全部核对并查看得分")
    button.click()
    button.click()
    expect(quiz.locator(".quiz-result")).to_have_text(
        "你的得分：1 / 7 分（14%）。尚未通过，及格线为 60%。请看看解析，再试一次。"
    )


def test_keyboard_check_keeps_focus_and_enter_checks_a_blank(quiz, page):
    fill = question(quiz, "fill-q")
    fill.get_by_label("Your answer").fill("Deng Fei")
    page.keyboard.press("Enter")
    expect(fill.locator(".q-feedback")).to_contain_text("Yes, Deng Fei.")
    expect(fill.locator(".q-feedback")).to_be_focused()
    ordering = question(quiz, "order-q")
    expect(ordering.locator(".q-item").first.locator(".q-up")).to_be_disabled()
    expect(ordering.locator(".q-item").last.locator(".q-down")).to_be_disabled()


def test_phone_sees_the_lesson_before_the_menu(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}/en/basics/reading.html")
    expect(page.locator("details.nav-toggle")).not_to_have_attribute("open", "")
    expect(page.locator("h1")).to_be_in_viewport()
    context.close()
