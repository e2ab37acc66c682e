"""The outputs: one function per format, all with the signature (book, out, progress=None).

`course build` is EXPORTERS["site"] into build/; `course export FORMAT` runs any of them into
dist/ by default. A new format is one module with such a function and one line here (and its
default file name in DEFAULT_NAMES): it reads the book and nothing else."""

from __future__ import annotations

from pathlib import Path

from course.book import Book
from course.render.book_json import export_json
from course.render.site import render_site
from course.render.site_zip import export_zip
from course.write.folder import Written, write_folder


def export_site(book: Book, out: Path, progress=None) -> Written:
    """The HTML site: a folder to open from disk, put on a USB stick or any static host."""
    return write_folder(render_site(book, progress), out)


EXPORTERS = {
    "site": export_site,
    "zip": export_zip,
    "json": export_json,
}
# Where an export goes without -o, inside dist/: {id} is the course id.
DEFAULT_NAMES = {
    "site": "{id}-site",
    "zip": "{id}.zip",
    "json": "{id}.json",
}


def describe(name: str) -> str:
    """The first line of the format's docstring, for `course export --list`."""
    return (EXPORTERS[name].__doc__ or "").strip().splitlines()[0]
