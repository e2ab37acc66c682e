"""Ralph, the learning record store the xAPI side is tested against (../shared/TESTING.md's recipe):
installed by the tests themselves into tests/.ralph/ (git-ignored) when it is not there yet, and
started on 127.0.0.1 with its filesystem backend."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import UNDER_CI

FOLDER = Path(__file__).parent / ".ralph"
PACKAGES = ["ralph-malph[cli,lrs]==5.1.0", "requests"]
USER, PASSWORD = "trainer", "not-a-secret"
# The filesystem backend must append, or every POST after the first answers 500 (TESTING.md).
SERVE = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _missing(what: str):
    if UNDER_CI:
        pytest.fail(f"{what} is missing under CI")
    pytest.skip(f"{what} not available")


def _python() -> Path:
    python = FOLDER / "venv" / "bin" / "python"
    if not (FOLDER / "venv" / "bin" / "ralph").exists():
        subprocess.run([sys.executable, "-m", "venv", str(FOLDER / "venv")], check=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], capture_output=True,
                              text=True, timeout=900, check=False)  # fmt: skip
        if done.returncode != 0:
            _missing(f"Ralph ({done.stderr.strip()[-300:]})")
    return python


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """A running Ralph: its xAPI endpoint and credentials."""

    def __init__(self, workdir: Path):
        python = _python()
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        self.user, self.password = USER, PASSWORD
        env = {
            **os.environ,
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "statements"),
        }
        ralph = python.parent / "ralph"
        subprocess.run([str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:trainer@example.org",
                        "-w"], env=env, capture_output=True, check=True, timeout=120)  # fmt: skip
        self.log = (workdir / "ralph.log").open("w")
        self.process = subprocess.Popen([str(python), "-c", SERVE, str(self.port)], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2).close()
                return
            except urllib.error.HTTPError as error:  # it answers: it is up
                error.close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"Ralph did not start: {(workdir / 'ralph.log').read_text()[-800:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
