"""check(root) and build(root, out): load -> render -> write."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError, Diagnostic, Position, Report, did_you_mean
from course.load import load_course
from course.model import Course
from course.render import IDS_FILE, Site, question_ids, render_site
from course.write import write_site


@dataclass
class Checked:
    course: Course | None
    site: Site | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def check(root: Path, strict: bool = False, previous: Path | None = None, progress=None) -> Checked:
    """Load and render the course in memory; every problem, nothing written.
    previous: a former build, whose question ids learners' progress may be stored under."""
    report = Report()
    course = load_course(root, report)
    site = render_site(course, report, progress) if course is not None and not report.errors else None
    if course is not None:
        check_ids_kept(course, (previous or root / "build") / IDS_FILE, report)
    diagnostics = report.sorted()
    if strict:
        diagnostics = [Diagnostic(**{**d.__dict__, "severity": "error"}) for d in diagnostics]
    return Checked(course, site, diagnostics)


def check_ids_kept(course: Course, ids_file: Path, report: Report) -> None:
    """Warn when a question id of the last build is gone: progress stored under it is orphaned."""
    try:
        before = json.loads(ids_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    now = question_ids(course)
    sources = {
        m.quizzes[course.default_language].id: m.quizzes[course.default_language].source
        for m in course.modules
        if m.quizzes
    }
    for quiz_id, ids in sorted(before.items()) if isinstance(before, dict) else ():
        if quiz_id not in now or not isinstance(ids, list):
            continue
        for qid in ids:
            if qid not in now[quiz_id]:
                report.warning(
                    Position(sources[quiz_id]),
                    f"question id '{qid}' of the last build is gone{did_you_mean(qid, now[quiz_id])}; learners' saved"
                    " progress for it is lost — keep ids stable when you edit a question",
                    "changed-id",
                )


@dataclass
class BuildResult:
    out: Path
    stats: dict
    warnings: list[Diagnostic]
    seconds: float


def build(root: Path, out: Path, strict: bool = False, progress=None) -> BuildResult:
    """Build the site into out; raise CourseError (out untouched) when the course has errors."""
    started = time.perf_counter()
    checked = check(root, strict, previous=out, progress=progress)
    if not checked.ok or checked.site is None:
        raise CourseError(checked.diagnostics)
    write_site(checked.site, out)
    return BuildResult(out, checked.site.stats, checked.diagnostics, time.perf_counter() - started)
