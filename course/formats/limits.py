"""The limits on what a course file may hold, in one place (docs/formats.md, "Limits", lists them)."""

from __future__ import annotations

# A course can come from a stranger, and `course serve` re-reads it on every save: each limit
# keeps one hostile or broken file from taking the tool's time or memory, far above what any
# real course needs (the flagship's largest file is 16 kB; its quizzes have 12 questions).

MAX_FILE_BYTES = 1024 * 1024  # course.yaml, a lesson or a quiz file: 1 MiB
MAX_YAML_DEPTH = 40  # nested lists and mappings; libyaml composes recursively and would crash
MAX_NUMBER_DIGITS = 100  # Python refuses to convert integers of more than 4,300 digits
MAX_QUESTIONS = 500  # questions in one quiz file
MAX_CHOICES = 50  # options, pairs, items or accepted answers of one question
MAX_LANGUAGES = 20  # course languages: each one is a whole copy of the site


def size_text(n: int) -> str:
    """'1.5 MiB' or '800 KiB', for a message."""
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KiB"
