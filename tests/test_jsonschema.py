"""`course schema` output: the repo's quizzes validate, broken ones are rejected."""

from __future__ import annotations

import json

import jsonschema
import pytest

from course.cli import main
from course.load.jsonschema import schemas
from course.load.sources import split_front_matter
from course.load.yamlsource import parse_yaml

from .conftest import COURSES, ROOT

QUIZ_FILES = sorted([*ROOT.glob("quizzes/*.yaml"), *COURSES.glob("*/quizzes/*.yaml")])
PAGE_FILES = sorted([*ROOT.glob("modules/**/*.md"), *COURSES.glob("*/modules/**/*.md")])


def data_of(path):
    return parse_yaml(path.read_text(encoding="utf-8"), str(path)).data


@pytest.fixture(scope="module")
def validators():
    return {name: jsonschema.Draft7Validator(schema) for name, schema in schemas().items()}


def test_schemas_are_valid_json_schema():
    for schema in schemas().values():
        jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quiz_in_the_repo_validates(validators, path):
    errors = list(validators["quiz.schema.json"].iter_errors(data_of(path)))
    assert not errors, errors[0].message


def test_course_files_and_front_matter_validate(validators):
    for path in [ROOT / "course.yaml", *COURSES.glob("*/course.yaml")]:
        validators["course.schema.json"].validate(data_of(path))
    for path in PAGE_FILES:
        front = split_front_matter(path.read_text(encoding="utf-8")).front_matter
        if front:
            validators["front-matter.schema.json"].validate(parse_yaml(front, str(path)).data)


BROKEN = {
    "unknown question key": {"id": "q", "questions": [{"id": "a", "type": "single", "prompt": "P", "optoins": []}]},
    "key of another type": {
        "id": "q",
        "questions": [{"id": "a", "type": "single", "prompt": "P", "options": [], "answer": True}],
    },
    "unknown type": {"id": "q", "questions": [{"id": "a", "type": "essay", "prompt": "P"}]},
    "missing options": {"id": "q", "questions": [{"id": "a", "type": "multiple", "prompt": "P"}]},
    "answer not boolean": {"id": "q", "questions": [{"id": "a", "type": "true_false", "prompt": "P", "answer": "yes"}]},
    "bad pair": {"id": "q", "questions": [{"id": "a", "type": "matching", "prompt": "P", "pairs": [["x"]]}]},
    "missing id": {"questions": []},
    "pass mark too high": {"id": "q", "pass_mark": 150, "questions": []},
}


@pytest.mark.parametrize("quiz", BROKEN.values(), ids=BROKEN.keys())
def test_broken_quizzes_are_rejected(validators, quiz):
    assert list(validators["quiz.schema.json"].iter_errors(quiz))


def test_schema_command_writes_files(runner, tmp_path):
    result = runner.invoke(main, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["book.schema.json", "course.schema.json", "front-matter.schema.json", "quiz.schema.json"]
    assert json.loads((tmp_path / "quiz.schema.json").read_text())["title"] == "quiz"


def test_committed_schemas_match_the_declarations():
    """schemas/ in the repository is what `course schema` writes today (run it after changing schema.py)."""
    for name, schema in schemas().items():
        committed = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{name} is out of date: run `course schema`"


@pytest.mark.slow
def test_course_schema_knows_the_new_keys_and_the_limits(validators):
    course = validators["course.schema.json"]
    assert not list(course.iter_errors({"id": "c", "title": "T", "allow_active_files": ["assets/demos/*.html"]}))
    assert list(course.iter_errors({"id": "c", "title": "T", "allow_active_files": "assets/*.html"}))
    for tag in ("zh-Hant-TW", "de-CH-1901", "es-419"):
        assert not list(course.iter_errors({"id": "c", "title": "T", "languages": [tag]})), tag
    for tag in ("zh_CN", "en-", "zh-cn", "en-x-private", "xx-yyyyyyyyyyy"):
        assert list(course.iter_errors({"id": "c", "title": "T", "languages": [tag]})), tag
    question = {"id": "a", "type": "true_false", "prompt": "P", "answer": True}
    quiz = validators["quiz.schema.json"]
    assert not list(quiz.iter_errors({"id": "q", "questions": [question] * 500}))
    assert list(quiz.iter_errors({"id": "q", "questions": [question] * 501}))
