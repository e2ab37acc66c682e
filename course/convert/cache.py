"""Conversions kept on disk by content hash, so a rebuild converts only the texts that changed.

convert() depends on its arguments alone, and on the code that converts: the key is a hash of
both (the text, where it sits, its language; the tool's converting code, Python-Markdown's,
pymdown-extensions' and nh3's versions). The cache lives in the user's cache folder, never in
the course: a course from a stranger could otherwise ship entries whose HTML never passed the
sanitiser. It is safe to delete at any time; COURSE_CACHE_DIR moves it, COURSE_CACHE_DIR=off
turns it off."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from importlib import metadata
from pathlib import Path

from course.convert.cachedir import cache_folder
from course.convert.text import Converted, Link
from course.errors import Position, diagnostics_data, diagnostics_from_data
from course.i18n import catalog as catalogs

# The code a conversion's result depends on, beyond the libraries.
_CODE = (
    "convert/text.py",
    "convert/divs.py",
    "convert/sanitize.py",
    "convert/limits.py",
    "i18n/interface.py",
    "i18n/catalog.py",
    "i18n/trainer.py",
    "convert/cache.py",
    "convert/cachedir.py",
    "errors.py",
    "__init__.py",
)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parents[1]  # the package
    for name in _CODE:
        digest.update((here / name).read_bytes())
    digest.update(catalogs.fingerprint())  # the words a page is given: box titles, labels
    for package in ("Markdown", "pymdown-extensions", "nh3"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()


FLUSH_EVERY = 2000  # conversions written in one transaction


class DiskCache:
    """A table of key -> Converted as JSON in one SQLite file; every failure reads as a miss."""

    def __init__(self, folder: Path | None = None):
        self.db = None
        self.pending: list[tuple[str, str]] = []
        self.fingerprint = _fingerprint()
        self._seed = self.fingerprint.encode() + b"\0"
        folder = folder if folder is not None else cache_folder()
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / "conversions.sqlite", timeout=5)
            self.db.execute("CREATE TABLE IF NOT EXISTS converted (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only home, a full disk: convert as if there were no cache

    def key(self, text: str, *where) -> str:
        """The key of convert(text, *where). where (source, line, inline, lang) never holds a NUL, so
        joining it with NULs before the text is unambiguous, and cheaper than JSON for many texts."""
        digest = hashlib.sha256(self._seed)
        digest.update("\0".join(map(str, where)).encode() + b"\0\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        """Whether key is kept, without reading its value."""
        if self.db is None:
            return False
        try:
            return self.db.execute("SELECT 1 FROM converted WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error:
            return False

    def get(self, key: str) -> Converted | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM converted WHERE key = ?", (key,)).fetchone()
            return _from_json(json.loads(row[0])) if row else None
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, converted: Converted) -> None:
        if self.db is not None:
            self.pending.append((key, json.dumps(_to_json(converted), ensure_ascii=False)))
            if len(self.pending) >= FLUSH_EVERY:  # a large course's conversions are not all held at once
                self.flush()

    def flush(self) -> None:
        """Write the conversions put so far, so that get() finds them."""
        if self.db is None or not self.pending:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO converted VALUES (?, ?)", self.pending)
        except sqlite3.Error:
            pass  # the next build converts these again
        self.pending = []

    def close(self) -> None:
        """Write what is left of this build's conversions, and let the file go."""
        if self.db is None:
            return
        try:
            self.flush()
        finally:
            self.db.close()
            self.db, self.pending = None, []


def _position(pos: Position) -> list:
    return [pos.path, pos.line, pos.col]


def _to_json(c: Converted) -> dict:
    return {
        "html": c.html,
        "toc": [list(t) for t in c.toc],
        "slots": [[quiz_id, _position(pos)] for quiz_id, pos in c.quiz_slots],
        "links": [[link.url, link.tag, _position(link.pos)] for link in c.links],
        "diagnostics": diagnostics_data(c.diagnostics),
        "ids": list(c.ids),
        "facilitator": c.facilitator,
        "objectives": list(c.objectives),
        "objectives_line": c.objectives_line,
        "notes": [list(n) for n in c.notes],
    }


def _from_json(data: dict) -> Converted:
    return Converted(
        data["html"],
        tuple(tuple(t) for t in data["toc"]),
        tuple((quiz_id, Position(*pos)) for quiz_id, pos in data["slots"]),
        tuple(Link(url, tag, Position(*pos)) for url, tag, pos in data["links"]),
        diagnostics_from_data(data["diagnostics"]),
        tuple(data["ids"]),
        data["facilitator"],
        tuple(data["objectives"]),
        data["objectives_line"],
        tuple(tuple(n) for n in data.get("notes", ())),
    )
