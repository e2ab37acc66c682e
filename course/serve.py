"""`course serve`: build, serve on localhost, rebuild on change, reload the open page,
and show the course's errors over the page until they are fixed."""

from __future__ import annotations

import http.server
import json
import mimetypes
import shutil
import signal
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from course import freshness
from course.build import check
from course.render import Site

WATCHED = ("course.yaml", "modules", "quizzes", "assets", "templates")
POLL_SECONDS = 0.25
LIVE_SCRIPT = Path(__file__).parent / "static" / "live.js"
INJECT = b'<script src="/__course/live.js"></script>'


@dataclass
class BuildState:
    """What the server shows: the last good site, and the errors of the latest build."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, errors: list[str], changed: list[str]) -> None:
        with self.condition:
            self.version += 1
            self.errors, self.changed = errors, changed
            self.condition.notify_all()

    def snapshot(self) -> dict:
        return {"version": self.version, "errors": self.errors}


def sync_site(site: Site, out: Path) -> list[str]:
    """Make out hold exactly the site, touching only files whose bytes changed."""
    wanted = {rel: data for rel, data in site.pages.items()}
    for rel, source in site.copies.items():
        wanted[rel] = source.read_bytes()
    changed = []
    for rel, data in sorted(wanted.items()):
        target = out / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(rel)
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


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
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, log=print):
        self.root, self.log = root, log
        self.state = BuildState()
        self.markdown_cache: dict = {}
        self.last_warnings: list[str] = []  # conversions of unchanged texts are reused between rebuilds
        self.stopping = threading.Event()
        self.httpd = http.server.ThreadingHTTPServer((host, port), self._handler())  # fails first if the port is taken
        self.httpd.daemon_threads = True
        self.out = Path(tempfile.mkdtemp(prefix="course-serve-"))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> None:
        started = time.perf_counter()
        freshness.forget()
        checked = check(self.root, cache=self.markdown_cache)
        errors = [d.format() for d in checked.diagnostics if d.severity == "error"]
        changed = sync_site(checked.site, self.out) if checked.ok and checked.site else []
        self.state.publish(errors, changed)
        took = time.perf_counter() - started
        if errors:
            self.log(f"{len(errors)} error(s), shown in the browser:\n  " + "\n  ".join(errors))
        else:
            warnings = [d.format() for d in checked.diagnostics if d.severity == "warning"]
            self.log(f"Rebuilt in {took:.2f}s: {len(changed)} file(s) changed, {len(warnings)} warning(s)")
            if warnings != self.last_warnings:  # each change of the warnings, not every save
                self.log("  " + "\n  ".join(warnings) if warnings else "  no warnings left")
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
                    self.log("Internal error while building:\n" + traceback.format_exc())

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

    def _handler(self):
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # the terminal shows builds, not every request
                pass

            def do_HEAD(self):  # noqa: N802 (http.server's API)
                self.head_only = True
                self.do_GET()

            def do_GET(self):  # noqa: N802 (http.server's API)
                path = unquote(urlsplit(self.path).path)
                if path == "/__course/events":
                    return self.events()
                if path == "/__course/live.js":
                    return self.send(LIVE_SCRIPT.read_bytes(), "text/javascript")
                if path == "/__course/state":
                    return self.send(json.dumps(server.state.snapshot()).encode(), "application/json")
                target = (server.out / path.lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_relative_to(server.out.resolve()) or not target.is_file():
                    if path.endswith((".html", "/")):  # e.g. the first build failed: show the errors
                        page = (
                            b'<!DOCTYPE html><meta charset="utf-8"><title>course</title><body><p>This page does'
                            b' not exist (any more): open <a href="/">the course home</a>.</p>' + INJECT + b"</body>"
                        )
                        return self.send(page, "text/html", 404)
                    return self.send(b"Not found", "text/plain", 404)
                data = target.read_bytes()
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if kind == "text/html":
                    data = data.replace(b"</body>", INJECT + b"</body>", 1)
                return self.send(data, kind)

            def send(self, data: bytes, kind: str, status: int = 200):
                self.send_response(status)
                self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text") else ""))
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if not getattr(self, "head_only", False):
                    self.wfile.write(data)

            def events(self):
                """Server-sent events: one message per build, with its errors."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                state = server.state
                seen = -1
                try:
                    while not server.stopping.is_set():
                        with state.condition:
                            if state.version == seen:
                                state.condition.wait(timeout=15)
                            snapshot = state.snapshot()
                        if snapshot["version"] == seen:
                            self.wfile.write(b": keep-alive\n\n")
                        else:
                            seen = snapshot["version"]
                            self.wfile.write(f"data: {json.dumps(snapshot)}\n\n".encode())
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def serve(root: Path, host: str, port: int, log=print) -> None:
    """Serve until Ctrl-C (or a terminate signal, so the temporary folder is always removed)."""
    if not (root / "course.yaml").is_file():
        raise click.UsageError(f"{root} has no course.yaml; pass the course folder, or start one with `course new`")
    signal.signal(signal.SIGTERM, _interrupt)
    server = DevServer(root, host, port, log)
    log(f"Serving {root.resolve()} at {server.url}  (Ctrl-C to stop)")
    server.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        log("Stopped.")
    finally:
        server.stop()
