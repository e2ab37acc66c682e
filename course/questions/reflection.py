"""Reflection: the learner writes an answer, then compares it with a model answer. Not scored."""

from __future__ import annotations

from course.formats.spec import Field
from course.model import Question, Quiz
from course.questions.base import QuestionType, Source, Texts, no_difference, no_key


def build(q: dict, src: Source) -> dict:
    return {"model_answer_md": q["model_answer"] or ""}


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    return {"model_answer": text(q.model_answer_md, "model_answer")}


REFLECTION = QuestionType(
    name="reflection",
    summary="writes an answer, then compares it with a model answer; not scored",
    fields=(Field("model_answer", "text", "An answer to compare with.", required=True),),
    build=build,
    differs=no_difference,
    view=view,
    key=no_key,
    scorm_interaction="long-fill-in",
    scored=False,
    feedback_expected=False,
    check_label="compare",
)
