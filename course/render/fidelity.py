"""What an export could not carry, said like every other problem: at the text's own line.

A format that has no place for something the course holds (GIFT has no hints, QTI 1.2 no
ordering questions, SCORM 1.2 keeps 4,096 characters of progress) still exports the rest, and
each loss becomes a warning `path:line:col: warning: <format> cannot carry ... [export-loss]`.
With --strict a loss is an error, and nothing is written."""

from __future__ import annotations

from dataclasses import replace

from course.errors import CourseError, Diagnostic
from course.i18n.trainer import msg
from course.model import Question, Quiz

LOSS = "export-loss"


def loss(fmt: str, quiz: Quiz, question: Question | None, field: str | None, what: str) -> Diagnostic:
    """A warning that fmt cannot carry what (e.g. "the hint"), at field of question (its own line and
    column; the question's line without a field; the quiz file without a question)."""
    if question is None:
        line, col = 1, 1
    else:
        line, col = question.at(field) if field else (question.line, 1)
    message = msg("{format} cannot carry {what}; it is left out", format=fmt, what=what)
    if question is not None:
        message = msg("question '{id}': {problem}", id=question.id, problem=message)
    return Diagnostic(quiz.source, line, col, "warning", message, LOSS)


def settle(losses: list[Diagnostic], strict: bool) -> tuple[Diagnostic, ...]:
    """The losses, sorted; under strict, a CourseError instead (before anything is written)."""
    ordered = tuple(sorted(set(losses), key=lambda d: (d.path, d.line, d.col, d.message)))
    if strict and ordered:
        raise CourseError([replace(d, severity="error") for d in ordered])
    return ordered
