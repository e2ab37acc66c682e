"""The site as `course build` makes it: kept for reading offline once visited, and offered whole as a zip.

Served over http(s), a service worker at the site's root (sw.js, so its scope is the whole course)
stores every file of the build the first time a learner opens a page, and answers from that store
first, the network only for what it lacks. The list of files is written into sw.js, and so is the
build's version: a hash of every file's bytes and of the worker's own code. A course that changes
changes sw.js, which the browser checks on each visit; the new worker stores the new version in a
cache of its own and, once it holds all of it, deletes the old one (static/sw.js).

The home page links download/<course id>.zip, the site as `course export zip` makes it, for USB
sticks. The zip holds its own sw.js and home pages without the link (it does not hold itself), and
is compressed as the pages are rendered; course.yaml's `download_zip: false` leaves it out, for a
course too big to download."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from course.book import Book
from course.render.scripts import STATIC
from course.render.site import Download, SiteParts
from course.write.archive import ReproducibleZip

SERVICE_WORKER = "sw.js"  # at the site's root: a worker's scope is the folder it is served from
WORKER_CODE = "sw.js"  # in static/
DOWNLOAD_FOLDER = "download"
ZIP_COMMENT = b"course export zip"  # tells an earlier export from another zip of the same name


def download_path(book: Book) -> str:
    return f"{DOWNLOAD_FOLDER}/{book.course.id}.zip"


def offline_site(book: Book, progress=None) -> Iterator[tuple[str, bytes]]:
    """Every file of the site with its service worker, and the course's zip unless course.yaml turns it off."""
    parts = SiteParts(book, progress, offline=True)
    digests: dict[str, str] = {}  # the worker needs only each file's hash
    archive = CourseZip(book) if book.course.download_zip else None
    for path, data in parts.files():
        digests[path] = _digest(data)
        if archive:
            archive.add(path, data)
        yield path, data
    download = None
    if archive:
        data = archive.close(parts.homes())
        download = Download(download_path(book), len(data))
        yield download.path, data  # not in the worker's list: a learner offline has no use for it
    for path, data in parts.homes(download):
        digests[path] = _digest(data)
        yield path, data
    yield SERVICE_WORKER, service_worker(digests)
    parts.finish()


def site_zip(book: Book, progress=None) -> bytes:
    """`course export zip`: the same bytes as the zip the home page offers."""
    parts = SiteParts(book, progress, offline=True)
    archive = CourseZip(book)
    for path, data in parts.files():
        archive.add(path, data)
    data = archive.close(parts.homes())
    parts.finish()
    return data


class CourseZip:
    """The site's files (home pages without the download link) and their own service worker, in one
    folder named after the course, so unzipping makes one folder rather than scattering files.
    Each file is compressed as the site is rendered: what is kept is the zip, not the site."""

    def __init__(self, book: Book):
        self.folder = book.course.id
        # Dated 1980-01-01, the first date a zip can hold, not the book's date: the zip is part of the built
        # site, which holds no date, so the same course builds to the same bytes in any checkout
        # (a fresh clone's files are as new as the clone, and the book's date falls back to them).
        self.archive = ReproducibleZip(0, ZIP_COMMENT)
        self.digests: dict[str, str] = {}

    def add(self, path: str, data: bytes) -> None:
        self.digests[path] = _digest(data)
        self.archive.add(f"{self.folder}/{path}", data)

    def close(self, homes: Iterable[tuple[str, bytes]]) -> bytes:
        for path, data in homes:
            self.add(path, data)
        self.archive.add(f"{self.folder}/{SERVICE_WORKER}", service_worker(self.digests))
        return self.archive.close()


def service_worker(digests: dict[str, str]) -> bytes:
    """sw.js: the files to store (addresses relative to the worker) and the version they make, then
    the worker's code."""
    code = (STATIC / WORKER_CODE).read_bytes()
    return (
        b"/* The files of this build, and its version: a hash of their bytes and of this worker's code. */\n"
        + f"var COURSE_VERSION = {json.dumps(version(digests, code))};\n".encode()
        + f"var COURSE_FILES = {json.dumps(precache_list(digests), indent=0)};\n".encode()
        + code
    )


def precache_list(digests: dict[str, str]) -> list[str]:
    return [quote(path) for path in sorted(digests)]


def version(digests: dict[str, str], code: bytes) -> str:
    lines = "".join(f"{path}\0{digest}\n" for path, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode() + code).hexdigest()[:16]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
