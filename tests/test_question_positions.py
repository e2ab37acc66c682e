"""Each text of a question is reported where it is written: its own line and column, not its question's."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest

from course.build import check
from course.errors import Report
from course.load.course import load_course

QUIZ = "quizzes/01-intro.yaml"
COURSE = {
    "course.yaml": "id: mini\ntitle: Mini\nlanguages: [en, zh-CN]\n",
    "modules/01-intro/01-start.md": "---\ntitle: Start\nobjectives: [Begin]\n---\nHello.\n",
}
# Each broken link sits in one text of a question; the column is where the link's address starts.
QUESTIONS = """\
id: intro-check
questions:
  - id: s1
    type: single
    prompt: Which one?
    hint: See [the notes](missing-hint.md) first.
    explanation: |
      Because.

      Read [this](missing-explanation.md).
    options:
      - {text: A, correct: true, feedback: "Yes: [why](missing-feedback.md)"}
      - text: B
        feedback: >
          See [here](missing-folded.md),
          on the first line: a > block folds its lines into one.
  - id: m1
    type: matching
    prompt: Match.
    explanation: x
    feedback: {correct: a, incorrect: b}
    pairs:
      - [Left, "Right [x](missing-pair.md)"]
      - ['[L](missing-left.md)', R2]
"""


def line_col(text: str, needle: str) -> tuple[int, int]:
    """Where needle starts in text, 1-based, as an editor shows it."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.fixture
def problems(make_course):
    root = make_course({QUIZ: QUESTIONS, "quizzes/01-intro.zh-CN.yaml": None}, base=COURSE)
    checked = check(root)
    return {
        d.message.split("'")[1]: (d.line, d.col) for d in checked.diagnostics if d.path == QUIZ and "link" in d.message
    }


@pytest.mark.parametrize(
    ("address", "what"),
    [
        ("missing-hint.md", "a hint (a plain text)"),
        ("missing-explanation.md", "a | block, two lines into it"),
        ("missing-feedback.md", "an option's feedback (quoted, inside a flow mapping)"),
        ("missing-folded.md", "an option's feedback (a > block)"),
        ("missing-pair.md", "the right item of a matching pair (quoted)"),
        ("missing-left.md", "the left item of a matching pair (single-quoted)"),
    ],
)
def test_a_broken_link_is_reported_at_its_own_line_and_column(problems, address, what):
    assert problems[address] == line_col(QUESTIONS, address), what


def test_the_positions_the_model_keeps(make_course):
    root = make_course({QUIZ: QUESTIONS}, base=COURSE)
    report = Report()
    course = load_course(root, report)
    single, matching = course.modules[0].quizzes[0]["en"].questions
    assert single.positions["prompt"] == (5, 13)
    assert single.positions["hint"] == (6, 11)
    assert single.positions["explanation"] == (8, 7)  # the block's first line, at its indentation
    assert single.positions["options.0.feedback"] == line_col(QUESTIONS, "Yes: [why]")  # past the quote
    assert single.positions["options.1.text"] == (13, 15)
    assert single.positions["options.1.feedback"] == line_col(QUESTIONS, "See [here]")
    assert matching.positions["pairs.0.1"] == line_col(QUESTIONS, "Right [x]")
    assert matching.positions["pairs.1.0"] == line_col(QUESTIONS, "[L](missing-left.md)")
    assert matching.positions["feedback.incorrect"] == line_col(QUESTIONS, "b}")
    assert single.at("model_answer") == (single.line, 1)  # not written: the question's line


def test_the_model_is_frozen_all_the_way_down(make_course):
    course = load_course(make_course({QUIZ: QUESTIONS}, base=COURSE), Report())
    quiz = course.modules[0].quizzes[0]["en"]

    def walk(value, path):
        if dataclasses.is_dataclass(value):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, dataclasses.fields(value)[0].name, None)
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{path}.{f.name}")
        elif isinstance(value, Mapping):
            with pytest.raises(TypeError):
                value["new"] = 1  # read-only
            for k, v in value.items():
                walk(v, f"{path}[{k!r}]")
        else:
            assert not isinstance(value, (list, set, dict)), f"{path} is a mutable {type(value).__name__}"
            if isinstance(value, tuple):
                for i, v in enumerate(value):
                    walk(v, f"{path}[{i}]")

    walk(quiz, "quiz")


OPTIONS = """\
id: intro-check
questions:
  - id: s1
    type: single
    prompt: Which?
    explanation: x
    options:
      - {id: deliver, text: A, correct: true, feedback: a}
      - {text: B, feedback: b}
      - {text: C, feedback: c}
"""


def test_option_ids_are_written_or_their_letter_and_a_translation_takes_the_sources(make_course):
    translation = OPTIONS.replace("text: A", "text: 甲").replace("id: deliver, ", "")
    root = make_course({QUIZ: OPTIONS, "quizzes/01-intro.zh-CN.yaml": translation}, base=COURSE)
    report = Report()
    course = load_course(root, report)
    assert not report.errors, report.errors
    (quizzes,) = course.modules[0].quizzes
    assert [o.id for o in quizzes["en"].questions[0].options] == ["deliver", "b", "c"]
    assert [o.id for o in quizzes["zh-CN"].questions[0].options] == ["deliver", "b", "c"]
    assert quizzes["zh-CN"].questions[0].options[0].text_md == "甲"


def test_a_translation_that_writes_another_option_id_is_reported_there(make_course):
    translation = OPTIONS.replace("id: deliver", "id: give")
    checked = check(make_course({QUIZ: OPTIONS, "quizzes/01-intro.zh-CN.yaml": translation}, base=COURSE))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.path, error.line) == ("quizzes/01-intro.zh-CN.yaml", 3)
    assert "option 1 has id 'give', not 'deliver'" in error.message


def test_two_options_with_one_id_are_reported_at_the_second(make_course):
    checked = check(make_course({QUIZ: OPTIONS.replace("{text: B,", "{id: deliver, text: B,")}, base=COURSE))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.line, error.col) == (9, 14)
    assert error.message == "question 's1': duplicate option id 'deliver'"
