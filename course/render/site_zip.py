"""`course export zip`: the site in one .zip, to unzip anywhere (a USB stick, a shared drive) and
open index.html from disk.

Reproducible: the same course gives the same bytes. Entries are sorted, every one carries the
book's date (SOURCE_DATE_EPOCH, else the newest source file's time; zip dates cannot be before
1980) and the permissions a site's files have (rw-r--r--), and they sit in one folder named after
the course, so unzipping makes one folder rather than scattering files."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from course.book import Book
from course.render.exporters import Exported, ExportOptions
from course.render.site import render_site
from course.write.file import size_note, write_file

COMMENT = b"course export zip"  # tells an earlier export from another zip of the same name
_ZIP_EPOCH = 315532800  # 1980-01-01, the first date a zip entry can hold


def write_site_zip(book: Book, out: Path, options: ExportOptions) -> Exported:
    data = site_zip(book, options.progress)
    write_file(out, data, is_ours=_is_export)
    return Exported(out, note=size_note(len(data)))


def site_zip(book: Book, progress=None) -> bytes:
    stamp = time.gmtime(max(book.built, _ZIP_EPOCH))[:6]
    folder = book.course.id
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in sorted(render_site(book, progress)):
            entry = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # unix, so the permissions below are read
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, data, compresslevel=9)
        archive.comment = COMMENT
    return buffer.getvalue()


def _is_export(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.comment == COMMENT
    except zipfile.BadZipFile:
        return False
