"""What the benchmark reads from our own code, wherever the measured version keeps it."""

from __future__ import annotations

import importlib


def extensions() -> tuple[list, dict]:
    """Python-Markdown's extensions and their configuration, as our build uses them."""
    for name in ("course.convert.text", "course.convert", "course.markdown"):  # newest home first, then older ones
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "EXTENSIONS"):
            return module.EXTENSIONS, module.EXTENSION_CONFIGS
    raise ImportError("no EXTENSIONS in course.convert.text, course.convert or course.markdown")
