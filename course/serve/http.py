"""The preview's HTTP side: strict request parsing, the Host check, timeouts, and the page policy on every answer."""

from __future__ import annotations

import http.server
import io
import ipaddress
import json
import mimetypes
import re
import socket
import sys
import time
import traceback
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote_to_bytes

from course.convert.policy import CONTENT_SECURITY_POLICY

LIVE_SCRIPT = Path(__file__).parents[1] / "static" / "live.js"
# External, not inline: the page policy allows only the site's own scripts.
INJECT = b'<script src="/__course/live.js"></script>'
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")
_TARGET = re.compile(r"/[!-~]*")  # origin-form only, printable ASCII: no spaces, controls or raw bytes
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]/@]+)(?::([0-9]{1,5}))?")
_NOT_FOUND_PAGE = (
    b'<!DOCTYPE html><meta charset="utf-8"><title>course</title><body><p>This page does'
    b' not exist (any more): open <a href="/">the course home</a>.</p>' + INJECT + b"</body>"
)


def site_path(target: str) -> str | None:
    """The site-relative file a request target names, or None when the target is malformed or would leave
    the site (bad or incomplete percent-escapes, bytes that are not UTF-8, NUL and other controls,
    backslashes, `.` or `..` segments, whether written plainly or encoded)."""
    if not _TARGET.fullmatch(target):
        return None
    path = target.split("?", 1)[0]
    if _BAD_ESCAPE.search(path):
        return None
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    parts = text.split("/")[1:]
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in text) or any(part in (".", "..") for part in parts):
        return None
    return "/".join(parts)


def host_allowed(header: str, bound: str, port: int) -> bool:
    """Whether a Host header names this server: a loopback name or the --host given, at its port. When the
    server listens on every address, any IP literal is accepted too. A DNS name is refused otherwise: a
    page on evil.example whose name is re-pointed at 127.0.0.1 (DNS rebinding) must not read the preview."""
    match = _HOST.fullmatch(header)
    if not match or int(match.group(2) or 80) != port:
        return False
    name = match.group(1).lower().strip("[]")
    if name in LOOPBACK or name == bound.lower().strip("[]"):
        return True
    if bound in WILDCARDS:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


class _DeadlineReader(io.RawIOBase):
    """The connection as a file whose reads share one deadline, so a request trickled in a byte at a time
    still ends (a plain socket timeout restarts with every byte)."""

    def __init__(self, sock: socket.socket):
        self.sock, self.deadline = sock, 0.0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


class PreviewHTTPServer(http.server.ThreadingHTTPServer):
    """One thread per connection; `preview` is the DevServer whose output folder and build state it serves."""

    daemon_threads = True

    def __init__(self, preview, host: str, port: int, request_seconds: float):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.preview, self.bound_host, self.request_seconds = preview, host, request_seconds
        super().__init__((host, port), PreviewHandler)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser went away or stalled: nothing to report
        self.preview.log("Internal error while answering a request:\n" + traceback.format_exc())


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    # Keep-alive, as browsers expect; the deadline below is what closes a quiet connection.
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "course-serve"

    def setup(self):
        super().setup()
        self.rfile.close()
        self.reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self.reader)

    def log_request(self, code="-", size="-"):  # the terminal shows builds, not every request
        pass

    def log_message(self, *args):
        pass

    def handle_one_request(self):
        # The whole request (line and headers) must arrive within request_seconds of the previous answer.
        self.reader.deadline = time.monotonic() + self.server.request_seconds
        self.command, self.request_version, self.close_connection = None, "HTTP/1.0", True
        try:
            first = self.rfile.peek(1)[:1]
        except OSError:  # timed out or reset before a single byte
            return
        if not first:
            return
        if not first.isalpha():  # a TLS handshake or other binary noise: never wait for its newline
            return self.send_error(HTTPStatus.BAD_REQUEST, "this server speaks plain HTTP/1.1")
        super().handle_one_request()

    def parse_request(self) -> bool:
        words = self.raw_requestline.split()
        if len(words) != 3 or words[2] not in (b"HTTP/1.0", b"HTTP/1.1"):  # HTTP/0.9 lines have no headers
            self.send_error(HTTPStatus.BAD_REQUEST, "expected a request line: METHOD /path HTTP/1.1")
            return False
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if self.command not in ("GET", "HEAD"):
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "the preview only reads: GET or HEAD")
        elif len(hosts) != 1:
            self.send_error(HTTPStatus.BAD_REQUEST, "a request needs exactly one Host header")
        elif not host_allowed(hosts[0], self.server.bound_host, port := self.server.server_address[1]):
            self.send_error(
                HTTPStatus.MISDIRECTED_REQUEST,
                f"this preview answers only at its own address (http://127.0.0.1:{port}/, or the address given"
                " with --host), so that a page from another site cannot read it",
            )
        elif self.headers.get("Content-Length", "0") != "0" or "Transfer-Encoding" in self.headers:
            self.send_error(HTTPStatus.BAD_REQUEST, "a GET request carries no body")
        else:
            return True
        return False

    def send_response(self, code, message=None):
        self.connection.settimeout(self.server.request_seconds)  # writes get their own time, not what reading left
        super().send_response(code, message)

    def end_headers(self):
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        # The standard reason phrase only: the base class would echo the request line into the status line.
        status = HTTPStatus(code)
        body = f"{status.value} {status.phrase}: {message or status.description}\n".encode()
        self.close_connection = True
        self.send_response(status.value)
        self.send_header("Connection", "close")
        if status is HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send(self, data: bytes, kind: str, status: int = 200):
        charset = "; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else ""
        self.send_response(status)
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's API)
        rel = site_path(self.path)
        if rel is None:
            return self.send_error(HTTPStatus.BAD_REQUEST, "not a path inside the site")
        preview = self.server.preview
        if rel == "__course/events":
            return self.events()
        if rel == "__course/live.js":
            return self.send(LIVE_SCRIPT.read_bytes(), "text/javascript")
        if rel == "__course/state":
            return self.send(json.dumps(preview.state.snapshot()).encode(), "application/json")
        # rel has no `..` and no backslash, and the output folder is ours (no links in it): it stays inside.
        target = preview.out / rel
        try:
            if target.is_dir():
                target = target / "index.html"
            data = target.read_bytes()  # pages are replaced whole (os.replace), so never read half-written
        except OSError:  # missing, removed by a rebuild just now, or a name too long for the file system
            if rel.endswith(".html") or rel.endswith("/") or not rel:  # e.g. the first build failed
                return self.send(_NOT_FOUND_PAGE, "text/html", 404)
            return self.send(b"Not found", "text/plain", 404)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            end = data.rfind(b"</body>")
            if end >= 0:
                data = data[:end] + INJECT + data[end:]
        return self.send(data, kind)

    def do_HEAD(self):  # noqa: N802 (http.server's API); send() leaves the body out
        self.do_GET()

    def events(self):
        """Server-sent events: one message per build, with its errors."""
        self.close_connection = True  # a stream has no length: it ends when the connection does
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        preview = self.server.preview
        state, seen = preview.state, -1
        try:
            while not preview.stopping.is_set():
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
