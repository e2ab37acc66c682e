"""Write a synthetic course of many lessons (text from the flagship, repeated) for benchmarks."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)]+\)")


def make_course(out: Path, modules: int = 20, lessons: int = 50) -> Path:
    """modules x lessons lessons, each a flagship lesson's text, and one flagship quiz per module."""
    if out.exists():
        shutil.rmtree(out)
    samples = sorted((ROOT / "modules/02-foundation").glob("0*[0-9]-*[a-z].md"))
    quiz = (ROOT / "quizzes/02-foundation.yaml").read_text(encoding="utf-8")
    (out / "quizzes").mkdir(parents=True)
    (out / "course.yaml").write_text(
        "id: synthetic\ntitle: Synthetic\nsilence: [missing-translation, no-objectives]\n"
        "framework:\n  title: F\n  parts:\n    - {id: foundation, title: Foundation}\n",
        encoding="utf-8",
    )
    for m in range(1, modules + 1):
        folder = out / "modules" / f"{m:03d}-module-{m}"
        folder.mkdir(parents=True)
        for n in range(1, lessons + 1):
            text = samples[n % len(samples)].read_text(encoding="utf-8")
            text = LINK.sub(r"\1", text)  # the flagship's links lead nowhere here: keep their text
            (folder / f"{n:03d}-lesson-{n}.md").write_text(text, encoding="utf-8")
        (out / "quizzes" / f"{m:03d}-module-{m}.yaml").write_text(
            quiz.replace("id: foundation-check", f"id: check-{m}"), encoding="utf-8"
        )
    return out


if __name__ == "__main__":
    make_course(Path(sys.argv[1]), *map(int, sys.argv[2:]))
