"""When each course file last changed, to tell a translation older than its source.

Inside a git work tree the commit time counts (file times are checkout times in a fresh
clone); a file with uncommitted edits counts as changed now. Elsewhere, file times."""

from __future__ import annotations

import subprocess
import time
from functools import cache
from pathlib import Path

from course.errors import Position, Report

TOLERANCE_SECONDS = 2  # files written together (a copy, a checkout) are not "newer"


@cache
def _git_times(root: Path) -> dict[str, float] | None:
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"], capture_output=True, text=True, timeout=10
        )
        if top.returncode != 0:
            return None
        log = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--format=%x00%ct",
                "--name-only",
                "--relative",
                "--",
                "modules",
                "quizzes",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all", "--", "modules", "quizzes"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    times: dict[str, float] = {}
    for block in log.stdout.split("\0")[1:]:
        stamp, *names = block.strip().split("\n")
        for name in names:
            times.setdefault(name.strip(), float(stamp))  # newest commit comes first
    now = time.time()
    prefix = top.stdout.strip()  # status names paths from the top of the repository
    for line in dirty.stdout.splitlines():
        name = line[3:].strip().strip('"').split(" -> ")[-1]
        times[name.removeprefix(prefix)] = now
    return times


def changed_at(root: Path, rel: str) -> float:
    times = _git_times(root.resolve())
    if times is not None and rel in times:
        return times[rel]
    try:
        return (root / rel).stat().st_mtime
    except OSError:
        return 0.0


def is_stale(root: Path, source: str, translation: str) -> bool:
    """True when the source changed after its translation."""
    return changed_at(root, source) > changed_at(root, translation) + TOLERANCE_SECONDS


def forget() -> None:
    """Drop cached git times (the dev server calls this before each rebuild)."""
    _git_times.cache_clear()


def warn_if_stale(root: Path, source: str, translation: str, report: Report) -> None:
    if is_stale(root, source, translation):
        report.warning(
            Position(translation),
            f"{source} changed after this translation; update it (saving it marks it up to date)",
            "stale-translation",
        )
