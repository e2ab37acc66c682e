"""`course new`: a small course that builds and checks clean, teaching the formats."""

from __future__ import annotations

import re
from pathlib import Path

import click

from course.jsonschema import write_schemas
from course.schema import LANG_PATTERN

TEMPLATE = Path(__file__).parent / "scaffold"


def new_course(directory: Path, title: str, language: str) -> list[Path]:
    if not re.match(LANG_PATTERN, language):
        raise click.UsageError(f"'{language}' is not a language tag; use one such as en or zh-CN")
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"{directory} is not empty; choose a new folder")
    course_id = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "my-course"
    created = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or source.name.startswith(".") or "__pycache__" in source.parts:
            continue
        target = directory / source.relative_to(TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        text = text.replace("__ID__", course_id).replace("__TITLE__", _yaml_text(title)).replace("__LANG__", language)
        target.write_text(text, encoding="utf-8")
        created.append(target)
    created += write_schemas(directory / "schemas")
    return created


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
