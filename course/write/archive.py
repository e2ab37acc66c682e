"""Zip files that the same content always turns into the same bytes.

Entries are sorted, every one carries the same date (the book's: SOURCE_DATE_EPOCH, else the
newest source file's time; a zip cannot hold a date before 1980) and the permissions a site's
files have (rw-r--r--). The archive's comment names the export that wrote it, so a later export
replaces its own file and never someone else's zip of the same name."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable

_ZIP_EPOCH = 315532800  # 1980-01-01, the first date a zip entry can hold


def reproducible_zip(files: Iterable[tuple[str, bytes]], built: int, comment: bytes) -> bytes:
    stamp = time.gmtime(max(built, _ZIP_EPOCH))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in sorted(files):
            entry = zipfile.ZipInfo(path, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # unix, so the permissions below are read
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, data, compresslevel=9)
        archive.comment = comment
    return buffer.getvalue()


def zip_comment_starts(data: bytes, comment: bytes) -> bool:
    """Whether data is a zip whose comment starts with comment (an earlier export of that kind)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.comment.startswith(comment)
    except zipfile.BadZipFile:
        return False
