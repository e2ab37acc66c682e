"""Diagnostics (what is wrong, where) and the one error type a user ever sees."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field

import click

from course.i18n.trainer import ENGLISH, from_data, msg, msg_n, to_data, translate

ERROR = "error"
WARNING = "warning"
# Every warning the checker gives, by the code a course can silence in course.yaml.
WARNING_CODES = {
    "missing-translation": "a page or quiz has no translation in one of the course languages",
    "stale-translation": "the source changed after its translation",
    "changed-id": "a question or note id of the last build is gone: learners' saved progress or notes for it are lost",
    "no-objectives": "a lesson without objectives",
    "no-explanation": "a question without an explanation",
    "no-feedback": "an option or answer without feedback",
    "no-quiz": "a module of a framework part without a quiz",
    "no-alt": "an image without alt text",
    "long-lesson": "a lesson much longer than its duration",
    "active-file": "a linked file that could run script, left out of the site",
    "unsafe-link": "a javascript:, file: or other link that pages may not carry, left out of the page",
    "unused-footnote": "a footnote that the text never cites",
    # Lessons written for other tools (Pandoc, Quarto, MyST, the Carpentries): what would render as junk
    "unknown-div": "a fenced div (::: name) of a class the course does not know, shown without a box",
    "unclosed-div": "a fenced div that is never closed",
    "stray-div-fence": "a ':::' line that closes no div",
    "unknown-box": "a !!! box or ??? disclosure of a type the course does not know",
    "box-indent": "a !!! box or ??? disclosure whose text is not indented under it, so the box is empty",
    "objectives-twice": "an objectives div in a lesson whose front matter has objectives already",
    # what trainers bring from other tools (issue 11, diagnostics)
    "yaml-tab": "a tab after a ':', '-' or ',' that the tool reads but other YAML readers refuse",
    "foreign-key": "front matter another lesson tool writes (layout, tags, date...), left out of the page",
    "placeholder": 'text left as `course add` wrote it ("Write the lesson here.")',
    "old-feedback-form": "true_false feedback under true: and false:, which other YAML readers take for booleans",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str
    code: str = ""

    def format(self, lang: str = ENGLISH) -> str:
        """path:line:col: severity: message [code], in the trainer's language (the code stays)."""
        code = f" [{self.code}]" if self.code else ""
        severity = translate(SEVERITY[self.severity], lang)
        return f"{self.path}:{self.line}:{self.col}: {severity}: {translate(self.message, lang)}{code}"


SEVERITY = {ERROR: msg("error"), WARNING: msg("warning")}


def diagnostics_data(diagnostics) -> list[list]:
    """Diagnostics as JSON data for a cache or the build record: each message as its msgid and
    values, not its English, so it is shown again in the trainer's language."""
    return [[d.path, d.line, d.col, d.severity, to_data(d.message), d.code] for d in diagnostics]


def diagnostics_from_data(data) -> tuple[Diagnostic, ...]:
    return tuple(Diagnostic(*d[:4], from_data(d[4]), *d[5:]) for d in data)


@dataclass(frozen=True)
class Position:
    """Where a value sits in a source file (1-based line and column)."""

    path: str
    line: int = 1
    col: int = 1


@dataclass
class Report:
    """Collects every problem of a run so all of them are reported at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    silenced: frozenset[str] = frozenset()

    def error(self, pos: Position, message: str, code: str = "") -> None:
        self.diagnostics.append(Diagnostic(pos.path, pos.line, pos.col, ERROR, message, code))

    def warning(self, pos: Position, message: str, code: str) -> None:
        assert code in WARNING_CODES, code  # a new warning must be declared (and documented) above
        if code not in self.silenced:
            self.diagnostics.append(Diagnostic(pos.path, pos.line, pos.col, WARNING, message, code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=lambda d: (d.path, d.line, d.col, d.message))


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return msg(" (did you mean '{match}'?)", match=match[0]) if match else ""


def summary_line(diagnostics: list[Diagnostic], lang: str = ENGLISH) -> str:
    errors = sum(d.severity == ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    line = msg("{errors}, {warnings}", errors=msg_n("{n} error", "{n} errors", errors),
               warnings=msg_n("{n} warning", "{n} warnings", warnings))  # fmt: skip
    return translate(line, lang)


def format_text(diagnostics: list[Diagnostic], lang: str = ENGLISH) -> str:
    return "\n".join([d.format(lang) for d in diagnostics] + [summary_line(diagnostics, lang)])


def format_json(diagnostics: list[Diagnostic], lang: str = ENGLISH) -> str:
    errors = sum(d.severity == ERROR for d in diagnostics)
    payload = {
        "diagnostics": [{**asdict(d), "message": translate(d.message, lang)} for d in diagnostics],
        "errors": errors,
        "warnings": len(diagnostics) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


class CourseError(click.ClickException):
    """The course has errors: carries every diagnostic; the CLI prints them and exits 1."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.lang = ENGLISH  # the CLI sets the trainer's language before click shows it
        super().__init__(summary_line(diagnostics))

    def show(self, file=None) -> None:
        click.echo(format_text(self.diagnostics, self.lang), err=True, file=file)
