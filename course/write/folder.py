"""write_folder(files, out): write everything into a fresh folder, then swap it in at once.

The output folder is the tool's only as far as its manifest says: files a build did not
write (a .git, a CNAME, a README) are carried into the new build and never deleted. The
swap is one rename exchange, so out always exists and holds a whole build, the old one or
the new one, whenever the process is killed; what an interrupted build leaves beside out is
removed by the next."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from course.i18n.trainer import msg
from course.link.urls import IDS_FILE

MANIFEST = ".course-build.json"  # the files this tool wrote into the folder, for the next build


@dataclass(frozen=True)
class Written:
    out: Path
    kept: tuple[str, ...]  # files of the folder that no build wrote, carried over untouched
    files: tuple[str, ...] = ()  # what this build wrote


def write_folder(files: Iterable[tuple[str, bytes]], out: Path) -> Written:
    """Replace the build in out with files, (path, bytes) pairs written as they come, so a
    renderer need not hold the whole site; on any failure or kill out is left as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        written = set()
        for rel, data in files:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.add(rel)
        kept = foreign_files(out, written)
        names = sorted([*written, MANIFEST])
        (staging / MANIFEST).write_text(json.dumps({"files": names}, indent=0) + "\n", encoding="utf-8")
        for path in sorted(staging.rglob("*")):  # mkdtemp makes 0700; a site is meant to be read
            path.chmod(0o755 if path.is_dir() else 0o644)
        staging.chmod(0o755)
        # after the chmod above: a hard link shares its mode with the original, which stays as it was
        for rel in kept:
            _carry(out / rel, staging / rel)  # folders come before the files in them
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Written(out, tuple(kept), tuple(names))


def foreign_files(out: Path, written: set[str]) -> list[str]:
    """Files (and links) in out that no build wrote; UsageError if the new build would overwrite one."""
    if not out.is_dir():
        return []
    try:
        ours = set(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        # a build from before manifests: what this build writes, and the ids file, were its own
        ours = {*written, IDS_FILE} if (out / IDS_FILE).is_file() else set()
    new = {*written, MANIFEST}
    new_folders = {parent.as_posix() for rel in new for parent in Path(rel).parents}
    our_folders = {parent.as_posix() for rel in ours for parent in Path(rel).parents}
    kept = []
    for top, folders, names in os.walk(out):
        here = Path(top).relative_to(out).as_posix()
        if here in new:
            raise click.UsageError(
                msg("{path} is a folder where the new build writes a file; move it away", path=str(out / here))
            )
        if here not in our_folders and here not in new_folders:
            kept.append(here + "/")  # a folder of someone else's, kept even when empty (git needs its refs/)
        for name in sorted(names) + sorted(f for f in folders if Path(top, f).is_symlink()):
            rel = Path(top, name).relative_to(out).as_posix()
            if rel in ours or rel == MANIFEST:
                continue
            if rel in new or rel in new_folders:
                raise click.UsageError(
                    msg(
                        "{path} was not written by a build, and the new build would replace it; move it away or choose"
                        " another output folder",
                        path=out / rel,
                    )
                )
            kept.append(rel)
    return sorted(kept)


def _carry(source: Path, target: Path) -> None:
    """A file of the old folder into the new one: a hard link (the bytes stay where they are,
    so a kill at any moment loses nothing), or a copy where links are not possible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        target.mkdir(exist_ok=True)
        shutil.copystat(source, target)
        return
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted build left beside out (staging or old folders of ours),
    first putting back a previous build stranded by a kill between two renames."""
    leftovers = sorted(out.parent.glob(f".{out.name}-new-*")) + sorted(out.parent.glob(f".{out.name}-old-*"))
    for folder in leftovers:
        if not out.exists() and (folder / "site" / MANIFEST).is_file():
            os.replace(folder / "site", out)
        shutil.rmtree(folder, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now the old build
        return
    # No exchange (another system, a file system without it): two renames; a kill between them
    # leaves the old build in .out-old-*/site, which the next build puts back.
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.replace(out, old / "site")
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old / "site", out)
        raise
    shutil.rmtree(old, ignore_errors=True)
