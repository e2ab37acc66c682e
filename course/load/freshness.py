"""When each course file last changed, to tell a translation older than its source.

Inside a git work tree the commit time counts (file times are checkout times in a fresh
clone); a file whose content differs from its last commit counts as changed now. Elsewhere,
file times.

A course folder can come from a stranger with its own .git, whose config may name programs
for git to run (core.fsmonitor, hooks, filters, a pager, gpg for signatures). So git runs
only commands that read history (rev-parse, log, ls-tree) with those settings overridden on
the command line, which beats any config file; whether a file was edited is decided here by
hashing it as git does, never by `git status`, which would run the repository's filters."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from functools import cache
from pathlib import Path

from course.errors import Position, Report

TOLERANCE_SECONDS = 2  # files written together (a copy, a checkout) are not "newer"
WATCHED = ("modules", "quizzes")
# Every setting by which these read-only commands could start a program of the repository's.
NEUTRAL_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.untrackedCache=false",
    "log.showSignature=false",
    "diff.external=",
    "gpg.program=false",
    "protocol.allow=never",
)


def git(root: Path, *args: str, timeout: int = 30) -> str | None:
    """Output of a read-only git command in root, run so the repository cannot start programs."""
    command = ["git", "--no-pager"]
    for setting in NEUTRAL_CONFIG:
        command += ["-c", setting]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
    env.pop("GIT_EXTERNAL_DIFF", None)
    try:
        done = subprocess.run(
            [*command, "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@cache
def _git_times(root: Path) -> dict[str, float] | None:
    prefix = git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    log = git(root, "log", "--no-ext-diff", "--no-textconv", "--format=%x00%ct", "--name-only", "--relative",
              "--", *WATCHED)  # fmt: skip
    tree = git(root, "ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", *(prefix.strip() + w for w in WATCHED))
    if log is None:
        return None
    times: dict[str, float] = {}
    for block in log.split("\0")[1:]:
        stamp, *names = block.strip().split("\n")
        for name in names:
            times.setdefault(name.strip(), float(stamp))  # newest commit comes first
    committed = {}  # path from the course root -> blob id at HEAD
    for entry in (tree or "").split("\0"):
        if "\t" in entry:
            meta, name = entry.split("\t", 1)
            committed[name.removeprefix(prefix.strip())] = meta.split()[2]
    now = time.time()
    for folder in WATCHED:
        for top, _, files in os.walk(root / folder):  # symbolic links to folders are not followed
            for name in files:
                path = Path(top, name)
                rel = path.relative_to(root).as_posix()
                try:
                    if not path.is_symlink() and committed.get(rel) != blob_id(path.read_bytes()):
                        times[rel] = now
                except OSError:
                    continue
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
