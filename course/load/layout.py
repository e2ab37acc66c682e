"""A course's own layout partials (templates/), read and checked.

A course from a stranger may ship templates/. Only the layout around the lesson may be replaced;
each file is read from inside the course only, and the addresses it writes out literally follow
the lesson link policy. course.render.templating renders them in Jinja's sandbox, through the
sanitiser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from course.convert.sanitize import URL_SCHEMES
from course.errors import Position, Report, did_you_mean
from course.i18n.trainer import msg

LAYOUT_FOLDER = "templates"
PACKAGE_TEMPLATES = Path(__file__).parents[1] / "templates"
# The partials a course may replace: the layout around the lesson. Page templates, the quiz
# markup (read by the quiz engine) and the interface strings belong to the tool.
OVERRIDABLE = ("_header.html", "_nav.html", "_not_translated.html", "_pager.html")


def read_layout(root: Path, report: Report, external_links: bool = True) -> dict[str, str]:
    """The course's layout partials that may be used (name -> text); every other file there is reported."""
    folder = root / LAYOUT_FOLDER
    if not folder.is_dir():
        return {}
    course_root = root.resolve()
    found = {}
    for path in sorted(folder.iterdir()):
        rel = f"templates/{path.name}"
        try:
            inside = path.resolve().is_relative_to(course_root)
        except (OSError, RuntimeError):
            report.error(Position(rel), msg("is a symbolic link that leads round in a loop; replace it with the file"))
            continue
        if not inside:
            report.error(Position(rel), msg("is a link to a file outside the course folder; copy the file in instead"))
        elif not path.is_file() or path.name.startswith("."):
            continue
        elif path.name not in OVERRIDABLE:
            known = (PACKAGE_TEMPLATES / path.name).is_file()
            why = msg("belongs to the tool and cannot be replaced") if known else msg("replaces no template")
            report.error(
                Position(rel),
                msg("{name} {why}{hint}; a course can replace {names}", name=path.name, why=why,
                    hint=did_you_mean(path.name, OVERRIDABLE), names=", ".join(OVERRIDABLE)),
            )  # fmt: skip
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                report.error(Position(rel), msg("cannot be read as UTF-8 text ({why})", why=str(error)))
                continue
            _check_addresses(text, rel, external_links, report)
            found[path.name] = text
    return found


_ADDRESS = re.compile(r"""<(\w+)[^>]*?\b(href|src)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def _check_addresses(text: str, rel: str, external_links: bool, report: Report) -> None:
    """The link policy of lessons, for the addresses a template writes out literally."""
    for match in _ADDRESS.finditer(text):
        tag, url = match.group(1).lower(), match.group(3)
        line = text.count("\n", 0, match.start(3)) + 1
        pos = Position(rel, line, match.start(3) - (text.rfind("\n", 0, match.start(3)) + 1) + 1)
        verdict = address_verdict(tag, url, external_links)
        if verdict == "image":
            report.error(pos, msg("image '{url}' must be a file of the site, not on another site", url=url))
        elif verdict == "external":
            report.error(
                pos,
                msg("link '{url}' goes to another site, which this course forbids (external_links: false)", url=url),
            )
        elif verdict == "scheme":
            report.warning(
                pos, msg("'{url}' is left out of the page: use http:, https: or mailto:", url=url), "unsafe-link"
            )


def address_verdict(tag: str, url: str, external_links: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in URL_SCHEMES and "{" not in url:
        return "scheme"
    remote = bool(parts.scheme) or url.startswith("//")
    if remote and tag == "img":
        return "image"  # the page would fetch it as soon as it opens
    if remote and not external_links and parts.scheme != "mailto":
        return "external"
    return ""
