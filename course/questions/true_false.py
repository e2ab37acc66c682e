"""True or false: the learner says whether a statement holds."""

from __future__ import annotations

from course.formats.spec import Field, Spec
from course.model import Question, Quiz
from course.questions.base import QuestionType, Source, Texts

TF_FEEDBACK = Spec(
    "feedback",
    "Feedback for each answer the learner may give.",
    (
        Field("true", "text", "Shown when the learner answers true."),
        Field("false", "text", "Shown when the learner answers false."),
    ),
)


def build(q: dict, src: Source) -> dict:
    return {"answer": q["answer"]}


def differs(a: Question, b: Question) -> str:
    if a.answer != b.answer:
        return f"answer is {str(b.answer).lower()}, not {str(a.answer).lower()}"
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
)
