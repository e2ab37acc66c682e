"""`course export json`: the book as a documented file an integrator can read, and the book itself."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path
from types import MappingProxyType

import jsonschema
import pytest

from course.book import Book
from course.build import check
from course.cli import main
from course.render.book_json import BOOK_SCHEMA
from course.render.exporters import EXPORTERS

from .conftest import COURSES, ROOT


def _copy(source: Path, target: Path) -> Path:
    target.mkdir()
    for name in ("course.yaml", "modules", "quizzes", "assets", "templates"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).is_file():
            shutil.copy2(source / name, target / name)
    return target


def _export(runner, root: Path, out: Path, *extra: str) -> dict:
    result = runner.invoke(main, ["export", "json", str(root), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert f"Exported json to {out}" in result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_committed_schema_is_the_one_the_tool_writes():
    committed = json.loads((ROOT / "schemas" / "book.schema.json").read_text(encoding="utf-8"))
    assert committed == BOOK_SCHEMA, "schemas/book.schema.json is out of date: run `course schema`"


@pytest.mark.slow
@pytest.mark.parametrize("course", ["flagship", "features"])
def test_export_validates_against_its_schema(runner, tmp_path, course):
    root = ROOT if course == "flagship" else COURSES / "features"
    document = _export(runner, root, tmp_path / "book.json")
    jsonschema.Draft7Validator(BOOK_SCHEMA).validate(document)
    checked = check(root, render=False)
    # every page and quiz of the course, in every language
    languages = document["course"]["languages"]
    assert languages == list(checked.course.languages)
    lessons = sum(len(m["lessons"]) for m in document["modules"])
    assert lessons == sum(len(m.lessons) for m in checked.course.modules)
    for module in document["modules"]:
        assert set(module["overview"]) == set(languages)
        for lesson in module["lessons"]:
            assert set(lesson["pages"]) == set(languages)
            for page in lesson["pages"].values():
                assert page["html"] and "§§quiz" not in page["html"]


def test_export_carries_every_question_type_with_its_texts_as_html(runner, tmp_path):
    document = _export(runner, COURSES / "features", tmp_path / "book.json")
    questions = [q for m in document["modules"] for quiz in m["quizzes"] for q in quiz["en"]["questions"]]
    types = {q["type"] for q in questions}
    assert {"single", "multiple", "true_false", "fill_blank", "matching", "ordering", "reflection"} <= types
    for q in questions:
        assert q["prompt"].startswith("<p>"), q["prompt"]  # block HTML, sanitised
        assert "q" not in q and "dom_id" not in q  # what only the site's templates use stays out
    choice = next(q for q in questions if q["type"] == "single")
    assert sum(o["correct"] for o in choice["options"]) == 1 and all("html" in o for o in choice["options"])


def test_inline_quiz_is_a_documented_slot_and_the_quiz_says_where_it_is(runner, tmp_path):
    document = _export(runner, COURSES / "features", tmp_path / "book.json")
    placed = [
        (page["url"], quiz_id)
        for m in document["modules"]
        for lesson in m["lessons"]
        for page in [lesson["pages"]["en"]]
        for quiz_id in page["inline_quizzes"]
    ]
    assert placed, "the feature course places a quiz inline"
    url, quiz_id = placed[0]
    page = next(lesson["pages"]["en"] for m in document["modules"] for lesson in m["lessons"]
                if lesson["pages"]["en"]["url"] == url)  # fmt: skip
    assert f'<div class="course-quiz-slot" data-quiz="{quiz_id}"></div>' in page["html"]
    quiz = next(q["en"] for m in document["modules"] for q in m["quizzes"] if q["en"]["id"] == quiz_id)
    assert quiz["placed_on"] == quiz["url"] == url


def test_assets_are_listed_with_their_hash(runner, tmp_path):
    document = _export(runner, COURSES / "features", tmp_path / "book.json")
    assert document["assets"]
    for asset in document["assets"]:
        data = (COURSES / "features" / asset["path"]).read_bytes()
        assert asset["sha256"] == hashlib.sha256(data).hexdigest() and asset["bytes"] == len(data)
        assert asset["url"] == f"files/{asset['path']}"


def test_same_course_same_bytes_and_the_date_is_the_sources(runner, tmp_path, monkeypatch):
    root = _copy(COURSES / "features", tmp_path / "course")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = _export(runner, root, tmp_path / "a.json")
    _export(runner, root, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert first["built"] == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    for path in root.rglob("*"):
        os.utime(path, (1600000000, 1600000000))
    os.utime(root / "quizzes" / sorted(os.listdir(root / "quizzes"))[0], (1650000000, 1650000000))
    assert _export(runner, root, tmp_path / "c.json")["built"] == "2022-04-15T05:20:00Z"  # the newest source


def test_export_never_overwrites_a_file_it_did_not_write(runner, tmp_path):
    mine = tmp_path / "notes.json"
    mine.write_text('{"my": "notes"}')
    result = runner.invoke(main, ["export", "json", str(COURSES / "features"), "-o", str(mine)])
    assert result.exit_code == 2 and "is not an export of this kind" in result.output
    assert mine.read_text() == '{"my": "notes"}'
    earlier = tmp_path / "book.json"
    _export(runner, COURSES / "features", earlier)
    _export(runner, COURSES / "features", earlier)  # its own earlier export is replaced


def test_export_into_dist_by_default_and_errors_write_nothing(runner, tmp_path):
    root = _copy(COURSES / "features", tmp_path / "course")
    result = runner.invoke(main, ["export", "json", str(root)])
    assert result.exit_code == 0, result.output
    document = json.loads((root / "dist" / f"{check(root, render=False).course.id}.json").read_text())
    assert document["format"] == "course-book"
    lesson = next((root / "modules").rglob("*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n[broken](missing.md)\n", encoding="utf-8")
    result = runner.invoke(main, ["export", "json", str(root), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "missing.md" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()


def test_export_list_and_unknown_format(runner):
    listed = runner.invoke(main, ["export", "--list"])
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names[:3] == ["site", "zip", "json"] and names == list(EXPORTERS)
    wrong = runner.invoke(main, ["export", "jsno", str(COURSES / "features")])
    assert wrong.exit_code == 2 and "did you mean 'json'" in wrong.output


def test_export_site_is_the_build(runner, tmp_path):
    built, exported = tmp_path / "build", tmp_path / "site"
    assert runner.invoke(main, ["build", str(COURSES / "features"), "-o", str(built)]).exit_code == 0
    result = runner.invoke(main, ["export", "site", str(COURSES / "features"), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(exported) for p in exported.rglob("*") if p.is_file())
    assert all((built / f).read_bytes() == (exported / f).read_bytes() for f in files)


def _mutable_parts(value, path="book", seen=None) -> list[str]:
    """Every place in value that could be changed: a dict, list or set, or a dataclass not frozen."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, (dict, list, set, bytearray)):
        return [f"{path} is a {type(value).__name__}"]
    if isinstance(value, Path):
        return [f"{path} is a file-system path"]
    found = []
    if isinstance(value, MappingProxyType):
        for key, item in value.items():
            found += _mutable_parts(item, f"{path}[{key!r}]", seen)
    elif isinstance(value, (tuple, frozenset)):
        for i, item in enumerate(value):
            found += _mutable_parts(item, f"{path}[{i}]", seen)
    elif dataclasses.is_dataclass(value):
        if not type(value).__dataclass_params__.frozen:
            found.append(f"{path} ({type(value).__name__}) is not frozen")
        for f in dataclasses.fields(value):
            found += _mutable_parts(getattr(value, f.name), f"{path}.{f.name}", seen)
    return found


def test_the_book_is_deeply_immutable_and_holds_no_path():
    book = check(COURSES / "features", render=False).book
    assert isinstance(book, Book)
    assert _mutable_parts(book) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.version = "2"
    with pytest.raises(TypeError):
        book.pages["en"]["x.html"] = None
