"""The course folder's files, for the stages after load that must ask about one.

A lesson may link any file of the course; which ones is known only once its text is converted.
The link stage asks here whether such a file exists and stays inside the course, and reads the
files a page shows (to copy them, and to look for script in an SVG). Every other read of the
course happens in the load stage itself."""

from __future__ import annotations

from pathlib import Path


class CourseFiles:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._inside_root = self.root.resolve()

    def problem(self, rel: str) -> str:
        """Why rel (relative to the root, with '/') cannot be used, or "" when it is a file of the course.
        The answers: "missing", "loop", "outside", or "name: <reason>" for a name the system refuses."""
        path = self.root / rel
        try:
            exists = path.is_file()
        except OSError as error:  # a name longer than the system allows, and the like
            return f"name: {error.strerror}"
        if not exists:
            return "missing"
        try:
            inside = path.resolve().is_relative_to(self._inside_root)
        except (OSError, RuntimeError):  # a loop of symbolic links
            return "loop"
        return "" if inside else "outside"

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()
