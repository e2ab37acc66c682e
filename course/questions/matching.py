"""Matching: the learner matches each left item to its right one, with a menu."""

from __future__ import annotations

from course.formats.limits import MAX_CHOICES
from course.formats.spec import Field
from course.i18n.trainer import msg
from course.model import Question, Quiz
from course.questions.base import PARTIAL_FIELD, RESULT_FIELD, QuestionType, Source, Texts, stable_shuffle, unique


def build(q: dict, src: Source) -> dict:
    pairs = tuple(p for p in q["pairs"] or () if p)
    if q["pairs"] is not None and len(q["pairs"]) < 2:
        src.error(("pairs",), msg("a matching question needs at least two pairs"))
    unique([p[0] for p in pairs], src, ("pairs",), msg("left item"))
    unique([p[1] for p in pairs], src, ("pairs",), msg("right item"))
    return {"pairs": pairs, "partial": q["partial"]}


def differs(a: Question, b: Question) -> str:
    return msg("a different number of pairs or items") if len(a.pairs) != len(b.pairs) else ""


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    rights = [right for _, right in q.pairs]
    return {
        "lefts": [text(left, f"pairs.{i}.0", inline=True) for i, (left, _) in enumerate(q.pairs)],
        "rights": [text(right, f"pairs.{i}.1", inline=True) for i, right in enumerate(rights)],
        "right_order": stable_shuffle(rights, q.id),  # the menu's order, the same for every left item
    }


def key(q: Question) -> dict:
    """For each left item, in order, the index of its right item (the value of its menu entry)."""
    return {"matches": list(range(len(q.pairs))), "partial": q.partial}


MATCHING = QuestionType(
    name="matching",
    summary="matches each left item to a right one with a menu",
    fields=(
        Field("pairs", "pairs", "Left and right items that belong together.", required=True, max_items=MAX_CHOICES),
        RESULT_FIELD,
        PARTIAL_FIELD,
    ),
    build=build,
    differs=differs,
    view=view,
    key=key,
    scorm_interaction="matching",
)
