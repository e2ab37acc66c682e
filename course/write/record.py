"""The record of the last build into a folder, so a build of an unchanged course does nothing.

It lives in the user's cache folder (course.convert.cachedir.cache_folder), never in the output,
so the output stays the same bytes whatever was built before, and deleting the cache only costs
one full build. A record holds the state of the inputs (course.load.inputs), the size and time of
every file written, and what the build reported; any difference, a missing file, or a record
that cannot be read means build again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from course.convert.cachedir import cache_folder

FORMAT = 2  # 2: warnings kept as msgid and values, to be shown again in the trainer's language


def _record_path(out: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    return folder / "builds" / (hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:32] + ".json")


def output_state(out: Path, files) -> dict:
    state = {}
    for rel in sorted(files):
        try:
            info = (out / rel).stat()
            state[rel] = [info.st_size, info.st_mtime_ns]
        except OSError:
            state[rel] = None
    return state


def save_record(out: Path, record: dict, files) -> None:
    """Note what out now holds: record (inputs and report, JSON-able) and files, what the build wrote."""
    path = _record_path(out)
    if path is None:
        return
    record = {**record, "format": FORMAT, "output": output_state(out, files)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        # default=str: a message's value such as a Path is kept as its text
        temporary.write_text(json.dumps(record, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # no record: the next build is a full one


def last_record(out: Path) -> dict | None:
    """The record of the last build into out, if out still holds exactly what that build wrote."""
    path = _record_path(out)
    if path is None:
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("format") != FORMAT or output_state(out, record["output"]) != record["output"]:
            return None
        return record
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
