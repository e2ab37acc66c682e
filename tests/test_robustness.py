"""A hundred and fifty mangled copies of a real course: every one is checked without a traceback."""

from __future__ import annotations

import random
import shutil

import pytest

from course.build import check

from .conftest import COURSES

MUTATIONS = ("truncate", "drop_line", "repeat_line", "indent", "dedent", "colon", "quote", "bracket", "bytes", "empty")


def mangle(text: bytes, how: str, rng: random.Random) -> bytes:
    lines = text.split(b"\n")
    i = rng.randrange(len(lines))
    if how == "truncate":
        return text[: rng.randrange(len(text) + 1)]
    if how == "drop_line":
        return b"\n".join(lines[:i] + lines[i + 1 :])
    if how == "repeat_line":
        return b"\n".join(lines[: i + 1] + lines[i:])
    if how == "indent":
        lines[i] = b"   " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i].lstrip()
    elif how in ("colon", "quote", "bracket"):
        mark = {"colon": b": ", "quote": b'"', "bracket": b"["}[how]
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + mark + lines[i][at:]
    elif how == "bytes":
        lines[i] = lines[i] + bytes([rng.randrange(128, 256)])
    elif how == "empty":
        return b""
    return b"\n".join(lines)


@pytest.mark.slow
def test_mangled_courses_never_raise(tmp_path):
    rng = random.Random(20261122)
    source = COURSES / "features"
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.suffix in (".md", ".yaml"))
    for n in range(150):
        root = tmp_path / f"c{n}"
        shutil.copytree(source, root)
        for _ in range(rng.choice((1, 1, 2, 3))):
            rel = rng.choice(files)
            how = rng.choice(MUTATIONS)
            (root / rel).write_bytes(mangle((root / rel).read_bytes(), how, rng))
        checked = check(root)  # must return diagnostics, never raise
        for diagnostic in checked.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.col >= 1 and (root / diagnostic.path).exists(), diagnostic
        shutil.rmtree(root)
