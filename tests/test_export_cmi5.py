"""`course export cmi5`: a course structure the cmi5 schema accepts, and AUs that follow the cmi5 launch
against an LMS played by the test (the fetch URL, LMS.LaunchData, a listener in front of Ralph, a
real LRS) in a real browser."""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import secrets
import shutil
import socketserver
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from course.cli import main

from .conftest import COURSES, ROOT, UNDER_CI, shared_path
from .node import run_js
from .ralph import Ralph
from .test_a11y import violations
from .test_browser import answer_all_correctly, question, score
from .test_export_scorm import holds_the_site, valid_xml

# lrs: Ralph, a fixture; ralph_problems: Ralph's own models, strict (its API takes statements with a lax one)
from .test_xapi import lrs, ralph_problems  # noqa: F401

FEATURES = COURSES / "features"
NS = {"cs": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"


def _export(runner, out: Path, *args: str, course: Path = FEATURES) -> zipfile.ZipFile:
    result = runner.invoke(main, ["export", "cmi5", str(course), "-o", str(out), *args],
                           env={"SOURCE_DATE_EPOCH": "1700000000"})  # fmt: skip
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(io.BytesIO(out.read_bytes()))


@pytest.fixture(scope="session")
def schema():
    xmlschema = pytest.importorskip("xmlschema") if not UNDER_CI else __import__("xmlschema")
    return xmlschema.XMLSchema10(str(shared_path("xsd", "cmi5", "CourseStructure.xsd")))


def _structure(archive: zipfile.ZipFile, schema) -> ElementTree.Element:
    """cmi5.xml, checked: valid, ids unique, every AU's launch page in the package."""
    tree, _ = valid_xml(archive.read("cmi5.xml"), schema, "id")
    for au in tree.findall("cs:au", NS):
        assert au.find("cs:url", NS).text in archive.namelist()
    return tree


def _aus(tree) -> list[dict]:
    return [
        {"id": au.get("id"), "url": au.find("cs:url", NS).text, "moveOn": au.get("moveOn"),
         "masteryScore": au.get("masteryScore"), "launchMethod": au.get("launchMethod"),
         "title": au.find("cs:title/cs:langstring", NS).text}
        for au in tree.findall("cs:au", NS)
    ]  # fmt: skip


@pytest.mark.slow
def test_the_course_structure_is_valid_with_one_au_per_module_judged_by_its_quiz(runner, tmp_path, schema):
    archive = _export(runner, tmp_path / "p.zip")
    tree = _structure(archive, schema)
    assert tree.find("cs:course", NS).get("id") == "urn:course:features-demo"
    assert tree.find("cs:course/cs:title/cs:langstring", NS).text == "Feature tour"
    assert _aus(tree) == [
        {"id": "urn:course:features-demo:au:basics", "url": "launch-basics.html", "moveOn": "CompletedAndPassed",
         "masteryScore": "0.6", "launchMethod": "AnyWindow", "title": "Basics"},
        {"id": "urn:course:features-demo:au:more", "url": "launch-more.html", "moveOn": "CompletedAndPassed",
         "masteryScore": "0.6", "launchMethod": "AnyWindow", "title": "More"},
        {"id": "urn:course:features-demo:au:glossary", "url": "launch-glossary.html", "moveOn": "Completed",
         "masteryScore": None, "launchMethod": "AnyWindow", "title": "Glossary"},
    ]  # fmt: skip
    launch = archive.read("launch-basics.html").decode()
    assert 'data-src="en/basics/index.html"' in launch and 'data-module="basics"' in launch


def test_a_pass_mark_is_the_aus_mastery_score(runner, make_course, tmp_path, schema):
    course = make_course({"quizzes/01-intro.yaml": "id: intro-check\npass_mark: 85\nquestions:\n"
                          "  - {id: q1, type: true_false, prompt: Is it?, answer: true}\n"})  # fmt: skip
    tree = _structure(_export(runner, tmp_path / "m.zip", course=course), schema)
    assert [(au["id"], au["masteryScore"]) for au in _aus(tree)] == [("urn:course:mini:au:intro", "0.85")]


@pytest.mark.slow
def test_a_module_of_several_quizzes_is_one_au_judged_by_their_shared_pass_mark(runner, tmp_path, schema):
    archive = _export(runner, tmp_path / "q.zip", course=COURSES / "quizbank")
    assert [(au["id"], au["masteryScore"], au["moveOn"]) for au in _aus(_structure(archive, schema))] == [
        ("urn:course:quizbank-demo:au:teamwork", "0.6", "CompletedAndPassed"),
        ("urn:course:quizbank-demo:au:wrapup", "0.6", "CompletedAndPassed"),
    ]
    quizzes = json.loads(archive.read("assets/cmi5-launch.js").split(b"window.courseCmi5Data = ")[1].split(b";\n")[0])
    assert sorted(q for q in quizzes["quizzes"] if q[1] == "teamwork") == [
        ["meetings-check", "teamwork", 60], ["roles-check", "teamwork", 60], ["teamwork-check", "teamwork", 60]]  # fmt: skip
    # pass marks that differ: no one masteryScore stands for them, each quiz is judged by its own
    course = tmp_path / "quizbank"
    shutil.copytree(COURSES / "quizbank", course)
    roles = course / "quizzes" / "roles.yaml"
    roles.write_text(roles.read_text().replace("title: Roles check\n", "title: Roles check\npass_mark: 80\n"))
    aus = _aus(_structure(_export(runner, tmp_path / "r.zip", course=course), schema))
    assert [(au["masteryScore"], au["moveOn"]) for au in aus] == [
        (None, "CompletedAndPassed"),
        ("0.6", "CompletedAndPassed"),
    ]


def test_one_au_for_the_whole_course_as_an_option(runner, tmp_path, schema):
    archive = _export(runner, tmp_path / "c.zip", "--au", "course")
    tree = _structure(archive, schema)
    assert _aus(tree) == [
        {"id": "urn:course:features-demo:au:course", "url": "launch.html", "moveOn": "CompletedAndPassed",
         "masteryScore": "0.6", "launchMethod": "AnyWindow", "title": "Feature tour"}
    ]  # fmt: skip
    assert 'data-src="en/index.html"' in archive.read("launch.html").decode()


@pytest.mark.slow
def test_the_flagship_package_is_valid(runner, tmp_path, schema):
    tree = _structure(_export(runner, tmp_path / "f.zip", course=ROOT), schema)
    modules = {path.name.split(".")[0] for path in (ROOT / "modules").iterdir()}  # a translation is no module
    aus = _aus(tree)
    assert len(aus) == len(modules)
    assert all((au["moveOn"] == "CompletedAndPassed") == (au["masteryScore"] is not None) for au in aus)


@pytest.mark.slow
def test_the_package_is_the_same_bytes_every_time_and_holds_the_site(runner, tmp_path, features_site):
    a = _export(runner, tmp_path / "a.zip")
    _export(runner, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    holds_the_site(a, features_site, b"tracker-cmi5.js")
    launch = a.read("assets/cmi5-launch.js")
    assert b"courseXapi.Transport" in launch or b"api.Transport = Transport" in launch
    assert b'window.courseCmi5Data = {"quizzes":[["basics-check","basics",60],["more-check","more",60]]}' in launch


def test_au_is_an_option_of_cmi5_only(runner, tmp_path):
    result = runner.invoke(main, ["export", "zip", str(FEATURES), "-o", str(tmp_path / "z.zip"), "--au", "course"])
    assert result.exit_code == 2 and "--au is an option of cmi5" in result.output
    result = runner.invoke(main, ["export", "cmi5", str(FEATURES), "-o", str(tmp_path / "c.zip"), "--sco", "module"])
    assert result.exit_code == 2 and "--sco is an option of scorm12 and scorm2004, not cmi5" in result.output


def test_launch_parameters_are_read_in_any_order_and_url_decoded():
    actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "learner 7"}}
    query = (
        "?activityId="
        + quote("https://lms.example.org/au/1?x=1&y=2", safe="")
        + "&registration=760e3480-ba55-4991-94b0-01820dbd23a2&actor="
        + quote(json.dumps(actor), safe="")
        + "&fetch="
        + quote("https://lms.example.org/token?k=2390289x0", safe="")
        + "&endpoint=https%3A%2F%2Flrs.example.org%2Fxapi%2F&note=a+b&bad=%E0%A4%A"
    )
    got = run_js(["tracker-cmi5.js"], "return window.courseCmi5Code.launchParameters(input);", query)
    assert got == {
        "activityId": "https://lms.example.org/au/1?x=1&y=2",
        "registration": "760e3480-ba55-4991-94b0-01820dbd23a2",
        "actor": json.dumps(actor),
        "fetch": "https://lms.example.org/token?k=2390289x0",
        "endpoint": "https://lrs.example.org/xapi/",
        "note": "a b",
    }


# ---- the LMS side, and Ralph behind it ----


class Lms:
    """The LMS of a cmi5 launch, on one origin with the unpacked package (as a real deployment puts the
    LRS behind the LMS): it imports cmi5.xml, makes each launch's one-use fetch URL (a second POST is
    answered with cmi5's error 1 and counted), keeps the LMS.LaunchData state documents, and is the
    AU's xAPI endpoint: a listener that takes the session's token and passes statements on to Ralph
    with the LMS's own credentials."""

    def __init__(self, root: Path, ralph: Ralph):
        self.root, self.ralph = root, ralph
        self.fetches: dict[str, int] = {}  # fetch key -> POSTs made to it
        self.tokens: dict[str, str] = {}  # fetch key -> the session's token
        self.states: dict[tuple, bytes] = {}  # (activityId, agent, registration, stateId) -> document
        # each unpacked package (a folder of root) as the LMS imported it: its course structure
        self.structures = {
            folder.name: ElementTree.fromstring((folder / "cmi5.xml").read_bytes())
            for folder in root.iterdir()
            if (folder / "cmi5.xml").exists()
        }
        lms = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status: int, body: bytes = b"", kind: str = "application/json"):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def authorised(self) -> bool:
                given = self.headers.get("Authorization", "")
                return given.startswith("Basic ") and given[6:] in lms.tokens.values()

            def do_POST(self):
                path = urlsplit(self.path).path
                if path.startswith("/lms/fetch/"):
                    key = path.rsplit("/", 1)[1]
                    lms.fetches[key] = lms.fetches.get(key, 0) + 1
                    if key not in lms.tokens or lms.fetches[key] > 1:
                        body = {"error-code": "1", "error-text": "The authorization token has already been returned."}
                    else:
                        body = {"auth-token": lms.tokens[key]}
                    return self.reply(200, json.dumps(body).encode())
                return self.forward("POST")

            def do_PUT(self):
                return self.forward("PUT")

            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path == "/xAPI/activities/state":
                    if not self.authorised():
                        return self.reply(401)
                    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    key = (q.get("activityId"), _agent(q.get("agent")), q.get("registration"), q.get("stateId"))
                    return self.reply(200, lms.states[key]) if key in lms.states else self.reply(404)
                if parts.path.startswith("/xAPI/"):
                    return self.reply(405)
                return super().do_GET()

            def forward(self, method: str):
                parts = urlsplit(self.path)
                if not parts.path.startswith("/xAPI/statements") or not self.authorised():
                    return self.reply(401 if parts.path.startswith("/xAPI/") else 405)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = lms.ralph_request(method, "statements" + ("?" + parts.query if parts.query else ""),
                                                   body)  # fmt: skip
                return self.reply(status, answer)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def ralph_request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        credentials = base64.b64encode(f"{self.ralph.user}:{self.ralph.password}".encode()).decode()
        request = urllib.request.Request(self.ralph.endpoint + path, data=body, method=method, headers={
            "Authorization": f"Basic {credentials}", "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()

    def launch(self, au_url: str, mode: str = "Normal", return_url: str | None = None, again: dict | None = None,
               package: str = "pkg") -> dict:  # fmt: skip
        """Register a learner on the AU (again: the same learner and registration as that launch, in a
        new session) and launch it as cmi5 says an LMS does: the LaunchData state document, the
        "launched" statement, then the launch URL with its parameters."""
        structure = self.structures[package]
        au = next(el for el in structure.findall("cs:au", NS) if el.find("cs:url", NS).text == au_url)
        registration, session, key = str(uuid.uuid4()), str(uuid.uuid4()), secrets.token_hex(8)
        self.tokens[key] = base64.b64encode(f"session-{key}:{secrets.token_hex(8)}".encode()).decode()
        actor = {"objectType": "Agent", "account": {"homePage": self.base, "name": f"learner-{key}"}}
        activity = f"{self.base}/lms/activities/{uuid.uuid4()}"  # the LMS's own id for the AU, not the publisher's
        if again:
            registration, actor, activity = again["registration"], again["actor"], again["activity"]
        template = {"contextActivities": {"grouping": [{"id": au.get("id")}]}, "extensions": {SESSION: session}}
        data = {"contextTemplate": template, "launchMode": mode, "moveOn": au.get("moveOn", "NotApplicable")}
        if au.get("masteryScore"):
            data["masteryScore"] = float(au.get("masteryScore"))
        if return_url:
            data["returnURL"] = return_url
        self.states[(activity, _agent(json.dumps(actor)), registration, "LMS.LaunchData")] = json.dumps(data).encode()
        launched = {
            "id": str(uuid.uuid4()), "actor": actor, "timestamp": _now(),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/launched", "display": {"en-US": "launched"}},
            "object": {"objectType": "Activity", "id": activity},
            "context": {**json.loads(json.dumps(template)), "registration": registration,
                        "contextActivities": {**template["contextActivities"], "category": [{"id": CMI5}]}},
        }  # fmt: skip
        launched["context"]["extensions"] = {
            **template["extensions"],
            "https://w3id.org/xapi/cmi5/context/extensions/launchmode": mode,
        }
        status, answer = self.ralph_request("POST", "statements", json.dumps(launched).encode())
        assert status == 200, answer
        query = "&".join(f"{name}={quote(value, safe='')}" for name, value in [
            ("endpoint", f"{self.base}/xAPI/"), ("fetch", f"{self.base}/lms/fetch/{key}"),
            ("actor", json.dumps(actor)), ("registration", registration), ("activityId", activity)])  # fmt: skip
        return {"url": f"{self.base}/{package}/{au_url}?{query}", "registration": registration, "session": session,
                "key": key, "actor": actor, "activity": activity, "publisher": au.get("id")}  # fmt: skip

    def statements(self, registration: str) -> list[dict]:
        """The registration's statements in the LRS, in the order of their timestamps (cmi5's order)."""
        status, answer = self.ralph_request("GET", "statements?limit=1000")
        assert status == 200, answer
        found = [
            s for s in json.loads(answer)["statements"] if s.get("context", {}).get("registration") == registration
        ]
        return sorted(found, key=lambda s: s["timestamp"])

    def wait_for(self, registration: str, verb: str, seconds: float = 15) -> list[dict]:
        deadline = time.monotonic() + seconds
        while True:
            found = self.statements(registration)
            if any(s["verb"]["id"].endswith("/" + verb) for s in found) or time.monotonic() > deadline:
                return found
            time.sleep(0.2)


def _agent(text: str | None) -> str:
    return json.dumps(json.loads(unquote(text or "null")), sort_keys=True)


def _now() -> str:
    """xAPI's timestamp, to the millisecond as the browser writes its own (statements are ordered by it)."""
    moment = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment)) + f".{int(moment * 1000) % 1000:03d}Z"


def _verbs(statements: list[dict]) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


@pytest.fixture(scope="module")
def lms(tmp_path_factory, lrs):  # noqa: F811 (the fixture imported above)
    root = tmp_path_factory.mktemp("lms")
    _export(CliRunner(), root / "p.zip").extractall(root / "pkg")
    _export(CliRunner(), root / "c.zip", "--au", "course").extractall(root / "pkg-course")
    (root / "lms").mkdir()
    (root / "lms" / "returned.html").write_text("<!DOCTYPE html><title>LMS</title><h1>Back in the LMS</h1>")
    server = Lms(root, lrs)
    yield server
    server.stop()


def _open(page: Page, launch: dict):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(15000)
    page.goto(launch["url"])
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Basics")
    frame.get_by_role("link", name="A quiz inside a lesson").first.click()
    return frame.locator("#quiz-basics-check"), errors


def _answer_wrongly(quiz):
    answer_all_correctly(quiz)
    question(quiz, "single-q").get_by_label("Nanjing").check()
    question(quiz, "tf-q").get_by_label("True").check()
    question(quiz, "fill-q").get_by_label("Your answer").fill("nobody")
    question(quiz, "numeric-q").get_by_label("Your answer").fill("1")
    multiple = question(quiz, "multiple-q")
    multiple.get_by_label("Tencent").uncheck()
    multiple.get_by_label("Alibaba").uncheck()
    multiple.get_by_label("A paper newsletter").check()


def _check_defined(statements: list[dict], launch: dict):
    """What every statement the AU made carries: cmi5's context, the launch's ids, moveOn's category only
    where the result says success or completion."""
    for s in statements:
        if s["verb"]["id"].endswith("/launched"):
            continue
        context = s["context"]
        assert s["actor"] == launch["actor"] and s["object"]["id"] == launch["activity"]
        assert context["registration"] == launch["registration"]
        assert context["extensions"][SESSION] == launch["session"]
        assert {"id": launch["publisher"]} in context["contextActivities"]["grouping"]
        categories = [a["id"] for a in context["contextActivities"]["category"]]
        result = s.get("result", {})
        assert CMI5 in categories
        assert (MOVEON in categories) == ("success" in result or "completion" in result)
        assert uuid.UUID(s["id"])
    assert len({s["id"] for s in statements}) == len(statements)


@pytest.mark.browser
def test_a_learner_who_passes_is_recorded_passed_completed_and_terminated_once_each(lms, page: Page):
    launch = lms.launch("launch-basics.html", return_url=f"{lms.base}/lms/returned.html")
    quiz, errors = _open(page, launch)
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    # reading on (in the AU's frame) is still this session: no second fetch, no second initialized
    page.frame_locator("iframe").get_by_role("link", name="More").first.click()
    expect(page.frame_locator("iframe").locator("h1")).to_have_text("More")
    page.get_by_role("button", name="Exit").click()
    page.wait_for_url(f"{lms.base}/lms/returned.html")  # the LMS's returnURL, once the statements are in
    found = lms.statements(launch["registration"])
    assert _verbs(found) == ["launched", "initialized", "passed", "completed", "terminated"]
    _check_defined(found, launch)
    passed, completed, terminated = found[2:]
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1
    assert passed["context"]["extensions"][MASTERY] == 0.6
    assert completed["result"] == {"completion": True, "duration": completed["result"]["duration"]}
    for s in (passed, completed, terminated):
        assert s["result"]["duration"].startswith("PT")
    assert "score" not in completed["result"] and "success" not in terminated["result"]
    assert lms.fetches[launch["key"]] == 1
    assert ralph_problems(found) == []
    assert ralph_problems([{**passed, "verb": {"id": "passed"}}])  # the validation can refuse
    assert errors == []


@pytest.mark.browser
def test_results_made_offline_wait_shown_and_reach_the_lrs_once_back_online(lms, page: Page):
    launch = lms.launch("launch-basics.html", return_url=f"{lms.base}/lms/returned.html")
    quiz, errors = _open(page, launch)
    assert _verbs(lms.wait_for(launch["registration"], "initialized")) == ["launched", "initialized"]
    answer_all_correctly(quiz)
    page.context.set_offline(True)  # the connection drops before the learner scores the quiz
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    expect(page.locator(".cmi5-waiting")).to_have_text("2 results waiting to be sent")  # passed, completed
    assert _verbs(lms.statements(launch["registration"])) == ["launched", "initialized"]
    page.context.set_offline(False)
    expect(page.locator(".cmi5-waiting")).to_be_hidden(timeout=20000)
    assert _verbs(lms.statements(launch["registration"])) == ["launched", "initialized", "passed", "completed"]
    page.get_by_role("button", name="Exit").click()
    page.wait_for_url(f"{lms.base}/lms/returned.html")
    found = lms.statements(launch["registration"])
    assert _verbs(found) == ["launched", "initialized", "passed", "completed", "terminated"]
    _check_defined(found, launch)
    assert ralph_problems(found) == []
    assert errors == []


@pytest.mark.browser
def test_a_registration_is_passed_and_completed_once_across_sessions(lms, browser):
    """A learner passes, leaves, and comes back in the same registration and passes again (and fails
    once): the second session is initialized and terminated only, as a failed after a passed is not allowed."""
    first = lms.launch("launch-basics.html")
    context = browser.new_context()
    page = context.new_page()
    quiz, errors = _open(page, first)
    answer_all_correctly(quiz)
    score(quiz)
    page.get_by_role("button", name="Exit").click()
    expect(page.get_by_role("status")).to_contain_text("You can close this window")
    second = lms.launch("launch-basics.html", again=first)
    quiz, _ = _open(page, second)
    _answer_wrongly(quiz)
    score(quiz)
    quiz.get_by_role("button", name="Try again").click()
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    page.get_by_role("button", name="Exit").click()
    expect(page.get_by_role("status")).to_contain_text("You can close this window")
    found = lms.statements(first["registration"])
    sessions = [s["context"]["extensions"][SESSION] for s in found]
    assert sessions == [first["session"]] * 5 + [second["session"]] * 3
    assert _verbs(found) == ["launched", "initialized", "passed", "completed", "terminated",
                             "launched", "initialized", "terminated"]  # fmt: skip
    assert lms.fetches[first["key"]] == 1 and lms.fetches[second["key"]] == 1
    assert ralph_problems(found) == []
    assert errors == []
    context.close()


@pytest.mark.browser
def test_the_course_au_is_passed_and_completed_once_every_quiz_is_passed(lms, browser):
    """One AU for the course: the first session takes one quiz of two and nothing is judged; the second,
    in the same registration, takes the other and the AU is passed on the mean of their best scores."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    first = lms.launch("launch.html", package="pkg-course")
    page.goto(first["url"])
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Feature tour")
    frame.get_by_role("link", name="Basics").first.click()
    frame.get_by_role("link", name="A quiz inside a lesson").first.click()
    quiz = frame.locator("#quiz-basics-check")
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    page.get_by_role("button", name="Exit").click()
    expect(page.get_by_role("status")).to_contain_text("You can close this window")
    second = lms.launch("launch.html", package="pkg-course", again=first)
    page.goto(second["url"])
    expect(frame.locator("h1")).to_have_text("Feature tour")
    frame.get_by_role("link", name="More").first.click()
    frame.get_by_role("link", name="Module two check").first.click()
    quiz = frame.locator("#quiz-more-check")
    for choice in quiz.locator("input[value='true']:visible").all():  # the two questions drawn of three
        choice.check()
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")
    page.get_by_role("button", name="Exit").click()
    expect(page.get_by_role("status")).to_contain_text("You can close this window")
    found = lms.statements(first["registration"])
    assert _verbs(found) == ["launched", "initialized", "terminated",
                             "launched", "initialized", "passed", "completed", "terminated"]  # fmt: skip
    passed = found[5]
    assert passed["result"]["score"]["scaled"] == 1 and passed["context"]["extensions"][MASTERY] == 0.6
    assert {"id": "urn:course:features-demo:au:course"} in passed["context"]["contextActivities"]["grouping"]
    assert ralph_problems(found) == []
    context.close()


@pytest.mark.browser
def test_a_module_without_a_quiz_is_completed_once_opened(lms, page: Page):
    launch = lms.launch("launch-glossary.html")
    page.goto(launch["url"])
    expect(page.frame_locator("iframe").locator("h1")).to_have_text("Glossary")
    assert violations(page) == ""  # the launch page around the course's (axe checks the frame's page too)
    page.get_by_role("button", name="Exit").click()
    expect(page.get_by_role("status")).to_contain_text("You can close this window")  # no returnURL given
    found = lms.statements(launch["registration"])
    assert _verbs(found) == ["launched", "initialized", "completed", "terminated"]
    _check_defined(found, launch)
    assert MASTERY not in found[2]["context"]["extensions"]
    assert ralph_problems(found) == []


@pytest.mark.browser
def test_a_failing_attempt_is_failed_as_the_learner_leaves(lms, page: Page):
    launch = lms.launch("launch-basics.html")
    quiz, errors = _open(page, launch)
    _answer_wrongly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("Not passed yet")
    page.goto(f"{lms.base}/lms/returned.html")  # the learner leaves without Exit: the page still ends the session
    found = lms.wait_for(launch["registration"], "terminated")
    assert _verbs(found) == ["launched", "initialized", "completed", "failed", "terminated"]
    _check_defined(found, launch)
    failed = found[3]
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] < 0.6
    assert failed["context"]["extensions"][MASTERY] == 0.6
    assert lms.fetches[launch["key"]] == 1
    assert ralph_problems(found) == []
    assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_no_judgement_and_a_reload_fetches_no_second_token(lms, page: Page, mode):
    launch = lms.launch("launch-basics.html", mode=mode)
    quiz, errors = _open(page, launch)
    answer_all_correctly(quiz)
    score(quiz)
    expect(quiz.locator(".quiz-result")).to_contain_text("(100%). Passed")  # the learner sees it all the same
    page.reload()  # the page leaves and comes back: the session it ended is not opened again
    expect(page.frame_locator("iframe").locator("h1")).to_have_text("Basics")
    expect(page.get_by_role("button", name="Exit")).to_be_hidden()
    found = lms.wait_for(launch["registration"], "terminated")
    assert _verbs(found) == ["launched", "initialized", "terminated"]
    _check_defined(found, launch)
    assert lms.fetches[launch["key"]] == 1
    assert ralph_problems(found) == []
    assert errors == []


@pytest.mark.browser
def test_without_a_launch_the_au_shows_the_course_and_sends_nothing(lms, page: Page):
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{lms.base}/pkg/launch-basics.html")
    expect(page.frame_locator("iframe").locator("h1")).to_have_text("Basics")
    expect(page.get_by_role("button", name="Exit")).to_be_hidden()
    assert not [url for url in requests if "/xAPI/" in url or "/lms/" in url]
    assert errors == []


# ---- the course's AU: judged on every quiz, across sessions (in Node, the AU's own code) ----

JUDGE = """
// a network that never answers: the statements stay in the transport's queue, in the order made
window.setTimeout = function () { return 0; };
XMLHttpRequest = function () {};
XMLHttpRequest.prototype.open = XMLHttpRequest.prototype.send = XMLHttpRequest.prototype.setRequestHeader = function () {};
var Session = window.courseCmi5Code.Session, out = [];
function session(sent, mastery, scores, ending) {
  var lms = {contextTemplate: {extensions: {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s" + out.length}},
             launchMode: "Normal"};
  if (mastery !== null) { lms.masteryScore = mastery; }
  var au = new Session(input.launch, input.launch.actor, {token: "t", sent: {}, started: 0, attempted: false}, "k",
                       {launchData: lms, quizzes: input.quizzes}, "");
  au.record = sent;
  au.start();
  scores.forEach(function (s) { au.scored(s[0], s[1]); });
  if (ending) { au.terminate(); }
  out.push(au.transport.load().map(function (st) {
    return [st.verb.display["en-US"], st.result && st.result.score ? st.result.score.scaled : null];
  }));
  return au.record;
}
"""


def _judged(body: str, quizzes: list) -> list:
    launch = {"registration": "r", "activityId": "https://lms.example.org/au", "endpoint": "https://lrs.example.org/",
              "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "7"}}}  # fmt: skip
    return run_js(["xapi-transport.js", "tracker-cmi5.js"], JUDGE + body, {"launch": launch, "quizzes": quizzes})


def test_the_course_au_is_judged_once_every_quiz_is_taken_by_the_mean_of_their_best_scores():
    quizzes = [["basics-check", "basics", 60], ["more-check", "more", 60]]
    got = _judged(
        "var record = session({best: {}, passed: false, completed: false}, 0.6, [['basics-check', 100]], true);"
        "record = session(record, 0.6, [['more-check', 10]], true);"  # mean 55: failed as the session ends
        "session(record, 0.6, [['more-check', 30]], true);"  # best 100 and 30: 65, passed
        "return out;",
        quizzes,
    )
    assert got == [
        [["initialized", None], ["terminated", None]],  # one quiz of two: nothing judged yet
        [["initialized", None], ["completed", None], ["failed", 0.55], ["terminated", None]],
        [["initialized", None], ["passed", 0.65], ["terminated", None]],  # completed once per registration
    ]


def test_without_a_mastery_score_every_quiz_must_reach_its_own_pass_mark():
    quizzes = [["basics-check", "basics", 60], ["more-check", "more", 90]]
    got = _judged(
        "session({best: {}, passed: false, completed: false}, null, [['basics-check', 100], ['more-check', 80]], true);"
        "session({best: {}, passed: false, completed: false}, null, [['basics-check', 60], ['more-check', 90]], true);"
        "return out;",
        quizzes,
    )
    assert got == [
        [["initialized", None], ["completed", None], ["failed", 0.9], ["terminated", None]],  # 80 < 90
        [["initialized", None], ["passed", 0.75], ["completed", None], ["terminated", None]],
    ]
