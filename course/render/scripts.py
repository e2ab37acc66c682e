"""The browser's files as the site ships them: styles and scripts under assets/."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parents[1] / "static"
STATIC_FILES = ("course.css", "course.js", "redirect.js", "store.js")


def static_assets() -> dict[str, bytes]:
    """assets/ file name -> bytes, for every page type's styles and scripts."""
    return {name: (STATIC / name).read_bytes() for name in STATIC_FILES}
