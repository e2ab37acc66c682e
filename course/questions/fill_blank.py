"""Fill in the blank: the learner types the word that fills the ____ gap."""

from __future__ import annotations

from course.formats.limits import MAX_CHOICES
from course.formats.spec import Field
from course.i18n.trainer import msg
from course.model import Question, Quiz
from course.questions.base import RESULT_FIELD, QuestionType, Source, Texts, no_difference, normalise_answer

GAP = "____"


def build(q: dict, src: Source) -> dict:
    answers = tuple(a for a in q["answers"] or () if a is not None and a.strip())
    if q["answers"] is not None and not answers:
        src.error(("answers",), msg("list at least one accepted answer"))
    if GAP not in (q["prompt"] or ""):
        src.error(("prompt",), msg("a fill_blank prompt needs a gap written as ____ (four underscores)"))
    return {"answers": answers, "case_sensitive": q["case_sensitive"]}


def prompt(q: Question) -> str:
    """The gap stays four underscores on the page, not Markdown's emphasis."""
    return q.prompt_md.replace(GAP, "\\_\\_\\_\\_")


def view(q: Question, quiz: Quiz, text: Texts) -> dict:
    return {"answers": list(q.answers)}


def key(q: Question) -> dict:
    """The accepted answers as normalise_answer makes them: the browser normalises what the
    learner types the same way, and compares."""
    return {"answers": [normalise_answer(a, q.case_sensitive) for a in q.answers], "case_sensitive": q.case_sensitive}


FILL_BLANK = QuestionType(
    name="fill_blank",
    summary="types a word in the ____ gap",
    fields=(
        Field("answers", "list[text]", "Every accepted answer.", required=True, max_items=MAX_CHOICES),
        Field("case_sensitive", "bool", "Match letter case exactly.", default=False),
        RESULT_FIELD,
    ),
    build=build,
    differs=no_difference,
    view=view,
    key=key,
    scorm_interaction="fill-in",
    prompt=prompt,
)
