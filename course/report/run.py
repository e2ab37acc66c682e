"""report(root, source, out): the course at hand, the class's statements, the report written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError, Report
from course.i18n.trainer import Message
from course.report.page import summary, write_report
from course.report.source import statements
from course.report.tally import ClassReport, Tally


@dataclass(frozen=True)
class Reported:
    report: ClassReport
    written: tuple[Path, ...]
    summary: tuple[Message, ...]  # the terminal's lines, each shown in the trainer's language


def report(root: Path, source: str, out: Path, user: str = "", password: str = "", lang: str = "",
           trainer_lang: str = "") -> Reported:  # fmt: skip
    from course.load.course import load_course

    problems = Report()
    course = load_course(root, problems)
    if course is None or problems.errors:
        raise CourseError(problems.sorted())
    tally = Tally(course)
    for statement in statements(source, user, password):
        tally.add(statement)
    # The page in the language asked for, else the trainer's when the course has it, else the course's first.
    lang = lang or (trainer_lang if trainer_lang in course.languages else course.languages[0])
    result = tally.finish()
    written = write_report(result, course.title.get(lang) or course.title[course.languages[0]], out, lang)
    return Reported(result, tuple(written), summary(result))
