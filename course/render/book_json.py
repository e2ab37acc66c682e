"""`course export json`: the book as one JSON document, for integrators.

An LMS plugin, a mobile app or a translation tool reads the whole converted course from it: the
course's settings, every page in every language as sanitised HTML with its outline, every quiz
with its questions, their texts as HTML and their answer keys. schemas/book.schema.json
describes it (made from BOOK_SCHEMA below by `course schema`, and checked against real exports
in the tests); docs/formats.md explains it. Keys are sorted and the text is UTF-8, so the same
course exports to the same bytes."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from course.book import Book, BookPage, BookQuiz
from course.convert.text import SLOT_HTML
from course.link import urls
from course.render.outputs import Exported, ExportOptions
from course.write.file import size_note, write_file

FORMAT = "course-book"
FORMAT_VERSION = 2  # 2: a module has a list of quizzes (it had one quiz or none)
# View entries that only the site's templates need: element ids, form names, the model object.
_TEMPLATE_ONLY = {"q", "dom_id", "name"}


def write_book_json(book: Book, out: Path, options: ExportOptions) -> Exported:
    data = (json.dumps(book_document(book), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
    write_file(out, data, is_ours=_is_export)
    return Exported(out, note=size_note(len(data)))


def write_book_schema(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "book.schema.json"
    path.write_text(json.dumps(BOOK_SCHEMA, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _is_export(data: bytes) -> bool:
    try:
        return json.loads(data).get("format") == FORMAT
    except (ValueError, AttributeError):
        return False


def book_document(book: Book) -> dict:
    course = book.course
    langs = course.languages
    framework = course.framework
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "course", "version": book.version},
        "built": datetime.datetime.fromtimestamp(book.built, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "course": {
            "id": course.id,
            "title": {lang: course.text(course.title, lang) for lang in langs},
            "summary": dict(book.summary),
            "languages": list(langs),
            "default_language": course.default_language,
            "pass_mark": course.pass_mark,
            "framework": None
            if framework is None
            else {
                "title": {lang: course.text(framework.title, lang) for lang in langs},
                "parts": [
                    {
                        "id": part.id,
                        "title": {lang: course.text(part.title, lang) for lang in langs},
                        "summary": {lang: course.text(part.summary, lang) for lang in langs},
                    }
                    for part in framework.parts
                ],
            },
        },
        "modules": [_module(book, m) for m in course.modules],
        "assets": [
            {
                "path": a.path,
                "url": f"files/{a.path}",
                "bytes": len(a.data),
                "sha256": hashlib.sha256(a.data).hexdigest(),
            }
            for a in book.assets
        ],
    }


def _module(book: Book, module) -> dict:
    langs = book.course.languages
    overview = {lang: book.pages[lang][urls.module_url(module)] for lang in langs}
    return {
        "slug": module.slug,
        "source": module.source,
        "part": module.part(),
        "single_page": module.single,
        "overview": {lang: _page(page) for lang, page in overview.items()},
        "lessons": [
            {
                "slug": lesson.slug,
                "source": lesson.source,
                "pages": {lang: _page(book.pages[lang][urls.lesson_url(module, lesson)]) for lang in langs},
            }
            for lesson in module.lessons
        ],
        "quizzes": [
            {lang: _quiz(book.quizzes[lang][versions[lang].id]) for lang in langs} for versions in module.quizzes
        ],
    }


def _page(page: BookPage) -> dict:
    return {
        "url": page.url,
        "source": page.source,
        "title": page.title,
        "html": SLOT_HTML.sub(lambda m: f'<div class="course-quiz-slot" data-quiz="{m.group(1)}"></div>', page.html),
        "outline": [{"level": level, "id": anchor, "text": text} for level, anchor, text in page.toc],
        "anchors": list(page.ids),
        "inline_quizzes": list(page.quizzes),
        "notes": [{"id": note_id, "prompt": prompt} for note_id, prompt in page.notes],
        "translated": page.translated,
        "part": page.part,
        "objectives": list(page.objectives),
        "minutes": page.duration,
        "summary": page.summary,
    }


def _quiz(quiz: BookQuiz) -> dict:
    model = quiz.quiz
    return {
        "id": model.id,
        "source": model.source,
        "title": model.title,
        "intro": quiz.intro,
        "pass_mark": model.pass_mark,
        "shuffle": model.shuffle,
        "draw": model.draw,
        "placed_on": quiz.placed_on,
        "url": quiz.url,
        "questions": [_question(view) for view in quiz.questions],
    }


def _question(view: Mapping) -> dict:
    q = view["q"]
    entry = {"id": q.id, "type": q.type, "points": q.points, "part": q.part, "line": q.line}
    positions = getattr(q, "positions", None)
    if positions:
        entry["positions"] = {name: list(at) for name, at in sorted(positions.items())}
    for key, value in view.items():
        if key not in _TEMPLATE_ONLY:
            entry[key] = _plain(value)
    return entry


def _plain(value):
    """A view's value as JSON: HTML as its text, read-only mappings as objects, tuples as arrays."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, range)):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _texts(description: str) -> dict:
    return {"type": "object", "description": description, "additionalProperties": {"type": "string"}}


_PAGE = {
    "type": "object",
    "required": ["url", "source", "title", "html", "outline", "anchors", "inline_quizzes", "translated", "minutes"],
    "additionalProperties": False,
    "properties": {
        "url": {"type": "string", "description": "Where the site puts the page, relative to its language folder."},
        "source": {"type": "string", "description": "The Markdown file, relative to the course folder."},
        "title": {"type": "string"},
        "html": {
            "type": "string",
            "description": "The body as sanitised HTML. Links are relative to url; each inline quiz is an empty"
            ' <div class="course-quiz-slot" data-quiz="ID"> to put the quiz in.',
        },
        "outline": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["level", "id", "text"],
                "additionalProperties": False,
                "properties": {"level": {"type": "integer"}, "id": {"type": "string"}, "text": {"type": "string"}},
            },
        },
        "anchors": {"type": "array", "items": {"type": "string"}, "description": "Every id in html."},
        "inline_quizzes": {"type": "array", "items": {"type": "string"}},
        "notes": {
            "type": "array",
            "description": "The page's [[note: id]] places, in order: the learner's note is kept under"
            " 'url without .html#id'; prompt is plain text.",
            "items": {
                "type": "object",
                "required": ["id", "prompt"],
                "additionalProperties": False,
                "properties": {"id": {"type": "string"}, "prompt": {"type": "string"}},
            },
        },
        "translated": {"type": "boolean", "description": "false: the default language's text stands in."},
        "part": {"type": ["string", "null"]},
        "objectives": {"type": "array", "items": {"type": "string"}},
        "minutes": {"type": "integer", "minimum": 1, "description": "Reading time."},
        "summary": {"type": "string"},
    },
}
_QUESTION = {
    "type": "object",
    "description": "A question as the site shows it. Texts are HTML. Besides the fields below, each type adds its"
    " own (docs/formats.md): options, answers, lefts/rights, items, model_answer, and the display order.",
    "required": ["id", "type", "points", "line", "prompt"],
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string"},
        "points": {"type": "integer"},
        "part": {"type": ["string", "null"]},
        "line": {"type": "integer", "description": "Line of the question in its quiz file."},
        "positions": {
            "type": "object",
            "description": "Field path -> [line, column] where that text starts in the quiz file.",
            "additionalProperties": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        },
        "number": {"type": "integer"},
        "prompt": {"type": "string"},
        "hint": {"type": "string"},
        "explanation": {"type": "string"},
        "feedback": {"type": "object", "additionalProperties": {"type": "string"}},
        "key": {"description": "The answer key, as the quiz engine grades from it."},
    },
}
_QUIZ = {
    "type": "object",
    "required": ["id", "source", "title", "intro", "pass_mark", "shuffle", "draw", "placed_on", "url", "questions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "source": {"type": "string"},
        "title": {"type": "string"},
        "intro": {"type": "string"},
        "pass_mark": {"type": "integer", "minimum": 0, "maximum": 100, "description": "Percent of the points."},
        "shuffle": {"type": "boolean"},
        "draw": {"type": ["integer", "null"], "description": "Questions drawn at random per attempt, or all."},
        "placed_on": {"type": ["string", "null"], "description": "url of the page that shows it inline."},
        "url": {"type": "string", "description": "url of the page it is shown on: its own, or the one placing it."},
        "questions": {"type": "array", "items": _QUESTION},
    },
}
BOOK_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "course export json",
    "description": "A course converted by `course`: every page and quiz in every language (docs/formats.md).",
    "type": "object",
    "required": ["format", "format_version", "tool", "built", "course", "modules", "assets"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "tool": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": {"const": "course"}, "version": {"type": "string"}},
        },
        "built": {
            "type": "string",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$",
            "description": "SOURCE_DATE_EPOCH, else the time of the newest source file, in UTC.",
        },
        "course": {
            "type": "object",
            "required": ["id", "title", "summary", "languages", "default_language", "pass_mark", "framework"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "title": _texts("Language -> title."),
                "summary": _texts("Language -> summary as HTML (empty when there is none)."),
                "languages": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "default_language": {"type": "string"},
                "pass_mark": {"type": "integer", "minimum": 0, "maximum": 100},
                "framework": {
                    "type": ["object", "null"],
                    "required": ["title", "parts"],
                    "properties": {
                        "title": _texts("Language -> title."),
                        "parts": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "title", "summary"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "title": _texts("Language -> title."),
                                    "summary": _texts("Language -> summary (plain text)."),
                                },
                            },
                        },
                    },
                },
            },
        },
        "modules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "source", "part", "single_page", "overview", "lessons", "quizzes"],
                "additionalProperties": False,
                "properties": {
                    "slug": {"type": "string"},
                    "source": {"type": "string"},
                    "part": {"type": ["string", "null"]},
                    "single_page": {"type": "boolean", "description": "A one-file module: its overview is its lesson."},
                    "overview": {"type": "object", "additionalProperties": _PAGE},
                    "lessons": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["slug", "source", "pages"],
                            "additionalProperties": False,
                            "properties": {
                                "slug": {"type": "string"},
                                "source": {"type": "string"},
                                "pages": {"type": "object", "additionalProperties": _PAGE},
                            },
                        },
                    },
                    "quizzes": {
                        "type": "array",
                        "description": "The module's quizzes, in the order of their file names: each language -> quiz.",
                        "items": {"type": "object", "additionalProperties": _QUIZ},
                    },
                },
            },
        },
        "assets": {
            "type": "array",
            "description": "Files the pages show or link; the site copies them to url.",
            "items": {
                "type": "object",
                "required": ["path", "url", "bytes", "sha256"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string"},
                    "url": {"type": "string"},
                    "bytes": {"type": "integer"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                },
            },
        },
    },
}
