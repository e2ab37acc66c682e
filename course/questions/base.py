"""What a question type declares, and the helpers its declaration is written with.

A type is one frozen QuestionType: its YAML fields, its own checks, how a translation must match
it, its view (what its template partial renders), its answer key as plain JSON-able data, and
what exporters need to know. The loader, the checker, `course schema`, the view and the
templates read these declarations and know no type by name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from course.errors import Position
from course.formats.spec import Field, Spec
from course.i18n.trainer import msg
from course.model import Question, Quiz


class Source(Protocol):
    """Where a question sits in its quiz file, for checks that report at one of its values (the
    loader's course.load.quizfile.QuestionSource). Paths are key paths inside the question."""

    def pos(self, *path) -> Position: ...

    def key_pos(self, *path) -> Position: ...

    def error(self, path: tuple, message: str) -> None: ...

    def warning(self, path: tuple, message: str, code: str) -> None: ...

    def written(self, *path) -> bool:
        """Whether the file writes the key at path (even with no value after it)."""
        ...

    def raw(self, *path):
        """The value at path as the file holds it, before any check."""
        ...


# text(markdown, path, inline=False) -> Markup: a text of the question rendered where it is written
Texts = Callable[..., str]


@dataclass(frozen=True)
class QuestionType:
    name: str  # the `type:` a quiz file writes
    summary: str  # what the learner does, in one line (docs, `course schema`)
    fields: tuple[Field, ...]  # its YAML keys beyond the ones every question has
    # (checked data, Source) -> the Question fields it fills, or None; it reports its own problems
    build: Callable[[dict, Source], dict | None]
    # (source question, translated question) -> what differs that must not, or ""
    differs: Callable[[Question, Question], str]
    # (question, quiz, text) -> what its partial renders, besides the frame's prompt, hint and feedback
    view: Callable[[Question, Quiz, Texts], dict]
    key: Callable[[Question], object]  # its answer key, as JSON-able data (the browser grades with it)
    scorm_interaction: str  # the SCORM 2004 interaction type an exporter reports it as
    scored: bool = True  # False: it counts for no points (a reflection)
    feedback_expected: bool = True  # warn when it has no feedback (choice types carry theirs on options)
    check_label: str = "check"  # interface string of its Check button
    template: str = ""  # its partial in templates/; default questions/<name>.html
    script: str = ""  # its grader in static/questions/ (without .js); default its name
    prompt: Callable[[Question], str] = lambda q: q.prompt_md  # the prompt's Markdown as shown
    # (checked data) -> {key as written: key kept} for a feedback whose keys are renamed when loaded
    feedback_keys: Callable[[dict], dict] = lambda q: {}

    @property
    def template_name(self) -> str:
        return self.template or f"questions/{self.name}.html"

    @property
    def script_name(self) -> str:
        return f"questions/{self.script or self.name}.js"


def no_difference(a: Question, b: Question) -> str:
    return ""


def no_key(q: Question) -> None:
    return None


# ---- declarations several types share ---------------------------------------------------

RESULT_FEEDBACK = Spec(
    "feedback",
    "Feedback for a right and a wrong answer.",
    (
        Field("correct", "text", "Shown after a right answer."),
        Field("incorrect", "text", "Shown after a wrong answer."),
    ),
)
RESULT_FIELD = Field("feedback", "object", "Feedback for right and wrong answers.", spec=RESULT_FEEDBACK)
PARTIAL_FIELD = Field("partial", "bool", "Give partial credit.", default=False)


def unique(values: list, src: Source, path: tuple, what: str, suffix: tuple = ()) -> None:
    """Report each value met before, at its own entry (path + (i,) + suffix)."""
    seen = set()
    for i, value in enumerate(values):
        if value in seen:
            src.error((*path, i, *suffix), msg("duplicate {what} '{value}'", what=what, value=value))
        seen.add(value)


def stable_shuffle(items: list, key: str) -> list[int]:
    """Indexes of items in an order that depends only on their text: never the given
    order when there are two or more, so a page without JavaScript does not give it away."""
    order = sorted(range(len(items)), key=lambda i: hashlib.sha1(f"{key}\0{items[i]}".encode()).hexdigest())
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


# What separates words in an answer, listed rather than left to each language's idea of "space"
# (Python's and JavaScript's differ): static/grade.js has the same class, and
# tests/test_normalise.py runs both on one table.
SPACE = "[\t\n\u000b\u000c\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
_SPACES = re.compile(SPACE)


def normalise_answer(text: str, case_sensitive: bool) -> str:
    """What the quiz engine compares: compatibility forms unified (NFKC: full-width ５ and ％ as 5
    and %), spacing collapsed and trimmed, lower case unless asked not to. The answer key carries
    accepted answers already normalised; grade.js applies the same rule to what the learner types."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip(" ")
    return text if case_sensitive else text.lower()


def frozen_map(mapping: dict) -> MappingProxyType:
    return MappingProxyType(dict(mapping))
