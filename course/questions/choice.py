"""Single and multiple choice: the learner picks one option, or every right one."""

from __future__ import annotations

from course.formats.limits import MAX_CHOICES
from course.formats.spec import Field, Spec
from course.i18n.trainer import msg
from course.model import Option, Question, Quiz
from course.questions.base import PARTIAL_FIELD, QuestionType, Source, Texts, stable_shuffle, unique

OPTION = Spec(
    "option",
    "A choice of a single or multiple choice question.",
    (
        Field(
            "id",
            "id",
            "Stable id of the option (default: its letter by position, a, b, c …); a translation takes the source's.",
        ),
        Field("text", "text", "What the learner sees.", required=True),
        Field("correct", "bool", "Whether choosing it is right.", default=False),
        Field("feedback", "text", "Shown when the learner chooses it: why it is right or wrong."),
    ),
)
OPTIONS_FIELD = Field("options", "list[object]", "The choices.", required=True, spec=OPTION, max_items=MAX_CHOICES)


def letter(index: int) -> str:
    """a, b, … z, then aa, ab, …: an option's id by its position."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("a") + rest) + name
    return name


def _build(multiple: bool):
    def build(q: dict, src: Source) -> dict | None:
        options = [o for o in q["options"] or () if o and o["text"] is not None]
        correct = sum(bool(o["correct"]) for o in options)
        if len(options) != len(q["options"] or ()):
            return None  # an option is broken and already reported: counting now would mislead
        if q["options"] is not None and len(q["options"]) < 2:
            src.error(("options",), msg("a choice question needs at least two options"))
        elif not multiple and correct != 1:
            src.error(
                ("options",),
                msg(
                    "a single-choice question needs exactly one option with 'correct: true', found {n}{hint}",
                    n=correct,
                    hint=msg("; use type: multiple for several right answers") if correct > 1 else "",
                ),
            )
        elif multiple and correct == 0:
            src.error(("options",), msg("mark at least one option with 'correct: true'"))
        unique([o["text"] for o in options], src, ("options",), msg("option"))
        ids = [o["id"] or letter(i) for i, o in enumerate(options)]
        unique(ids, src, ("options",), msg("option id"), ("id",))
        return {
            "options": tuple(
                Option(oid, o["text"], bool(o["correct"]), o["feedback"] or "")
                for oid, o in zip(ids, options, strict=True)
            ),
            "partial": bool(q.get("partial")),
        }

    return build


def differs(a: Question, b: Question) -> str:
    if len(a.options) != len(b.options):
        return msg("{found} options instead of {wanted}", found=len(b.options), wanted=len(a.options))
    if [o.correct for o in a.options] != [o.correct for o in b.options]:
        return msg("a different option is marked correct")
    for i, (ours, theirs) in enumerate(zip(a.options, b.options, strict=True)):
        if f"options.{i}.id" in b.positions and theirs.id != ours.id:
            return msg("option {n} has id '{found}', not '{wanted}' (leave it out: a translation takes the source's)",
                       n=i + 1, found=theirs.id, wanted=ours.id)  # fmt: skip
    return ""


def _view(input_type: str):
    def view(q: Question, quiz: Quiz, text: Texts) -> dict:
        return {"options": _options(q, quiz, text), "input": input_type}

    return view


def _options(q: Question, quiz: Quiz, text: Texts) -> list[dict]:
    options = [
        {
            "id": o.id,
            "html": text(o.text_md, f"options.{i}.text", inline=True),
            "correct": o.correct,
            "feedback": text(o.feedback_md, f"options.{i}.feedback"),
        }
        for i, o in enumerate(q.options)
    ]
    # Authors tend to write the right option first: in a shuffled quiz the page as built
    # (before the script runs, or without it) does not show it on top.
    order = stable_shuffle([o.text_md for o in q.options], q.id) if quiz.shuffle else range(len(options))
    return [options[i] for i in order]


def key(q: Question) -> dict:
    """The ids of the right options, and whether a partly right answer earns part of the points."""
    return {"correct": [o.id for o in q.options if o.correct], "partial": q.partial}


SINGLE = QuestionType(
    name="single",
    summary="picks one option",
    fields=(OPTIONS_FIELD,),
    build=_build(multiple=False),
    differs=differs,
    view=_view("radio"),
    key=key,
    scorm_interaction="choice",
    feedback_expected=False,  # each option carries its own
    template="questions/choice.html",
    script="choice",
)

MULTIPLE = QuestionType(
    name="multiple",
    summary="picks every right option",
    fields=(OPTIONS_FIELD, PARTIAL_FIELD),
    build=_build(multiple=True),
    differs=differs,
    view=_view("checkbox"),
    key=key,
    scorm_interaction="choice",
    feedback_expected=False,
    template="questions/choice.html",
    script="choice",
)
