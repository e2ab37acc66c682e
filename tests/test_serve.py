"""`course serve` for real: a page reloads after an edit, errors show over the page, fixing clears them."""

from __future__ import annotations

import shutil
import threading
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from course.render import Site
from course.serve import DevServer, sync_site

from .conftest import COURSES


@pytest.fixture
def dev_server(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    logs = []
    server = DevServer(root, port=0, log=logs.append)
    server.start()
    yield server, root, logs
    server.stop()


def test_sync_writes_only_changed_files(tmp_path):
    assert sync_site(Site(pages={"a.html": b"1", "b/c.html": b"2"}), tmp_path) == ["a.html", "b/c.html"]
    assert sync_site(Site(pages={"a.html": b"1", "b/c.html": b"3"}), tmp_path) == ["b/c.html"]
    assert sync_site(Site(pages={"a.html": b"1"}), tmp_path) == ["b/c.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


def test_pages_are_served_with_the_live_script(dev_server):
    server, _, _ = dev_server
    html = urllib.request.urlopen(server.url + "en/basics/reading.html").read().decode()
    assert '<script src="/__course/live.js"></script></body>' in html
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(server.url + "../../etc/passwd")


@pytest.mark.browser
def test_edit_reloads_errors_overlay_fix_clears(dev_server, page: Page):
    server, root, logs = dev_server
    page.goto(server.url + "en/basics/reading.html")
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
    expect(overlay).to_contain_text("quizzes/01-basics.yaml:7:11: error: 'singel' is not a valid type")

    quiz.write_text(good)
    expect(overlay).to_have_count(0, timeout=5000)
    expect(page.locator("h1")).to_have_text("Reading, edited")
    assert any("error" in line for line in logs)


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


def test_head_requests_and_a_folder_without_a_course(dev_server, tmp_path):
    import click

    from course.serve import serve

    server, _, _ = dev_server
    request = urllib.request.Request(server.url + "en/index.html", method="HEAD")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and response.read() == b""
    with pytest.raises(click.UsageError, match="no course.yaml"):
        serve(tmp_path, "127.0.0.1", 0)


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
            assert cached.site.copies == fresh.site.copies
    messages = " ".join(d.message for d in fresh.diagnostics)
    assert "02-gone.md" in messages and "no alt text" in messages
