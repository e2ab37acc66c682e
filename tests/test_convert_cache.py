"""Conversions kept on disk: a cached build is the clean build, byte for byte, and only what
changed is converted again."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

import course.link.resolve
from course.build import build
from course.convert.cache import DiskCache
from course.convert.text import is_plain
from tests.conftest import COURSES


@pytest.fixture
def counted(monkeypatch):
    """Count the conversions a build really does through Python-Markdown (a plain one-line text is
    given back as it is, never looked up)."""
    calls = []
    real = course.link.resolve.convert

    def convert(*args):
        if not is_plain(args[0]):
            calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(course.link.resolve, "convert", convert)
    return calls


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_cached_build_is_the_clean_build_and_converts_only_what_changed(tmp_path, monkeypatch, counted):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "course"
    shutil.copytree(COURSES / "features", root)
    build(root, tmp_path / "clean")
    cold = len(counted)
    assert cold > 10 and (tmp_path / "cache/conversions.sqlite").is_file()
    assert not any(p.suffix == ".sqlite" for p in root.rglob("*"))  # never in the course folder
    counted.clear()
    build(root, tmp_path / "cached")
    assert counted == [] and files(tmp_path / "cached") == files(tmp_path / "clean")

    lesson = root / "modules/01-basics/02-inline.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne sentence more.\n", encoding="utf-8")
    build(root, tmp_path / "edited")
    # once per language: the Chinese tree shows the English lesson until it is translated
    assert counted == ["modules/01-basics/02-inline.md"] * 2
    monkeypatch.setenv("COURSE_CACHE_DIR", "off")
    counted.clear()
    build(root, tmp_path / "uncached")
    assert len(counted) == cold and files(tmp_path / "uncached") == files(tmp_path / "edited")


@pytest.mark.slow
def test_new_converting_code_misses_and_a_broken_cache_is_only_a_miss(tmp_path, monkeypatch, counted):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    root = COURSES / "features"
    build(root, tmp_path / "a")
    cold = len(counted)
    counted.clear()
    monkeypatch.setattr(DiskCache, "key", lambda self, *args: "v2" + repr(args))  # as after an upgrade
    build(root, tmp_path / "b")
    assert len(counted) == cold
    monkeypatch.undo()
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(course.link.resolve, "convert", course.link.resolve.convert)
    with sqlite3.connect(tmp_path / "cache/conversions.sqlite") as db:
        db.execute("UPDATE converted SET value = '{not json'")
    db.close()
    build(root, tmp_path / "c")
    assert files(tmp_path / "c") == files(tmp_path / "a")
    (tmp_path / "cache/conversions.sqlite").write_bytes(b"not a database at all")
    build(root, tmp_path / "d")
    assert files(tmp_path / "d") == files(tmp_path / "a")


@pytest.mark.slow
def test_conversions_on_every_core_give_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CACHE_DIR", "off")
    build(COURSES / "features", tmp_path / "serial")
    monkeypatch.setattr(course.link.resolve, "POOL_MIN", 1)
    monkeypatch.setattr(course.link.resolve.os, "cpu_count", lambda: 2)  # whatever machine runs the test
    used = []
    real = course.link.resolve.MarkdownRenderer.prefetch

    def prefetch(self, keys):
        real(self, keys)
        used.append(len(self.prefetched))

    monkeypatch.setattr(course.link.resolve.MarkdownRenderer, "prefetch", prefetch)
    build(COURSES / "features", tmp_path / "pool")
    assert used and used[0] > 10  # the lesson texts were converted by the workers
    assert files(tmp_path / "pool") == files(tmp_path / "serial")
