"""The numeric question type: its checks (with exact positions), its key, and how the browser reads
and grades a number."""

from __future__ import annotations

import pytest

from course.build import check
from course.errors import Report
from course.load.course import load_course
from course.questions.view import question_view

from .node import run_js

QUIZ = "quizzes/01-intro.yaml"
HEAD = "id: intro-check\nquestions:\n  - id: n1\n    type: numeric\n    prompt: How many?\n    explanation: x\n"
FEEDBACK = "    feedback: {correct: a, incorrect: b}\n"


def quiz(lines: str) -> str:
    return HEAD + lines + FEEDBACK


# (case, the question's own lines, line, column, the message)
CASES = [
    (
        "tolerance negative",
        "    answer: 42\n    tolerance: -0.5\n",
        8,
        16,
        "'tolerance' must be at least 0, found -0.5",
    ),
    (
        "range reversed",
        "    range: [45, 40]\n",
        7,
        12,
        "'range' goes from 45 down to 40; write the lowest first: [40, 45]",
    ),
    (
        "range of one number",
        "    range: [40]\n",
        7,
        12,
        "'range' needs two numbers, the lowest and the highest right one",
    ),
    ("range of three numbers", "    range: [40, 45, 50]\n", 7, 21, "'range' has 3 entries, more than the limit of 2"),
    (
        "answer and range",
        "    answer: 42\n    range: [40, 45]\n",
        8,
        5,
        "give one of 'answer', 'range' or 'answers', not both 'answer' and 'range'",
    ),
    ("tolerance with a range", "    range: [40, 45]\n    tolerance: 1\n", 8, 5, "'tolerance' goes with 'answer'"),
    (
        "no answer at all",
        "    tolerance: 1\n",
        3,
        5,
        "a numeric question needs 'answer' (with an optional 'tolerance'), 'range' or 'answers'",
    ),
    (
        "a decimal comma",
        "    answer: 3,5\n",
        7,
        13,
        "'answer' must be a number, found the text '3,5'; write decimals with a point",
    ),
    ("an answer in quotes", "    answer: '42'\n", 7, 13, "'answer' must be a number, found the text '42'"),
    ("not finite", "    answer: .inf\n", 7, 13, "'answer' must be a finite number"),
    ("an empty answer", "    answer:\n", 7, 5, "'answer' has no value; write a number"),
    ("no accepted answers", "    answers: []\n", 7, 14, "list at least one accepted answer"),
    (
        "one of answers with both",
        "    answers:\n      - {answer: 42, range: [40, 45]}\n",
        8,
        22,
        "give either 'answer' (with an optional 'tolerance') or 'range', not both",
    ),
    (
        "one of answers with neither",
        "    answers:\n      - {tolerance: 2}\n",
        8,
        9,
        "each of 'answers' needs an 'answer'",
    ),
    (
        "one of answers reversed",
        "    answers:\n      - {answer: 42}\n      - {range: [9, 1]}\n",
        9,
        17,
        "'range' goes from 9 down to 1",
    ),
    (
        "tolerance beside answers",
        "    tolerance: 1\n    answers: [{answer: 42}]\n",
        7,
        5,
        "'tolerance' goes inside each of 'answers'",
    ),
    (
        "a key of another type",
        "    answer: 42\n    options: []\n",
        8,
        5,
        "unknown key 'options' in question 'n1', a numeric question",
    ),
]


@pytest.mark.parametrize(("lines", "line", "col", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_where_it_is_written(make_course, lines, line, col, message):
    checked = check(make_course({QUIZ: quiz(lines)}))
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert [(d.path, d.line, d.col) for d in errors] == [(QUIZ, line, col)], "\n".join(d.format() for d in errors)
    assert message in errors[0].message


def views(make_course, lines: str) -> list[dict]:
    report = Report()
    course = load_course(make_course({QUIZ: quiz(lines)}), report)
    assert not report.errors, report.errors
    quiz_ = course.modules[0].quizzes[0]["en"]
    return [
        question_view(q, quiz_, lambda text, inline=False, at=None: text, n) for n, q in enumerate(quiz_.questions, 1)
    ]


def test_the_key_and_what_the_answer_disclosure_says(make_course):
    (view,) = views(
        make_course,
        "    answers:\n      - {answer: 42, tolerance: 0.5}\n      - {range: [40.5, 45]}\n      - {answer: -3}\n",
    )
    assert view["key"] == {
        "accepted": [{"answer": 42, "tolerance": 0.5}, {"range": [40.5, 45]}, {"answer": -3, "tolerance": 0}]
    }
    assert view["accepted"] == "42 (± 0.5) / 40.5–45 / -3"
    assert view["inputmode"] == "text"  # -3 is right: a keypad without a minus sign would not do
    (single,) = views(make_course, "    answer: 42.0\n")
    assert single["key"] == {"accepted": [{"answer": 42.0, "tolerance": 0}]} and single["accepted"] == "42"
    assert single["inputmode"] == "decimal"


def test_a_translation_must_accept_the_same_numbers(make_course):
    source = quiz("    answer: 42\n    tolerance: 1\n")
    root = make_course(
        {
            "course.yaml": "id: mini\ntitle: Mini\nlanguages: [en, zh-CN]\n"
            "framework: {title: Parts, parts: [{id: foundation, title: Foundation}]}\n",
            QUIZ: source,
            "quizzes/01-intro.zh-CN.yaml": source.replace("tolerance: 1", "tolerance: 2"),
        }
    )
    errors = [d for d in check(root).diagnostics if d.severity == "error"]
    assert [(d.path, d.line) for d in errors] == [("quizzes/01-intro.zh-CN.yaml", 3)]
    assert "accepted answers are 42 (± 2), not 42 (± 1)" in errors[0].message


# What a learner types -> the number read (None: nothing typed; "unreadable": asked to write it again)
TYPED = [
    ("42", 42),
    ("42.0", 42),
    (" 42 ", 42),
    ("４２", 42),  # full-width digits
    ("３．５", 3.5),  # full-width point
    ("3.5", 3.5),
    ("3,5", 3.5),  # a decimal comma where it can be nothing else
    ("12,50", 12.5),
    ("0,500", 0.5),  # no thousands before the comma: a decimal
    ("-3", -3),
    ("\u22123", -3),  # the minus sign
    ("－３", -3),  # full-width hyphen-minus
    ("+4", 4),
    (".5", 0.5),
    ("5.", 5),
    ("", None),
    ("   ", None),
    ("1,000", "unreadable"),  # a thousand in English, one in German: not guessed
    ("1,000.5", "unreadable"),
    ("1.000,5", "unreadable"),
    ("1,2,3", "unreadable"),
    ("1 000", "unreadable"),
    ("1e3", "unreadable"),
    ("50%", "unreadable"),  # units are the prompt's, not the answer's
    ("3。5", "unreadable"),
    ("٤٢", "unreadable"),  # digits of another script
    ("forty-two", "unreadable"),
]


def test_how_the_browser_reads_a_number():
    body = """return input.map(function (t) {
      var read = window.courseGrade.types.numeric.read(t);
      return read === null ? null : (read.unreadable ? "unreadable" : read.value);
    });"""
    read = run_js(["grade.js", "questions/numeric.js"], body, [t for t, _ in TYPED])
    assert read == [expected for _, expected in TYPED]


# (accepted answers, what is typed, right?)
GRADED = [
    ([{"answer": 470, "tolerance": 5}], "465", True),
    ([{"answer": 470, "tolerance": 5}], "475", True),
    ([{"answer": 470, "tolerance": 5}], "475.01", False),
    ([{"answer": 470, "tolerance": 0}], "470.0", True),
    ([{"answer": 470, "tolerance": 0}], "471", False),
    ([{"answer": 0.3, "tolerance": 0.1}], "0.2", True),  # 0.3 - 0.1 is 0.19999999999999998 in floating point
    ([{"answer": 1.1, "tolerance": 0.1}], "1", True),
    ([{"range": [40, 45]}], "40", True),
    ([{"range": [40, 45]}], "45", True),
    ([{"range": [40, 45]}], "39.9", False),
    ([{"answer": 42, "tolerance": 0}, {"range": [100, 200]}], "150", True),
    ([{"answer": 42, "tolerance": 0}, {"range": [100, 200]}], "99", False),
    ([{"answer": -3, "tolerance": 0.5}], "\u22123,4", True),
]


def test_how_the_browser_grades_a_number():
    body = """return input.map(function (c) {
      var q = { querySelector: function () { return { value: c[1] }; } };
      return window.courseGrade.types.numeric.grade(q, { accepted: c[0] }).score === 1;
    });"""
    cases = [[accepted, typed] for accepted, typed, _ in GRADED]
    assert run_js(["grade.js", "questions/numeric.js"], body, cases) == [right for _, _, right in GRADED]
