"""Ordering: the learner puts items in order with move up and move down buttons."""

from __future__ import annotations

from course.formats.limits import MAX_CHOICES
from course.formats.spec import Field
from course.i18n.trainer import msg
from course.model import Question, Quiz
from course.questions.base import PARTIAL_FIELD, RESULT_FIELD, QuestionType, Source, Texts, stable_shuffle, unique


def build(q: dict, src: Source) -> dict:
    items = tuple(x for x in q["items"] or () if x is not None)
    if q["items"] is not None and len(q["items"]) < 2:
        src.error(("items",), msg("an ordering question needs at least two items"))
    unique(list(items), src, ("items",), msg("item"))
    return {"items": items, "partial": q["partial"]}


def differs(a: Question, b: Question) -> str:
    return msg("a different number of pairs or items") if len(a.items) != len(b.items) else ""


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    return {
        "items": [text(item, f"items.{i}", inline=True) for i, item in enumerate(q.items)],
        "shown_order": stable_shuffle(list(q.items), q.id),
    }


def key(q: Question) -> dict:
    """The items (by their index on the page, data-index) in the right order."""
    return {"order": list(range(len(q.items))), "partial": q.partial}


ORDERING = QuestionType(
    name="ordering",
    summary="puts items in order with move up/down buttons",
    fields=(
        Field("items", "list[text]", "The items in the right order.", required=True, max_items=MAX_CHOICES),
        RESULT_FIELD,
        PARTIAL_FIELD,
    ),
    build=build,
    differs=differs,
    view=view,
    key=key,
    scorm_interaction="sequencing",
)
