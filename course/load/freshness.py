"""When each course file last changed, to tell a translation older than its source.

Inside a git work tree the commit time counts (file times are checkout times in a fresh
clone); a file whose content differs from its last commit counts as changed now. Elsewhere,
file times.

A course folder can come from a stranger with its own .git, whose config may name programs
for git to run (core.fsmonitor, hooks, filters, a pager, gpg for signatures). So git runs
one command per check, a `git log` that reads history and never a file's content, with those
settings overridden on the command line, which beats any config file; whether a file was
edited is decided here by hashing it as git does, never by `git status`, which would run the
repository's filters."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from course.errors import Position, Report
from course.i18n.trainer import msg

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


# One `git log` answers both questions: when each file was last committed, and which content
# HEAD holds for it (what `git ls-tree HEAD` would say, without a second command).
LOG = (
    "log",
    "--date-order",  # newest first, and never a commit before one made on top of it
    "--parents",  # parents rewritten to the nearest commits shown, so any line can be followed
    "--raw",  # each changed file with its blob ids before and after ...
    "--no-abbrev",  # ... in full
    # A merge lists what it changed against its first parent. (This also makes git walk every
    # branch; _walked() finds the commits its usual history simplification keeps.)
    "--diff-merges=first-parent",
    "--root",  # the first commit lists its files too, whatever log.showRoot says
    "--no-renames",  # a rename is a deletion and an addition, one name per entry (and no search)
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "-z",  # names as they are, never quoted
    "--format=%H %ct %P",
    "--relative",
    "--",
    *WATCHED,
)
_NONE = "0" * 40  # the blob id git gives a file that is not there


@dataclass
class _Commit:
    time: float
    parents: list[str]  # first parent first
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # file -> (blob before, blob after)


def _read_log(log: str) -> dict[str, _Commit]:
    """The commits of a LOG output by id, in its order (newest first)."""
    commits: dict[str, _Commit] = {}
    current = None
    tokens = iter(log.split("\0"))
    for token in tokens:  # a file's name follows its own token, so no name is read as a header
        token = token.lstrip("\n")
        if token.startswith(":"):  # ":100644 100644 <before> <after> M", then the file's name
            name, (_, _, before, after, _) = next(tokens), token.split()
            if current is not None:
                current.changes[name] = (before, after)
        elif token:  # "<commit> <time> <parents...>"
            commit, stamp, *parents = token.split()
            current = commits[commit] = _Commit(float(stamp), parents)
    return commits


def _walked(commits: dict[str, _Commit], tip: str) -> set[str]:
    """The commits `git log -- modules quizzes` walks: at a merge whose course files are all as
    one parent has them, only that parent's line (the other's changes did not reach HEAD)."""
    held: dict[str, int] = {}  # commit -> a hash of the course files it holds, built on its first parent
    for commit, c in reversed(commits.items()):  # oldest first
        files = held.get(c.parents[0], 0) if c.parents else 0
        for name, (before, after) in c.changes.items():
            files ^= hash((name, before)) ^ hash((name, after))  # XOR: order does not matter
        held[commit] = files
    walked, todo = set(), [tip]
    while todo:
        commit = todo.pop()
        if commit in walked or commit not in commits:
            continue
        walked.add(commit)
        parents = commits[commit].parents
        same = [parent for parent in parents if held.get(parent) == held[commit]]
        todo += same[:1] if len(parents) > 1 and same else parents
    return walked


@cache
def _git_times(root: Path) -> dict[str, float] | None:
    log = git(root, *LOG)
    if log is None:
        return None  # not in git, no commit yet, or no git
    try:
        commits = _read_log(log)
    except (ValueError, StopIteration):
        return None  # an output this code does not know: file times, as outside git
    named = {parent for c in commits.values() for parent in c.parents}
    tip = next((commit for commit in commits if commit not in named), None)  # HEAD, or what stands for it
    committed: dict[str, str] = {}  # file -> blob id at HEAD: the newest change along first parents
    at = tip
    while at in commits:  # each step goes to an older commit, so this ends
        for name, (_, after) in commits[at].changes.items():
            committed.setdefault(name, after)
        at = commits[at].parents[0] if commits[at].parents else None
    times: dict[str, float] = {}
    walked = _walked(commits, tip) if tip else set()
    for commit, c in commits.items():  # newest first: the first commit to change a file gives its time
        if commit in walked and len(c.parents) < 2:  # a merge's files were timed on their branch
            for name in c.changes:
                times.setdefault(name, c.time)
    now = time.time()
    for folder in WATCHED:
        for top, _, files in os.walk(root / folder):  # symbolic links to folders are not followed
            for name in files:
                path = Path(top, name)
                rel = path.relative_to(root).as_posix()
                try:
                    if not path.is_symlink() and committed.get(rel, _NONE) != blob_id(path.read_bytes()):
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
            msg("{source} changed after this translation; update it (saving it marks it up to date)", source=source),
            "stale-translation",
        )
