"""`course serve` seen from a real browser: from a lesson's saved edit to the open page's new load.

    python bench/live.py COURSE_DIR ROUNDS      # prints JSON

Starts `course serve` on the course, opens the lesson in the middle of it in Chromium (Playwright,
/usr/bin/chromium with the arguments of tests/conftest.py), waits for the live script's event
stream, then ROUNDS times: writes a changed first sentence into the lesson's file and waits for
the page's next load event. The time is from just before the write to the new page's loadEventStart
(both on this machine's clock), and the new page must show the new sentence. Serve's own
"Rebuilt in …" lines are kept beside it, to tell the rebuild from the rest (its poll of the files
every 0.25 s, the event, the reload)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code
from bench.edits import edit_lesson, middle  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as tests/conftest.py runs it
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
START_SECONDS = 1800  # serve's first build of a large course, on a shared machine
REBUILT = re.compile(r"Rebuilt in ([0-9.]+)s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, serve: subprocess.Popen) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < START_SECONDS:
        if serve.poll() is not None:
            raise SystemExit(f"course serve stopped (exit {serve.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"course serve did not answer within {START_SECONDS} s")


def main(root: Path, rounds: int, course_command: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    lesson = middle(root, "modules/*.md")
    port = free_port()
    url = f"http://127.0.0.1:{port}/en/{lesson.stem.split('-', 1)[1]}/index.html"
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-serve-", suffix=".log", delete=False)  # noqa: SIM115
    serve = subprocess.Popen([*course_command, "serve", str(root), "--port", str(port)], stdout=log,
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip
    seconds, rebuilt = [], []
    try:
        first = wait_until_served(url, serve)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            time.sleep(2)  # the event stream's first message, which the live script remembers
            for n in range(rounds):
                mark = f"Edited {500 + n}."
                lines_before = len(REBUILT.findall(Path(log.name).read_text()))
                with page.expect_event("load", timeout=600_000):
                    written = time.time()
                    edit_lesson(root, 500 + n)
                loaded = page.evaluate(
                    "performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventStart"
                )
                if mark not in page.content():
                    raise SystemExit(f"the page loaded again without the edit ({mark!r})")
                seconds.append(loaded / 1000 - written)
                time.sleep(1)
                found = REBUILT.findall(Path(log.name).read_text())
                rebuilt.append(float(found[lines_before]) if len(found) > lines_before else None)
                time.sleep(1)
            browser.close()
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(30)
        except subprocess.TimeoutExpired:
            serve.kill()
        log.close()
        os.unlink(log.name)
    return {"first_build": first, "seconds": seconds, "rebuilt": rebuilt, "url": url.split("/", 3)[3]}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])))
