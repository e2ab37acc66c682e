"""course.yaml -> the course-level settings, with every problem located."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from course.errors import WARNING_CODES, Position, Report, did_you_mean
from course.i18n.trainer import msg
from course.load.checker import Checker
from course.load.schema import COURSE
from course.load.sources import read_text
from course.load.yamlsource import Located, YamlProblem, parse_yaml
from course.model import Framework, Part, Xapi, glob_regex

CONFIG_FILE = "course.yaml"


@dataclass(frozen=True)
class CourseConfig:
    id: str
    title: dict
    summary: dict
    languages: tuple[str, ...]
    pass_mark: int
    framework: Framework | None
    order: tuple[str, ...] | None
    external_links: bool
    silence: frozenset[str]
    allow_active_files: tuple[str, ...] = ()
    single_html_budget_kb: int = 5000
    download_zip: bool = True
    xapi: Xapi | None = None


def read_yaml(root: Path, rel: str, report: Report, split_hint: str) -> Located | None:
    """Read and parse a YAML file, reporting (not raising) every problem."""
    try:
        doc = parse_yaml(read_text(root, rel, split_hint), rel)
    except YamlProblem as problem:
        report.error(Position(rel, problem.line, problem.col), problem.message)
        return None
    report_yaml_warnings(doc, report)
    if doc.data is None:
        report.error(Position(rel), msg("file is empty; see docs/formats.md for what it should hold"))
        return None
    return doc


def report_yaml_warnings(doc: Located, report: Report) -> None:
    for line, col, message, code in doc.warnings:
        report.warning(Position(doc.path, line, col), message, code)


def as_i18n(value, languages) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    return {languages[0]: value}


def load_config(root: Path, report: Report) -> CourseConfig | None:
    if not (root / CONFIG_FILE).is_file():
        report.error(
            Position(CONFIG_FILE),
            msg(
                "no {file} in {folder}; run `course new DIR` to start a course, or pass the course folder",
                file=CONFIG_FILE,
                folder=str(root),
            ),
        )
        return None
    doc = read_yaml(root, CONFIG_FILE, report, msg("keep long texts in the lessons"))
    if doc is None:
        return None
    languages = doc.data.get("languages") if isinstance(doc.data, dict) else None
    languages = tuple(languages) if isinstance(languages, list) and languages else ("en",)
    data = Checker(doc, report, [str(lang) for lang in languages]).check(doc.data, COURSE)
    if data is None:
        return None
    languages = tuple(lang for lang in (data["languages"] or ["en"]) if lang) or ("en",)  # bad tags: reported
    for i, code in enumerate(data["silence"] or ()):
        if code and code not in WARNING_CODES:
            report.error(
                doc.pos("silence", i),
                msg(
                    "'{code}' is not a warning code{hint}; the codes are: {codes}",
                    code=code,
                    hint=did_you_mean(code, WARNING_CODES),
                    codes=", ".join(WARNING_CODES),
                ),
            )
    allowed = tuple(
        p
        for i, p in enumerate(data["allow_active_files"] or ())
        if _glob_ok(p, doc.pos("allow_active_files", i), report)
    )
    for i, lang in enumerate(languages):
        if lang in languages[:i]:
            report.error(doc.pos("languages", i), msg("language '{lang}' is listed twice", lang=lang))
    framework = None
    if data["framework"] and data["framework"]["parts"]:
        parts, seen = [], set()
        for i, part in enumerate(data["framework"]["parts"]):
            if not part or not part["id"]:
                continue
            if part["id"] in seen:
                report.error(doc.pos("framework", "parts", i, "id"), msg("duplicate part id '{id}'", id=part["id"]))
            seen.add(part["id"])
            parts.append(Part(part["id"], as_i18n(part["title"], languages), as_i18n(part["summary"], languages)))
        framework = Framework(as_i18n(data["framework"]["title"], languages), tuple(parts))
    return CourseConfig(
        id=data["id"] or "course",
        title=as_i18n(data["title"], languages),
        summary=as_i18n(data["summary"], languages),
        languages=languages,
        pass_mark=data["pass_mark"] if data["pass_mark"] is not None else 70,
        framework=framework,
        order=tuple(x for x in data["order"] if x) if data["order"] else None,
        external_links=data["external_links"] is not False,
        silence=frozenset(x for x in data["silence"] or () if x),
        allow_active_files=allowed,
        single_html_budget_kb=data["single_html_budget_kb"] or 5000,
        download_zip=data["download_zip"] is not False,
        xapi=_xapi(data["xapi"], doc, report),
    )


# An xAPI endpoint: an absolute http(s) address whose origin goes into the pages' connect-src, or a
# path on the site's own origin. Nothing that could end the policy's directive (no space, quote or ;).
_ENDPOINT = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&()*+,=:@%/-]*)?")
_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~!$&()*+,=:@%/-]*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s?#<>\"{}|\\^`]+")


def _xapi(data: dict | None, doc: Located, report: Report) -> Xapi | None:
    """course.yaml's xapi: block, each value's problem reported where it is written."""
    if not data:
        return None  # not given, or not a mapping (reported by the checker)
    ok = bool(data["endpoint"])  # missing: reported by the checker; the other keys are still checked
    endpoint = str(data["endpoint"] or "").strip()
    if endpoint and not (_ENDPOINT.fullmatch(endpoint) or _PATH.fullmatch(endpoint)):
        report.error(
            doc.pos("xapi", "endpoint"),
            msg(
                "'{endpoint}' is not an xAPI endpoint: give the LRS's address, such as https://lrs.example.org/xapi/,"
                " or a path on the site's own host, such as /xapi/ (no query, no spaces)",
                endpoint=endpoint,
            ),
        )
        ok = False
    auth = str(data["auth"] or "").strip()
    if any(c in auth for c in "\r\n"):
        report.error(doc.pos("xapi", "auth"), msg("'auth' must be one line, such as 'Basic dXNlcjpwYXNz'"))
        ok = False
    activity = str(data["activity_id"] or "").strip().rstrip("/")
    if data["activity_id"] is not None and not _IRI.fullmatch(activity):
        report.error(
            doc.pos("xapi", "activity_id"),
            msg(
                "'{activity}' is not an IRI: give one such as https://example.org/courses/governance or"
                " urn:course:governance (no spaces, no query)",
                activity=activity,
            ),
        )
        ok = False
    if not ok:
        return None
    return Xapi(
        endpoint=endpoint if endpoint.endswith("/") else endpoint + "/",
        auth=auth,
        actor=data["actor"] or "launch",
        send_reflections=data["send_reflections"] is True,
        activity_id=activity,
    )


def _glob_ok(pattern: str | None, pos: Position, report: Report) -> bool:
    """A pattern of allow_active_files names files inside the course, with '/' between folders."""
    if not pattern:
        return False  # not text: reported
    if pattern.startswith("/") or "\\" in pattern or ".." in pattern.split("/"):
        report.error(pos, msg("'{pattern}' must be relative to the course folder, with '/' between folders and no '..'",
                              pattern=pattern))  # fmt: skip
        return False
    try:
        glob_regex(pattern)
    except ValueError as exc:  # a bracket class that Python's re cannot read
        backwards = re.fullmatch(r"bad character range ((.)-(.))", str(exc))
        reason = str(exc)
        if backwards:
            right = backwards[3] + "-" + backwards[2]
            reason = msg("the range {wrong} runs backwards: write {right}", wrong=backwards[1], right=right)
        report.error(pos, msg("'{pattern}' is not a valid pattern ({reason})", pattern=pattern, reason=reason))
        return False
    return True


def check_part(part: str | None, config: CourseConfig, pos: Position, report: Report) -> None:
    """Report a `part:` that names no part of the framework."""
    if part is None:
        return
    ids = [p.id for p in config.framework.parts] if config.framework else []
    if part not in ids:
        known = (
            msg("; the parts are: {parts}", parts=", ".join(ids))
            if ids
            else msg("; course.yaml declares no framework parts")
        )
        report.error(pos, msg("unknown framework part '{part}'{hint}{known}", part=part, hint=did_you_mean(part, ids),
                              known=known))  # fmt: skip
