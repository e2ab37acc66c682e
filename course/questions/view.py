"""A question as the quiz template shows it: rendered text, display order, answer key."""

from __future__ import annotations

from collections.abc import Mapping

from course.model import Question, Quiz
from course.questions.base import normalise_answer, stable_shuffle
from course.questions.types import QUESTION_TYPES

__all__ = ["normalise_answer", "question_view", "quiz_key", "stable_shuffle"]

KEY_VERSION = 1  # of the answer key's format (quiz_key), read by static/quiz.js


def question_view(q: Question, quiz: Quiz, md, number: int) -> dict:
    """Everything _question.html and the type's partial need. md(text, inline=False, at=None)
    renders Markdown safely; at=(line, col) is where the text starts in the quiz file, so a
    problem in it is reported there. "key" is the question's answer key, as JSON-able data."""
    declared = QUESTION_TYPES[q.type]

    def text(markdown: str, path: str, inline: bool = False):
        return md(markdown, inline=inline, at=q.at(path))

    view = {
        "q": q,
        "number": number,
        "dom_id": f"q-{quiz.id}-{q.id}",
        "name": f"{quiz.id}--{q.id}",
        "template": declared.template_name,
        "scored": declared.scored,
        "points": q.points if declared.scored else 0,
        "check_label": declared.check_label,
        "prompt": md(declared.prompt(q), at=q.at("prompt")),
        "hint": text(q.hint_md, "hint"),
        "explanation": text(q.explanation_md, "explanation"),
        "feedback": {k: text(v, f"feedback.{k}") for k, v in sorted(q.feedback.items())},
        "key": declared.key(q),
    }
    view.update(declared.view(q, quiz, text))
    return view


def quiz_key(views: list[Mapping]) -> dict:
    """A quiz's answer key, as the page carries it (static/quiz.js grades with it):
    {"v": 1, "questions": {question id: {"type", "points" (0 when not scored), "interaction" (its
    SCORM interaction type), "key"}}}; "key" is each type's own (course/questions/<type>.py), with
    accepted texts already normalised (normalise_answer)."""
    return {
        "v": KEY_VERSION,
        "questions": {
            view["q"].id: {
                "type": view["q"].type,
                "points": view["points"],
                "interaction": QUESTION_TYPES[view["q"].type].scorm_interaction,
                "key": view["key"],
            }
            for view in views
        },
    }
