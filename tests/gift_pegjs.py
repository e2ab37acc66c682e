"""gift-pegjs (npm), the GIFT parser the GIFT export is tested against, installed by the tests
themselves into tests/.node/ (git-ignored) when it is not there yet."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import UNDER_CI

FOLDER = Path(__file__).parent / ".node"
PACKAGE = "gift-pegjs@1"
PARSE = (
    'const{parse}=require("gift-pegjs");'
    'try{console.log(JSON.stringify(parse(require("fs").readFileSync(process.argv[1],"utf8"))))}'
    'catch(e){console.error(process.argv[1]+":"+(e.location?e.location.start.line+":"+e.location.start.column:"")'
    '+": "+e.message);process.exit(1)}'
)


def _missing(what: str):
    if UNDER_CI:
        pytest.fail(f"{what} is missing under CI")
    pytest.skip(f"{what} not available")


def install() -> Path:
    """The folder whose node_modules holds gift-pegjs."""
    if not (FOLDER / "node_modules" / "gift-pegjs").is_dir():
        npm = shutil.which("npm")
        if not npm or not shutil.which("node"):
            _missing("node and npm")
        FOLDER.mkdir(exist_ok=True)
        done = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(FOLDER), PACKAGE],
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        if done.returncode != 0:
            _missing(f"gift-pegjs ({done.stderr.strip()[-300:]})")
    return FOLDER


def parse_gift(path: Path) -> list[dict]:
    """gift-pegjs's parse tree of the file; AssertionError with its file:line:col message when it refuses it."""
    folder = install()
    done = subprocess.run(["node", "-e", PARSE, str(path)], capture_output=True, text=True, timeout=60,
                          cwd=folder, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
