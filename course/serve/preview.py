"""`course serve`: build, serve on localhost, rebuild on change, reload the open page,
and show the course's errors over the page until they are fixed."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import click

from course.build import check
from course.i18n.trainer import ENGLISH, msg, translate
from course.load import freshness
from course.render.site import Site
from course.serve.http import PreviewHTTPServer

WATCHED = ("course.yaml", "modules", "quizzes", "assets", "templates")
POLL_SECONDS = 0.25
REQUEST_SECONDS = 5.0  # a connection that sends no whole request in this time is closed


@dataclass
class BuildState:
    """What the server shows: the last good site, and the errors of the latest build."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)  # every error and warning, with its source lines
    condition: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str], changed: list[str], problems: list[dict] | None = None) -> None:
        with self.condition:
            self.version += 1
            self.errors, self.changed, self.problems = errors, changed, problems or []
            self.condition.notify_all()

    def snapshot(self) -> dict:
        return {"version": self.version, "errors": self.errors, "problems": self.problems}


CONTEXT_LINES = 2  # shown before and after the line of a problem
LONGEST_LINE = 400  # characters of a source line shown; the rest is cut
MOST_SHOWN = 200  # problems shown with their lines; the terminal lists them all


def problem_views(root: Path, diagnostics, lang: str = ENGLISH) -> list[dict]:
    """Each diagnostic as the overlay shows it: its text, and the lines of its file around it (each
    [number, text]) with the column marked, read from the course folder (a path outside it, or a
    file that cannot be read, gives the text alone)."""
    files: dict[str, list[str] | None] = {}
    views = []
    for d in list(diagnostics)[:MOST_SHOWN]:
        if d.path not in files:
            files[d.path] = _source_lines(root, d.path)
        lines = files[d.path] or []
        first, last = max(1, d.line - CONTEXT_LINES), min(len(lines), d.line + CONTEXT_LINES)
        context = [[n, lines[n - 1][:LONGEST_LINE]] for n in range(first, last + 1)]
        at = lines[d.line - 1][: d.col - 1] if 0 < d.line <= len(lines) else ""
        views.append({
            "text": d.format(lang), "severity": d.severity, "path": d.path, "line": d.line, "col": d.col,
            "context": context, "caret": _caret_indent(at),
        })  # fmt: skip
    return views


def _source_lines(root: Path, rel: str) -> list[str] | None:
    try:
        path = (root / rel).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file() or path.stat().st_size > 5_000_000:
            return None
        return path.read_text(encoding="utf-8", errors="replace").split("\n")
    except (OSError, ValueError):
        return None


def _caret_indent(before: str) -> str:
    """What goes before the caret under a line so it stands under the column: tabs kept, a wide
    (Chinese) character as two spaces, any other as one, as a monospace font shows them."""
    return "".join("\t" if c == "\t" else "  " if unicodedata.east_asian_width(c) in "WF" else " " for c in before)[
        :LONGEST_LINE
    ]


def sync_site(site: Site, out: Path) -> list[str]:
    """Make out hold exactly the site, touching only files whose bytes changed."""
    wanted = site.pages
    changed = []
    for rel, data in sorted(wanted.items()):
        target = out / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
        changed.append(rel)
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def _replace(target: Path, data: bytes) -> None:
    """Write a file whole or not at all: a request during a rebuild reads the old bytes or the new ones."""
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=".course-", suffix=".tmp"
    )  # a short name: any page name fits
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def fingerprint(root: Path) -> tuple:
    """Names, sizes and modification times of every watched file."""
    entries = []
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class DevServer:
    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 8000, log=print, request_seconds=REQUEST_SECONDS,
        lang: str = ENGLISH,
    ):  # fmt: skip
        self.root, self.lang = root, lang  # lang: the trainer's, for the terminal and the error overlay
        self.log = lambda text: log(translate(text, lang))
        self.state = BuildState()
        self.markdown_cache: dict = {}
        self.last_warnings: list[str] = []  # conversions of unchanged texts are reused between rebuilds
        self.stopping = threading.Event()
        self.httpd = PreviewHTTPServer(self, host, port, request_seconds)  # fails first if the port is taken
        self.out = Path(tempfile.mkdtemp(prefix="course-serve-"))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def rebuild(self) -> None:
        started = time.perf_counter()
        freshness.forget()
        checked = check(self.root, cache=self.markdown_cache)
        errors = [d.format(self.lang) for d in checked.diagnostics if d.severity == "error"]
        changed = sync_site(checked.site, self.out) if checked.ok and checked.site else []
        self.state.publish(errors, changed, problem_views(self.root, checked.diagnostics, self.lang))
        took = time.perf_counter() - started
        if errors:
            self.log(msg("{n} error(s), shown in the browser:\n  {list}", n=len(errors), list="\n  ".join(errors)))
        else:
            warnings = [d.format(self.lang) for d in checked.diagnostics if d.severity == "warning"]
            self.log(msg("Rebuilt in {seconds}s: {files} file(s) changed, {warnings} warning(s)",
                         seconds=format(took, ".2f"), files=len(changed), warnings=len(warnings)))  # fmt: skip
            if warnings != self.last_warnings:  # each change of the warnings, not every save
                self.log("  " + "\n  ".join(warnings) if warnings else msg("  no warnings left"))
                self.last_warnings = warnings

    def watch(self) -> None:
        last = fingerprint(self.root)
        while not self.stopping.wait(POLL_SECONDS):
            current = fingerprint(self.root)
            if current != last:
                last = current
                try:
                    self.rebuild()
                except Exception:  # a bug in the tool: report it, keep watching
                    self.log(msg("Internal error while building:\n{trace}", trace=traceback.format_exc()))

    def start(self) -> None:
        self.rebuild()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self.watch, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        with self.state.condition:
            self.state.condition.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.out, ignore_errors=True)


def serve(root: Path, host: str, port: int, log=print, lang: str = ENGLISH) -> None:
    """Serve until Ctrl-C (or a terminate signal, so the temporary folder is always removed)."""
    if not (root / "course.yaml").is_file():
        raise click.UsageError(
            msg("{folder} has no course.yaml; pass the course folder, or start one with `course new`", folder=root)
        )
    signal.signal(signal.SIGTERM, _interrupt)
    server = DevServer(root, host, port, log, lang=lang)
    server.log(msg("Serving {folder} at {url}  (Ctrl-C to stop)", folder=root.resolve(), url=server.url))
    server.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.log(msg("Stopped."))
    finally:
        server.stop()
