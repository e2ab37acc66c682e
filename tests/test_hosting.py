"""The static build on a real web server: a stock Debian nginx, started by the test on 127.0.0.1, serves a
burst of 2,000 requests whole, with the right content types, and the pages run in Chromium under their
own Content-Security-Policy."""

from __future__ import annotations

import http.client
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course.build import build
from course.convert.policy import CONTENT_SECURITY_POLICY

from .conftest import COURSES, UNDER_CI
from .nginx import NGINX, Nginx
from .rawhttp import HANG_SECONDS, Answer, burst

pytestmark = pytest.mark.slow

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n'


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """(port, site folder): the feature course, with an SVG image added, built and served by nginx."""
    if not Path(NGINX).exists():
        if UNDER_CI:
            pytest.fail(f"{NGINX} is missing under CI")
        pytest.skip(f"{NGINX} not installed (apt-get install nginx)")
    base = tmp_path_factory.mktemp("hosting")
    root = base / "course"
    shutil.copytree(COURSES / "features", root)
    (root / "assets/diagram.svg").write_text(SVG)
    lesson = root / "modules/02-more/01-only.md"
    lesson.write_text(lesson.read_text() + "\n![A small diagram](../../assets/diagram.svg)\n")
    site = base / "site"
    build(root, site)

    # Stock: Debian's mime.types and nothing else a course would have to ask its host for.
    nginx = Nginx(site, base / "nginx")
    try:
        port = nginx.start(HANG_SECONDS)
    except RuntimeError as e:
        pytest.fail(str(e))
    try:
        yield port, site
    finally:
        nginx.stop(HANG_SECONDS)


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_nginx_serves_a_burst_of_2000_requests_whole(hosted):
    port, site = hosted
    files = _files(site)
    mix = [f"/{rel}" for rel in files] + ["/", "/en/basics/", "/en/gone.html", "/assets/gone.css", "/no/such/"]
    paths = [mix[i % len(mix)] for i in range(2000)]

    def check(answer: Answer) -> str | None:
        rel = answer.path.lstrip("/")
        rel = rel + "index.html" if rel.endswith("/") or not rel else rel
        if "gone" in rel or rel.startswith("no/"):
            return None if answer.status == 404 else f"status {answer.status}, not 404"
        if answer.status != 200:
            return f"status {answer.status}"
        return None if answer.body == (site / rel).read_bytes() else f"{len(answer.body)} bytes, not the file"

    problems = burst(port, paths, check, workers=16)
    assert problems == [], problems[:10]
    assert {p.rsplit(".", 1)[-1] for p in files} >= {"html", "css", "js", "json", "svg", "png"}


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/en/index.html", "text/html"),
        ("/assets/course.css", "text/css"),
        ("/assets/course.js", "application/javascript"),
        ("/files/assets/diagram.svg", "image/svg+xml"),
        ("/course-ids.json", "application/json"),
        ("/files/assets/square.png", "image/png"),
    ],
)
def test_nginx_sends_the_right_content_type(hosted, path, kind):
    port, _ = hosted
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert response.getheader("Content-Type").split(";")[0] == kind


PAGES = [
    "index.html",
    "en/index.html",
    "en/framework.html",
    "en/basics/reading.html",
    "en/basics/inline.html",
    "en/more/only.html",
    "en/more/quiz.html",
    "en/certificate.html",
    "zh-CN/index.html",
    "zh-CN/basics/reading.html",
]


@pytest.mark.browser
def test_pages_from_nginx_run_under_their_policy(hosted, page: Page):
    port, _ = hosted
    base = f"http://127.0.0.1:{port}/"
    violations, errors = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    for path in PAGES:
        page.goto(base + path)
        if path == "index.html":  # the root only sends the learner on to a language
            page.wait_for_url(base + "en/index.html")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        expect(policy).to_have_attribute("content", CONTENT_SECURITY_POLICY)
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))  # course.js ran
    # The quiz works from nginx, under the policy.
    page.goto(base + "en/basics/inline.html")
    question = page.locator("fieldset[data-qid='single-q']")
    question.get_by_label("Shenyang").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question).to_have_attribute("data-verdict", "correct")
    expect(page.locator("img[src$='diagram.svg']")).to_have_count(0)  # it is on another page
    page.goto(base + "en/more/only.html")
    assert page.locator("img[src$='diagram.svg']").evaluate("img => img.naturalWidth") == 8
    assert violations == [] and errors == [], violations + errors
