"""The comparison tools, in a venv of their own under bench/ (git-ignored), made on first run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv"
# Pinned, so a later "after" run compares against the same tools as this "before".
# Installed one by one: a tool that does not install here is reported, and the rest still run.
PINS = {
    "mkdocs": "mkdocs==1.6.1",
    "mkdocs-material": "mkdocs-material==9.8.2",
    "zensical": "zensical==0.0.73",
    "pyinstrument": "pyinstrument==5.1.3",  # the profiler of the "before", loaded into the build's process
    # The sampling profiler of the "after": it follows the conversion pool's worker processes too.
    "py-spy": "py-spy==0.4.3",
}
STAMP = VENV / "installed.json"  # what installed and what did not, with the pins it was made for


def ensure_tools(log=print) -> dict[str, str | None]:
    """name -> installed version, or None when it would not install. Makes the venv if needed."""
    if STAMP.is_file():
        stamp = json.loads(STAMP.read_text())
        if stamp.get("pins") == PINS:
            return stamp["versions"]
    if not (VENV / "bin" / "python").is_file():
        log(f"making {VENV} for the comparison tools (once)")
        subprocess.run([_base_python(), "-m", "venv", str(VENV)], check=True)
    versions: dict[str, str | None] = {}
    for name, pin in PINS.items():
        log(f"installing {pin} into bench/.venv")
        done = subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", pin], capture_output=True, text=True)
        versions[name] = _version(name) if done.returncode == 0 else None
        if versions[name] is None:
            log(f"  {name} did not install here: {done.stderr.strip().splitlines()[-1:]}")
    STAMP.write_text(json.dumps({"pins": PINS, "versions": versions}, indent=1))
    return versions


def _base_python() -> str:
    """The interpreter our venv was made from, so bench/.venv shares nothing with the project's."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _version(name: str) -> str | None:
    done = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or None


def tool(name: str) -> str:
    return str(VENV / "bin" / name)


def site_packages() -> str:
    """bench/.venv's site-packages, appended (never prepended) to a project process that profiles."""
    done = subprocess.run(
        [str(VENV / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def quiet_env() -> dict[str, str]:
    """mkdocs-material prints a banner about MkDocs 2 on every build unless told not to."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
