"""`course import FORMAT FILE`: a question bank from another tool turned into quiz YAML.

IMPORTERS maps each format to its reader, (path, report) -> Bank; bank.write_bank writes the
quiz files, which the course then reads like any other. What a format holds that a quiz cannot
(a Cloze question, a plugin's type, a file the bank only names) is a warning at its line, and the
rest still imports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError, Diagnostic, Report


def _gift(path: Path, report: Report):
    from course.importers.gift import read_gift

    return read_gift(path, report)


def _moodle(path: Path, report: Report):
    from course.importers.moodle_xml import read_moodle_xml

    return read_moodle_xml(path, report)


def _aiken(path: Path, report: Report):
    from course.importers.aiken import read_aiken

    return read_aiken(path, report)


IMPORTERS: dict[str, Callable] = {"gift": _gift, "moodle": _moodle, "aiken": _aiken}


@dataclass
class ImportResult:
    files: list[Path]
    questions: int
    warnings: list[Diagnostic]
    course_files: list[Path]  # images of the bank put into the course's assets/


def import_bank(fmt: str, path: Path, out: Path | None = None) -> ImportResult:
    """Read the bank at path (fmt: a key of IMPORTERS) and write it as quiz YAML at out: a .yaml file,
    or a folder for one quiz file per category; by default quizzes/<the file's name>.yaml."""
    from course.importers.bank import slug, write_bank

    report = Report()
    bank = IMPORTERS[fmt](path, report)
    if report.errors:
        raise CourseError(report.sorted())
    target = out if out is not None else Path("quizzes") / f"{slug(path.name.split('.')[0]) or 'imported'}.yaml"
    written = write_bank(bank, str(path), target, report)
    return ImportResult(written.files, written.questions, report.sorted(), written.course_files)
