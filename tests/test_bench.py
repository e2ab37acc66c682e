"""The benchmark's generated course stays a valid course of the promised shape (no timing here)."""

from __future__ import annotations

import re

import pytest
import yaml

from bench.edits import edit_lesson, edit_quiz
from bench.floor import convert_all
from bench.synthetic import TYPES, lessons, make_course, make_mkdocs
from course.build import check

N = 10


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_synthetic_course_checks_clean(tmp_path):
    root = make_course(tmp_path / "synthetic", N)
    checked = check(root)
    assert checked.ok and checked.diagnostics == [], [d.format() for d in checked.diagnostics]
    assert checked.site.stats["pages"] >= N and checked.site.stats["quizzes"] == N
    assert len(checked.book.assets) >= 1  # the images are copied: the links to them resolved


@pytest.mark.slow
def test_lessons_have_the_promised_shape():
    made = lessons(N)
    assert sum(lesson.chinese for lesson in made) == N // 5
    for lesson in made:
        assert 800 <= lesson.words <= 1500, (lesson.stem, lesson.words)
        assert re.search(r"^## ", lesson.body, re.MULTILINE) and re.search(r"^- ", lesson.body, re.MULTILINE)
        assert re.search(r"^\| --- \|", lesson.body, re.MULTILINE), "a table"
        assert re.search(r"!\[[^\]]+\]\(assets/figure-\d\.png\)", lesson.body), "an image"
        assert len(re.findall(r"\]\(\d+-topic-\d+\.md\)", lesson.body)) >= 2, "links to other lessons"
        quiz = yaml.safe_load(lesson.quiz)
        assert 5 <= len(quiz["questions"]) <= 10
    types = {q["type"] for lesson in made for q in yaml.safe_load(lesson.quiz)["questions"]}
    assert types == set(TYPES)


def test_generation_is_deterministic(tmp_path):
    assert tree(make_course(tmp_path / "a", N)) == tree(make_course(tmp_path / "b", N))
    assert tree(make_mkdocs(tmp_path / "c", N)) == tree(make_mkdocs(tmp_path / "d", N))


def test_mkdocs_project_holds_the_same_lessons(tmp_path):
    course, site = make_course(tmp_path / "course", N), make_mkdocs(tmp_path / "mkdocs", N)
    assert sorted(p.name for p in (course / "modules").glob("*.md")) == sorted(
        p.name for p in (site / "docs").glob("*-topic-*.md")
    )
    config = (site / "mkdocs.yml").read_text()
    for name in ("tables", "footnotes", "admonition", "toc:", "pymdownx.details", "slugify_unicode"):
        assert name in config
    assert "theme: material" in (site / "zensical.yml").read_text()


@pytest.mark.slow
def test_edits_change_one_file_and_keep_the_course_clean(tmp_path):
    root = make_course(tmp_path / "synthetic", N)
    before = tree(root)
    changed = {edit_lesson(root, 1), edit_quiz(root, 1)}
    after = tree(root)
    assert {k for k in before if before[k] != after[k]} == {p.relative_to(root).as_posix() for p in changed}
    checked = check(root)
    assert checked.ok and checked.diagnostics == []
    assert convert_all(root) > 0  # the floor reads the same files
