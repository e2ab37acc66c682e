"""`course export handout`: printable workbooks and an answer key, checked as they print."""

from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course.build import check
from course.cli import main
from course.link import urls

from .conftest import COURSES

FEATURES = COURSES / "features"


def _export(runner, out: Path, root: Path = FEATURES, *args: str) -> str:
    result = runner.invoke(main, ["export", "handout", str(root), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert f"Exported handout to {out}" in result.output
    return result.output


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.fixture
def no_weasyprint(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint raises ImportError


@pytest.fixture(scope="module")
def book():
    return check(FEATURES, render=False).book


def test_a_workbook_per_module_with_room_to_answer_and_no_answers(runner, tmp_path, book, no_weasyprint):
    output = _export(runner, tmp_path / "handout")
    assert "PDF skipped: install the pdf extra (WeasyPrint)" in output
    files = _files(tmp_path / "handout")
    assert not [name for name in files if name.endswith(".pdf")]
    for lang in book.course.languages:
        assert f"{lang}/answer-key.html" in files
        for module in book.course.modules:
            assert f"{lang}/{module.slug}-workbook.html" in files
    workbook = files["en/basics-workbook.html"].decode()
    basics = next(m for m in book.course.modules if m.slug == "basics")
    for lesson in basics.lessons:
        assert f"<h1>{html.escape(lesson.pages['en'].title)}</h1>" in workbook
    questions = book.quizzes["en"]["basics-check"].questions
    for view in questions:
        section = re.search(rf'<section class="h-question" id="q-{view["q"].id}">(.*?)</section>', workbook, re.S)
        assert section, view["q"].id
        body = section.group(1)
        assert _text(str(view["prompt"])).strip() in _text(body)
        kind = view["q"].type
        if kind in ("single", "multiple"):
            assert body.count('class="h-box"') == len(view["options"])
            for option in view["options"]:
                assert option["feedback"] and _text(str(option["feedback"])).strip() not in _text(body)
        elif kind == "true_false":
            assert body.count('class="h-box"') == 2
        elif kind == "ordering":
            assert body.count('class="h-box h-number"') == len(view["items"])
        elif kind == "matching":
            assert body.count('class="h-write"') == len(view["lefts"])
        else:  # fill_blank, numeric, reflection: lines to write on
            assert '<div class="h-lines"' in body
        if view["explanation"]:
            assert _text(str(view["explanation"])).strip() not in _text(body)
    assert "h-ticked" not in workbook.split("</style>")[1] and "<script" not in workbook
    # a lesson's picture comes with the handout, a link to another page of the workbook leads there
    assert 'src="../files/assets/square.png"' in workbook and "files/assets/square.png" in files
    assert 'href="#page-basics-inline"' in workbook and 'id="page-basics-inline"' in workbook
    ids = re.findall(r'\sid="([^"]+)"', workbook)
    assert len(ids) == len(set(ids)), "two lessons' headings keep ids of their own"
    assert 'id="page-basics-reading--a-table"' in workbook


def test_the_answer_key_has_every_answer_feedback_hint_and_explanation(runner, tmp_path, book, no_weasyprint):
    _export(runner, tmp_path / "handout")
    for lang in book.course.languages:
        key = _text((tmp_path / "handout" / lang / "answer-key.html").read_text(encoding="utf-8"))
        for quiz in book.quizzes[lang].values():
            for view in quiz.questions:
                assert view["q"].id in key
                texts = [view["hint"], view["explanation"], view.get("model_answer", ""), *view["feedback"].values()]
                texts += [o["feedback"] for o in view.get("options", ())]
                for text in texts:
                    assert _text(str(text)).strip() in key, (view["q"].id, text)
                if view["q"].type == "fill_blank":
                    assert " / ".join(view["answers"]) in key


def test_two_exports_are_the_same_bytes_and_media_links_are_reported(runner, tmp_path, make_course, no_weasyprint):
    _export(runner, tmp_path / "a")
    _export(runner, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    root = make_course(
        {
            "modules/01-intro/01-start.md": """
                ---
                title: Start
                part: foundation
                objectives: [Begin]
                ---

                Hello. Watch [the film](https://www.youtube.com/watch?v=abc) first.
                """
        }
    )
    output = _export(runner, tmp_path / "c", root)
    assert (
        "modules/01-intro/01-start.md:1:1: warning: handout cannot carry the video or recording"
        " https://www.youtube.com/watch?v=abc; its address is printed instead [export-loss]"
    ) in output
    strict = runner.invoke(main, ["export", "handout", str(root), "-o", str(tmp_path / "d"), "--strict"])
    assert strict.exit_code != 0 and "[export-loss]" in strict.output and not (tmp_path / "d").exists()


def test_it_replaces_its_own_folder_and_no_other(runner, tmp_path, no_weasyprint):
    _export(runner, tmp_path / "handout")
    assert 'href="en/answer-key.html"' in (tmp_path / "handout" / "handout.html").read_text(encoding="utf-8")
    _export(runner, tmp_path / "handout")  # an earlier handout is replaced
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    result = runner.invoke(main, ["export", "handout", str(FEATURES), "-o", str(mine)])
    assert result.exit_code == 2 and "already holds files" in result.output
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def _pages_per_module(book, lang: str, module) -> int:
    return 1 + (0 if module.single else len(module.lessons))


@pytest.mark.slow
def test_with_weasyprint_each_workbook_and_key_is_a_pdf(runner, tmp_path, book):
    pytest.importorskip("weasyprint")  # the pdf extra; the test extra installs it, so CI never skips
    from pypdf import PdfReader

    output = _export(runner, tmp_path / "handout")
    assert re.search(r"\(8 workbooks and answer keys as HTML; 8 PDFs\)", output), output
    folder = tmp_path / "handout"
    for module in book.course.modules:
        reader = PdfReader(folder / "en" / f"{module.slug}-workbook.pdf")
        assert len(reader.pages) >= _pages_per_module(book, "en", module), module.slug
        assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4: 210 mm in points
    key = "\n".join(page.extract_text() for page in PdfReader(folder / "en" / "answer-key.pdf").pages)
    for quiz in book.quizzes["en"].values():
        for view in quiz.questions:
            assert view["q"].id in key
    again = tmp_path / "again"
    _export(runner, again)
    assert (again / "en" / "answer-key.pdf").read_bytes() == (folder / "en" / "answer-key.pdf").read_bytes()


@pytest.mark.browser
def test_printed_from_chromium_a_workbook_has_a_page_per_lesson(runner, tmp_path, book, page: Page, no_weasyprint):
    from pypdf import PdfReader

    _export(runner, tmp_path / "handout")
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    for module in book.course.modules:
        path = tmp_path / "handout" / "en" / f"{module.slug}-workbook.html"
        page.goto(path.as_uri())
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        assert len(reader.pages) >= _pages_per_module(book, "en", module), module.slug
        lessons = [book.pages["en"][urls.lesson_url(module, lesson)].title for lesson in module.lessons]
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert all(title in text for title in lessons)
    assert not problems, problems
    assert all(url.startswith((tmp_path / "handout").as_uri()) or url.startswith("data:") for url in requests)
