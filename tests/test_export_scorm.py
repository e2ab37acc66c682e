"""`course export scorm12` and `scorm2004`: packages an LMS accepts (the ADL schemas) and reports
to (scorm-again, a real SCORM runtime, hosting the package in a frame as an LMS does)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page, expect

from course.cli import main
from course.render.scorm import worst_case

from .conftest import COURSES, ROOT, UNDER_CI, shared_path
from .node import run_js
from .test_browser import answer_all_correctly, question, score

FEATURES = COURSES / "features"
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004"}
SCORM_AGAIN = "scorm-again@3.4.3"
NPM_FOLDER = ROOT / "tests" / ".artifacts" / "npm-scorm"  # git-ignored; filled by the first run


def _export(runner, fmt: str, out: Path, *args: str, course: Path = FEATURES) -> tuple[zipfile.ZipFile, str]:
    result = runner.invoke(
        main, ["export", fmt, str(course), "-o", str(out), *args], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(io.BytesIO(out.read_bytes())), result.output


@pytest.fixture(scope="session")
def schemas():
    xmlschema = pytest.importorskip("xmlschema") if not UNDER_CI else __import__("xmlschema")
    x = shared_path("xsd").resolve()
    w3c_xml = (x / "scorm2004-4th/xml.xsd").as_uri()
    scorm12 = xmlschema.XMLSchema10(
        str(x / "scorm12/imscp_rootv1p1p2.xsd"),
        uri_mapper=lambda url: w3c_xml if url.endswith("/ims_xml.xsd") else url,
        locations=[("http://www.adlnet.org/xsd/adlcp_rootv1p2", str(x / "scorm12/adlcp_rootv1p2.xsd"))],
    )
    d = x / "scorm2004-4th"
    scorm2004 = xmlschema.XMLSchema10(
        str(d / "imscp_v1p1.xsd"),
        locations=[
            ("http://www.adlnet.org/xsd/adlcp_v1p3", str(d / "adlcp_v1p3.xsd")),
            ("http://www.adlnet.org/xsd/adlseq_v1p3", str(d / "adlseq_v1p3.xsd")),
            ("http://www.adlnet.org/xsd/adlnav_v1p3", str(d / "adlnav_v1p3.xsd")),
            ("http://www.imsglobal.org/xsd/imsss", str(d / "imsss_v1p0.xsd")),
            ("http://ltsc.ieee.org/xsd/LOM", str(d / "lom.xsd")),
        ],
    )
    return {"scorm12": scorm12, "scorm2004": scorm2004}


def valid_xml(text: bytes, schema, id_attribute: str) -> tuple[ElementTree.Element, list[str]]:
    """A package's XML, checked: valid against its schema, and its ids (id_attribute) unique."""
    assert list(schema.iter_errors(io.BytesIO(text))) == []
    tree = ElementTree.fromstring(text)
    ids = [el.get(id_attribute) for el in tree.iter() if el.get(id_attribute)]
    assert len(ids) == len(set(ids))
    return tree, ids


def _valid_manifest(archive: zipfile.ZipFile, schema) -> ElementTree.Element:
    """The manifest, checked: valid, ids unique, every file of the package named and present."""
    tree, ids = valid_xml(archive.read("imsmanifest.xml"), schema, "identifier")
    names = set(archive.namelist())
    hrefs = {unquote(el.get("href")) for el in tree.iter() if el.get("href")}
    assert hrefs == names - {"imsmanifest.xml"}  # every file named, and every name a file
    refs = {el.get("identifierref") for el in tree.iter() if el.get("identifierref")}
    assert refs <= set(ids)
    return tree


@pytest.mark.slow
@pytest.mark.parametrize("sco", ["course", "module"])
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_the_manifest_is_valid_and_names_every_file_of_the_package(runner, tmp_path, schemas, fmt, sco):
    archive, _ = _export(runner, fmt, tmp_path / "p.zip", "--sco", sco)
    tree = _valid_manifest(archive, schemas[fmt])
    scos = [el for el in tree.iter() if el.tag.endswith("resource") and "sco" in el.attrib.values()]
    if sco == "course":
        assert [el.get("href") for el in scos] == ["launch.html"]
    else:
        assert [el.get("href") for el in scos] == ["launch-basics.html", "launch-more.html", "launch-glossary.html"]
        assert 'src="en/basics/index.html"' in archive.read("launch-basics.html").decode()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_the_flagship_packages_are_valid(runner, tmp_path, schemas, fmt):
    for sco in ("course", "module"):
        archive, _ = _export(runner, fmt, tmp_path / f"{sco}.zip", "--sco", sco, course=ROOT)
        _valid_manifest(archive, schemas[fmt])


def holds_the_site(a: zipfile.ZipFile, site: Path, tracker: bytes) -> None:
    """A package zip (an LMS's: SCORM, cmi5) as reproducible as the zip export, holding the built site's
    files as they are but for the pages' script, which carries the package's tracker."""
    assert a.namelist() == sorted(a.namelist())
    for info in a.infolist():
        assert info.external_attr >> 16 == 0o100644
        built = site / info.filename
        if info.filename == "assets/course.js":  # the site's script, with the package's tracker in it
            assert tracker in a.read(info) and tracker not in built.read_bytes()
            assert b"serviceWorker" not in a.read(info)  # nor the site's offline.js: no worker inside an LMS
        elif info.filename in ("en/index.html", "zh-CN/index.html"):  # the site's offer the course's zip
            assert b"download/" in built.read_bytes() and b"download/" not in a.read(info)
        elif built.exists():
            assert a.read(info) == built.read_bytes()
    assert not {"sw.js", "download/features-demo.zip"} & set(a.namelist())


@pytest.mark.slow
def test_the_package_is_the_same_bytes_every_time_and_holds_the_site(runner, tmp_path, features_site):
    a, _ = _export(runner, "scorm2004", tmp_path / "a.zip")
    _export(runner, "scorm2004", tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    holds_the_site(a, features_site, b"tracker-scorm.js")


@pytest.mark.slow
def test_losses_are_said_at_their_line(runner, tmp_path):
    _, output = _export(runner, "scorm12", tmp_path / "p.zip")
    assert "quizzes/01-basics.yaml:87:13: warning: question 'reflect-q': SCORM 1.2 cannot carry" in output
    _, output = _export(runner, "scorm2004", tmp_path / "q.zip")
    assert "export-loss" not in output  # 2004 has long-fill-in, and room for this course's progress
    result = runner.invoke(main, ["export", "scorm12", str(FEATURES), "-o", str(tmp_path / "s.zip"), "--strict"])
    assert result.exit_code != 0 and not (tmp_path / "s.zip").exists()


def test_sco_is_an_option_of_scorm_only(runner, tmp_path):
    result = runner.invoke(main, ["export", "zip", str(FEATURES), "-o", str(tmp_path / "z.zip"), "--sco", "module"])
    assert result.exit_code == 2 and "--sco is an option of scorm12 and scorm2004" in result.output


# ---- suspend data: within SCORM 1.2's 4,096 characters for 300 questions with reflections ----


def _big_course(make_course, quizzes: int, per_quiz: int) -> Path:
    files = {"course.yaml": "id: big\ntitle: Big\nlanguages: [en]\npass_mark: 60\n"}
    for m in range(quizzes):
        files[f"modules/{m:02d}-m{m}.md"] = f"# Module {m}\n\nText.\n"
        questions = []
        for q in range(per_quiz):
            if q % 3 == 2:
                questions.append(
                    f"  - id: module-{m}-reflection-{q}\n    type: reflection\n    prompt: Think {q}.\n    model_answer: A thought.\n"
                )
            else:
                questions.append(
                    f"  - id: module-{m}-question-number-{q}\n    type: true_false\n    prompt: Is {q} even?\n"
                    f"    answer: {str(q % 2 == 0).lower()}\n"
                )
        files[f"quizzes/{m:02d}-m{m}.yaml"] = f"id: quiz-{m}\ntitle: Quiz {m}\nquestions:\n" + "".join(questions)
    return make_course(files, base={})


def _package_data(archive: zipfile.ZipFile) -> dict:
    script = archive.read("assets/course.js").decode()
    start = script.index("window.courseScormData = ") + len("window.courseScormData = ")
    return json.loads(script[start : script.index(";\n", start)])


@pytest.mark.slow
def test_suspend_data_of_300_questions_with_reflections_fits_scorm_12(runner, make_course, tmp_path):
    course = _big_course(make_course, quizzes=10, per_quiz=30)
    archive, output = _export(runner, "scorm12", tmp_path / "big.zip", course=course)
    assert "suspend data" not in output
    data = _package_data(archive)
    assert sum(len(q[2]) for q in data["quizzes"]) == 300
    # the learner's worst case: every page visited, every quiz taken, every question scored
    full = {
        "lang": "en",
        "last": data["pages"][-1],
        "visited": dict.fromkeys(data["pages"], 1),
        "quizzes": {
            q[0]: {"best": 100, "last": 35, "passed": True, "results": {qid: i % 7 / 6 for i, qid in enumerate(q[2])}}
            for q in data["quizzes"]
        },
    }
    got = run_js(
        ["tracker-scorm.js"],
        "var s = window.courseScormCode; var e = s.encode(input.store, input.data);"
        " return {text: e.text, dropped: e.dropped, back: s.decode(e.text, input.data)};",
        {"store": full, "data": data},
    )
    assert len(got["text"]) <= 4096 and got["dropped"] == 0
    assert len(got["text"]) == worst_case(data)[-1]  # the export's bound is the tracker's own length
    assert got["back"]["visited"] == full["visited"] and got["back"]["last"] == full["last"]
    for qid, rec in full["quizzes"].items():
        back = got["back"]["quizzes"][qid]
        assert (back["best"], back["last"], back["passed"]) == (100, 35, True)
        assert back["results"] == pytest.approx(rec["results"])


@pytest.mark.slow
def test_progress_past_the_bound_is_said_at_export_and_kept_in_the_browser(runner, make_course, tmp_path):
    course = _big_course(make_course, quizzes=9, per_quiz=480)
    archive, output = _export(runner, "scorm12", tmp_path / "huge.zip", course=course)
    assert "quizzes/08-m8.yaml:1:1: warning: SCORM 1.2 cannot carry this quiz's progress" in output
    data = _package_data(archive)
    store = {"visited": {}, "quizzes": {q[0]: {"best": 50, "passed": False, "results": {}} for q in data["quizzes"]}}
    got = run_js(
        ["tracker-scorm.js"],
        "var e = window.courseScormCode.encode(input.store, input.data); return [e.text.length, e.dropped];",
        {"store": store, "data": data},
    )
    assert got[0] <= 4096 and got[1] == 1


# ---- in a real SCORM runtime ----


@pytest.fixture(scope="session")
def scorm_again() -> Path:
    """scorm-again's browser build, installed from the npm registry into a test-owned folder."""
    script = NPM_FOLDER / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
    if not script.exists():
        if not shutil.which("npm"):
            if UNDER_CI:
                pytest.fail("npm is missing under CI")
            pytest.skip("npm not installed")
        NPM_FOLDER.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(NPM_FOLDER), "--no-audit", "--no-fund", SCORM_AGAIN],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return script


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm-again.js"></script>
<script>
  var settings = {autocommit: false, logLevel: 5, lmsCommitUrl: "/lms/commit", dataCommitFormat: "json"};
  var version = "%(version)s", saved = %(saved)s;
  window.lmsLog = [];
  var names = version === "1.2" ? ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"]
                                : ["Initialize", "SetValue", "Commit", "Terminate"];
  var api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (saved) { api.loadFromJSON(saved, "cmi"); }
  if (version === "1.2") { window.API = api; } else { window.API_1484_11 = api; }
  names.forEach(function (ev) { api.on(ev, function (el, v) { lmsLog.push([ev, el, v]); }); });
  window.closeSco = function () { document.getElementById("sco").src = "about:blank"; };
</script></head>
<body><iframe id="sco" src="pkg/%(launch)s" style="width: 1100px; height: 900px"></iframe></body></html>
"""


def _cmi(page: Page, version: str) -> dict:
    return page.evaluate("(version === '1.2' ? API : API_1484_11).renderCMIToJSONObject()")["cmi"]


def _interactions(cmi: dict) -> dict:
    found = cmi["interactions"]
    found = found.values() if isinstance(found, dict) else found
    return {i["id"]: i for i in found if isinstance(i, dict) and i.get("id")}


def _open_quiz(frame, sco: str) -> None:
    """From where the SCO opens (its module's page, or the course's home) to the basics quiz."""
    expect(frame.locator("h1")).to_have_text("Basics" if sco == "module" else "Feature tour")
    if sco == "course":
        frame.get_by_role("link", name="Basics").first.click()
    frame.get_by_role("link", name="A quiz inside a lesson").first.click()


@pytest.mark.browser
@pytest.mark.parametrize("sco", ["module", "course"])
@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_an_lms_records_the_quiz_and_the_learner_resumes_there(runner, tmp_path, serve, scorm_again, browser, fmt, sco):
    """A module's SCO is its quiz; the course's SCO has two quizzes, and one taken leaves it incomplete."""
    version = VERSIONS[fmt]
    archive, _ = _export(runner, fmt, tmp_path / "p.zip", "--sco", sco)
    root = tmp_path / "lms"
    archive.extractall(root / "pkg")
    shutil.copy(scorm_again, root / "scorm-again.js")
    base = serve(root)
    launch = "launch-basics.html" if sco == "module" else "launch.html"

    def harness(name: str, saved) -> tuple[Page, list, list]:
        (root / name).write_text(HARNESS % {"version": version, "saved": json.dumps(saved), "launch": launch})
        page = browser.new_context().new_page()  # a browser of its own: nothing kept locally from before
        page.set_default_timeout(10000)
        errors, commits = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route(
            "**/lms/commit*",
            lambda route: (
                commits.append(route.request.post_data),
                route.fulfill(json={"result": True, "errorCode": 0}),
            ),
        )
        page.goto(f"{base}/{name}")
        return page, errors, commits

    page, errors, commits = harness("first.html", None)
    frame = page.frame_locator("#sco").frame_locator("iframe")
    _open_quiz(frame, sco)
    quiz = frame.locator("#quiz-basics-check")
    answer_all_correctly(quiz)
    question(quiz, "reflect-q").locator("textarea").fill("Meals for pupils, " * 30)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    cmi = _cmi(page, version)
    answers = _interactions(cmi)
    assert set(answers) == {
        f"basics-check/{q}"
        for q in ("single-q", "multiple-q", "tf-q", "fill-q", "numeric-q", "match-q", "order-q", "reflect-q")
    }
    tf, match, order, reflect = (answers[f"basics-check/{q}"] for q in ("tf-q", "match-q", "order-q", "reflect-q"))
    raw = "100" if sco == "module" else "50"  # the mean of the best scores of the SCO's quizzes
    if version == "1.2":
        core = cmi["core"]
        assert core["lesson_status"] == ("passed" if sco == "module" else "incomplete")
        assert (core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == (raw, "0", "100")
        assert (tf["type"], tf["student_response"], tf["result"]) == ("true-false", "f", "correct")
        assert match["type"] == "matching" and match["student_response"] == "1.1,2.2,3.3"
        assert order["type"] == "sequencing" and order["student_response"] == "1,2,3,4"
        assert (reflect["type"], reflect["result"]) == ("fill-in", "neutral")
        assert reflect["student_response"] == ("Meals for pupils, " * 30)[:255]
    else:
        status = ("completed", "passed") if sco == "module" else ("incomplete", "unknown")
        assert (cmi["completion_status"], cmi["success_status"]) == status
        score_ = cmi["score"]
        scaled = "1" if sco == "module" else "0.5"
        assert (score_["raw"], score_["min"], score_["max"], score_["scaled"]) == (raw, "0", "100", scaled)
        assert (tf["type"], tf["learner_response"], tf["result"]) == ("true-false", "false", "correct")
        assert match["type"] == "matching" and match["learner_response"] == "1[.]1[,]2[.]2[,]3[.]3"
        assert order["type"] == "sequencing" and order["learner_response"] == "1[,]2[,]3[,]4"
        assert reflect["type"] == "long-fill-in" and reflect["learner_response"] == "Meals for pupils, " * 30
    assert commits, "the scored quiz was committed"
    if sco == "module":  # reading on into another module, the learner is still in this module's SCO
        frame.get_by_role("link", name="More").first.click()
        expect(frame.locator("h1")).to_have_text("More")
        status = _cmi(page, version)
        assert (status["core"]["lesson_status"] if version == "1.2" else status["success_status"]) == "passed"
    page.evaluate("closeSco()")  # the learner leaves the SCO: the launch page ends the session
    log = page.evaluate("lmsLog")
    calls = [entry[0] for entry in log]
    finish = "LMSFinish" if version == "1.2" else "Terminate"
    assert calls.count(finish) == 1 and calls[-1] == finish and calls.count(calls[0]) == 1  # one session
    element = "cmi.core.session_time" if version == "1.2" else "cmi.session_time"
    spent = [entry[2] for entry in log if entry[1] == element]
    assert len(spent) == 1 and re.fullmatch(r"\d{4}:\d\d:\d\d" if version == "1.2" else r"PT\d+H\d+M\d+S", spent[0])
    cmi = _cmi(page, version)
    assert errors == []
    page.context.close()

    # Another day, another browser: the LMS hands back what it kept
    kept = {"suspend_data": cmi["suspend_data"]}
    if version == "1.2":
        kept["core"] = {"lesson_status": cmi["core"]["lesson_status"]}
    else:
        kept["completion_status"] = cmi["completion_status"]
    page, errors, _ = harness("second.html", kept)
    frame = page.frame_locator("#sco").frame_locator("iframe")
    _open_quiz(frame, sco)
    expect(frame.locator("#quiz-basics-check .quiz-best")).to_have_text("Best score so far: 100%.")
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_a_package_opened_in_a_window_of_its_own_finds_the_lms_through_its_opener(
    runner, tmp_path, serve, scorm_again, page: Page
):
    archive, _ = _export(runner, "scorm2004", tmp_path / "p.zip")
    root = tmp_path / "lms"
    archive.extractall(root / "pkg")
    shutil.copy(scorm_again, root / "scorm-again.js")
    # the LMS's page, without the frame: it opens the SCO in a new window, as some LMSs do
    (root / "lms.html").write_text(
        (HARNESS % {"version": "2004", "saved": "null", "launch": "launch.html"}).replace(
            '<iframe id="sco" src="pkg/launch.html" style="width: 1100px; height: 900px"></iframe>', ""
        )
    )
    page.route("**/lms/commit*", lambda route: route.fulfill(json={"result": True, "errorCode": 0}))
    page.goto(f"{serve(root)}/lms.html")
    with page.context.expect_page() as opened:
        page.evaluate("window.open('pkg/en/basics/inline.html', 'sco')")  # a course page, straight in the window
    window = opened.value
    q = question(window.locator("#quiz-basics-check"), "single-q")
    q.get_by_label("Shenyang").check()
    q.get_by_role("button", name="Check answer").click()
    expect(q.locator(".q-feedback")).to_contain_text("Correct")
    answers = _interactions(_cmi(page, "2004"))
    assert answers["basics-check/single-q"]["result"] == "correct"
    window.close()  # the page held the session itself: it ends it as it goes
    calls = [entry[0] for entry in page.evaluate("lmsLog")]
    assert calls[0] == "Initialize" and calls[-1] == "Terminate" and calls.count("Terminate") == 1


@pytest.mark.browser
def test_without_an_lms_the_package_keeps_progress_locally_and_quietly(runner, tmp_path, serve, page: Page):
    archive, _ = _export(runner, "scorm12", tmp_path / "p.zip")
    archive.extractall(tmp_path / "pkg")
    base = serve(tmp_path / "pkg")
    errors, console = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: console.append(m.text))
    page.goto(f"{base}/launch.html")
    course = page.frame_locator("iframe")
    expect(course.locator("h1")).to_be_visible()
    page.goto(f"{base}/en/basics/inline.html")
    quiz = page.locator("#quiz-basics-check")
    answer_all_correctly(quiz)
    score(quiz)
    page.reload()
    expect(page.locator("#quiz-basics-check .quiz-best")).to_have_text("Best score so far: 100%.")
    assert errors == [] and console == []
