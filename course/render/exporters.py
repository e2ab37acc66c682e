"""The outputs: one function per format, all with the signature (book, out, options) -> Exported.

`course build` is EXPORTERS["site"] into build/; `course export FORMAT` runs any of them into
dist/ by default. A new format is one module with such a function and one line here (with its
default file name in DEFAULT_NAMES, and in SETTINGS the format options it reads): it reads the
book and nothing else, and says in Exported.losses what the format could not carry
(course.render.fidelity), before it writes anything."""

from __future__ import annotations

from pathlib import Path

from course.book import Book
from course.link.urls import IDS_FILE
from course.render.outputs import Exported, ExportOptions


def export_site(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The HTML site: a folder to open from disk, put on a USB stick or any static host (kept offline once visited)."""
    from course.render.offline import offline_site
    from course.write.folder import write_folder

    written = write_folder(offline_site(book, options.progress), out)
    return Exported(written.out, kept=written.kept, note=f"{len(written.files)} files")


def export_zip(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The site as one .zip file that opens from disk once unzipped (for USB sticks and email)."""
    from course.render.site_zip import write_site_zip

    return write_site_zip(book, out, options)


def export_json(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The book as one JSON file (schemas/book.schema.json), for LMS plugins, apps and translation tools."""
    from course.render.book_json import write_book_json

    return write_book_json(book, out, options)


def export_scorm12(book: Book, out: Path, options: ExportOptions) -> Exported:
    """A SCORM 1.2 package (.zip) for an LMS: scores, status, interactions and progress reported."""
    from course.render.scorm import write_scorm12

    return write_scorm12(book, out, options)


def export_scorm2004(book: Book, out: Path, options: ExportOptions) -> Exported:
    """A SCORM 2004 (4th edition) package (.zip) for an LMS: scores, completion, success, interactions."""
    from course.render.scorm import write_scorm2004

    return write_scorm2004(book, out, options)


def export_cmi5(book: Book, out: Path, options: ExportOptions) -> Exported:
    """A cmi5 course package (.zip) for an LMS that launches xAPI content: one AU per module (--au course: one)."""
    from course.render.cmi5 import write_cmi5

    return write_cmi5(book, out, options)


def export_single_html(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The whole course in one self-contained HTML file (for WeChat, email and USB sticks)."""
    from course.render.single_html import write_single_html

    return write_single_html(book, out, options)


def export_handout(book: Book, out: Path, options: ExportOptions) -> Exported:
    """Printable workbooks per module and a facilitator's answer key (HTML; PDF with the pdf extra)."""
    from course.render.handout import write_handout

    return write_handout(book, out, options)


def export_qti(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The quizzes as QTI 2.1 items and tests in an IMS content package (1.2 for Canvas: --qti-version)."""
    from course.render.qti import write_qti

    return write_qti(book, out, options)


def export_gift(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The default language's quizzes as a GIFT file, for Moodle's question bank (one category per module)."""
    from course.render.gift import write_gift

    return write_gift(book, out, options)


def export_moodle(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The default language's quizzes as a Moodle XML question bank (one category per module)."""
    from course.render.moodle_xml import write_moodle_xml

    return write_moodle_xml(book, out, options)


EXPORTERS = {
    "site": export_site,
    "zip": export_zip,
    "json": export_json,
    "scorm12": export_scorm12,
    "scorm2004": export_scorm2004,
    "cmi5": export_cmi5,
    "single-html": export_single_html,
    "handout": export_handout,
    "qti": export_qti,
    "moodle": export_moodle,
    "gift": export_gift,
}
# Where an export goes without -o, inside dist/: {id} is the course id.
DEFAULT_NAMES = {
    "site": "{id}-site",
    "zip": "{id}.zip",
    "json": "{id}.json",
    "scorm12": "{id}-scorm12.zip",
    "scorm2004": "{id}-scorm2004.zip",
    "cmi5": "{id}-cmi5.zip",
    "single-html": "{id}.html",
    "handout": "{id}-handout",
    "qti": "{id}-qti.zip",
    "moodle": "{id}-moodle.xml",
    "gift": "{id}.gift",
}
# Formats that write a folder, replacing an earlier export of their own: the file such an export always
# holds, so that a folder without it (someone's files, a course) is never replaced.
FOLDER_MARKS = {"site": IDS_FILE, "handout": "handout.html"}
# The format options (`course export` flags) each format reads; giving one to another format is a mistake.
SETTINGS: dict[str, tuple[str, ...]] = {
    "scorm12": ("sco",),
    "scorm2004": ("sco",),
    "cmi5": ("au",),
    "qti": ("qti_version",),
}


def describe(name: str) -> str:
    """The first line of the format's docstring, for `course export --list`."""
    return (EXPORTERS[name].__doc__ or "").strip().splitlines()[0]
