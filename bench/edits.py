"""The one-file edits the incremental measures make: a word in a lesson, a word in a quiz."""

from __future__ import annotations

import re
from pathlib import Path

_LESSON_MARK = re.compile(r"(\n---\n\n)(Edited \d+\. )?")
_QUIZ_MARK = re.compile(r"(\n    explanation: \"?)(Edited \d+\. )?")


def middle(root: Path, pattern: str) -> Path:
    files = sorted(root.glob(pattern))
    return files[len(files) // 2]


def edit_lesson(root: Path, n: int) -> Path:
    """The lesson in the middle of the course, its first sentence changed (a new change each n)."""
    return _edit(middle(root, "modules/*.md"), _LESSON_MARK, n)


def edit_quiz(root: Path, n: int) -> Path:
    """The quiz in the middle of the course, the explanation of its first question changed."""
    return _edit(middle(root, "quizzes/*.yaml"), _QUIZ_MARK, n)


def _edit(path: Path, mark: re.Pattern, n: int) -> Path:
    text = path.read_text(encoding="utf-8")
    edited = mark.sub(lambda m: f"{m.group(1)}Edited {n}. ", text, count=1)
    assert edited != text, f"{path}: nothing to edit"
    path.write_text(edited, encoding="utf-8")
    return path
