"""The xAPI tracker end to end: a course with an xapi: block, built and served by nginx with Ralph
behind /xAPI/ on the same origin (Ralph answers a CORS preflight with 405: TESTING.md), taken in
Chromium from a launch link and from the learner's form, partly offline. Ralph then holds exactly
the statements expected, once each, and each passes Ralph's own pydantic models."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import urllib.parse
import urllib.request
import uuid

import pytest
from playwright.sync_api import Page, expect

from course.build import build

from .conftest import COURSES
from .nginx import Nginx, Tuning
from .ralph import Ralph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BASE = "urn:course:features-demo"
VERB = "http://adlnet.gov/expapi/verbs/"
# Ralph's own validation of a statement: its pydantic model of the xAPI base statement.
VALIDATE = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for statement in json.load(sys.stdin):
    try:
        BaseXapiStatement.model_validate(statement)
    except Exception as error:
        problems.append(f"{statement.get('verb', {}).get('id')} {statement.get('object', {}).get('id')}: {error}")
print(json.dumps(problems))
"""


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    ralph = Ralph(tmp_path_factory.mktemp("ralph"))
    yield ralph
    ralph.stop()


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    """The features course with an xapi: block (actor: form, so a launch and the form both work)."""
    source = shutil.copytree(COURSES / "features", tmp_path_factory.mktemp("xapi-course") / "course")
    with (source / "course.yaml").open("a", encoding="utf-8") as config:
        config.write("xapi:\n  endpoint: /xAPI/\n  actor: form\n")
    return source


@pytest.fixture(scope="module")
def site(lrs, tracked, tmp_path_factory):
    """The tracked course served by nginx with Ralph at /xAPI/, as a host for a class would; its address."""
    folder = tmp_path_factory.mktemp("xapi-site")
    build(tracked, folder / "build")
    # The proxy adds the LRS's credentials (docs/coordinators.md): the course's pages carry none.
    proxy = (f"        location /xAPI/ {{ proxy_pass http://127.0.0.1:{lrs.port};"
             f" proxy_set_header Authorization \"{auth(lrs)}\"; }}\n")  # fmt: skip
    server = Nginx(folder / "build", folder / "nginx", Tuning(server=proxy))
    port = server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def auth(lrs: Ralph) -> str:
    return "Basic " + base64.b64encode(f"{lrs.user}:{lrs.password}".encode()).decode()


def stored(lrs: Ralph, registration: str) -> list[dict]:
    """Every statement Ralph holds of this registration (a filter its filesystem backend answers)."""
    query = urllib.parse.urlencode({"registration": registration, "limit": 1000})
    request = urllib.request.Request(f"{lrs.endpoint}statements?{query}",
                                     headers={"Authorization": auth(lrs), "X-Experience-API-Version": "1.0.3"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["statements"]


def ralph_problems(statements: list[dict]) -> list[str]:
    from .ralph import _python

    done = subprocess.run([str(_python()), "-c", VALIDATE], input=json.dumps(statements), capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    return json.loads(done.stdout)


def waiting(page: Page):
    return page.locator("section.quiz .xapi-status")


QUEUED = "() => !Object.keys(localStorage).some(k => k.indexOf('course:xapi-queue:') === 0)"


def settled(page: Page):
    """Wait until the page's lines at its foot (the offline status) and the statements of its opening
    are done: each moves what is below it, and a click must land where it aims."""
    expect(page.locator(".offline-status")).to_be_visible(timeout=30_000)
    page.wait_for_function(QUEUED, timeout=30_000)


def check(page: Page, qid: str):
    page.locator(f"#q-basics-check-{qid} .q-check").click()
    expect(page.locator(f"#q-basics-check-{qid}")).to_have_attribute("data-done", "true")


def class_report(course, statements: list[dict], folder):
    """`course report` of these statements, read as the LRS exports them (JSON Lines)."""
    from course.report.run import report

    source = folder / "class.jsonl"
    source.write_text("".join(json.dumps(s) + "\n" for s in statements), encoding="utf-8")
    return report(course, str(source), folder / "report").report


def by_what(statements: list[dict]) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = {}
    for s in statements:
        found.setdefault((s["verb"]["id"].removeprefix(VERB), s["object"]["id"].removeprefix(BASE)), []).append(s)
    return found


def test_a_launched_learner_offline_and_back_gives_each_statement_once(page: Page, errors, site, lrs, tracked,
                                                                      tmp_path):  # fmt: skip
    registration = str(uuid.uuid4())
    actor = {"objectType": "Agent", "name": "Li Hua", "mbox": f"mailto:li.hua.{registration[:8]}@example.org"}
    launch = urllib.parse.urlencode({"endpoint": f"{site}/xAPI/", "auth": auth(lrs), "actor": json.dumps(actor),
                                     "registration": registration})  # fmt: skip
    context = page.context
    page.goto(f"{site}/en/basics/reading.html?{launch}")
    assert "auth=" not in page.url  # the credentials leave the address bar
    expect(page.locator("form.xapi-learner")).to_have_count(0)  # the launch says who the learner is
    page.goto(f"{site}/en/basics/inline.html")  # a plain link: the launch is kept for the session
    settled(page)
    expect(page.locator("#q-basics-check-single-q")).to_be_visible()

    page.locator("#q-basics-check-single-q label", has_text="Shenyang").click()
    check(page, "single-q")
    page.locator("#q-basics-check-tf-q label", has_text="False").click()
    check(page, "tf-q")
    expect(waiting(page)).to_be_hidden()  # online: sent at once

    context.set_offline(True)
    page.locator("#q-basics-check-fill-q input").fill("Deng Fei")
    check(page, "fill-q")
    page.locator("#q-basics-check-numeric-q input").fill("467")
    check(page, "numeric-q")
    expect(waiting(page)).to_have_text("2 results waiting to be sent")
    page.locator("#q-basics-check-multiple-q label", has_text="Alibaba").click()
    page.locator("#q-basics-check-multiple-q label", has_text="Tencent").click()
    check(page, "multiple-q")
    page.locator("#q-basics-check-reflect-q textarea").fill("My private thoughts about our service.")
    check(page, "reflect-q")
    submit = page.locator("#quiz-basics-check .quiz-submit")
    submit.click()  # matching and ordering are left: it asks first
    submit.click()
    expect(page.locator("#quiz-basics-check .quiz-score")).to_contain_text("71%")
    # fill, numeric, multiple, reflection, matching and ordering (skipped), completed, passed
    expect(waiting(page)).to_have_text("8 results waiting to be sent")
    expect(waiting(page)).to_have_attribute("role", "status")

    context.set_offline(False)
    expect(waiting(page)).to_be_hidden(timeout=30_000)

    page.goto(f"{site}/en/more/quiz.html")
    settled(page)
    for qid in page.locator("#quiz-more-check fieldset.question:visible").evaluate_all(
        "els => els.map(e => e.getAttribute('data-qid'))"
    ):
        page.locator(f"#q-more-check-{qid} label", has_text="True").click()
    page.locator("#quiz-more-check .quiz-submit").click()
    expect(page.locator("#quiz-more-check .quiz-score")).to_contain_text("100%")
    expect(page.locator("#quiz-more-check .xapi-status")).to_be_hidden(timeout=30_000)

    page.goto(f"{site}/en/basics/reading.html")  # again: experienced once per registration
    # A statement the LRS already has, queued again (a page closed before its answer came):
    # the LRS answers it as a duplicate and the queue lets it go.
    first = stored(lrs, registration)[0]
    key = page.evaluate("Object.keys(localStorage).filter(k => k.indexOf('course:xapi-queue:') === 0)")
    assert key == []  # everything was sent
    page.evaluate(
        "s => { var t = new courseXapi.Transport({endpoint: s.endpoint, auth: s.auth, queueKey: 'again'});"
        " window.resent = t; t.send(s.statement); }",
        {"endpoint": f"{site}/xAPI/", "auth": auth(lrs), "statement": first},
    )
    page.wait_for_function("() => window.resent.pending() === 0", timeout=30_000)

    statements = stored(lrs, registration)
    found = by_what(statements)
    questions = ["single-q", "tf-q", "fill-q", "numeric-q", "multiple-q", "reflect-q", "match-q", "order-q"]
    expected = {
        ("experienced", "/basics/reading.html"),
        ("experienced", "/basics/inline.html"),
        *(("answered", f"/quiz/basics-check/question/{q}") for q in questions),
        ("completed", "/quiz/basics-check"),
        ("passed", "/quiz/basics-check"),
        *(
            ("answered", f"/quiz/more-check/question/{q}")
            for q in "abc"
            if f"/quiz/more-check/question/{q}" in {k[1] for k in found}
        ),
        ("completed", "/quiz/more-check"),
        ("passed", "/quiz/more-check"),
        ("completed", ""),  # the course, every quiz passed
    }
    assert set(found) == expected
    assert sum(1 for k in found if k[1].startswith("/quiz/more-check/question/")) == 2  # the draw: 2 of 3
    assert [k for k, v in found.items() if len(v) != 1] == []  # once each
    assert len({s["id"] for s in statements}) == len(statements) == 17
    assert all(s["context"]["registration"] == registration for s in statements)
    assert all(s["actor"]["mbox"] == actor["mbox"] for s in statements)

    def answered(qid: str) -> dict:
        return found[("answered", f"/quiz/basics-check/question/{qid}")][0]

    single = answered("single-q")
    definition = single["object"]["definition"]
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == "choice" and definition["correctResponsesPattern"] == ["a"]
    assert {c["id"]: c["description"]["en"] for c in definition["choices"]} == {
        "a": "Shenyang", "b": "Nanjing", "c": "Shanghai"}  # fmt: skip
    assert single["result"] == {"response": "a", "success": True, "completion": True,
                                "score": {"scaled": 1, "raw": 1, "min": 0, "max": 1}}  # fmt: skip
    context = single["context"]["contextActivities"]
    assert context["parent"][0]["id"] == f"{BASE}/quiz/basics-check"
    assert [a["id"] for a in context["grouping"]] == [BASE, f"{BASE}/part/one"]  # the framework part
    assert sorted(answered("multiple-q")["result"]["response"].split("[,]")) == ["a", "b"]
    assert answered("tf-q")["result"]["response"] == "false"
    assert answered("tf-q")["object"]["definition"]["correctResponsesPattern"] == ["false"]
    assert answered("fill-q")["result"]["response"] == "Deng Fei"
    assert answered("fill-q")["object"]["definition"]["correctResponsesPattern"] == ["deng fei", "邓飞"]
    assert answered("numeric-q")["object"]["definition"]["correctResponsesPattern"] == ["465[:]475"]
    assert answered("match-q")["result"]["success"] is False and "response" not in answered("match-q")["result"]
    assert answered("match-q")["object"]["definition"]["correctResponsesPattern"] == ["1[.]1[,]2[.]2[,]3[.]3"]
    assert answered("order-q")["object"]["definition"]["correctResponsesPattern"] == ["1[,]2[,]3[,]4"]
    assert answered("order-q")["object"]["definition"]["interactionType"] == "sequencing"
    reflection = answered("reflect-q")
    assert "response" not in reflection["result"] and "private" not in json.dumps(reflection)  # never sent
    assert "success" not in reflection["result"]  # not scored
    passed = found[("passed", "/quiz/basics-check")][0]
    assert passed["result"]["score"] == {"scaled": 0.7143, "raw": 5, "min": 0, "max": 7}
    assert passed["result"]["success"] is True

    assert ralph_problems(statements) == []

    # The trainer's report reads them as the pages meant them.
    report = class_report(tracked, statements, tmp_path)
    assert (report.learners, report.finished, report.ignored) == (1, 1, 0)
    results = {(q.info.quiz, q.info.id): q for q in report.questions}
    assert results[("basics-check", "single-q")].answered == 1 and results[("basics-check", "single-q")].correct == 1
    assert results[("basics-check", "match-q")].correct == 0
    assert sum(q.answered for q in report.questions) == 10  # the 8 of basics-check and the draw of 2
    assert [p.id for p in report.parts if p.learners] == ["one", "two"]


def test_the_learners_form_says_who_sends_and_an_organisation_travels_with_each_statement(
    page: Page, errors, site, lrs, tracked, tmp_path
):
    email = f"wang.{uuid.uuid4().hex[:8]}@example.org"
    context = page.context
    page.goto(f"{site}/en/basics/reading.html")
    form = page.locator("form.xapi-learner")
    expect(form).to_be_visible()
    expect(form.get_by_role("heading")).to_have_text("Your results for your organisation")
    form.get_by_label("Your name").fill("Wang Fang")
    form.get_by_label("Email").fill("not an address")
    form.get_by_role("button", name="Send my results").click()
    expect(form.locator(".xapi-problem")).to_have_text("Enter an email address such as name@example.org.")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Organisation (optional)").fill("Sunflower Centre")
    form.get_by_role("button", name="Send my results").click()
    expect(page.locator("p.xapi-learner")).to_have_text("Your results are sent as Wang Fang.")
    page.goto(f"{site}/zh-CN/basics/inline.html")  # asked once: this browser remembers
    settled(page)
    expect(page.locator("form.xapi-learner")).to_have_count(0)
    page.locator("#q-basics-check-tf-q li[data-value=false] label").click()
    check(page, "tf-q")
    context.set_offline(True)
    page.locator("#q-basics-check-single-q li[data-option=a] label").click()
    check(page, "single-q")
    expect(waiting(page)).to_have_text("1 条结果等待发送")  # in the page's language
    context.set_offline(False)
    expect(waiting(page)).to_be_hidden(timeout=30_000)
    learner = page.evaluate("JSON.parse(localStorage.getItem('course:xapi-learner:features-demo'))")
    assert learner["email"] == email and learner["organisation"] == "Sunflower Centre"
    registration = learner["registration"]
    assert uuid.UUID(registration).version == 4  # made for this learner, once
    statements = stored(lrs, registration)
    found = by_what(statements)
    assert set(found) == {
        ("experienced", "/basics/reading.html"),
        ("experienced", "/basics/inline.html"),  # one activity in every language
        ("answered", "/quiz/basics-check/question/tf-q"),
        ("answered", "/quiz/basics-check/question/single-q"),
    }
    assert all(
        s["actor"] == {"objectType": "Agent", "name": "Wang Fang", "mbox": f"mailto:{email}"} for s in statements
    )
    assert all(s["context"]["extensions"] == {f"{BASE}/organisation": "Sunflower Centre"} for s in statements)
    assert found[("answered", "/quiz/basics-check/question/tf-q")][0]["context"]["language"] == "zh-CN"
    assert ralph_problems(statements) == []
    report = class_report(tracked, statements, tmp_path)
    assert [(o.name, o.learners, o.finished) for o in report.organisations] == [("Sunflower Centre", 1, 0)]


def test_resetting_progress_forgets_who_the_learner_is(page: Page, site):
    """On a shared computer the next learner must not send results under the last one's name: a
    progress reset forgets the form's name, email and organisation (the results already waiting to
    be sent stay, to reach the LRS)."""
    page.goto(f"{site}/en/basics/reading.html")
    form = page.locator("form.xapi-learner")
    form.get_by_label("Your name").fill("Li Ming")
    form.get_by_label("Email").fill(f"li.{uuid.uuid4().hex[:8]}@example.org")
    form.get_by_role("button", name="Send my results").click()
    expect(page.locator("p.xapi-learner")).to_have_text("Your results are sent as Li Ming.")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{site}/en/progress.html")
    page.get_by_role("button", name="Reset my progress").click()
    expect(page.locator(".learner-progress-message")).to_have_text(
        "Your progress in this course has been deleted from this browser."
    )
    kept = "Object.keys(localStorage).filter(k => k.indexOf('course:xapi-') === 0 && k.indexOf(':xapi-queue:') < 0)"
    assert page.evaluate(kept) == []
    page.goto(f"{site}/en/basics/reading.html")
    expect(page.locator("form.xapi-learner")).to_be_visible()
    expect(page.locator("p.xapi-learner")).to_have_count(0)


def test_a_course_without_xapi_sends_nothing_even_when_launched(page: Page, errors, features_site, serve):
    base = serve(features_site)
    sent: list[str] = []
    page.on("request", lambda r: r.method != "GET" and sent.append(r.url))
    launch = urllib.parse.urlencode({"endpoint": f"{base}/xAPI/", "auth": "Basic eDp5",
                                     "actor": json.dumps({"mbox": "mailto:a@example.org"})})  # fmt: skip
    page.goto(f"{base}/en/basics/inline.html?{launch}")
    page.locator("#q-basics-check-tf-q li[data-value=false] label").click()
    check(page, "tf-q")
    expect(page.locator("#q-basics-check-tf-q .q-verdict")).to_contain_text("Correct")
    assert page.evaluate("typeof window.courseXapi") == "undefined"
    expect(page.locator(".xapi-status, form.xapi-learner")).to_have_count(0)
    assert sent == []


def test_a_launch_to_another_origin_is_ignored_and_breaks_no_policy(page: Page, errors, site):
    refused: list[str] = []
    page.expose_binding("reportViolation", lambda source, text: refused.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (e) {"
        " window.reportViolation(e.effectiveDirective + ' ' + e.blockedURI); }, true);"
    )
    elsewhere: list[str] = []
    page.on("request", lambda r: not r.url.startswith(site) and elsewhere.append(r.url))
    launch = urllib.parse.urlencode({"endpoint": "http://127.0.0.2:9/xAPI/", "auth": "Basic eDp5",
                                     "actor": json.dumps({"mbox": "mailto:a@example.org"})})  # fmt: skip
    page.goto(f"{site}/en/basics/inline.html?{launch}")
    settled(page)
    expect(page.locator("form.xapi-learner")).to_be_visible()  # as if opened without a launch: the form asks
    page.locator("#q-basics-check-tf-q li[data-value=false] label").click()
    check(page, "tf-q")
    expect(waiting(page)).to_be_hidden()  # no learner known yet: nothing made, nothing waiting
    assert page.evaluate("sessionStorage.length") == 0
    assert elsewhere == [] and refused == []
