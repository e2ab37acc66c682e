"""`course export cmi5`: the site as a cmi5 course package, for an LMS that launches xAPI content.

The zip holds the built site, cmi5.xml at its root (the course structure: one AU per module, or
one for the whole course with --au course) and a launch page per AU. The LMS opens an AU's launch
page with the cmi5 launch parameters in its query string; the page (static/tracker-cmi5.js with
the xAPI transport, static/xapi-transport.js) fetches the session's auth token once, reads the
LMS.LaunchData state document and holds the AU session, showing the course's own page in a frame;
the pages in the frame tell it what the learner scores. It sends the cmi5 defined statements:
initialized, passed or failed (judged by the masteryScore the LMS gives, which cmi5.xml sets from
the quizzes' pass mark), completed, terminated.

Why one AU per module by default: a module is what its quizzes judge, so each AU has its pass mark
(its masteryScore) and the LMS can show and require each module on its own. An AU's score is the
mean of the best scores of its quizzes: the module's, or every quiz for the course's AU (--au course).

Reproducible as the zip export is: sorted entries, the book's date, rw-r--r--."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from course.book import Book
from course.i18n.catalog import messages
from course.link import urls
from course.render.outputs import Exported, ExportOptions
from course.render.scorm import ident, module_start
from course.render.scripts import CMI5_PAGE_SCRIPT, CMI5_TRACKER, XAPI_TRANSPORT, bundle, stylesheet
from course.render.site import render_site
from course.write.archive import reproducible_zip, zip_comment_starts
from course.write.file import size_note, write_file

COMMENT = b"course export cmi5"
STRUCTURE = "cmi5.xml"
NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH_SCRIPT = f"{urls.ASSETS}/cmi5-launch.js"
LAUNCH_STYLE = f"{urls.ASSETS}/cmi5-launch.css"
# The LMS's listener and fetch URL are on hosts the package cannot know: the launch page may reach any.
_LAUNCH_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; frame-src 'self'; connect-src http: https:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class Au:
    ident: str  # its publisher id's last part and its launch page's name
    title: str
    description: str
    launch: str  # the launch page's path in the package
    start: str  # the course page it shows, e.g. "en/basics/index.html"
    module: str  # its module's slug; "" for the course's AU
    mastery: str | None  # masteryScore, 0..1, from the pass mark; None when nothing is judged by one
    move_on: str


def write_cmi5(book: Book, out: Path, options: ExportOptions) -> Exported:
    site = dict(render_site(book, options.progress))
    data = cmi5_package(book, site, options.settings.get("au", "module"))
    write_file(out, data, is_ours=_is_export)
    return Exported(out, note=size_note(len(data)))


def cmi5_package(book: Book, site: dict[str, bytes], au: str = "module") -> bytes:
    """The package's bytes, from the book and its site (render_site)."""
    aus = assignable_units(book, au)
    files = dict(site)
    files[f"{urls.ASSETS}/course.js"] = bundle(CMI5_PAGE_SCRIPT)
    files[LAUNCH_SCRIPT] = launch_script(book)
    files[LAUNCH_STYLE] = stylesheet("cmi5-launch.css")
    for item in aus:
        files[item.launch] = _launch_page(book, item)
    files[STRUCTURE] = course_structure(book, aus)
    return reproducible_zip(files.items(), book.built, COMMENT)


def publisher_id(course_id: str, *parts: str) -> str:
    """The stable IRI of the course (no parts) or of one of its AUs: the same course id gives the same
    ids in every export, so an LMS that imports a new version keeps its learners' records."""
    return "urn:course:" + ":".join(quote(p, safe="-._~") for p in (course_id, *parts))


def _mastery(pass_mark: int) -> str:
    """A pass mark in percent as cmi5's masteryScore: a decimal 0..1, at most 4 places."""
    return f"{pass_mark / 100:.4f}".rstrip("0").rstrip(".")


def assignable_units(book: Book, au: str) -> list[Au]:
    course = book.course
    lang = course.default_language
    if au == "course":
        title = course.text(course.title, lang)
        quizzes = course.quizzes()
        return [
            Au("course", title, course.text(course.summary, lang) or title, "launch.html", f"{lang}/index.html", "",
               _judged_by(quizzes), "CompletedAndPassed" if quizzes else "Completed")
        ]  # fmt: skip
    out = []
    for module in course.modules:
        page = module_start(book, module.slug)
        quizzes = module.quizzes_in(lang)
        summary = module.index[lang].summary if module.index.get(lang) else ""
        out.append(
            Au(ident(module.slug), page.title, summary or page.title, f"launch-{ident(module.slug)}.html",
               f"{lang}/{page.url}", module.slug, _judged_by(quizzes), "CompletedAndPassed" if quizzes else "Completed")
        )  # fmt: skip
    return out


def _judged_by(quizzes) -> str | None:
    """The AU's masteryScore: its quizzes' pass mark when they share one (the mean of their best scores is
    judged by it); none when they differ, and the AU is passed once each quiz reaches its own."""
    marks = {quiz.pass_mark for quiz in quizzes}
    return _mastery(marks.pop()) if len(marks) == 1 else None


def cmi5_data(book: Book) -> dict:
    """window.courseCmi5Data: each quiz's module and pass mark, for the launch page to judge an AU by."""
    return {"quizzes": [[q.id, q.module, q.pass_mark] for q in book.course.quizzes()]}


def launch_script(book: Book) -> bytes:
    data = json.dumps(cmi5_data(book), separators=(",", ":"), sort_keys=True)
    return (
        bundle((XAPI_TRANSPORT,))
        + b"/* ---- the course's quizzes, for the AU's judgement ---- */\n"
        + f"window.courseCmi5Data = {data};\n".encode()
        + bundle((CMI5_TRACKER,))
    )


def _launch_page(book: Book, item: Au) -> bytes:
    lang = book.course.default_language
    say = messages(lang)
    title = escape(item.title)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" data-module={quoteattr(item.module)}'
        f" data-ended={quoteattr(say['cmi5_ended'])}>\n"
        '<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_LAUNCH_CSP}">\n'
        f"<title>{title}</title>\n"
        f'<link rel="stylesheet" href="{LAUNCH_STYLE}">\n<script src="{LAUNCH_SCRIPT}" defer></script>\n</head>\n'
        f'<body>\n<header class="cmi5-bar"><h1>{title}</h1>'
        f'<p class="cmi5-waiting" role="status" hidden data-many={quoteattr(say.plural("xapi.waiting", 2))}'
        f" data-one={quoteattr(say.plural('xapi.waiting', 1))}></p>"
        f'<button type="button" id="cmi5-exit">{escape(say["cmi5_exit"])}</button></header>\n'
        f'<main><iframe src="about:blank" data-src="{quote(item.start)}" title={quoteattr(item.title)}></iframe></main>\n'
        "</body>\n</html>\n"
    ).encode()


def _langstring(lang: str, text: str) -> str:
    return f'<langstring lang="{lang}">{escape(text)}</langstring>'


def course_structure(book: Book, aus: list[Au]) -> bytes:
    course = book.course
    lang = course.default_language
    title = course.text(course.title, lang)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<courseStructure xmlns="{NAMESPACE}">\n',
        f"  <course id={quoteattr(publisher_id(course.id))}>\n",
        f"    <title>{_langstring(lang, title)}</title>\n",
        f"    <description>{_langstring(lang, course.text(course.summary, lang) or title)}</description>\n",
        "  </course>\n",
    ]
    for item in aus:
        mastery = f' masteryScore="{item.mastery}"' if item.mastery is not None else ""
        out.append(
            f'  <au id={quoteattr(publisher_id(course.id, "au", item.ident))} moveOn="{item.move_on}"{mastery}'
            ' launchMethod="AnyWindow">\n'
            f"    <title>{_langstring(lang, item.title)}</title>\n"
            f"    <description>{_langstring(lang, item.description)}</description>\n"
            f"    <url>{escape(quote(item.launch))}</url>\n"
            "  </au>\n"
        )
    out.append("</courseStructure>\n")
    return "".join(out).encode()


def _is_export(data: bytes) -> bool:
    return zip_comment_starts(data, COMMENT)
