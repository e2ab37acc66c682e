"""Several quizzes in one module (tests/courses/quizbank): named by file name or `module:`, ordered by
file name, each on a page of its own or placed inline with [[quiz: id]], and every output holding
every one of them; the clashes a second quiz can bring are reported at both places."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course.build import check
from course.certificate import completion_code, part_weights, verify
from course.cli import main
from course.render.book_json import BOOK_SCHEMA, FORMAT_VERSION
from course.render.search import search_documents
from course.report.tally import course_questions

from .conftest import COURSES
from .gift_pegjs import parse_gift
from .test_export_qti import QTI
from .test_export_scorm import _package_data, _valid_manifest
from .test_export_scorm import schemas as schemas  # noqa: F401 (the fixture, loaded once a session)
from .test_results import pass_quiz

QUIZBANK = COURSES / "quizbank"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
# the course's quizzes in course order: the three of teamwork by file name, then wrap-up's one
ORDER = ["teamwork-check", "meetings-check", "roles-check", "wrapup-check"]
PAGES = {  # where each is shown: teamwork's own pages are named by quiz id, wrap-up's only one is quiz.html
    "teamwork-check": "teamwork/quiz-teamwork-check.html",
    "meetings-check": "teamwork/quiz-meetings-check.html",
    "roles-check": "teamwork/roles.html",
    "wrapup-check": "wrapup/quiz.html",
}


@pytest.fixture(scope="module")
def checked():
    result = check(QUIZBANK)
    assert not [d for d in result.diagnostics if d.severity == "error"], [d.format() for d in result.diagnostics]
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from course.build import build

    out = tmp_path_factory.mktemp("quizbank") / "build"
    build(QUIZBANK, out)
    return out


def _export(runner, fmt: str, out: Path, *args: str, root: Path = QUIZBANK):
    result = runner.invoke(main, ["export", fmt, str(root), "-o", str(out), *args], env=EPOCH)
    assert result.exit_code == 0, result.output
    return out


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def _errors(make_course, changes: dict) -> list[str]:
    root = make_course(changes, base=_files(QUIZBANK))
    return [d.format() for d in check(root).diagnostics if d.severity == "error"]


# ---- the model and the site's pages ------------------------------------------------------


def test_a_modules_quizzes_are_its_files_in_file_name_order_and_a_translation_pairs_with_its_own(checked):
    teamwork, wrapup = checked.course.modules
    assert [q.id for q in teamwork.quizzes_in("en")] == ORDER[:3]  # 01-teamwork, 01-teamwork-meetings, roles
    assert [q.source for q in teamwork.quizzes_in("en")] == [
        "quizzes/01-teamwork.yaml", "quizzes/01-teamwork-meetings.yaml", "quizzes/roles.yaml",
    ]  # fmt: skip
    assert [q.title for q in teamwork.quizzes_in("zh-CN")] == ["团队自测", "Meetings check", "Roles check"]
    assert teamwork.quizzes_in("zh-CN")[0].source == "quizzes/01-teamwork.zh-CN.yaml"
    assert [q.id for q in wrapup.quizzes_in("en")] == ["wrapup-check"]
    assert [q.id for q in checked.course.quizzes()] == ORDER
    assert {quiz_id: quiz.url for quiz_id, quiz in checked.book.quizzes["en"].items()} == PAGES
    assert checked.book.quizzes["en"]["roles-check"].placed_on == "teamwork/roles.html"


def test_each_quiz_not_placed_inline_has_its_page_in_the_list_the_sidebar_and_the_pager(built):
    en = built / "en"
    assert sorted(p.name for p in (en / "teamwork").glob("quiz*.html")) == [
        "quiz-meetings-check.html", "quiz-teamwork-check.html",
    ]  # fmt: skip
    assert (en / "wrapup" / "quiz.html").is_file()
    overview = (en / "teamwork" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li class="lesson-quiz"><a href="([^"]+)">([^<]+)</a>', overview)
    assert listed == [("quiz-teamwork-check.html", "Teamwork check"), ("quiz-meetings-check.html", "Meetings check")]
    sidebar = re.findall(r'<li class="nav-(\w+)"><a href="([^"]+)"', overview)
    assert sidebar == [  # the current module's pages, in reading order
        ("lesson", "roles.html"), ("lesson", "meetings.html"),
        ("quiz", "quiz-teamwork-check.html"), ("quiz", "quiz-meetings-check.html"),
    ]  # fmt: skip
    page = (en / "teamwork" / "quiz-teamwork-check.html").read_text(encoding="utf-8")
    assert 'id="quiz-teamwork-check"' in page and 'id="quiz-meetings-check"' not in page
    assert re.search(r'rel="prev" href="meetings.html"', page) and re.search(
        r'rel="next" href="quiz-meetings-check', page
    )
    following = (en / "teamwork" / "quiz-meetings-check.html").read_text(encoding="utf-8")
    assert 'rel="next" href="../wrapup/index.html"' in following
    roles = (en / "teamwork" / "roles.html").read_text(encoding="utf-8")
    assert 'id="quiz-roles-check"' in roles  # inline: in the lesson, and no page of its own
    home = (en / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-quiz-status="([^"]+)"', home) == ORDER
    framework = (en / "framework.html").read_text(encoding="utf-8")
    assert re.findall(r'data-quiz-row="([^"]+)"', framework) == ORDER
    rows = dict(re.findall(r'data-quiz-row="([^"]+)".*?<a href="([^"]+)"', framework, re.S))
    assert rows == {quiz_id: url for quiz_id, url in PAGES.items()}  # framework.html sits beside the folders
    certificate = (en / "certificate.html").read_text(encoding="utf-8")
    assert 'data-certificate="teamwork-check meetings-check roles-check wrapup-check"' in certificate
    zh = (built / "zh-CN" / "teamwork" / "quiz-teamwork-check.html").read_text(encoding="utf-8")
    assert "团队自测" in zh


def test_the_search_index_finds_each_quiz_where_it_is_shown(checked):
    docs = search_documents(checked.book, "en")
    by_url = {}
    for doc in docs:
        by_url.setdefault(doc.url, []).append(doc)
    assert [d.title for d in by_url["teamwork/quiz-meetings-check.html"]] == ["Meetings check"] * 2
    inline = [d for d in by_url["teamwork/roles.html"] if d.heading.startswith("Roles check")]
    assert [d.heading for d in inline] == ["Roles check · Question 1"] and "note-taker" in inline[0].text
    assert any("three" in d.text.lower() for d in by_url["teamwork/quiz-teamwork-check.html"])


def test_every_quiz_counts_for_its_part_the_certificate_and_the_class_report(checked):
    course = checked.course
    assert part_weights(course) == {
        "team": {"teamwork-check": 2, "meetings-check": 2, "roles-check": 1}, "close": {"wrapup-check": 1},
    }  # fmt: skip
    code = completion_code(course.id, "Li Wei", "", [100, 80, 100, 90])  # a score for each of the four quizzes
    verdict = verify(course, code, "Li Wei")
    assert verdict.valid and [title for title, _, _ in verdict.quizzes] == [
        "Teamwork check", "Meetings check", "Roles check", "Wrap-up check",
    ]  # fmt: skip
    assert verdict.parts == [("Working as a team", 92), ("Closing", 90)]  # (2 x 100 + 2 x 80 + 1 x 100) / 5
    short = verify(course, completion_code(course.id, "Li Wei", "", [100, 100, 100, 50]), "Li Wei")
    assert not short.valid and short.reason.endswith("not every quiz was passed: Wrap-up check")
    questions = course_questions(course)
    assert [(q.quiz, q.id) for q in questions] == [
        ("teamwork-check", "lead"), ("teamwork-check", "size"), ("meetings-check", "time"),
        ("meetings-check", "steps"), ("roles-check", "notes"), ("wrapup-check", "next"),
    ]  # fmt: skip
    assert [q.part for q in questions] == ["team"] * 5 + ["close"]  # the module's part, as a string


# ---- the diagnostics -----------------------------------------------------------------------


def test_two_quizzes_with_one_id_name_both_files_with_line_and_column(make_course):
    clash = (
        "# a copy\nid: meetings-check\ntitle: Again\nquestions:\n"
        + _files(QUIZBANK)["quizzes/02-wrapup.yaml"].split("questions:\n", 1)[1]
    )
    errors = _errors(make_course, {"quizzes/02-wrapup-more.yaml": clash})
    assert errors == [
        "quizzes/02-wrapup-more.yaml:2:5: error: duplicate quiz id 'meetings-check':"
        " quizzes/01-teamwork-meetings.yaml:1:5 has it too; give each quiz its own id"
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            "  [[quiz: nope]]",
            "10:3: error: no quiz with id 'nope'; the course's quizzes are:"
            " meetings-check, roles-check, teamwork-check, wrapup-check",
        ),
        (
            "[[quiz: roles-check]]",
            "10:1: error: quiz 'roles-check' is placed twice: modules/01-teamwork/01-roles.md:10:1"
            " places it already; place a quiz once (remove one of the two lines)",
        ),
    ],
    ids=["unknown id", "placed twice"],
)
def test_an_inline_quiz_unknown_or_placed_twice_is_an_error_at_its_line_naming_what_there_is(make_course, line, error):
    lesson = _files(QUIZBANK)["modules/01-teamwork/02-meetings.md"] + f"\n{line}\n"
    errors = _errors(make_course, {"modules/01-teamwork/02-meetings.md": lesson})
    assert errors == [f"modules/01-teamwork/02-meetings.md:{error}"]


def test_a_lesson_may_not_take_a_quiz_pages_address(make_course):
    files = _files(QUIZBANK)
    errors = _errors(
        make_course,
        {
            "modules/01-teamwork/03-quiz-meetings-check.md": files["modules/01-teamwork/02-meetings.md"].replace(
                "Short meetings", "More"
            )
        },
    )
    assert errors == [
        "modules/01-teamwork/03-quiz-meetings-check.md:1:1: error: lesson 'quiz-meetings-check' has the address of"
        " the page of quiz 'meetings-check' (quizzes/01-teamwork-meetings.yaml); rename the lesson's file"
    ]


def test_a_file_named_after_no_module_says_how_to_name_a_further_quiz(make_course):
    errors = _errors(
        make_course,
        {"quizzes/03-nothing-more.yaml": _files(QUIZBANK)["quizzes/02-wrapup.yaml"].replace("wrapup-check", "x")},
    )
    assert len(errors) == 1 and errors[0].startswith(
        "quizzes/03-nothing-more.yaml:1:1: error: quiz belongs to no module"
    )
    assert "MODULE-anything.yaml for more quizzes" in errors[0]


# ---- every export holds every quiz ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("sco", ["course", "module"])
def test_the_scorm_package_reports_every_quiz_of_a_module(runner, tmp_path, schemas, fmt, sco):  # noqa: F811
    out = _export(runner, fmt, tmp_path / "p.zip", "--sco", sco)
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    tree = _valid_manifest(archive, schemas[fmt])
    data = _package_data(archive)
    assert [(quiz_id, module) for quiz_id, module, _ in data["quizzes"]] == [
        ("teamwork-check", "teamwork"), ("meetings-check", "teamwork"), ("roles-check", "teamwork"),
        ("wrapup-check", "wrapup"),
    ]  # fmt: skip
    assert [qids for _, _, qids in data["quizzes"]] == [["lead", "size"], ["time", "steps"], ["notes"], ["next"]]
    for url in ("teamwork/quiz-teamwork-check.html", "teamwork/quiz-meetings-check.html", "wrapup/quiz.html"):
        assert f"en/{url}" in archive.namelist() and url in data["pages"]
    items = [el for el in tree.iter() if el.tag.endswith("}item")]
    mastery = {el.get("identifier"): [m.text for m in el.iter() if m.tag.endswith("masteryscore")] for el in items}
    if sco == "module" and fmt == "scorm12":
        # one quiz: its pass mark; several: the SCO itself says passed once every one passes
        assert mastery == {"ITEM-teamwork": [], "ITEM-wrapup": ["60"]}
    else:
        assert all(not found for found in mastery.values())


def test_qti_has_a_test_of_every_quiz_with_its_items(runner, tmp_path):
    archive = zipfile.ZipFile(_export(runner, "qti", tmp_path / "q.zip"))
    names = set(archive.namelist())
    assert {f"tests/en/{quiz_id}.xml" for quiz_id in ORDER} <= names
    assert "tests/zh-CN/teamwork-check.xml" in names and "tests/zh-CN/meetings-check.xml" not in names
    for quiz_id, questions in zip(ORDER, [["lead", "size"], ["time", "steps"], ["notes"], ["next"]], strict=True):
        test = ET.fromstring(archive.read(f"tests/en/{quiz_id}.xml"))
        refs = [ref.get("href") for ref in test.iter(f"{QTI}assessmentItemRef")]
        assert [posixpath_name(r) for r in refs] == questions, refs
    zh = ET.fromstring(archive.read("tests/zh-CN/teamwork-check.xml"))
    assert zh.get("title") == "团队自测"
    archive12 = zipfile.ZipFile(_export(runner, "qti", tmp_path / "q12.zip", "--qti-version", "1.2"))
    titles = set()
    for name in archive12.namelist():
        if name.endswith(".xml") and name != "imsmanifest.xml":
            titles |= {
                el.get("title") for el in ET.fromstring(archive12.read(name)).iter() if el.tag.endswith("assessment")
            }
    assert {"Teamwork check", "Meetings check", "Roles check", "Wrap-up check"} <= titles


def posixpath_name(href: str) -> str:
    return href.rsplit("/", 1)[-1].removesuffix(".xml")


def test_moodle_and_gift_give_each_quiz_of_a_module_its_own_category(runner, tmp_path):
    categories = [
        "$course$/Question bank/Teamwork/Teamwork check", "$course$/Question bank/Teamwork/Meetings check",
        "$course$/Question bank/Teamwork/Roles check", "$course$/Question bank/Wrap-up",
    ]  # fmt: skip
    root = ET.parse(_export(runner, "moodle", tmp_path / "bank.xml")).getroot()
    order = [q.findtext("category/text") if q.get("type") == "category" else q.findtext("name/text") for q in root]
    assert order == [categories[0], "lead", "size", categories[1], "time", "steps", categories[2], "notes",
                     categories[3], "next"]  # fmt: skip
    tree = parse_gift(_export(runner, "gift", tmp_path / "bank.gift"))
    assert [q["title"] for q in tree if q["type"] == "Category"] == categories
    assert [q["title"] for q in tree if q["type"] != "Category"] == ["lead", "size", "time", "steps", "notes", "next"]


def test_the_book_json_lists_a_modules_quizzes_and_its_schema_says_so(runner, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(_export(runner, "json", tmp_path / "book.json").read_text(encoding="utf-8"))
    assert document["format_version"] == FORMAT_VERSION == 2
    jsonschema.validate(document, BOOK_SCHEMA)
    teamwork, wrapup = document["modules"]
    assert "quiz" not in teamwork
    assert [q["en"]["id"] for q in teamwork["quizzes"]] == ORDER[:3]
    assert [q["en"]["url"] for q in teamwork["quizzes"]] == [PAGES[i] for i in ORDER[:3]]
    assert [q["en"]["placed_on"] for q in teamwork["quizzes"]] == [None, None, "teamwork/roles.html"]
    assert teamwork["quizzes"][0]["zh-CN"]["title"] == "团队自测"
    assert [q["en"]["id"] for q in wrapup["quizzes"]] == ["wrapup-check"]


@pytest.mark.slow
def test_the_handout_and_the_single_file_hold_every_quiz(runner, tmp_path):
    out = _export(runner, "handout", tmp_path / "handout")
    workbooks = sorted(p for p in out.rglob("*.html") if p.parent.name == "en")
    text = "".join(p.read_text(encoding="utf-8") for p in workbooks)
    for title in ("Teamwork check", "Meetings check", "Roles check", "Wrap-up check"):
        assert title in text, title
    single = _export(runner, "single-html", tmp_path / "course.html").read_text(encoding="utf-8")
    for quiz_id in ORDER:
        assert f'data-quiz=\\"{quiz_id}\\"' in single or f'data-quiz="{quiz_id}"' in single, quiz_id


# ---- in a real browser ---------------------------------------------------------------------


@pytest.mark.browser
def test_the_inline_quiz_checks_and_scores_and_the_results_page_counts_every_quiz(page: Page, built, serve, errors):
    site = serve(built)
    for quiz_id in ("roles-check", "meetings-check"):
        pass_quiz(page, site, quiz_id, url=PAGES[quiz_id])
    page.goto(f"{site}/en/teamwork/roles.html")
    expect(page.locator("#quiz-roles-check .quiz-best")).to_have_text("Best score so far: 100%.")
    expect(page.locator("article #quiz-roles-check")).to_have_count(1)  # inside the lesson's text

    page.goto(f"{site}/en/framework.html")
    for quiz_id, best, verdict in (("roles-check", "100%", "Passed"), ("meetings-check", "100%", "Passed"),
                                   ("teamwork-check", "–", "Not tried"), ("wrapup-check", "–", "Not tried")):  # fmt: skip
        row = page.locator(f"tr[data-quiz-row='{quiz_id}']")
        expect(row.locator(".quiz-best-cell")).to_have_text(best)
        expect(row.locator(".quiz-verdict")).to_have_text(verdict)
    # the part's score weighs all three of its quizzes: (2 x 0 + 2 x 100 + 1 x 100) / 5 points
    expect(page.locator("tr[data-part-row='team'] .part-pct")).to_have_text("60%")
    page.goto(f"{site}/en/index.html")
    expect(page.locator("[data-quiz-status='meetings-check']")).to_have_text("Best score so far: 100%.")
    expect(page.locator("[data-quiz-status='teamwork-check']")).to_have_text("")
