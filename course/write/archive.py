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
    archive = ReproducibleZip(built, comment)
    for path, data in sorted(files):
        archive.add(path, data)
    return archive.close()


class ReproducibleZip:
    """A zip written entry by entry, each compressed as it comes, so a whole site never sits in
    memory uncompressed; the entries stay in the order they were added (a fixed order gives the
    same bytes as a sorted one does)."""

    def __init__(self, built: int, comment: bytes):
        self.stamp = time.gmtime(max(built, _ZIP_EPOCH))[:6]
        self.buffer = io.BytesIO()
        self.archive = zipfile.ZipFile(self.buffer, "w")
        self.archive.comment = comment

    def add(self, path: str, data: bytes) -> None:
        entry = zipfile.ZipInfo(path, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 3  # unix, so the permissions below are read
        entry.external_attr = 0o100644 << 16
        self.archive.writestr(entry, data, compresslevel=9)

    def close(self) -> bytes:
        self.archive.close()
        return self.buffer.getvalue()


def zip_comment_starts(data: bytes, comment: bytes) -> bool:
    """Whether data is a zip whose comment starts with comment (an earlier export of that kind)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.comment.startswith(comment)
    except zipfile.BadZipFile:
        return False
