"""`course export zip`: the site in one .zip, to unzip anywhere (a USB stick, a shared drive) and
open index.html from disk: the same bytes as the download the site's home page offers
(render/offline.py), so it holds the site's service worker too, for a coordinator who puts the
unzipped folder on a web server; opened from disk, no worker is registered.

Reproducible: the same course gives the same bytes. Entries are sorted, every one carries the
same date (1980-01-01, the first a zip can hold: the site has no date of its own, and one taken
from the source files' times would differ from checkout to checkout) and the permissions a site's files have (rw-r--r--), and they sit in one folder named after
the course, so unzipping makes one folder rather than scattering files."""

from __future__ import annotations

from pathlib import Path

from course.book import Book
from course.render.offline import ZIP_COMMENT, site_zip
from course.render.outputs import Exported, ExportOptions
from course.write.archive import zip_comment_starts
from course.write.file import size_note, write_file

COMMENT = ZIP_COMMENT


def write_site_zip(book: Book, out: Path, options: ExportOptions) -> Exported:
    data = site_zip(book, options.progress)
    write_file(out, data, is_ours=_is_export)
    return Exported(out, note=size_note(len(data)))


def _is_export(data: bytes) -> bool:
    return zip_comment_starts(data, COMMENT)
