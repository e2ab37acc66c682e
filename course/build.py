"""check(root) and build(root, out): load -> convert and link (the book) -> render -> write."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from course.errors import (
    CourseError,
    Diagnostic,
    Position,
    Report,
    diagnostics_data,
    diagnostics_from_data,
    did_you_mean,
)
from course.i18n.trainer import msg
from course.link.urls import IDS_FILE, NOTE_IDS_FILE
from course.load.inputs import input_state
from course.write.folder import clean_leftovers
from course.write.record import last_record, save_record

if TYPE_CHECKING:
    from course.book import Book
    from course.model import Course
    from course.render.site import Site

# The stages themselves (Python-Markdown, Jinja …) are imported where they are used, so a build
# that finds nothing changed answers in the time it takes to start.


@dataclass
class Checked:
    course: Course | None
    book: Book | None
    site: Site | None  # rendered in memory, when check was asked to render
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def check(
    root: Path,
    strict: bool = False,
    previous: Path | None = None,
    progress=None,
    cache: dict | None = None,
    render: bool = True,
) -> Checked:
    """Load the course and make its book in memory; every problem, nothing written.
    render: also render the site in memory (a course's own template can fail only then).
    previous: a former build, whose question ids learners' progress may be stored under.
    cache: conversions kept between checks of the same course (course serve)."""
    import jinja2

    from course.link.book import make_book
    from course.load.course import build_date, load_course
    from course.load.files import CourseFiles
    from course.load.layout import read_layout
    from course.render.site import collect_site
    from course.render.templating import template_problem

    report = Report()
    course = load_course(root, report)
    book = site = None
    if course is not None:
        # Link and render even when loading found errors, so link and anchor problems show in
        # the same run; nothing is written when there are any.
        layout = read_layout(root, report, course.external_links)
        book = make_book(course, CourseFiles(root), layout, report, build_date(root, course), cache)
        if render:
            try:
                site = collect_site(book, progress)
            except jinja2.TemplateError as error:  # a course's own template partial is broken
                report.error(*template_problem(error))
        broken = {d.path for d in report.errors}
        check_ids_kept(course, (previous or root / "build") / IDS_FILE, report, skip=broken)
        check_note_ids_kept(book, (previous or root / "build") / NOTE_IDS_FILE, report, skip=broken)
    diagnostics = report.sorted()
    if strict:
        diagnostics = [replace(d, severity="error") for d in diagnostics]
    return Checked(course, book, site, diagnostics)


def check_ids_kept(course: Course, ids_file: Path, report: Report, skip=frozenset()) -> None:
    """Warn when a question id of the last build is gone: progress stored under it is orphaned."""
    try:
        before = json.loads(ids_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    from course.render.site import question_ids

    now = question_ids(course)
    sources = {quiz.id: quiz.source for quiz in course.quizzes()}
    for quiz_id, ids in sorted(before.items()) if isinstance(before, dict) else ():
        if quiz_id not in now or not isinstance(ids, list) or sources[quiz_id] in skip:
            continue
        for qid in ids:
            if qid not in now[quiz_id]:
                report.warning(
                    Position(sources[quiz_id]),
                    msg(
                        "question id '{id}' of the last build is gone{hint}; learners' saved progress for it is lost —"
                        " keep ids stable when you edit a question",
                        id=qid,
                        hint=did_you_mean(qid, now[quiz_id]),
                    ),
                    "changed-id",
                )


def check_note_ids_kept(book, ids_file: Path, report: Report, skip=frozenset()) -> None:
    """Warn when a note id of the last build is gone from a page that is still there: the notes
    learners wrote under it are no longer shown."""
    try:
        before = json.loads(ids_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    from course.render.site import note_ids

    now = note_ids(book)
    pages = {url.removesuffix(".html"): page for url, page in book.pages[book.course.default_language].items()}
    for stem, ids in sorted(before.items()) if isinstance(before, dict) else ():
        page = pages.get(stem)
        if page is None or not isinstance(ids, list) or page.source in skip:
            continue
        for note_id in ids:
            if isinstance(note_id, str) and note_id not in now.get(stem, ()):
                report.warning(
                    Position(page.source),
                    msg(
                        "note id '{id}' of the last build is gone{hint}; learners' notes under it are no longer shown —"
                        " keep note ids stable when you edit a lesson",
                        id=note_id,
                        hint=did_you_mean(note_id, now.get(stem, [])),
                    ),
                    "changed-id",
                )


def refuse_unsafe_output(root: Path, out: Path, mark: str = IDS_FILE) -> None:
    """A build replaces its output folder: never let that folder be the course or hold it,
    nor a folder of other files (an earlier build carries IDS_FILE; an earlier export of another
    folder format the file mark)."""
    root, target = root.resolve(), out.resolve()
    inside_sources = any(target.is_relative_to(root / name) for name in ("modules", "quizzes", "assets", "templates"))
    if root.is_relative_to(target) or inside_sources:
        raise click.UsageError(
            msg(
                "the output folder {out} would replace course files; choose another, e.g. {example}",
                out=out,
                example=root / "build",
            )
        )
    if target.is_dir() and any(target.iterdir()) and not (target / mark).is_file():
        raise click.UsageError(
            msg(
                "{out} already holds files that are not a course build; choose an empty or new folder, or delete it"
                " yourself first",
                out=out,
            )
        )


@dataclass
class BuildResult:
    out: Path
    stats: dict
    warnings: list[Diagnostic]
    seconds: float
    kept: tuple[str, ...] = ()  # files in out that the build did not write, left in place
    unchanged: bool = False  # nothing had changed since the last build into out: nothing done


def build(root: Path, out: Path, strict: bool = False, progress=None) -> BuildResult:
    """Build the site into out; raise CourseError (out untouched) when the course has errors.
    When nothing the course is made of has changed since the last build into out, and out still
    holds what that build wrote, nothing is done (BuildResult.unchanged)."""
    started = time.perf_counter()
    refuse_unsafe_output(root, out)
    last = last_record(out)
    unchanged = last is not None and last.get("strict") == strict
    if unchanged and input_state(root, tuple(last["linked"])) == last["inputs"]:
        clean_leftovers(out.resolve())  # what a killed build left beside out goes, even when nothing is built
        warnings = list(diagnostics_from_data(last["warnings"]))
        return BuildResult(out, last["stats"], warnings, time.perf_counter() - started, unchanged=True)
    from course.render.exporters import EXPORTERS, ExportOptions
    from course.render.site import site_stats

    sources = input_state(root)  # before reading: an edit made during the build is seen by the next
    book, diagnostics = _book_or_error(root, strict, previous=out)
    linked = tuple(asset.path for asset in book.assets)
    inputs = input_state(root, linked)
    inputs["files"].update(sources["files"])  # the sources as they were when read
    options = ExportOptions(progress=progress)
    written = _run(EXPORTERS["site"], book, out, diagnostics, options)  # pages go to disk as they are rendered
    stats = site_stats(book)
    record = {"inputs": inputs, "linked": list(linked), "strict": strict, "stats": stats,
              "warnings": diagnostics_data(diagnostics)}  # fmt: skip
    save_record(out, record, _written_files(out))
    return BuildResult(out, stats, diagnostics, time.perf_counter() - started, written.kept)


@dataclass
class ExportResult:
    out: Path
    warnings: list[Diagnostic]  # the course's, then what the format could not carry
    seconds: float
    kept: tuple[str, ...] = ()
    note: str = ""


def export(
    root: Path, fmt: str, out: Path | None = None, strict: bool = False, settings: dict | None = None
) -> ExportResult:
    """The course in format fmt (a key of EXPORTERS) at out, by default in root/dist/.
    settings: the format's own options (SETTINGS names which a format reads)."""
    from course.render.exporters import DEFAULT_NAMES, EXPORTERS, FOLDER_MARKS, SETTINGS, ExportOptions

    started = time.perf_counter()
    settings = {k: v for k, v in (settings or {}).items() if v is not None}
    for name in settings:
        if name not in SETTINGS.get(fmt, ()):
            users = [f for f, names in SETTINGS.items() if name in names]
            raise click.UsageError(
                msg(
                    "--{option} is an option of {formats}, not {format}",
                    option=name.replace("_", "-"),
                    formats=" and ".join(users) or "no format",
                    format=fmt,
                )
            )
    out = out or root / "dist" / DEFAULT_NAMES[fmt].format(id=_course_id(root))
    if fmt in FOLDER_MARKS:
        refuse_unsafe_output(root, out, FOLDER_MARKS[fmt])
    else:
        refuse_unsafe_file(root, out)
    book, diagnostics = _book_or_error(root, strict)
    options = ExportOptions(strict=strict, settings=settings)
    result = _run(EXPORTERS[fmt], book, out, diagnostics, options)
    warnings = [*diagnostics, *result.losses]
    return ExportResult(result.out, warnings, time.perf_counter() - started, result.kept, result.note)


def _course_id(root: Path) -> str:
    from course.load.config import load_config

    report = Report()
    config = load_config(root, report)
    if config is None:
        raise CourseError(report.sorted())
    return config.id


def _book_or_error(root: Path, strict: bool, previous: Path | None = None) -> tuple[Book, list[Diagnostic]]:
    checked = check(root, strict, previous=previous, render=False)
    if not checked.ok or checked.book is None:
        raise CourseError(checked.diagnostics)
    return checked.book, checked.diagnostics


def _run(exporter, book: Book, out: Path, diagnostics: list[Diagnostic], options):
    import jinja2

    from course.render.templating import template_problem

    try:
        return exporter(book, out, options)
    except jinja2.TemplateError as error:  # a course's own template partial is broken: nothing written
        report = Report()
        report.diagnostics.extend(diagnostics)
        report.error(*template_problem(error))
        raise CourseError(report.sorted()) from None


def _written_files(out: Path) -> list[str]:
    """What the build wrote into out, from the folder's manifest."""
    from course.write.folder import MANIFEST

    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return []


def refuse_unsafe_file(root: Path, out: Path) -> None:
    """An export file must not land among the course's sources."""
    target = out.resolve()
    sources = [root.resolve() / name for name in ("modules", "quizzes", "assets", "templates", "course.yaml")]
    if any(target == s or target.is_relative_to(s) for s in sources):
        raise click.UsageError(
            msg(
                "{out} would be written among the course's own files; choose e.g. {example}",
                out=out,
                example=root / "dist",
            )
        )
