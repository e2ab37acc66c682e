"""write_file(out, data): one exported file, replaced whole, never over a file of someone else's."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from course.i18n.trainer import msg


def write_file(out: Path, data: bytes, is_ours: Callable[[bytes], bool]) -> None:
    """Write data to out through a temporary file beside it and one rename, so out is always the
    old file or the new one. is_ours(old bytes) tells an earlier export from a file that merely
    has the same name, which is left alone (UsageError)."""
    if out.is_dir():
        raise click.UsageError(
            msg(
                "{out} is a folder; give the file to write, e.g. {example}",
                out=str(out),
                example=str(out / "course.json"),
            )
        )
    if out.exists():
        try:
            ours = is_ours(out.read_bytes())
        except OSError:
            ours = False
        if not ours:
            raise click.UsageError(
                msg(
                    "{out} already exists and is not an export of this kind; move it away or choose another -o",
                    out=str(out),
                )
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}-", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def size_note(size: int) -> str:
    """'1.4 MB', '12 KB': the size of a written file, for the person who made it."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"
