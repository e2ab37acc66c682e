"""True or false: the learner says whether a statement holds."""

from __future__ import annotations

from course.formats.spec import Field, Spec
from course.i18n.trainer import msg
from course.model import Question, Quiz
from course.questions.base import QuestionType, Source, Texts

TF_FEEDBACK = Spec(
    "feedback",
    "Feedback for the right answer and for the wrong one.",
    (
        Field("correct", "text", "Shown when the learner gives the right answer."),
        Field("incorrect", "text", "Shown when the learner gives the wrong answer."),
        # The first form, keyed by the answer given: YAML reads true: and false: as booleans, so
        # PyYAML and JSON-Schema validators refuse it. It still works, with a warning.
        Field("true", "text", "Older form, still read: shown when the learner answers true. Prefer correct."),
        Field("false", "text", "Older form, still read: shown when the learner answers false. Prefer incorrect."),
    ),
)


def build(q: dict, src: Source) -> dict:
    old = [k for k in ("true", "false") if src.written("feedback", k)]
    new = [k for k in ("correct", "incorrect") if src.written("feedback", k)]
    if old and new:
        src.error(
            ("feedback",), msg("write the feedback either as correct: and incorrect: or as true: and false:, not both")
        )
        return None
    if old:
        right, wrong = ("true", "false") if q["answer"] else ("false", "true")
        src.warning(
            ("feedback", old[0]),
            msg(
                "YAML readers other than this tool read the key '{key}:' as a boolean, so editors and validators"
                " refuse it: write 'correct:' instead of '{right}:' and 'incorrect:' instead of '{wrong}:'",
                key=old[0],
                right=right,
                wrong=wrong,
            ),
            "old-feedback-form",
        )
    return {"answer": q["answer"]}


def feedback_keys(q: dict) -> dict:
    """The key a written feedback is kept under: the answer it is shown for (true or false)."""
    right, wrong = ("true", "false") if q["answer"] else ("false", "true")
    return {"correct": right, "incorrect": wrong}


def differs(a: Question, b: Question) -> str:
    if a.answer != b.answer:
        return msg("answer is {found}, not {wanted}", found=str(b.answer).lower(), wanted=str(a.answer).lower())
    return ""


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    right = "true" if q.answer else "false"
    return {"right": right}


def key(q: Question) -> dict:
    return {"answer": q.answer}


TRUE_FALSE = QuestionType(
    name="true_false",
    summary="says true or false",
    fields=(
        Field("answer", "bool", "The right answer.", required=True),
        Field("feedback", "object", "Feedback per answer given.", spec=TF_FEEDBACK),
    ),
    build=build,
    differs=differs,
    view=view,
    key=key,
    scorm_interaction="true-false",
    feedback_keys=feedback_keys,
)
