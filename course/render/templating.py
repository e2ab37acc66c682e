"""The Jinja environment: the package's templates, and a course's own layout partials kept inert.

A course from a stranger may ship templates/. They are rendered in Jinja's sandbox with only
the documented context, read only from inside the course, and their output passes the same
sanitiser as lesson HTML, so a template can change the layout's markup but never run code on
the trainer's machine or script the learner's page."""

from __future__ import annotations

import functools
import json
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from course.convert.policy import CONTENT_SECURITY_POLICY
from course.convert.sanitize import clean
from course.errors import Position
from course.i18n.catalog import script_strings
from course.i18n.trainer import msg
from course.link import urls as urls
from course.load.layout import LAYOUT_FOLDER, address_verdict
from course.questions.view import quiz_key

TEMPLATES = Path(__file__).parents[1] / "templates"
SCRIPT_STRINGS = {"resume"}  # besides the js.* strings, what course.js shows
# What templates can reach: page addresses (plain functions and names of site.py), not the module.
URLS = SimpleNamespace(
    **{name: value for name, value in vars(urls).items() if name.isupper() or name.endswith("_url")},
    relative=urls.relative,
    to_site_root=urls.to_site_root,
)


class CourseTemplates(jinja2.BaseLoader):
    """Serves a course's checked overrides (read by the load stage); each renders through the sanitiser."""

    def __init__(self, layout: dict[str, str]):
        self.layout = layout

    def get_source(self, environment, template):
        text = self.layout.get(template)
        if text is None:
            raise jinja2.TemplateNotFound(template)
        # On the first line, so the template's own line numbers stay right in error messages.
        wrapped = "{% filter course_layout_html %}" + text + "{% endfilter %}"
        return wrapped, f"{LAYOUT_FOLDER}/{template}", lambda: True


def template_environment(layout, external_links: bool = True, csp: str = CONTENT_SECURITY_POLICY) -> jinja2.Environment:
    """Package templates, overridable one layout partial at a time by the course's own (layout:
    name -> source text, as the load stage read and checked them). The environment, with its
    compiled templates, is reused while they stay the same, as under `course serve`. csp: the
    pages' policy (render/xapi.py's course_policy for a course that sends xAPI statements)."""
    return _environment(tuple(sorted(layout.items())), external_links, csp)


@functools.lru_cache(maxsize=8)
def _environment(layout: tuple, external_links: bool, csp: str) -> jinja2.Environment:
    # A course's own partials run in the sandbox. The package's templates alone need none: they
    # are the tool's code, and autoescaping keeps the course's text inert. Without the sandbox's
    # check of every attribute and call, they render several times faster.
    environment = ImmutableSandboxedEnvironment if layout else jinja2.Environment
    env = environment(
        loader=jinja2.ChoiceLoader([CourseTemplates(dict(layout)), jinja2.PackageLoader("course", "templates")]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the package's files do not change under a build; a course's come from the load stage
    )
    env.globals["urls"] = URLS
    env.globals["csp"] = csp

    def layout_url(tag: str, url: str) -> str | None:
        return None if address_verdict(tag, url, external_links) else url

    env.filters["course_layout_html"] = lambda html: Markup(clean(str(html), layout_url, layout=True))
    env.filters["ui_strings"] = lambda t: json_script(script_strings(t, SCRIPT_STRINGS))
    env.filters["answer_key"] = lambda views: json_script(quiz_key(views))  # a quiz's, for static/quiz.js
    env.filters["json_script"] = json_script  # data for the page's script (the progress page's ids)
    return env


def json_script(data) -> Markup:
    """JSON safe to place inside a <script> element; read-only mappings (the book's) are written as objects."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _plain(value):
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON data")


def template_problem(error: jinja2.TemplateError) -> tuple[Position, str]:
    """Where in a course template an error arose, and what to say about it."""
    line = getattr(error, "lineno", None)
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and frame.filename.startswith(f"{LAYOUT_FOLDER}/"):
            name, line = frame.filename, frame.lineno
            break
    path = f"{LAYOUT_FOLDER}/{Path(name).name}" if name else LAYOUT_FOLDER
    if isinstance(error, jinja2.exceptions.SecurityError):
        message = msg(
            "the template tried something templates may not do ({reason}); use only the documented values",
            reason=str(error),
        )
    elif isinstance(error, jinja2.TemplateSyntaxError):
        message = msg("template syntax: {reason}", reason=error.message)
    else:
        message = msg("the template failed: {reason}", reason=str(error))
    return Position(path, line or 1), message
