"""Progress and notes that move with the learner, in a real Chromium on the built flagship opened
from disk: quiz results, lesson notes and reflection answers are kept as typed, exported to one
file, imported into another browser (validated first: a foreign, old or hostile file changes
nothing), reset; the notes page lists them, to print or to download for a trainer."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_browser import score

pytestmark = pytest.mark.browser

KEY = "course:participation-governance"
QUIZ = "en/foundation/quiz.html"
LESSON = "en/collaboration/intermediaries.html"
NOTE_KEY = "collaboration/intermediaries#reflection"
REFLECTION_KEY = "foundation-check/own-service-statement"
REFUSED = "This file was not imported, and nothing was changed:"
MY_NOTE = "Our street network of volunteers <img src=x onerror=alert(1)>\nsecond line"
MY_ANSWER = "Home visits for older residents living alone."


@pytest.fixture
def site(flagship_site) -> str:
    return flagship_site.as_uri()


def stored(page: Page):
    raw = page.evaluate("k => localStorage.getItem(k)", KEY)
    return json.loads(raw) if raw is not None else None


def namespace(page: Page) -> dict:
    """Every key of the course in this browser, as stored text."""
    return page.evaluate(
        """k => Object.fromEntries(Object.keys(localStorage).filter(n => n === k || n.startsWith(k + ":"))
            .map(n => [n, localStorage.getItem(n)]))""",
        KEY,
    )


def wait_saved(box):
    expect(box.locator(".learner-note-saved")).to_have_text("Saved on this device.")


def take_the_foundation_quiz(page: Page, site: str):
    """One right answer, a reflection answer, the rest left open: a score of its own."""
    page.goto(f"{site}/{QUIZ}")
    quiz = page.locator("section.quiz")
    quiz.locator("fieldset[data-qid='starting-point']").get_by_label("Which public service it should deliver").check()
    quiz.locator("fieldset[data-qid='own-service-statement'] textarea").fill(MY_ANSWER)
    open_questions = quiz.locator("fieldset.question:visible:not([data-type=reflection])").count() - 1
    score(quiz, unanswered=open_questions)
    expect(quiz.locator(".quiz-result")).to_contain_text("Your score:")
    return stored(page)["quizzes"]["foundation-check"]


def write_lesson_note(page: Page, site: str, text: str = MY_NOTE):
    page.goto(f"{site}/{LESSON}")
    box = page.locator(".learner-note[data-note=reflection]")
    box.get_by_label("Your note").fill(text)
    wait_saved(box)


def export(page: Page, site: str, path) -> dict:
    page.goto(f"{site}/en/progress.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my progress").click()
    download = info.value
    assert download.suggested_filename.startswith("participation-governance-progress-")
    assert download.suggested_filename.endswith(".json")
    download.save_as(path)
    expect(page.locator(".learner-progress-message")).to_contain_text(f"Saved as {download.suggested_filename}.")
    return json.loads(path.read_text(encoding="utf-8"))


def import_file(page: Page, site: str, name: str, data: bytes, lang: str = "en"):
    page.goto(f"{site}/{lang}/progress.html")
    label = "Import progress" if lang == "en" else "导入学习进度"
    page.get_by_label(label, exact=True).set_input_files({"name": name, "mimeType": "application/json", "buffer": data})
    return page.locator(".learner-progress-message")


def progress_file(storage: dict, **head) -> bytes:
    file = {"format": "course-progress", "version": 1, "course": "participation-governance",
            "exported": "2026-01-01T00:00:00.000Z", "storage": storage, **head}  # fmt: skip
    return json.dumps(file).encode()


def test_results_and_notes_move_to_another_browser(page: Page, browser: Browser, site, errors, tmp_path):
    record = take_the_foundation_quiz(page, site)
    assert record["best"] > 0
    write_lesson_note(page, site)
    exported = export(page, site, tmp_path / "progress.json")
    assert (exported["format"], exported["version"], exported["course"]) == (
        "course-progress", 1, "participation-governance",
    )  # fmt: skip
    assert exported["exported"].endswith("Z")
    entry = exported["storage"][KEY]
    assert entry["quizzes"]["foundation-check"]["best"] == record["best"]
    assert entry["notes"][NOTE_KEY]["text"] == MY_NOTE
    assert entry["notes"][REFLECTION_KEY]["text"] == MY_ANSWER

    other = browser.new_context()  # another device: nothing stored
    try:
        there = other.new_page()
        there.on("pageerror", lambda e: errors.append(str(e)))
        saved_by_an_editor = "\ufeff".encode() + (tmp_path / "progress.json").read_bytes()  # with a BOM
        message = import_file(there, site, "progress.json", saved_by_an_editor)
        expect(message).to_contain_text("Taken from the file: quiz results 1, notes and answers 2,")
        assert stored(there)["quizzes"]["foundation-check"]["best"] == record["best"]
        there.goto(f"{site}/en/index.html")
        expect(there.locator("[data-quiz-status='foundation-check']")).to_have_text(
            f"Best score so far: {record['best']}%."
        )
        there.goto(f"{site}/{LESSON}")
        expect(there.locator(".learner-note textarea")).to_have_value(MY_NOTE)
        there.goto(f"{site}/{QUIZ}")
        expect(there.locator("fieldset[data-qid='own-service-statement'] textarea")).to_have_value(MY_ANSWER)
    finally:
        other.close()


HOSTILE = [
    ("not JSON", b"\x89PNG\r\n\x1a\n not json", "it is not a progress file (it cannot be read as JSON)."),
    ("JSON of something else", b'{"quizzes": {}}', "it is not a progress file of this course."),
    ("a list", b"[1, 2, 3]", "it is not a progress file of this course."),
    ("another course", progress_file({"course:other": {}}, course="other"), "another course (other)"),
    ("a newer version", progress_file({KEY: {}}, version=2), "format version 2, and this course reads version 1"),
    ("an older version", progress_file({KEY: {}}, version=0), "format version 0"),
    (
        "a score as text",
        progress_file({KEY: {"quizzes": {"foundation-check": {"best": "100"}}}}),
        "quiz foundation-check: best score",
    ),  # fmt: skip
    ("a score out of range", progress_file({KEY: {"quizzes": {"foundation-check": {"best": 1e9}}}}), "best score"),
    ("notes as a list", progress_file({KEY: {"notes": ["x"]}}), "part of it is damaged (notes)"),
    ("a note of the wrong shape", progress_file({KEY: {"notes": {NOTE_KEY: "text"}}}), "note " + NOTE_KEY),
    (
        "a prototype key",
        b'{"format": "course-progress", "version": 1, "course": "participation-governance",'
        b' "storage": {"course:participation-governance": {"__proto__": {"polluted": 1}}}}',
        "a key named __proto__",
    ),  # fmt: skip
    ("a constructor key", progress_file({KEY: {"quizzes": {"constructor": {"best": 1}}}}), "a key named constructor"),
    ("a key of another namespace", progress_file({KEY: {}, "course:other": {}}), "a key of another course"),
    ("no entry", progress_file({}), "no progress of this course in it"),
    ("too large", b" " * (2048 * 1024 + 1), "it is over 2048 KB"),
]


def test_foreign_old_and_hostile_files_are_refused_and_change_nothing(page: Page, site, errors):
    take_the_foundation_quiz(page, site)
    write_lesson_note(page, site)
    page.goto(f"{site}/en/progress.html")  # opening the page itself records the visit
    before = namespace(page)
    for name, data, why in HOSTILE:
        message = import_file(page, site, f"{name}.json", data)
        expect(message, name).to_contain_text(REFUSED)
        expect(message, name).to_contain_text(why)
        assert namespace(page) == before, name
        assert page.evaluate("({}).polluted") is None


def test_a_refusal_is_said_in_the_pages_language(page: Page, site, errors):
    message = import_file(page, site, "other.json", progress_file({"course:other": {}}, course="other"), "zh-CN")
    expect(message).to_have_text("未导入该文件，现有进度没有任何改动：这是另一门课程（other）的进度。")


def test_import_keeps_the_better_score_and_the_newer_note_and_reports_what_is_gone(page: Page, site, errors):
    page.goto(f"{site}/en/index.html")
    local = {"v": 1, "visited": {}, "quizzes": {
        "foundation-check": {"best": 80, "passed": True, "results": {"starting-point": 1}},
        "collaboration-check": {"best": 20, "passed": False, "results": {}},
    }, "notes": {NOTE_KEY: {"text": "newer here", "at": 2_000_000_000_000}}}  # fmt: skip
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(local)])
    incoming = {"v": 1, "visited": {"foundation/index.html": 1, "gone/page.html": 1}, "quizzes": {
        "foundation-check": {"best": 50, "passed": False, "results": {"starting-point": 0, "why-us": 1}},
        "collaboration-check": {"best": 90, "passed": True, "results": {}},
        "gone-check": {"best": 100, "passed": True, "results": {}},
    }, "notes": {
        NOTE_KEY: {"text": "older there", "at": 1_000_000_000_000},
        REFLECTION_KEY: {"text": "<script>alert(1)</script>", "at": 1_000_000_000_000},
        "gone/lesson#old": {"text": "lost", "at": 1},
    }, "name": "Li Hua"}  # fmt: skip
    message = import_file(page, site, "p.json", progress_file({KEY: incoming}))
    expect(message).to_contain_text("Taken from the file: quiz results 2, notes and answers 1, pages read 1;")
    expect(message).to_contain_text("no longer has them: gone-check, gone/lesson#old.")
    merged = stored(page)
    kept = merged["quizzes"]["foundation-check"]  # the store may add parts of its own (attempts, pass date)
    assert (kept["best"], kept["passed"], kept["results"]) == (80, True, {"starting-point": 1, "why-us": 1})
    assert merged["quizzes"]["collaboration-check"]["best"] == 90
    assert merged["quizzes"]["collaboration-check"]["passed"] is True
    assert "gone-check" not in merged["quizzes"]
    assert merged["notes"][NOTE_KEY]["text"] == "newer here"
    assert merged["notes"][REFLECTION_KEY]["text"] == "<script>alert(1)</script>"
    assert "gone/lesson#old" not in merged["notes"]
    assert merged["visited"].get("foundation/index.html") == 1 and "gone/page.html" not in merged["visited"]
    assert merged["name"] == "Li Hua"
    page.goto(f"{site}/en/notes.html")  # hostile text is shown as text, never run or parsed
    answer = page.locator(f".learner-notes-entry[data-note-key='{REFLECTION_KEY}'] .learner-notes-answer")
    expect(answer).to_have_text("<script>alert(1)</script>")
    assert page.locator(".learner-notes script").count() == 0


def test_reset_asks_first_and_then_clears_this_course_only(page: Page, site, tmp_path):
    take_the_foundation_quiz(page, site)
    page.evaluate("localStorage.setItem('course:another-course', '{}')")
    page.goto(f"{site}/en/progress.html")
    answers = []

    def answer(dialog):
        answers.append(dialog.message)
        dialog.accept() if len(answers) > 1 else dialog.dismiss()

    page.on("dialog", answer)
    reset = page.get_by_role("button", name="Reset my progress")
    reset.click()
    assert "cannot be undone" in answers[0]
    assert stored(page)["quizzes"]["foundation-check"]  # dismissed: nothing changed
    reset.click()
    expect(page.locator(".learner-progress-message")).to_have_text(
        "Your progress in this course has been deleted from this browser."
    )
    assert namespace(page) == {}
    assert page.evaluate("localStorage.getItem('course:another-course')") == "{}"
    page.goto(f"{site}/en/index.html")
    expect(page.locator("[data-quiz-status='foundation-check']")).to_have_text("Self-check quiz")


def test_a_reflection_answer_is_kept_across_reload_and_try_again(page: Page, site, errors):
    page.goto(f"{site}/{QUIZ}")
    field = page.locator("fieldset[data-qid='own-service-statement'] textarea")
    field.fill("First thoughts")
    field.press("Tab")  # leaving the field saves at once
    page.reload()
    expect(field).to_have_value("First thoughts")
    quiz = page.locator("section.quiz")
    score(quiz, unanswered=quiz.locator("fieldset.question:visible:not([data-type=reflection])").count())
    quiz.get_by_role("button", name="Try again").click()
    expect(field).to_have_value("First thoughts")
    expect(field).to_be_enabled()
    assert stored(page)["notes"][REFLECTION_KEY]["text"] == "First thoughts"


def test_a_lesson_note_is_kept_across_reload_in_each_language(page: Page, site, errors):
    write_lesson_note(page, site, "English note")
    page.reload()
    expect(page.locator(".learner-note textarea")).to_have_value("English note")
    page.goto(f"{site}/zh-CN/collaboration/intermediaries.html")
    box = page.locator(".learner-note[data-note=reflection]")
    expect(box.get_by_label("我的笔记")).to_have_value("English note")  # one note per lesson, whichever language
    box.get_by_label("我的笔记").fill("中文笔记")
    expect(box.locator(".learner-note-saved")).to_have_text("已保存在本设备上。")
    page.reload()
    expect(box.get_by_label("我的笔记")).to_have_value("中文笔记")


def test_the_notes_page_lists_prints_and_downloads_them(page: Page, site, errors, tmp_path):
    page.goto(f"{site}/en/notes.html")
    expect(page.locator(".learner-notes-empty")).to_be_visible()
    take_the_foundation_quiz(page, site)
    write_lesson_note(page, site)
    page.goto(f"{site}/en/index.html")
    page.get_by_role("link", name="My notes").first.click()
    entries = page.locator(".learner-notes-entry:visible")
    expect(entries).to_have_count(2)
    expect(page.locator(".learner-notes-empty")).to_be_hidden()
    lesson = page.locator(f".learner-notes-entry[data-note-key='{NOTE_KEY}']")
    expect(lesson.locator(".learner-notes-prompt")).to_contain_text("Which networks of residents")
    expect(lesson.locator(".learner-notes-answer")).to_have_text(MY_NOTE)
    assert page.locator(".learner-notes img").count() == 0
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator(".sidebar")).to_be_hidden()
    expect(lesson).to_be_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my notes (.txt)").click()
    download = info.value
    assert download.suggested_filename.startswith("participation-governance-notes-")
    download.save_as(tmp_path / "notes.txt")
    text = (tmp_path / "notes.txt").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffParticipating in Social Governance Innovation\r\nMy notes\r\nNotes exported on ")
    assert "== Intermediaries" in text or "== " in text
    assert "Which networks of residents" in text
    assert "    Our street network of volunteers <img src=x onerror=alert(1)>\r\n    second line" in text
    assert "[Reflection question]" in text and MY_ANSWER in text


def test_progress_and_notes_pages_are_reached_from_home_in_both_languages(page: Page, site, errors):
    for lang, progress, notes in (("en", "Your progress", "My notes"), ("zh-CN", "我的学习进度", "我的笔记")):
        page.goto(f"{site}/{lang}/index.html")
        page.locator("main").get_by_role("link", name=progress).click()
        expect(page.locator("h1")).to_have_text(progress)
        page.goto(f"{site}/{lang}/index.html")
        page.locator("main").get_by_role("link", name=notes).click()
        expect(page.locator("h1")).to_have_text(notes)


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_progress_notes_and_a_lesson_with_a_note_have_no_accessibility_violations(page: Page, site, lang, errors):
    from axe_playwright_python.sync_playwright import Axe

    take_the_foundation_quiz(page, site)
    write_lesson_note(page, site)
    message = import_file(page, site, "x.json", b"not json", lang)  # with its message shown
    expect(message).not_to_be_empty()
    for path in (f"{lang}/progress.html", f"{lang}/notes.html", f"{lang}/collaboration/intermediaries.html"):
        if not path.endswith("progress.html"):
            page.goto(f"{site}/{path}")
        results = Axe().run(page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"


def test_notes_outlive_an_update_of_the_course(page: Page, make_course, tmp_path, errors):
    """The trainer rewrites the lesson and the question around the same ids: the learner's words stay."""
    from course.build import build

    lesson = "---\ntitle: Start\npart: foundation\nobjectives: [Begin]\n---\n{text}\n\n[[note: first-step]]\n"
    reflection = "  - id: r1\n    type: reflection\n    prompt: {text}\n    model_answer: Any.\n"
    quiz = "id: intro-check\nquestions:\n" + reflection
    out = tmp_path / "site"

    def publish(version: str):
        build(make_course({
            "modules/01-intro/01-start.md": lesson.format(text=f"What is your first step ({version})?"),
            "quizzes/01-intro.yaml": quiz.format(text=f"What did you learn ({version})?"),
        }), out)  # fmt: skip

    publish("one")
    page.goto((out / "en/intro/start.html").as_uri())
    box = page.locator(".learner-note")
    box.get_by_label("Your note").fill("Ask the neighbours")
    wait_saved(box)
    page.goto((out / "en/intro/quiz.html").as_uri())
    page.locator("fieldset[data-qid=r1] textarea").fill("That ids matter")
    page.locator("fieldset[data-qid=r1] textarea").press("Tab")
    publish("two")
    page.goto((out / "en/intro/start.html").as_uri())
    expect(page.locator("#learner-note-first-step-prompt")).to_have_text("What is your first step (two)?")
    expect(page.get_by_label("Your note")).to_have_accessible_description("What is your first step (two)?")
    expect(page.locator(".learner-note textarea")).to_have_value("Ask the neighbours")
    page.goto((out / "en/intro/quiz.html").as_uri())
    expect(page.locator("fieldset[data-qid=r1]")).to_contain_text("What did you learn (two)?")
    expect(page.locator("fieldset[data-qid=r1] textarea")).to_have_value("That ids matter")


def test_only_the_progress_and_notes_pages_load_their_script(flagship_site):
    for path, wanted in (("en/progress.html", True), ("zh-CN/notes.html", True), ("en/index.html", False),
                         ("en/collaboration/intermediaries.html", False), ("en/foundation/quiz.html", False)):  # fmt: skip
        html = (flagship_site / path).read_text(encoding="utf-8")
        assert ('src="../assets/learner.js"' in html) is wanted, path


def test_the_single_html_file_exports_progress_and_lists_notes(runner, tmp_path, page: Page, errors):
    from course.cli import main

    from .conftest import COURSES

    out = tmp_path / "course.html"
    result = runner.invoke(main, ["export", "single-html", str(COURSES / "features"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page.goto(out.as_uri() + "#en/basics/inline.html")
    field = page.locator("fieldset[data-qid='reflect-q'] textarea")
    field.fill("Home visits")
    field.press("Tab")
    page.goto(out.as_uri() + "#en/notes.html")
    expect(page.locator(".learner-notes-entry:visible .learner-notes-answer")).to_have_text("Home visits")
    page.goto(out.as_uri() + "#en/progress.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my progress").click()
    info.value.save_as(tmp_path / "p.json")
    exported = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert exported["storage"]["course:features-demo"]["notes"]["basics-check/reflect-q"]["text"] == "Home visits"
