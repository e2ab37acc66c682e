"""The floor, run as its own process: the course's lesson files read and converted by one reused
bare Python-Markdown instance with our extensions, front matter and quizzes read by libyaml.

    python bench/floor.py COURSE_DIR

Nothing else: no checks, no links, no quiz text, no templates, no writing. What a build cannot
do without, on one core."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import yaml

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code
from bench.ours import extensions  # noqa: E402

EXTENSIONS, EXTENSION_CONFIGS = extensions()


def convert_all(root: Path) -> int:
    """Characters of HTML made, so the work cannot be optimised away."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    made = 0
    for path in sorted(root.glob("modules/**/*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            front, _, text = text[4:].partition("\n---\n")
            yaml.load(front, Loader=yaml.CSafeLoader)
        md.reset()
        made += len(md.convert(text))
    for path in sorted(root.glob("quizzes/*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return made


if __name__ == "__main__":
    convert_all(Path(sys.argv[1]))
