"""The course as plain, frozen data: what the loader produces and the renderer reads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType


@dataclass(frozen=True)
class Part:
    id: str
    title: dict  # lang -> text
    summary: dict


@dataclass(frozen=True)
class Framework:
    title: dict
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Xapi:
    """course.yaml's `xapi:`: the learning record store the pages send statements to
    (static/tracker-xapi.js), and what they may send."""

    endpoint: str  # the LRS's xAPI address: https://host/path/ or a path on the site's own origin, /xapi/
    auth: str = ""  # the Authorization header's value, or "" when the same-origin proxy adds it
    actor: str = "launch"  # "launch": only a launch's actor; "form": the learner's name and email, asked once
    send_reflections: bool = False  # reflection questions' text goes to the LRS only when true
    activity_id: str = ""  # the course's activity IRI, the base of every other; "" for urn:course:<id>

    @property
    def origin(self) -> str:
        """The origin the pages connect to ("" for the site's own)."""
        if "://" not in self.endpoint:
            return ""
        scheme, _, rest = self.endpoint.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"


@dataclass(frozen=True)
class Page:
    """One language version of a lesson or a module overview."""

    source: str  # path of the file, relative to the course root
    lang: str
    title: str
    body_md: str
    body_line: int  # line of the file where body_md starts
    part: str | None = None
    objectives: tuple[str, ...] = ()
    duration: int = 1
    summary: str = ""
    translated: bool = True  # False when this is the default-language text standing in


@dataclass(frozen=True)
class Lesson:
    slug: str
    source: str  # default-language file, relative to the course root
    pages: dict  # lang -> Page


EMPTY: Mapping = MappingProxyType({})  # read-only: the model is frozen all the way down


def _empty() -> Mapping:
    return EMPTY


@dataclass(frozen=True)
class Option:
    id: str  # stable: `id:` in the quiz file, else its letter by position (a, b, c …); a translation takes the source's
    text_md: str
    correct: bool
    feedback_md: str = ""


@dataclass(frozen=True)
class Question:
    """One question. Its type (course/questions/) says which of the typed fields it fills; the
    fields shared by several types are named here, what one type alone keeps is in detail."""

    id: str
    type: str
    prompt_md: str
    line: int
    part: str | None = None
    points: int = 1
    hint_md: str = ""
    explanation_md: str = ""
    options: tuple[Option, ...] = ()  # single, multiple
    partial: bool = False
    answer: bool | None = None  # true_false
    answers: tuple[str, ...] = ()  # fill_blank
    case_sensitive: bool = False
    pairs: tuple[tuple[str, str], ...] = ()  # matching
    items: tuple[str, ...] = ()  # ordering, in the right order
    model_answer_md: str = ""
    feedback: Mapping = field(default_factory=_empty)  # correct/incorrect or true/false -> markdown
    # what its type keeps beyond these fields (numeric: its accepted values)
    detail: Mapping = field(default_factory=_empty)
    # Where each of its values is written in the quiz file: a field path ("prompt", "hint",
    # "feedback.correct", "options.2.feedback", "pairs.1.0", "items.3" — indexes from 0) -> (line, col)
    # of the value's first character (past a quote; a | or > block's first line, at its indentation).
    positions: Mapping = field(default_factory=_empty)

    def at(self, path: str) -> tuple[int, int]:
        """(line, col) where the value at path is written; for a value not in the file, the question's line."""
        return self.positions.get(path, (self.line, 1))


@dataclass(frozen=True)
class Quiz:
    id: str
    source: str
    lang: str
    title: str
    pass_mark: int
    shuffle: bool
    draw: int | None
    intro_md: str
    questions: tuple[Question, ...]
    module: str  # slug of the module it belongs to
    intro_line: int = 1  # line of the file where intro_md starts
    positions: Mapping = field(default_factory=_empty)  # "title", "intro" -> (line, col), as Question.positions


@dataclass(frozen=True)
class Module:
    slug: str
    source: str  # folder or single file, relative to the course root
    single: bool  # a single-file module: its one lesson is the module page
    index: dict  # lang -> Page (overview); for a single-file module, its content
    lessons: tuple[Lesson, ...]
    quizzes: tuple = ()  # one {lang: Quiz} per quiz of the module, in the order of their file names

    def quizzes_in(self, lang: str) -> tuple[Quiz, ...]:
        """The module's quizzes in lang, in order."""
        return tuple(versions[lang] for versions in self.quizzes)

    def quiz_page(self, quiz_id: str) -> str:
        """The page name of one of the module's quizzes: quiz when it is the module's only quiz, else
        quiz-ID, so a course that adds no second quiz keeps its addresses (and its learners' progress)."""
        return "quiz" if len(self.quizzes) == 1 else f"quiz-{quiz_id}"

    def part(self) -> str | None:
        return next(iter(self.index.values())).part if self.index else None


@dataclass(frozen=True)
class Course:
    id: str
    title: dict
    summary: dict
    languages: tuple[str, ...]
    pass_mark: int
    framework: Framework | None
    modules: tuple[Module, ...]
    external_links: bool = True
    unreadable_quizzes: bool = False  # a quiz file had errors: its id may be missing from modules
    allow_active_files: tuple[str, ...] = ()  # glob patterns from course.yaml, relative to the root
    single_html_budget_kb: int = 5000  # above it, `course export single-html` warns
    download_zip: bool = True  # the built site offers itself as a zip (render/offline.py)
    xapi: Xapi | None = None  # the pages send xAPI statements (course.yaml's xapi:); None: nothing is sent

    def allows_active_file(self, rel: str) -> bool:
        """Whether course.yaml lets lessons link the file rel (relative to the course root, with '/')
        although it can run script."""
        return any(glob_regex(pattern).fullmatch(rel) for pattern in self.allow_active_files)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def quizzes(self, lang: str | None = None) -> list[Quiz]:
        """Every quiz of the course, module by module, in lang (default: the course's first language)."""
        return [quiz for m in self.modules for quiz in m.quizzes_in(lang or self.default_language)]

    def text(self, value: dict, lang: str) -> str:
        """A translatable value in lang, falling back to the default language."""
        return value.get(lang) or value.get(self.default_language) or next(iter(value.values()), "")


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern:
    """A glob over paths with '/': '*' and '?' stay within one folder, '**' spans folders
    ('assets/**/*.svg' also matches assets/a.svg), '[ab]' is a class. ValueError for a bad class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := _class_end(pattern, i)) > 0:
            body = pattern[i + 1 : end]
            negated = body[0] in "!^"
            body = (body[1:] if negated else body).replace("\\", "\\\\").replace("[", "\\[")
            out.append("[" + ("^" if negated else "") + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    try:
        return re.compile("".join(out))
    except re.error as exc:  # a class such as [z-a]
        raise ValueError(exc.msg) from None  # the reason only: the caller names the pattern


def _class_end(pattern: str, start: int) -> int:
    """Index of the ']' that closes the class opened at start, or -1 ('[' is then a plain character)."""
    first = start + (2 if pattern[start + 1 : start + 2] in ("!", "^") else 1)
    return pattern.find("]", first + 1) if first < len(pattern) else -1
