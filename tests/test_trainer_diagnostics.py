"""The faults trainers met bringing material from other tools (issue 11): each is reported at its
exact file, line and column, with a message that fits its real cause."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from course.build import check
from course.load.jsonschema import schemas
from course.load.placeholders import QUIZ_TEMPLATE, QUIZ_TEMPLATE_ZH

from .conftest import COURSES, ROOT
from .test_guide import ALL_GUIDES

LESSON = "modules/01-intro/01-start.md"
QUIZ = "quizzes/01-intro.yaml"
HEAD = "id: intro-check\nquestions:\n"
TF = "  - id: q1\n    type: true_false\n    prompt: Is it?\n    answer: true\n    explanation: Yes.\n"


def tf() -> str:
    return HEAD + TF + "    feedback: {correct: a, incorrect: b}\n"


# (case id, files changed, path, line, col, the whole message)
FAULTS = [
    (
        "full-width colon in a quiz",
        {QUIZ: HEAD + TF.replace("type: true_false", "type\uff1atrue_false")},
        QUIZ,
        4,
        9,
        "after the key 'type' write the ASCII colon ':' and a space, not the full-width colon '\uff1a'",
    ),
    (
        "full-width colon and a space in a quiz",
        {QUIZ: HEAD + TF.replace("prompt: Is it?", "prompt\uff1a Is it?")},
        QUIZ,
        5,
        11,
        "after the key 'prompt' write the ASCII colon ':' and a space, not the full-width colon '\uff1a'",
    ),
    (
        "full-width colon in course.yaml",
        {"course.yaml": "id: mini\ntitle\uff1a Mini\nlanguages: [en]\n"},
        "course.yaml",
        2,
        6,
        "after the key 'title' write the ASCII colon ':' and a space, not the full-width colon '\uff1a'",
    ),
    (
        "full-width colon in front matter",
        {LESSON: "---\ntitle\uff1a Start\nobjectives: [Begin]\n---\n\nHello.\n"},
        LESSON,
        2,
        6,
        "front matter: after the key 'title' write the ASCII colon ':' and a space, not the full-width colon '\uff1a'",
    ),
    (
        "missing colon",
        {QUIZ: HEAD + TF.replace("prompt: Is it?", "prompt Is it?")},
        QUIZ,
        5,
        11,
        "a ':' is missing after the key 'prompt'; write 'prompt: ' followed by its value",
    ),
    (
        "missing colon after a list item's first key",
        {QUIZ: HEAD + TF.replace("- id: q1", "- id q1")},
        QUIZ,
        3,
        7,
        "a ':' is missing after the key 'id'; write 'id: ' followed by its value",
    ),
    (
        "duplicate question id",
        {QUIZ: HEAD + TF + TF},
        QUIZ,
        8,
        9,
        "duplicate question id 'q1': the question on line 3 already has it; give each question of the quiz its own id",
    ),
    (
        "quiz of no module",
        {"quizzes/02-other.yaml": "id: other\nquestions:\n" + TF},
        "quizzes/02-other.yaml",
        1,
        1,
        "quiz belongs to no module: there is no module '02-other'; name the file after its module"
        " (MODULE.yaml, or MODULE-anything.yaml for more quizzes) or set 'module:' to one of: 01-intro",
    ),
    (
        "matching pair with a comma",
        {
            QUIZ: HEAD + "  - id: m1\n    type: matching\n    prompt: Match.\n    explanation: x\n"
            "    pairs:\n      - [Cooking, cleaning, Kitchen team]\n      - [Driving, Transport team]\n"
        },
        QUIZ,
        8,
        29,
        "question 'm1': this pair of 'pairs' has 3 parts instead of 2: a text that contains a comma must be"
        ' in quotes, as in ["Cooking, cleaning", Kitchen team]',
    ),
    (
        "per-question error names the question",
        {QUIZ: HEAD + TF.replace("answer: true", "answer: maybe")},
        QUIZ,
        6,
        13,
        "question 'q1': 'answer' must be true or false, found the text 'maybe'",
    ),
    (
        "missing prompt",
        {QUIZ: HEAD + TF.replace("    prompt: Is it?\n", "")},
        QUIZ,
        3,
        5,
        "question 'q1' is missing the required key 'prompt'. The question the learner answers, in Markdown.",
    ),
    (
        "answers item at the wrong depth",
        {
            QUIZ: HEAD + "  - id: f1\n    type: fill_blank\n    prompt: Which command shows the folder? ____\n"
            "    explanation: x\n    answers:\n      - pwd\n       - PWD\n"
        },
        QUIZ,
        9,
        8,
        "this '-' is read as part of the text on line 8 ('pwd - PWD') instead of starting a new list item:"
        " put it in the same column as the '-' of the other items",
    ),
]


@pytest.mark.parametrize(
    ("changes", "path", "line", "col", "message"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_each_fault_is_reported_at_its_line_and_column(make_course, changes, path, line, col, message):
    checked = check(make_course(changes))
    errors = [d for d in checked.diagnostics if d.severity == "error"]
    assert [(d.path, d.line, d.col, d.message) for d in errors] == [(path, line, col, message)], "\n".join(
        d.format() for d in checked.diagnostics
    )


def test_a_colon_inside_a_text_still_gets_the_quotes_hint(make_course):
    checked = check(make_course({"course.yaml": "id: mini\ntitle: Mini: the course\n"}))
    (error,) = checked.diagnostics
    assert (error.line, error.col) == (2, 12)
    assert "put quotes around a text that contains ': '" in error.message


def test_a_tab_after_a_colon_is_a_warning_at_the_tab(make_course):
    checked = check(make_course({QUIZ: tf().replace("answer: true", "answer:\ttrue")}))
    assert checked.ok
    (warning,) = [d for d in checked.diagnostics if d.code == "yaml-tab"]
    assert (warning.path, warning.line, warning.col) == (QUIZ, 6, 12)
    assert "write a space instead" in warning.message


def test_the_old_true_false_feedback_keys_still_work_with_a_warning(make_course):
    checked = check(make_course({QUIZ: HEAD + TF + "    feedback:\n      true: Right.\n      false: No.\n"}))
    assert checked.ok
    (warning,) = [d for d in checked.diagnostics if d.code == "old-feedback-form"]
    assert (warning.path, warning.line, warning.col) == (QUIZ, 9, 7)
    assert "write 'correct:' instead of 'true:' and 'incorrect:' instead of 'false:'" in warning.message
    (q,) = checked.course.quizzes()[0].questions
    assert dict(q.feedback) == {"true": "Right.", "false": "No."}


@pytest.mark.parametrize(
    ("answer", "kept"), [("true", {"true": "a", "false": "b"}), ("false", {"false": "a", "true": "b"})]
)
def test_correct_and_incorrect_feedback_follow_the_answer(make_course, answer, kept):
    checked = check(make_course({QUIZ: tf().replace("answer: true", f"answer: {answer}")}))
    assert [d for d in checked.diagnostics if d.path == QUIZ] == []
    (q,) = checked.course.quizzes()[0].questions
    assert dict(q.feedback) == kept


def test_both_feedback_forms_at_once_are_an_error(make_course):
    checked = check(make_course({QUIZ: HEAD + TF + "    feedback: {correct: a, false: b}\n"}))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.line, error.col) == (8, 15)
    assert "either as correct: and incorrect: or as true: and false:" in error.message


FOREIGN = """---
title: Navigating Files
teaching: 30
exercises: 10
questions:
  - How can I move around on my computer?
keypoints:
  - The file system is responsible for managing information on the disk.
layout: episode
date: 2024-01-05
tags: [shell]
---

Hello.
"""


def test_carpentries_front_matter_is_mapped_and_the_rest_warned_about(make_course):
    checked = check(make_course({LESSON: FOREIGN}))
    assert checked.ok, "\n".join(d.format() for d in checked.diagnostics)
    page = checked.course.modules[0].lessons[0].pages["en"]
    assert page.duration == 40
    # keypoints (what to take away) are nearer to objectives than the questions the lesson answers
    assert page.objectives == ("The file system is responsible for managing information on the disk.",)
    found = sorted((d.line, d.col, d.code) for d in checked.diagnostics if d.path == LESSON)
    assert found == [(5, 1, "foreign-key"), (9, 1, "foreign-key"), (10, 1, "foreign-key"), (11, 1, "foreign-key")]
    layout = next(d for d in checked.diagnostics if d.line == 9)
    assert layout.message == (
        "'layout' is front matter of Jekyll and the Carpentries, which this tool does not use, so it is left out:"
        " the course's own layout is used for every page; remove the line"
    )
    questions = next(d for d in checked.diagnostics if d.line == 5)
    assert "'questions' is left out because the page has its objectives already" in questions.message


def test_a_written_duration_wins_over_teaching_and_exercises(make_course):
    checked = check(make_course({LESSON: "---\ntitle: S\nobjectives: [a]\nduration: 5\nteaching: 30\n---\nHi\n"}))
    assert checked.course.modules[0].lessons[0].pages["en"].duration == 5
    (warning,) = [d for d in checked.diagnostics if d.path == LESSON]
    assert (warning.line, warning.code) == (5, "foreign-key")


def test_a_truly_unknown_key_stays_an_error_with_a_did_you_mean(make_course):
    checked = check(make_course({LESSON: "---\ntitle: S\nobjectives: [a]\nduratoin: 5\n---\nHi\n"}))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.path, error.line, error.col) == (LESSON, 4, 1)
    assert error.message == "unknown key 'duratoin' in front matter (did you mean 'duration'?)"


def test_text_left_from_course_add_is_a_placeholder_warning(make_course, runner):
    root = make_course()
    from course.cli import main

    assert runner.invoke(main, ["add", "lesson", "01-intro", "Second steps", "--dir", str(root)]).exit_code == 0
    rel = "modules/01-intro/02-second-steps.md"
    checked = check(root)
    found = [(d.line, d.col, d.message) for d in checked.diagnostics if d.path == rel and d.code == "placeholder"]
    assert found == [
        (
            4,
            5,
            "'What the learner will be able to do' is the text `course add` wrote for you to replace: write your own here",
        ),
        (
            6,
            10,
            "'One sentence shown in the module's list of lessons.' is the text `course add` wrote for you to replace:"
            " write your own here",
        ),
        (9, 1, "'Write the lesson here.' is the text `course add` wrote for you to replace: write your own here"),
    ]


def test_a_quiz_left_from_course_add_is_a_placeholder_warning(make_course):
    template = QUIZ_TEMPLATE.replace("__ID__", "intro-check")
    checked = check(make_course({QUIZ: template}))
    found = [(d.line, d.col) for d in checked.diagnostics if d.code == "placeholder"]
    lines = template.split("\n")
    prompt = next(n for n, line in enumerate(lines, 1) if "Write the question here." in line)
    assert (prompt, lines[prompt - 1].index("Write") + 1) in found
    assert len(found) == 6  # the prompt, two options and their feedback, the explanation


# ---- every reader agrees ---------------------------------------------------------------


def _fenced_quizzes(path: Path) -> list[tuple[str, str]]:
    """The complete quiz files a document shows (a ```yaml block with an id and questions)."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    return [
        (f"{path.name}:{n}", b) for n, b in enumerate(blocks) if re.search(r"^id: .*\n(?:.*\n)*questions:", b, re.M)
    ]


QUIZ_TEXTS = [
    *[(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(ROOT.glob("quizzes/*.yaml"))],
    *[
        (p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(COURSES.glob("*/quizzes/*.yaml"))
    ],
    *[
        (p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "course" / "scaffold").glob("*/quizzes/*.yaml"))
    ],
    ("course add quiz (en)", QUIZ_TEMPLATE.replace("__ID__", "a-check")),
    ("course add quiz (zh-CN)", QUIZ_TEMPLATE_ZH.replace("__ID__", "a-check")),
    *[
        (f"{guide.path.name} {path}", text)
        for guide in ALL_GUIDES
        for path, text in sorted(guide.finished.items())
        if path.startswith("quizzes/")
    ],
    *_fenced_quizzes(ROOT / "docs" / "formats.md"),
]


def test_the_documents_show_quizzes_to_check():
    assert sum(name.startswith("guide.md") for name, _ in QUIZ_TEXTS) >= 2
    assert sum(name.startswith("formats.md") for name, _ in QUIZ_TEXTS) >= 1


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text"), QUIZ_TEXTS, ids=[n for n, _ in QUIZ_TEXTS])
def test_pyyaml_with_jsonschema_and_the_tool_agree_on_every_quiz(make_course, name, text):
    """What check-jsonschema or a pre-commit hook does (PyYAML, then the JSON Schema) accepts every
    quiz the repository, the scaffolds and the docs show, and so does the tool."""
    validator = jsonschema.Draft7Validator(schemas()["quiz.schema.json"])
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]
    assert errors == [], f"{name}: {errors[:3]}"
    checked = check(make_course({QUIZ: re.sub(r"^module: .*\n", "", text, flags=re.M)}))
    tool_errors = [d.format() for d in checked.diagnostics if d.path == QUIZ and d.severity == "error"]
    # a quiz of another course may name parts this one lacks, and a fragment of the docs may draw
    # more questions than it shows: the YAML and the keys are what is compared
    assert [e for e in tool_errors if not re.search(r"part '|framework part|'draw'", e)] == [], name
    assert not [d for d in checked.diagnostics if d.code in ("yaml-tab", "old-feedback-form")], name
