"""Where the tool keeps what it may forget: conversions and the records of past builds."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path | None:
    """Where conversions are kept, or None when the cache is turned off."""
    chosen = os.environ.get("COURSE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course"
