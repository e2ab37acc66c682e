"""The Jinja environment: the package's templates, and a course's own layout partials kept inert.

A course from a stranger may ship templates/. They are rendered in Jinja's sandbox with only
the documented context, read only from inside the course, and their output passes the same
sanitiser as lesson HTML, so a template can change the layout's markup but never run code on
the trainer's machine or script the learner's page."""

from __future__ import annotations

import functools
import json
import re
import traceback
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from course.convert.policy import CONTENT_SECURITY_POLICY
from course.convert.sanitize import URL_SCHEMES, clean
from course.errors import Position, Report, did_you_mean
from course.link import urls as urls

TEMPLATES = Path(__file__).parents[1] / "templates"
# The partials a course may replace: the layout around the lesson. Page templates, the quiz
# markup (read by the quiz engine) and the interface strings belong to the tool.
OVERRIDABLE = ("_header.html", "_nav.html", "_not_translated.html", "_pager.html")
SCRIPT_STRINGS = {"resume"}  # besides the js.* strings, what course.js shows
# What templates can reach: page addresses (plain functions and names of site.py), not the module.
URLS = SimpleNamespace(
    **{name: value for name, value in vars(urls).items() if name.isupper() or name.endswith("_url")},
    relative=urls.relative,
    to_site_root=urls.to_site_root,
)


class CourseTemplates(jinja2.BaseLoader):
    """Serves a course's checked overrides; each one renders through the sanitiser."""

    def __init__(self, files: dict[str, Path]):
        self.files = files

    def get_source(self, environment, template):
        path = self.files.get(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        text = path.read_text(encoding="utf-8")
        # On the first line, so the template's own line numbers stay right in error messages. Always
        # up to date: an edited file has a new time and size, so it gets a new environment.
        return "{% filter course_layout_html %}" + text + "{% endfilter %}", str(path), lambda: True


def course_overrides(root: Path, report: Report, external_links: bool = True) -> dict[str, Path]:
    """The course's template overrides that may be used; every other file there is reported."""
    folder = root / "templates"
    if not folder.is_dir():
        return {}
    course_root = root.resolve()
    found = {}
    for path in sorted(folder.iterdir()):
        rel = f"templates/{path.name}"
        try:
            inside = path.resolve().is_relative_to(course_root)
        except (OSError, RuntimeError):
            report.error(Position(rel), "is a symbolic link that leads round in a loop; replace it with the file")
            continue
        if not inside:
            report.error(Position(rel), "is a link to a file outside the course folder; copy the file in instead")
        elif not path.is_file() or path.name.startswith("."):
            continue
        elif path.name not in OVERRIDABLE:
            known = (TEMPLATES / path.name).is_file()
            why = "belongs to the tool and cannot be replaced" if known else "replaces no template"
            report.error(
                Position(rel),
                f"{path.name} {why}{did_you_mean(path.name, OVERRIDABLE)}; a course can replace "
                f"{', '.join(OVERRIDABLE)}",
            )
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                report.error(Position(rel), f"cannot be read as UTF-8 text ({error})")
                continue
            _check_addresses(text, rel, external_links, report)
            found[path.name] = path
    return found


_ADDRESS = re.compile(r"""<(\w+)[^>]*?\b(href|src)\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)


def _check_addresses(text: str, rel: str, external_links: bool, report: Report) -> None:
    """The link policy of lessons, for the addresses a template writes out literally."""
    for match in _ADDRESS.finditer(text):
        tag, url = match.group(1).lower(), match.group(3)
        line = text.count("\n", 0, match.start(3)) + 1
        pos = Position(rel, line, match.start(3) - (text.rfind("\n", 0, match.start(3)) + 1) + 1)
        verdict = _address_verdict(tag, url, external_links)
        if verdict == "image":
            report.error(pos, f"image '{url}' must be a file of the site, not on another site")
        elif verdict == "external":
            report.error(pos, f"link '{url}' goes to another site, which this course forbids (external_links: false)")
        elif verdict == "scheme":
            report.warning(pos, f"'{url}' is left out of the page: use http:, https: or mailto:", "unsafe-link")


def _address_verdict(tag: str, url: str, external_links: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in URL_SCHEMES and "{" not in url:
        return "scheme"
    remote = bool(parts.scheme) or url.startswith("//")
    if remote and tag == "img":
        return "image"  # the page would fetch it as soon as it opens
    if remote and not external_links and parts.scheme != "mailto":
        return "external"
    return ""


def template_environment(root: Path, report: Report | None = None, external_links: bool = True) -> jinja2.Environment:
    """Package templates, overridable one layout partial at a time by a course's templates/.
    The overrides are checked (and their problems reported) every time; the environment, with
    its compiled templates, is reused while they stay the same, as under `course serve`."""
    overrides = course_overrides(root, report or Report(), external_links)
    files = tuple(
        sorted((name, str(path), path.stat().st_mtime_ns, path.stat().st_size) for name, path in overrides.items())
    )
    return _environment(files, external_links)


@functools.lru_cache(maxsize=8)
def _environment(files: tuple, external_links: bool) -> jinja2.Environment:
    overrides = {name: Path(path) for name, path, _, _ in files}
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader([CourseTemplates(overrides), jinja2.PackageLoader("course", "templates")]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["urls"] = URLS
    env.globals["csp"] = CONTENT_SECURITY_POLICY

    def layout_url(tag: str, url: str) -> str | None:
        return None if _address_verdict(tag, url, external_links) else url

    env.filters["course_layout_html"] = lambda html: Markup(clean(str(html), layout_url, layout=True))
    env.filters["ui_strings"] = lambda t: json_script(
        {k.removeprefix("js."): v for k, v in t.items() if k.startswith("js.") or k in SCRIPT_STRINGS}
    )
    return env


def json_script(data) -> Markup:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def template_problem(error: jinja2.TemplateError, root: Path) -> tuple[Position, str]:
    """Where in a course template an error arose, and what to say about it."""
    folder = (root / "templates").resolve()
    line = getattr(error, "lineno", None)
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and Path(frame.filename).parent == folder:
            name, line = frame.filename, frame.lineno
            break
    path = f"templates/{Path(name).name}" if name else "templates"
    if isinstance(error, jinja2.exceptions.SecurityError):
        message = f"the template tried something templates may not do ({error}); use only the documented values"
    elif isinstance(error, jinja2.TemplateSyntaxError):
        message = f"template syntax: {error.message}"
    else:
        message = f"the template failed: {error}"
    return Position(path, line or 1), message
