"""Statements one at a time, from a file or from an LRS, so a class of any size reads in bounded memory."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from course.errors import CourseError, Diagnostic
from course.i18n.trainer import msg

CHUNK = 1 << 16
PAGE = 500  # statements asked of the LRS per request
XAPI_VERSION = "1.0.3"


def _problem(where: str, message: str, line: int = 1, col: int = 1) -> CourseError:
    return CourseError([Diagnostic(where, line, col, "error", message)])


def statements(source: str, user: str = "", password: str = "") -> Iterator[dict]:
    if source.startswith(("http://", "https://")):
        yield from _from_lrs(source, user, password)
    else:
        yield from _from_file(Path(source))


def _from_file(path: Path) -> Iterator[dict]:
    """JSON Lines (one statement a line), a JSON array of statements, or an LRS answer
    ({"statements": [...]}): read in chunks, each statement decoded as it is complete."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise _problem(str(path), msg("cannot read the statements file: {reason}", reason=error.strerror)) from None
    decoder = json.JSONDecoder()
    with handle:
        buffer, offset, line, in_array = "", 0, 1, None
        while True:
            if offset > CHUNK:  # keep the buffer to what is not decoded yet
                line += buffer.count("\n", 0, offset)
                buffer, offset = buffer[offset:], 0
            chunk = handle.read(CHUNK)
            buffer += chunk
            while True:
                offset = _skip(buffer, offset, in_array)
                if offset >= len(buffer):
                    break
                if in_array is None:  # the first character says which of the three shapes this is
                    if buffer[offset] == "[":
                        in_array, offset = True, offset + 1
                        continue
                    if buffer.startswith('{"statements"', offset) or buffer.startswith('{ "statements"', offset):
                        start = buffer.find("[", offset)
                        if start < 0:
                            break
                        in_array, offset = True, start + 1
                        continue
                    in_array = False
                if in_array and buffer[offset] in "]}":
                    return
                try:
                    value, end = decoder.raw_decode(buffer, offset)
                except json.JSONDecodeError as error:
                    if chunk:  # perhaps the statement goes on in the next chunk
                        break
                    at = line + buffer.count("\n", 0, error.pos)
                    col = error.pos - buffer.rfind("\n", 0, error.pos)
                    raise _problem(str(path), msg("not a JSON statement: {reason}; the file must hold xAPI statements "
                                   "as JSON Lines or a JSON array", reason=error.msg), at, col) from None  # fmt: skip
                if isinstance(value, dict):
                    yield value
                offset = end
            if not chunk:
                return


def _skip(buffer: str, offset: int, in_array: bool | None) -> int:
    while offset < len(buffer) and (buffer[offset].isspace() or (in_array and buffer[offset] == ",")):
        offset += 1
    return offset


def _from_lrs(endpoint: str, user: str, password: str) -> Iterator[dict]:
    """GET <endpoint>/statements page by page, following `more` (xAPI 1.0.3, section 2.1.3)."""
    base = endpoint.rstrip("/")
    url = base + "/statements?" + urllib.parse.urlencode({"limit": PAGE})
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base))
    headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
    if user:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    while url:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
                page = json.load(response)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in (401, 403):
                answer = msg("the LRS answered {code} {reason} (check --user and --password)", code=error.code,
                             reason=error.reason)  # fmt: skip
            else:
                answer = msg("the LRS answered {code} {reason}", code=error.code, reason=error.reason)
            raise _problem(endpoint, answer) from None
        except (urllib.error.URLError, OSError) as error:
            raise _problem(
                endpoint, msg("cannot reach the LRS: {reason}", reason=str(getattr(error, "reason", error)))
            ) from None
        except json.JSONDecodeError:
            raise _problem(endpoint, msg("the LRS did not answer with JSON: is this its xAPI endpoint?")) from None
        yield from (s for s in page.get("statements", ()) if isinstance(s, dict))
        more = page.get("more") or ""
        url = urllib.parse.urljoin(origin, more) if more else ""
