"""The question types: one declaration each (course/questions/<type>.py), and the keys every question has.

To add a type: write its module (a QuestionType), its partial templates/questions/<type>.html and
its grader static/questions/<type>.js, and list it here. The checker, `course schema`, the loader,
the views, the templates and the browser's script all follow from this table."""

from __future__ import annotations

from dataclasses import replace

from course.formats.spec import Field, Spec
from course.questions.base import QuestionType
from course.questions.choice import MULTIPLE, SINGLE
from course.questions.fill_blank import FILL_BLANK
from course.questions.matching import MATCHING
from course.questions.numeric import NUMERIC
from course.questions.ordering import ORDERING
from course.questions.reflection import REFLECTION
from course.questions.true_false import TRUE_FALSE

QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SINGLE, MULTIPLE, TRUE_FALSE, FILL_BLANK, NUMERIC, MATCHING, ORDERING, REFLECTION)
}

COMMON_FIELDS = (
    Field("id", "id", "Stable id: learners' progress is keyed by it.", required=True),
    Field("type", "enum", "The question type.", required=True, choices=tuple(QUESTION_TYPES)),
    Field("prompt", "text", "The question the learner answers, in Markdown.", required=True),
    Field("part", "id", "The framework part the question tests."),
    Field("points", "int", "Weight of the question in the score.", default=1, minimum=0),
    Field("hint", "text", "Shown on request before answering."),
    Field("explanation", "text", "Shown after answering, whatever the answer."),
)


def question_spec(qtype: str) -> Spec:
    """The keys a question of this type may have."""
    return Spec("question", f"A {qtype} question.", COMMON_FIELDS + QUESTION_TYPES[qtype].fields)


# A question whose type is not known: nothing is required but the type, and any type's keys are
# accepted unchecked (checking them against one type's rules would bury the one real problem).
QUESTION_UNKNOWN = Spec(
    "question",
    "A question whose type is not known: nothing is required but the type, any type's keys are accepted.",
    tuple(f if f.name == "type" else replace(f, required=False) for f in COMMON_FIELDS)
    + tuple(
        Field(name, "any", "A key of some question type.")
        for name in dict.fromkeys(f.name for t in QUESTION_TYPES.values() for f in t.fields)
    ),
)
