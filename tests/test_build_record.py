"""A build of a course that has not changed does nothing, and any change builds again."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from course.build import build
from course.cli import main
from course.errors import CourseError

from .conftest import COURSES


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    return root


def _times(out: Path) -> dict:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_an_unchanged_course_is_not_built_again(runner, course, tmp_path):
    out = tmp_path / "site"
    first = runner.invoke(main, ["build", str(course), "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = _times(out)
    again = runner.invoke(main, ["build", str(course), "-o", str(out)])
    assert again.exit_code == 0
    assert f"Nothing changed since the last build: {out} is up to date" in again.output
    assert _times(out) == before  # not a file rewritten
    # the warnings of the build are said again, as a build would
    warnings = [line for line in first.output.splitlines() if ": warning: " in line]
    assert warnings and warnings == [line for line in again.output.splitlines() if ": warning: " in line]


def _rebuilt(course: Path, out: Path) -> bool:
    return not build(course, out).unchanged


@pytest.mark.slow
def test_every_kind_of_change_builds_again(course, tmp_path):
    out = tmp_path / "site"
    build(course, out)
    assert not _rebuilt(course, out)
    lesson = course / "modules" / "01-basics" / "01-reading.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert _rebuilt(course, out) and "One more line." in (out / "en" / "basics" / "reading.html").read_text()
    assert not _rebuilt(course, out)
    quiz = next((course / "quizzes").glob("*.yaml"))
    quiz.write_text(quiz.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _rebuilt(course, out)
    (course / "modules" / "01-basics" / "09-new.md").write_text("---\ntitle: New\n---\n\nNew.\n", encoding="utf-8")
    assert _rebuilt(course, out) and (out / "en" / "basics" / "new.html").is_file()
    image = sorted((course / "assets").rglob("*.*"))[0]  # a file a lesson shows
    image.write_bytes(image.read_bytes() + b"\0")
    assert _rebuilt(course, out)
    (course / "course.yaml").write_text((course / "course.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _rebuilt(course, out)
    assert not _rebuilt(course, out)


@pytest.mark.slow
def test_a_damaged_output_or_another_setting_builds_again(course, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(course, out)
    (out / "en" / "index.html").unlink()
    assert _rebuilt(course, out) and (out / "en" / "index.html").is_file()
    page = out / "en" / "index.html"
    page.write_text("changed by hand")
    assert _rebuilt(course, out) and page.read_text() != "changed by hand"
    assert build(course, out).unchanged
    with pytest.raises(CourseError):  # strict is part of what was built: its warnings are errors now
        build(course, out, strict=True)
    monkeypatch.setattr("course.__version__", "99.0")
    assert _rebuilt(course, out)  # a new version of the tool
    monkeypatch.setenv("COURSE_CACHE_DIR", "off")
    assert _rebuilt(course, out) and _rebuilt(course, out)  # no record kept: every build is a full one


@pytest.mark.slow
def test_a_new_commit_builds_again(course, tmp_path):
    """Translations are judged stale by commit times, so a commit is a change even when no file is."""

    def git(*args):
        subprocess.run(["git", "-C", str(course), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=T", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", "one")
    out = tmp_path / "site"
    build(course, out)
    assert not _rebuilt(course, out)
    git("-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "--allow-empty", "-m", "two")
    assert _rebuilt(course, out)
