"""The book: the converted course, one frozen value that every renderer reads.

The link stage makes it (course.link.book.make_book); the site, the JSON export and every later
bundle render from it alone. It holds the course model, each page's text converted and linked,
each quiz's questions as views with their answer key, the files the pages show, the course's
own layout partials, the build date and the tool version. It holds no file-system path and no
open file, and nothing in it can be changed: mappings are read-only and sequences are tuples,
all the way down, so a renderer cannot change what the next one sees."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from markupsafe import Markup

from course.model import Course, Quiz


@dataclass(frozen=True)
class BookPage:
    """A lesson or a module overview in one language, converted and linked."""

    kind: str  # "module" (an overview, or a single-file module) or "lesson"
    url: str  # relative to the language folder, e.g. "01-intro/why.html"
    module: str  # slug of its module
    source: str  # the file it was written in, relative to the course root
    title: str
    html: str  # the body, links relative to url, inline quizzes as slots (course.convert.text.SLOT_HTML)
    toc: tuple  # (level, id, text) of its headings
    ids: tuple[str, ...]  # every id an anchor on this page may point at
    quizzes: tuple[str, ...]  # ids of the quizzes placed inline, in order
    translated: bool  # False when the default language's text stands in
    part: str | None = None
    objectives: tuple[str, ...] = ()
    duration: int = 1  # reading minutes
    summary: str = ""
    facilitator: str = ""  # html of its instructor notes and solved exercises, for the facilitator's handout only
    notes: tuple = ()  # (note id, prompt text) of its [[note: ...]] places, in order


@dataclass(frozen=True)
class BookQuiz:
    """A quiz in one language: its model, its questions as the templates and exporters see them."""

    quiz: Quiz
    intro: str  # html
    questions: tuple  # question views (read-only mappings), each with its answer key under "key"
    placed_on: str | None  # url of the page that places it inline, else None (a page of its own)
    url: str  # the page it is shown on: the lesson that places it, or its own page

    @property
    def id(self) -> str:
        return self.quiz.id


@dataclass(frozen=True)
class Asset:
    """A file of the course that a page shows or links, copied to files/<path>."""

    path: str  # relative to the course root, with '/'
    data: bytes


@dataclass(frozen=True)
class Book:
    course: Course  # the model (with stable question and option ids, per-field positions)
    pages: Mapping  # lang -> url -> BookPage, in reading order
    quizzes: Mapping  # lang -> quiz id -> BookQuiz
    summary: Mapping  # lang -> the course summary as html ("" when there is none)
    assets: tuple[Asset, ...]
    layout: Mapping  # name -> source text of the course's own layout partials (templates/)
    built: int  # build date, seconds since 1970: SOURCE_DATE_EPOCH, else the newest source file's time
    version: str  # of the tool that made it

    def page(self, lang: str, url: str) -> BookPage:
        return self.pages[lang][url]


_ATOMS = frozenset({str, int, bool, float, type(None), bytes, Markup})


def frozen(value):
    """value with every dict made read-only and every list a tuple, through dataclasses too;
    what is already frozen is returned as it is."""
    if type(value) in _ATOMS:  # most of a book: text and numbers
        return value
    if isinstance(value, (dict, MappingProxyType)):
        items = {k: frozen(v) for k, v in value.items()}
        if isinstance(value, MappingProxyType) and all(items[k] is v for k, v in value.items()):
            return value
        return MappingProxyType(items)
    if isinstance(value, (list, tuple)):
        items = tuple(frozen(v) for v in value)
        same = isinstance(value, tuple) and all(a is b for a, b in zip(items, value, strict=True))
        return value if same else items
    if isinstance(value, (set, frozenset)):
        return frozenset(frozen(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            new = frozen(current)
            if new is not current:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
