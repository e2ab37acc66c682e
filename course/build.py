"""check(root) and build(root, out): load -> render -> write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError, Diagnostic, Report
from course.load import load_course
from course.model import Course
from course.render import Site, render_site
from course.write import write_site


@dataclass
class Checked:
    course: Course | None
    site: Site | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def check(root: Path, strict: bool = False) -> Checked:
    """Load and render the course in memory; every problem, nothing written."""
    report = Report()
    course = load_course(root, report)
    site = render_site(course, report) if course is not None and not report.errors else None
    diagnostics = report.sorted()
    if strict:
        diagnostics = [Diagnostic(**{**d.__dict__, "severity": "error"}) for d in diagnostics]
    return Checked(course, site, diagnostics)


@dataclass
class BuildResult:
    out: Path
    stats: dict
    warnings: list[Diagnostic]
    seconds: float


def build(root: Path, out: Path, strict: bool = False) -> BuildResult:
    """Build the site into out; raise CourseError (out untouched) when the course has errors."""
    started = time.perf_counter()
    checked = check(root, strict)
    if not checked.ok or checked.site is None:
        raise CourseError(checked.diagnostics)
    write_site(checked.site, out)
    return BuildResult(out, checked.site.stats, checked.diagnostics, time.perf_counter() - started)
