"""Numeric: the learner types a number; right within a tolerance of the answer, or inside a range.

As in GIFT, Moodle and QTI: `answer: 42` with an optional `tolerance: 0.5`, or `range: [40, 45]`,
or several accepted answers under `answers:`. Units are not part of the answer: the prompt says
which unit to answer in. How the browser reads what the learner types: static/questions/numeric.js
(readNumber) and docs/formats.md."""

from __future__ import annotations

from course.formats.limits import MAX_CHOICES
from course.formats.spec import Field, Spec
from course.i18n.trainer import msg
from course.model import Question, Quiz
from course.questions.base import RESULT_FIELD, QuestionType, Source, Texts, frozen_map

ANSWER = Field("answer", "number", "The right number (decimals with a point: 3.5).")
TOLERANCE = Field(
    "tolerance", "number", "How far from 'answer' a number may be and still be right (default 0).", minimum=0
)
RANGE = Field("range", "list[number]", "The lowest and the highest right number, both right: [40, 45].", max_items=2)
ACCEPTED = Spec(
    "accepted answer",
    "One accepted answer: 'answer' with an optional 'tolerance', or a 'range'.",
    (ANSWER, TOLERANCE, RANGE),
)
ANSWERS = Field(
    "answers",
    "list[object]",
    "Several accepted answers, each an 'answer' (with an optional 'tolerance') or a 'range'.",
    spec=ACCEPTED,
    max_items=MAX_CHOICES,
)
WAYS = ("answer", "range", "answers")


def build(q: dict, src: Source) -> dict | None:
    ways = [way for way in WAYS if src.written(way)]
    if not ways:
        src.error((), msg("a numeric question needs 'answer' (with an optional 'tolerance'), 'range' or 'answers'"))
        return None
    if len(ways) > 1:
        src.report.error(
            src.key_pos(ways[1]),
            msg(
                "give one of 'answer', 'range' or 'answers', not both '{first}' and '{second}'",
                first=ways[0],
                second=ways[1],
            ),
        )
        return None
    if ways == ["answers"]:
        if src.written("tolerance"):
            src.report.error(
                src.key_pos("tolerance"), msg("'tolerance' goes inside each of 'answers', beside its 'answer'")
            )
        if not q["answers"]:
            src.error(("answers",), msg("list at least one accepted answer"))
            return None
        accepted = [_accepted(a, src, ("answers", i)) if a else None for i, a in enumerate(q["answers"])]
    else:
        accepted = [_accepted(q, src, ())]
    if None in accepted:
        return None  # reported
    return {"detail": frozen_map({"accepted": tuple(accepted)})}


def _accepted(data: dict, src: Source, path: tuple):
    """One accepted answer, as the key gives it: {answer, tolerance} or {range}; None when it is wrong."""
    ways = [way for way in ("answer", "range") if src.written(*path, way)]
    if not ways:
        src.error(path, msg("each of 'answers' needs an 'answer' (with an optional 'tolerance') or a 'range'"))
        return None
    if len(ways) == 2:
        src.report.error(
            src.key_pos(*path, "range"), msg("give either 'answer' (with an optional 'tolerance') or 'range', not both")
        )
        return None
    if ways == ["range"] and src.written(*path, "tolerance"):
        src.report.error(
            src.key_pos(*path, "tolerance"), msg("'tolerance' goes with 'answer'; a range includes its own bounds")
        )
        return None
    if not all(_usable(data, src, path, name) for name in ("answer", "tolerance", "range")):
        return None
    if ways == ["answer"]:
        return frozen_map({"answer": data["answer"], "tolerance": data["tolerance"] or 0})
    bounds = data["range"]
    if len(bounds) < 2:
        src.error(
            (*path, "range"), msg("'range' needs two numbers, the lowest and the highest right one, as in [40, 45]")
        )
        return None
    low, high = bounds
    if low > high:
        src.error(
            (*path, "range"),
            msg(
                "'range' goes from {high} down to {low}; write the lowest first: [{low}, {high}]",
                high=number_text(low),
                low=number_text(high),
            ),
        )
        return None
    return frozen_map({"range": (low, high)})


def _usable(data: dict, src: Source, path: tuple, name: str) -> bool:
    """Whether the value under name, if written, is one to use: a key written with nothing after it
    is reported here; a value that is not a number the checker has reported already."""
    if not src.written(*path, name) or (data[name] is not None and None not in (data[name] if name == "range" else ())):
        return True
    if src.raw(*path, name) is None:
        src.report.error(src.key_pos(*path, name), msg("'{key}' has no value; write a number", key=name))
    return False


def number_text(value: float) -> str:
    """A number as a trainer reads it: 42, 3.5, 0.001 (never 42.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def describe(accepted) -> str:
    """The accepted answers in words a learner reads: 42 (± 0.5) / 40–45."""
    texts = []
    for a in accepted:
        if "range" in a:
            texts.append(f"{number_text(a['range'][0])}–{number_text(a['range'][1])}")
        elif a["tolerance"]:
            texts.append(f"{number_text(a['answer'])} (± {number_text(a['tolerance'])})")
        else:
            texts.append(number_text(a["answer"]))
    return " / ".join(texts)


def differs(a: Question, b: Question) -> str:
    ours, theirs = a.detail.get("accepted", ()), b.detail.get("accepted", ())
    if ours == theirs:
        return ""
    return msg("accepted answers are {found}, not {wanted}", found=describe(theirs), wanted=describe(ours))


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    accepted = q.detail["accepted"]
    lowest = min(a["range"][0] if "range" in a else a["answer"] - a["tolerance"] for a in accepted)
    # A phone's decimal keypad (iOS) has no minus sign: offer it only when no right answer needs one.
    return {"accepted": describe(accepted), "inputmode": "decimal" if lowest >= 0 else "text"}


def key(q: Question) -> dict:
    """Each accepted answer: {"answer": 42, "tolerance": 0.5} (tolerance 0 for an exact one) or
    {"range": [40, 45]}, both ends right."""
    return {"accepted": [{k: list(v) if k == "range" else v for k, v in a.items()} for a in q.detail["accepted"]]}


NUMERIC = QuestionType(
    name="numeric",
    summary="types a number: right within a tolerance of the answer, or inside a range",
    fields=(ANSWER, TOLERANCE, RANGE, ANSWERS, RESULT_FIELD),
    build=build,
    differs=differs,
    view=view,
    key=key,
    scorm_interaction="numeric",
)
