"""Text that `course add` writes for the trainer to replace ("Write the lesson here."): a page or a
quiz that still holds it checks clean otherwise, and would reach learners as it is."""

from __future__ import annotations

import functools

import yaml

from course.errors import Position, Report
from course.i18n.trainer import msg
from course.scaffold.texts import PLACEHOLDERS, QUIZ_TEMPLATE, QUIZ_TEMPLATE_ZH

_PAGE_KEYS = ("module_summary", "module_body", "objective", "lesson_summary", "lesson_body")
_QUIZ_KEYS = ("prompt", "text", "feedback", "explanation")


@functools.cache
def placeholder_texts() -> frozenset[str]:
    found = {texts[key] for texts in PLACEHOLDERS.values() for key in _PAGE_KEYS}
    for template in (QUIZ_TEMPLATE, QUIZ_TEMPLATE_ZH):
        for question in yaml.safe_load(template)["questions"]:
            found.update(str(question[k]) for k in _QUIZ_KEYS if k in question)
            for option in question.get("options", ()):
                found.update(str(option[k]) for k in _QUIZ_KEYS if k in option)
    return frozenset(found)


def warn_placeholder(report: Report, pos: Position, text: str) -> None:
    report.warning(
        pos,
        msg("'{text}' is the text `course add` wrote for you to replace: write your own here", text=text),
        "placeholder",
    )


def check_page_placeholders(rel: str, body: str, body_line: int, meta: dict, doc, report: Report) -> None:
    texts = placeholder_texts()
    for n, line in enumerate(body.split("\n")):
        if line.strip() in texts:
            warn_placeholder(report, Position(rel, body_line + n, len(line) - len(line.lstrip()) + 1), line.strip())
    if doc is None:
        return
    if isinstance(meta.get("summary"), str) and meta["summary"].strip() in texts:
        line, col = doc.text_at("summary")
        warn_placeholder(report, Position(rel, line, col), meta["summary"].strip())
    for i, objective in enumerate(meta.get("objectives") or ()):
        if isinstance(objective, str) and objective.strip() in texts:
            line, col = doc.text_at("objectives", i)
            warn_placeholder(report, Position(rel, line, col), objective.strip())


def check_quiz_placeholders(doc, report: Report) -> None:
    """Every text of a quiz file that is still a placeholder, at its own line and column."""
    texts = placeholder_texts()

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, (*path, i))
        elif isinstance(value, str) and value.strip() in texts:
            line, col = doc.text_at(*path)
            warn_placeholder(report, Position(doc.path, line, col), value.strip())

    walk(doc.data, ())
