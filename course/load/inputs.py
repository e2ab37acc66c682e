"""What a build was made from, cheaply observed, so an unchanged course need not be built again.

A build records the state of its inputs beside its output (in the folder's manifest); the next
build compares before it reads anything. The state is every file of the folders a course is read
from, with its size and modification time, the files its pages link elsewhere in the course, the
commit git is at (translations are judged stale by commit times), and the tool's own files, so a
new version of the tool builds again."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

SOURCE_FOLDERS = ("modules", "quizzes", "templates")
PACKAGE = Path(__file__).parents[1]


def input_state(root: Path, linked: tuple[str, ...] = ()) -> dict:
    """The state of root's inputs: JSON-able, equal for two builds exactly when no input changed."""
    files = {}
    for rel in ("course.yaml", *linked):
        files[rel] = _stat(root / rel)
    for folder in SOURCE_FOLDERS:
        base = root / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                files[path.relative_to(root).as_posix()] = _stat(path)
    return {"tool": tool_fingerprint(), "git": _git_state(root), "files": files}


def _stat(path: Path) -> list:
    try:
        info = path.stat()
    except OSError:
        return [None, None]
    return [info.st_size, info.st_mtime_ns] if path.is_file() else ["folder", None]


def _git_state(root: Path) -> str:
    """The commit the course's repository is at, read from .git's files (git itself is not run)."""
    for folder in (root, *root.resolve().parents):
        git = folder / ".git"
        if git.exists():
            try:
                head = (git / "HEAD").read_text(encoding="utf-8").strip()
                if head.startswith("ref: "):
                    ref = head[5:]
                    loose = git / ref
                    if loose.is_file():
                        return f"{ref} {loose.read_text(encoding='utf-8').strip()}"
                    packed = (git / "packed-refs").read_text(encoding="utf-8")
                    return f"{ref} {hashlib.sha256(packed.encode()).hexdigest()}"
                return head
            except (OSError, UnicodeDecodeError):
                return "unreadable"  # never equal to a recorded state: build
    return ""


def tool_fingerprint() -> str:
    """The tool's version and a hash of its own code, templates and scripts."""
    from course import __version__

    return f"{__version__} {_package_digest()}"


@lru_cache(maxsize=1)
def _package_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".md", ".yaml"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
