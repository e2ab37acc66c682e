"""report(root, source, out): the course at hand, the class's statements, the report written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError, Report
from course.report.page import summary, write_report
from course.report.source import statements
from course.report.tally import ClassReport, Tally


@dataclass(frozen=True)
class Reported:
    report: ClassReport
    written: tuple[Path, ...]
    summary: str


def report(root: Path, source: str, out: Path, user: str = "", password: str = "", lang: str = "") -> Reported:
    from course.load.course import load_course

    problems = Report()
    course = load_course(root, problems)
    if course is None or problems.errors:
        raise CourseError(problems.sorted())
    tally = Tally(course)
    for statement in statements(source, user, password):
        tally.add(statement)
    lang = lang or course.languages[0]
    result = tally.finish()
    written = write_report(result, course.title.get(lang) or course.title[course.languages[0]], out, lang)
    return Reported(result, tuple(written), summary(result, lang))
