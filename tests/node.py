"""Run the browser's own script files in Node, to hold them to the same tables as the Python side."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from course.render.scripts import STATIC

from .conftest import UNDER_CI

NODE = shutil.which("node") or "/usr/bin/node"


def run_js(files: list[str], body: str, data) -> object:
    """Load static/<files> with a bare `window`, then run body (a function body that sees `window`
    and `input`, the JSON of data) and return what it returns, through JSON."""
    if not shutil.which(NODE):
        if UNDER_CI:
            pytest.fail("node is missing under CI")
        pytest.skip("node not installed")
    source = "var window = {};\n" + "\n".join((STATIC / name).read_text(encoding="utf-8") for name in files)
    source += (
        f"\nvar input = {json.dumps(data)};\nprocess.stdout.write(JSON.stringify((function () {{ {body} }})()));\n"
    )
    done = subprocess.run([NODE, "-"], input=source, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
