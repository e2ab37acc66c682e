"""The outputs: one function per format, all with the signature (book, out, options) -> Exported.

`course build` is EXPORTERS["site"] into build/; `course export FORMAT` runs any of them into
dist/ by default. A new format is one module with such a function and one line here (with its
default file name in DEFAULT_NAMES, and in SETTINGS the format options it reads): it reads the
book and nothing else, and says in Exported.losses what the format could not carry
(course.render.fidelity), before it writes anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from course.book import Book
from course.errors import Diagnostic


@dataclass(frozen=True)
class ExportOptions:
    progress: Callable | None = None  # progress(done, total), as pages are made
    strict: bool = False  # a loss is an error: the export stops before writing anything
    settings: Mapping = field(default_factory=lambda: MappingProxyType({}))  # the format's own choices


@dataclass(frozen=True)
class Exported:
    out: Path
    losses: tuple[Diagnostic, ...] = ()  # what the format could not carry, as warnings at their source
    kept: tuple[str, ...] = ()  # files of an output folder that the tool did not write, left in place
    note: str = ""  # one line for the person who exported, e.g. the size of a file


def export_site(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The HTML site: a folder to open from disk, put on a USB stick or any static host."""
    from course.render.site import render_site
    from course.write.folder import write_folder

    written = write_folder(render_site(book, options.progress), out)
    return Exported(written.out, kept=written.kept, note=f"{len(written.files)} files")


def export_zip(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The site as one .zip file that opens from disk once unzipped (for USB sticks and email)."""
    from course.render.site_zip import write_site_zip

    return write_site_zip(book, out, options)


def export_json(book: Book, out: Path, options: ExportOptions) -> Exported:
    """The book as one JSON file (schemas/book.schema.json), for LMS plugins, apps and translation tools."""
    from course.render.book_json import write_book_json

    return write_book_json(book, out, options)


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
    "moodle": export_moodle,
    "gift": export_gift,
}
# Where an export goes without -o, inside dist/: {id} is the course id.
DEFAULT_NAMES = {
    "site": "{id}-site",
    "zip": "{id}.zip",
    "json": "{id}.json",
    "moodle": "{id}-moodle.xml",
    "gift": "{id}.gift",
}
# The format options (`course export` flags) each format reads; giving one to another format is a mistake.
SETTINGS: dict[str, tuple[str, ...]] = {}


def describe(name: str) -> str:
    """The first line of the format's docstring, for `course export --list`."""
    return (EXPORTERS[name].__doc__ or "").strip().splitlines()[0]
