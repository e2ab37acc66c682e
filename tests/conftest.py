"""Shared fixtures: a CLI runner, throwaway courses, built sites, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
COURSES = Path(__file__).parent / "courses"
SHARED = ROOT.parent / "shared"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Conversions are cached in the user's cache folder: the tests keep theirs apart (and subprocesses
# inherit it), so a run neither reads nor fills the developer's own.
os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="course-test-cache-")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_course(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a course from {relative path: text}; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


MINIMAL = {
    "course.yaml": """
        id: mini
        title: Mini
        framework:
          title: Parts
          parts:
            - {id: foundation, title: Foundation}
        """,
    "modules/01-intro/01-start.md": """
        ---
        title: Start
        part: foundation
        objectives: [Begin]
        ---

        Hello.
        """,
    "quizzes/01-intro.yaml": """
        id: intro-check
        questions:
          - id: q1
            type: true_false
            prompt: Is this a quiz?
            answer: true
            feedback: {correct: Yes., incorrect: It is.}
            explanation: It is one.
        """,
}


@pytest.fixture
def make_course(tmp_path):
    """make_course({path: text}) -> course folder: the minimal course with these files changed
    (a value of None removes a file)."""

    def make(changes: dict | None = None, base: dict | None = None) -> Path:
        files = dict(MINIMAL if base is None else base)
        for rel, content in (changes or {}).items():
            if content is None:
                files.pop(rel, None)
            else:
                files[rel] = content
        root = tmp_path / "course"
        if root.exists():
            shutil.rmtree(root)
        return write_course(root, files)

    return make


@functools.cache
def _built(name: str, out: str) -> Path:
    from course.build import build

    source = ROOT if name == "flagship" else COURSES / name
    build(source, Path(out))
    return Path(out)


@pytest.fixture(scope="session")
def features_site(tmp_path_factory) -> Path:
    return _built("features", str(tmp_path_factory.mktemp("features") / "build"))


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory) -> Path:
    return _built("flagship", str(tmp_path_factory.mktemp("flagship") / "build"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base url of a local web server for that folder."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def errors(page):
    """Script errors and unexpected dialogs on the page: a browser test using this asserts there were none.
    A test that expects a dialog handles it itself and does not use this fixture."""
    found = []
    page.on("pageerror", lambda e: found.append(str(e)))
    page.on("dialog", lambda d: found.append(f"unexpected dialog: {d.message}") or d.dismiss())
    yield found
    assert found == []


def shared_path(*parts) -> Path:
    """A file from ../shared; skip when it is absent, except under CI where it must exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if UNDER_CI:
            pytest.fail(f"{path} is missing under CI")
        pytest.skip(f"{path} not available")
    return path


# --- the browser -------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or UNDER_CI:
        return  # under CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if UNDER_CI and _skipped_browser_tests:
        print(f"\nCI: {len(_skipped_browser_tests)} browser test(s) skipped; under CI they must run")
        session.exitstatus = 1
