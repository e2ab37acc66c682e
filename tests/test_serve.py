"""`course serve` for real: a page reloads after an edit, errors show over the page, fixing clears them;
malformed, hostile and idle requests get a 4xx or a closed connection; a burst during a rebuild gets
only whole pages."""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import threading
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from course.build import check
from course.convert.policy import CONTENT_SECURITY_POLICY
from course.render.site import Site
from course.serve.http import INJECT, host_allowed
from course.serve.preview import DevServer, sync_site

from .conftest import COURSES
from .rawhttp import HANG_SECONDS, Answer, burst, closes_while_trickled, exchange, headers, status


@pytest.fixture
def dev_server(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    logs = []
    server = DevServer(root, port=0, log=logs.append)
    server.start()
    yield server, root, logs
    server.stop()


@pytest.fixture(scope="module")
def quick_server(tmp_path_factory):
    """One server for the request cases, with a one-second request deadline so timeouts are quick."""
    root = tmp_path_factory.mktemp("quick") / "course"
    shutil.copytree(COURSES / "features", root)
    logs = []
    server = DevServer(root, port=0, log=logs.append, request_seconds=1.0)
    server.start()
    yield server, logs
    server.stop()


def test_sync_writes_only_changed_files(tmp_path):
    assert sync_site(Site(pages={"a.html": b"1", "b/c.html": b"2"}), tmp_path) == ["a.html", "b/c.html"]
    assert sync_site(Site(pages={"a.html": b"1", "b/c.html": b"3"}), tmp_path) == ["b/c.html"]
    assert sync_site(Site(pages={"a.html": b"1"}), tmp_path) == ["b/c.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


@pytest.mark.slow
def test_pages_are_served_with_the_live_script(dev_server):
    server, _, _ = dev_server
    html = urllib.request.urlopen(server.url + "en/basics/reading.html").read().decode()
    assert '<script src="/__course/live.js"></script></body>' in html
    with pytest.raises(urllib.error.HTTPError, match="400"):
        urllib.request.urlopen(server.url + "../../etc/passwd")


@pytest.mark.browser
def test_edit_reloads_errors_overlay_fix_clears(dev_server, page: Page):
    server, root, logs = dev_server
    # The page policy comes as a header too; the live-reload script and its overlay must work under it.
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(server.url + "en/basics/reading.html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    expect(page.locator("h1")).to_have_text("Reading a lesson")
    page.wait_for_function("window.performance && document.readyState === 'complete'")
    page.wait_for_timeout(300)  # let the page subscribe to build events

    lesson = root / "modules/01-basics/01-reading.md"
    lesson.write_text(lesson.read_text().replace("title: Reading a lesson", "title: Reading, edited"))
    expect(page.locator("h1")).to_have_text("Reading, edited", timeout=5000)

    quiz = root / "quizzes/01-basics.yaml"
    good = quiz.read_text()
    quiz.write_text(good.replace("type: single", "type: singel", 1))
    overlay = page.locator("#course-errors")
    expect(overlay).to_be_visible(timeout=5000)
    expect(overlay).to_contain_text(
        "quizzes/01-basics.yaml:7:11: error: question 'single-q': 'singel' is not a valid type"
    )

    assert overlay.evaluate("e => getComputedStyle(e).position") == "fixed"  # its style was not blocked

    quiz.write_text(good)
    expect(overlay).to_have_count(0, timeout=5000)
    expect(page.locator("h1")).to_have_text("Reading, edited")
    assert any("error" in line for line in logs)
    assert page.evaluate("window.violations") == []


@pytest.mark.browser
def test_the_overlay_shows_the_source_lines_of_errors_and_warnings(dev_server, page: Page):
    server, root, _ = dev_server
    page.add_init_script("window.violations = [];"
                         "document.addEventListener('securitypolicyviolation', e => violations.push(e.blockedURI));")  # fmt: skip
    page.goto(server.url + "en/basics/reading.html")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(300)  # let the page subscribe to build events
    # the features course has some warnings already (translations it lacks)
    before = page.locator("#course-warnings .course-problem").count()
    assert before == len([d for d in check(root).diagnostics if d.severity == "warning"]) > 0

    # A warning: the page still shows, with a panel below it naming the line, which is written as text.
    lesson = root / "modules/01-basics/01-reading.md"
    good_lesson = lesson.read_text()
    lines = good_lesson.split("\n")
    at = lines.index("## A table")
    lines[at:at] = ['::: aside <img src=x onerror="window.pwned=1">', "A note.", ":::", ""]
    lesson.write_text("\n".join(lines))
    warnings = page.locator("#course-warnings")
    expect(warnings).to_be_visible(timeout=5000)
    expect(page.locator("h1")).to_have_text("Reading a lesson")  # the page is not covered
    line = at + 1
    problem = warnings.locator(".course-problem.course-warning", has_text="unknown div class")
    expect(problem.locator(".course-warning-text")).to_contain_text(
        f"modules/01-basics/01-reading.md:{line}:5: warning: unknown div class 'aside'"
    )
    rows = problem.locator(".course-source-line")
    expect(rows).to_have_count(5)  # two lines either side
    expect(problem.locator(".course-here")).to_have_text(f'> {line} | ::: aside <img src=x onerror="window.pwned=1">')
    expect(problem.locator(".course-caret")).to_have_text(" " * (2 + len(str(line + 2))) + " |     ^")
    assert warnings.locator("img").count() == 0 and _evaluate(page, "window.pwned") is None
    warnings.get_by_role("button", name="Hide").click()
    expect(warnings).to_be_hidden()

    # An error covers the page, with its lines, and the warnings still listed apart in their own colour.
    quiz = root / "quizzes/01-basics.yaml"
    good = quiz.read_text()
    quiz.write_text(good.replace("type: single", "type: singel", 1))
    overlay = page.locator("#course-errors")
    expect(overlay).to_be_visible(timeout=5000)
    error = overlay.locator(".course-problem.course-error", has_text="quizzes/01-basics.yaml:7:11")
    expect(error).to_have_count(1)
    expect(error.locator(".course-error-text")).to_contain_text("quizzes/01-basics.yaml:7:11: error:")
    expect(error.locator(".course-source-line")).to_have_count(5)
    expect(error.locator(".course-here")).to_have_text(">  7 |     type: singel")
    expect(error.locator(".course-caret")).to_have_text("    | " + " " * 10 + "^")
    expect(overlay.locator(".course-problem.course-warning", has_text="unknown div class")).to_have_count(1)
    colour = "e => getComputedStyle(e).borderLeftColor"
    assert error.evaluate(colour) != overlay.locator(".course-problem.course-warning").first.evaluate(colour)

    quiz.write_text(good)
    lesson.write_text(good_lesson)
    expect(overlay).to_have_count(0, timeout=5000)
    # (the edits leave the English files newer than their translations: those warnings stay)
    expect(page.locator("#course-warnings .course-problem")).not_to_have_count(0, timeout=5000)
    expect(page.locator("#course-warnings", has_text="unknown div class")).to_have_count(0)
    assert _evaluate(page, "window.violations") == []


def _evaluate(page: Page, expression: str):
    """expression on the page as it stands once the preview is done reloading it. The preview
    reloads the page on every new build, and one edit can make two (a full run once lost the page's
    script context under an evaluate that way): an evaluate cut off by a reload is tried again."""
    from playwright.sync_api import Error

    for _ in range(5):
        page.wait_for_load_state("load")
        try:
            return page.evaluate(expression)
        except Error as error:
            if "Execution context was destroyed" not in error.message:
                raise
    raise AssertionError(f"the page kept reloading: {expression} could not be read")


def test_problem_views_read_only_files_of_the_course(tmp_path):
    from course.errors import Diagnostic
    from course.serve.preview import problem_views

    (tmp_path / "course").mkdir()
    (tmp_path / "secret.md").write_text("password\n")
    (tmp_path / "course/a.md").write_text("one\n两个：x\nthree\n")
    views = problem_views(tmp_path / "course", [
        Diagnostic("a.md", 2, 4, "warning", "m", "unknown-div"),
        Diagnostic("../secret.md", 1, 1, "error", "m"),
        Diagnostic("gone.md", 3, 1, "error", "m"),
    ])  # fmt: skip
    assert views[0]["context"] == [[1, "one"], [2, "两个：x"], [3, "three"], [4, ""]]
    assert views[0]["caret"] == "      "  # three wide characters before column 4
    assert views[1]["context"] == [] and views[2]["context"] == []


@pytest.mark.slow
def test_serve_stops_cleanly(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    server = DevServer(root, port=0, log=lambda _: None)
    server.start()
    out = server.out
    threads = threading.active_count()
    server.stop()
    assert not out.exists()
    assert threading.active_count() <= threads


@pytest.mark.slow
def test_head_requests_and_a_folder_without_a_course(dev_server, tmp_path):
    import click

    from course.serve.preview import serve

    server, _, _ = dev_server
    request = urllib.request.Request(server.url + "en/index.html", method="HEAD")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and response.read() == b""
    with pytest.raises(click.UsageError, match="no course.yaml"):
        serve(tmp_path, "127.0.0.1", 0)


@pytest.mark.slow
def test_a_cached_rebuild_equals_a_fresh_one(tmp_path):
    from course.build import check

    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    cache: dict = {}
    lesson = root / "modules/01-basics/01-reading.md"
    for text in (None, "\n[gone](02-gone.md)\n", "\n![](../../assets/square.png)\n", None):
        if text:
            lesson.write_text(lesson.read_text() + text)
        for _ in range(2):  # the second time from the cache
            cached, fresh = check(root, cache=cache), check(root)
            assert cached.diagnostics == fresh.diagnostics
            assert cached.site.pages == fresh.site.pages
            assert cached.book.assets == fresh.book.assets
    messages = " ".join(d.message for d in fresh.diagnostics)
    assert "02-gone.md" in messages and "no alt text" in messages


# --- requests a browser would never send, and some an attacker would ---------------------------------

HOST = b"Host: {host}\r\n"
# name -> (the bytes sent; {host} is 127.0.0.1:PORT, {port} the port), the status it must get.
MALFORMED = {
    "NUL escaped": (b"GET /%00 HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "NUL raw": (b"GET /en/\x00index.html HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "control character escaped": (b"GET /en/%0aindex.html HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "escape not hex": (b"GET /%zz HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "escape cut short": (b"GET /en/index.html%2 HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "lone percent": (b"GET /% HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "escapes not UTF-8": (b"GET /%ff%fe.html HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "overlong UTF-8 dots": (b"GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "raw byte above ASCII": (b"GET /en/\xe4\xb8\xad.html HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "traversal": (b"GET /../../../../etc/passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "traversal from a folder": (b"GET /en/../../etc/passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "traversal encoded": (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "traversal, encoded slashes": (b"GET /en/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "traversal, upper-case escapes": (b"GET /%2E%2E/%2E%2E/etc/passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "backslashes": (b"GET /..\\..\\etc\\passwd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "backslashes encoded": (b"GET /en/%2e%2e%5c%2e%2e%5cetc%5cpasswd HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "dot segment": (b"GET /./en/index.html HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "absolute URL (a proxy request)": (b"GET http://evil.example/ HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "POST with a body": (b"POST /en/index.html HTTP/1.1\r\n" + HOST + b"Content-Length: 3\r\n\r\nabc", 405),
    "PUT": (b"PUT /en/index.html HTTP/1.1\r\n" + HOST + b"Content-Length: 0\r\n\r\n", 405),
    "DELETE": (b"DELETE /en/index.html HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "PATCH": (b"PATCH /en/index.html HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "OPTIONS *": (b"OPTIONS * HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "TRACE": (b"TRACE / HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "CONNECT": (b"CONNECT evil.example:443 HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "made-up method": (b"BREW /pot HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "lower-case method": (b"get / HTTP/1.1\r\n" + HOST + b"\r\n", 405),
    "HTTP/0.9": (b"GET /\r\n", 400),
    "HTTP/0.9 with a trailing space": (b"GET / \r\n\r\n", 400),
    "HTTP/2 preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
    "HTTP/3.0": (b"GET / HTTP/3.0\r\n" + HOST + b"\r\n", 400),
    "version not a number": (b"GET / HTTP/1.x\r\n" + HOST + b"\r\n", 400),
    "four words": (b"GET / HTTP/1.1 please\r\n" + HOST + b"\r\n", 400),
    "request line of 70,000 bytes": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HOST + b"\r\n", 414),
    "header of 70,000 bytes": (b"GET / HTTP/1.1\r\n" + HOST + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431),
    "200 headers": (b"GET / HTTP/1.1\r\n" + HOST + b"".join(b"X-%d: a\r\n" % i for i in range(200)) + b"\r\n", 431),
    "no Host": (b"GET /en/index.html HTTP/1.1\r\n\r\n", 400),
    "two Hosts": (b"GET /en/index.html HTTP/1.1\r\n" + HOST + HOST + b"\r\n", 400),
    "GET with a body": (b"GET / HTTP/1.1\r\n" + HOST + b"Content-Length: 5\r\n\r\nhello", 400),
    "GET chunked": (b"GET / HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "TLS handshake": (bytes.fromhex("16030100c4010000c00303") + bytes(range(32)), 400),
    "empty lines": (b"\r\n\r\n", 400),
    "a word": (b"HELLO\r\n\r\n", 400),
    "random bytes": (random.Random(9).randbytes(512) + b"\r\n\r\n", 400),
    "DNS rebinding: a page": (b"GET /en/index.html HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n", 421),
    "DNS rebinding: the state": (b"GET /__course/state HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n", 421),
    "DNS rebinding: the events": (b"GET /__course/events HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n", 421),
    "DNS rebinding: the script": (b"GET /__course/live.js HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n", 421),
    "rebinding name ending in localhost": (b"GET / HTTP/1.1\r\nHost: localhost.evil.example:{port}\r\n\r\n", 421),
    "rebinding name starting with the address": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1.nip.io:{port}\r\n\r\n", 421),
    "loopback at another port": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n", 421),
    "loopback without the port": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 421),
    "user info in Host": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}@evil.example\r\n\r\n", 421),
    "empty Host": (b"GET / HTTP/1.1\r\nHost: \r\n\r\n", 421),
}


def _send(server, template: bytes) -> bytes:
    port = server.httpd.server_address[1]
    data = template.replace(b"{host}", b"127.0.0.1:%d" % port).replace(b"{port}", b"%d" % port)
    return exchange(port, data)


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_request_gets_a_4xx_and_a_closed_connection(quick_server, case, capfd):
    server, logs = quick_server
    template, expected = MALFORMED[case]
    response = _send(server, template)  # reads until the server closes: a hang fails here
    assert status(response) == expected, response[:300]
    sent = headers(response)
    assert sent["connection"] == "close"
    assert sent["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert sent["x-content-type-options"] == "nosniff"
    assert b"root:" not in response  # /etc/passwd never leaks
    assert not [line for line in logs if "Internal error" in line or "Traceback" in line]
    assert "Traceback" not in capfd.readouterr().err


def test_allowed_hosts_are_answered(quick_server):
    server, _ = quick_server
    for host in ("127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"):
        request = b"GET /__course/state HTTP/1.1\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n\r\n"
        response = _send(server, request)
        assert status(response) == 200, (host, response[:200])
        assert json.loads(response.split(b"\r\n\r\n", 1)[1])["errors"] == []


@pytest.mark.slow
def test_the_host_given_with_host_is_answered(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    server = DevServer(root, host="127.0.0.2", port=0, log=lambda _: None)  # all of 127/8 is loopback
    server.start()
    try:
        port = server.httpd.server_address[1]
        asked = b"GET /en/index.html HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
        assert status(exchange(port, asked % (b"127.0.0.2", port), host="127.0.0.2")) == 200
        assert status(exchange(port, asked % (b"evil.example", port), host="127.0.0.2")) == 421
        assert server.url == f"http://127.0.0.2:{port}/"
    finally:
        server.stop()


@pytest.mark.slow
def test_ipv6_loopback(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    server = DevServer(root, host="::1", port=0, log=lambda _: None)
    server.start()
    try:
        port = server.httpd.server_address[1]
        assert server.url == f"http://[::1]:{port}/"
        assert b"</html>" in urllib.request.urlopen(server.url + "en/index.html").read()
        asked = b"GET /en/index.html HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
        assert status(exchange(port, asked % b"evil.example:%d" % port, host="::1")) == 421
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("header", "bound", "allowed"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("[::1]:8000", "127.0.0.1", True),
        ("localhost:8000", "localhost", True),
        ("evil.example:8000", "127.0.0.1", False),
        ("localhost:8001", "localhost", False),
        ("localhost", "localhost", False),  # port 8000, so a browser would have sent it
        ("192.168.1.5:8000", "0.0.0.0", True),  # shared on the network: others use the machine's address
        ("[fe80::1]:8000", "::", True),
        ("evil.example:8000", "0.0.0.0", False),  # but never a DNS name, even then
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("course-laptop.lan:8000", "course-laptop.lan", True),  # the name given with --host
    ],
)
def test_host_check(header, bound, allowed):
    assert host_allowed(header, bound, 8000) is allowed


@pytest.mark.slow
def test_every_answer_carries_the_page_policy(quick_server):
    server, _ = quick_server
    port = server.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_SECONDS)
    try:
        for path, code in [("/en/index.html", 200), ("/assets/course.css", 200), ("/__course/live.js", 200),
                           ("/__course/state", 200), ("/en/gone.html", 404), ("/gone.png", 404)]:  # fmt: skip
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == code, path
            assert response.getheader("Content-Security-Policy") == CONTENT_SECURITY_POLICY, path
            assert response.getheader("X-Content-Type-Options") == "nosniff", path
    finally:
        connection.close()
    stream = exchange(port, b"HEAD /__course/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
    assert status(stream) == 200 and headers(stream)["content-security-policy"] == CONTENT_SECURITY_POLICY


# --- connections that say nothing, or too little --------------------------------------------------


@pytest.mark.slow
def test_an_idle_connection_is_closed(quick_server):
    server, _ = quick_server
    assert exchange(server.httpd.server_address[1], b"") == b""  # closed, not left open until HANG_SECONDS


@pytest.mark.slow
def test_a_half_sent_request_is_closed(quick_server):
    server, _ = quick_server
    assert _send(server, b"GET /en/index.html HTTP/1.1\r\n" + HOST) == b""


@pytest.mark.slow
def test_a_request_trickled_a_byte_at_a_time_is_closed(quick_server):
    server, _ = quick_server
    port = server.httpd.server_address[1]
    start = b"GET /en/index.html HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Slow: " % port
    assert closes_while_trickled(port, start)  # each byte comes well within the deadline; the whole never does


@pytest.mark.slow
def test_a_kept_alive_connection_is_closed_once_idle(quick_server):
    server, _ = quick_server
    response = _send(server, b"GET /en/index.html HTTP/1.1\r\n" + HOST + b"\r\n")  # keep-alive: no close asked
    assert status(response) == 200 and response.rstrip().endswith(b"</html>")


# --- pages are replaced whole --------------------------------------------------------------------


@pytest.mark.slow
def test_a_page_is_never_read_half_written(tmp_path):
    versions = [b"<p>" + bytes([65 + i]) * 4_000_000 + b"</p>" for i in range(2)]
    sync_site(Site(pages={"big.html": versions[0]}), tmp_path)
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            seen.add(len((tmp_path / "big.html").read_bytes()))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(20):
        sync_site(Site(pages={"big.html": versions[(i + 1) % 2]}), tmp_path)
    stop.set()
    for reader in readers:
        reader.join()
    assert seen == {len(versions[0])}  # both versions have this length: anything else was half-written
    assert [p.name for p in tmp_path.iterdir()] == ["big.html"]  # no temporary file left behind


@pytest.mark.slow
def test_a_burst_during_a_rebuild_gets_only_whole_pages(dev_server):
    """2,000 requests, 16 at a time: pages, assets, the live script, the state and 404s. A lesson is edited
    at request 500; requests from 1,000 on wait until the rebuild has started (so they run during it),
    and from 1,800 on until it has finished (so they must see the edit)."""
    server, root, _ = dev_server
    port = server.httpd.server_address[1]
    files = sorted(p.relative_to(server.out).as_posix() for p in server.out.rglob("*") if p.is_file())
    old = {rel: (server.out / rel).read_bytes() for rel in files}
    pages = [rel for rel in files if rel.endswith(".html")]
    assets = [rel for rel in files if not rel.endswith(".html")]
    mix = [f"/{rel}" for rel in pages + assets] + ["/en/basics/", "/__course/live.js", "/__course/state"]
    mix += ["/en/gone.html", "/assets/gone.css", "/no/such/folder/"]
    paths = [mix[i % len(mix)] for i in range(2000)]
    edited = "/en/basics/reading.html"
    paths[1800::10] = [edited + "?after-the-rebuild"] * len(paths[1800::10])

    started, finished, overlap = threading.Event(), threading.Event(), []
    original, completed, lock = server.rebuild, [0], threading.Lock()

    def rebuild():
        started.set()
        before = completed[0]
        original()
        overlap.append(completed[0] - before)
        finished.set()

    server.rebuild = rebuild  # the watcher calls it when it sees the edit
    lesson = root / "modules/01-basics/01-reading.md"

    def before(i):
        if i == 500:  # saved the way editors save, whole, so the watcher sees one change
            edit = root / "edit.tmp"  # outside the watched folders
            edit.write_text(lesson.read_text().replace("title: Reading a lesson", "title: Reading, edited"))
            os.replace(edit, lesson)
        if i >= 1000 and not started.wait(HANG_SECONDS):
            raise AssertionError("the edit started no rebuild")
        if i >= 1800 and not finished.wait(HANG_SECONDS):
            raise AssertionError("the rebuild did not finish")

    def check(answer: Answer) -> str | None:
        with lock:
            completed[0] += 1
        if answer.headers.get("content-security-policy") != CONTENT_SECURITY_POLICY:
            return "no page policy"
        rel = answer.path.lstrip("/").split("?")[0]
        rel = rel + "index.html" if rel.endswith("/") else rel
        if "gone" in rel or rel.startswith("no/"):
            return None if answer.status == 404 else f"status {answer.status}, not 404"
        if answer.status != 200:
            return f"status {answer.status}"
        if rel.startswith("__course/"):
            return None
        if not rel.endswith(".html"):
            # the edit changes the search index, the worker's list and the download too: each either version, whole
            return None if answer.body in (old[rel], current(rel)) else "asset bytes differ"
        whole = [page.replace(b"</body>", INJECT + b"</body>") for page in (old[rel], current(rel))]
        if answer.body not in whole:
            return f"not a whole page ({len(answer.body)} bytes)"
        if answer.path.endswith("?after-the-rebuild") and b"Reading, edited" not in answer.body:
            return "the edit is not served after the rebuild"
        return None

    def current(rel):
        try:
            return (server.out / rel).read_bytes()
        except FileNotFoundError:
            return b""

    problems = burst(port, paths, check, workers=16, before=before)
    assert problems == [], problems[:10]
    assert completed[0] == 2000
    assert overlap and overlap[0] > 0  # some answers came while the rebuild ran
    assert b"Reading, edited" in urllib.request.urlopen(server.url + edited.lstrip("/")).read()
    assert b"Reading, edited" not in old[edited.lstrip("/")]
