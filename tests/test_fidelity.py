"""What an export cannot carry is a warning at the text's own line, and --strict makes it an error."""

from __future__ import annotations

import pytest

from course.build import check
from course.cli import main
from course.errors import CourseError
from course.render.fidelity import LOSS, loss, settle

from .conftest import COURSES


def _quiz_with_hint():
    course = check(COURSES / "features", render=False).course
    quiz = next(q for q in course.quizzes() if any(question.hint_md for question in q.questions))
    return quiz, next(question for question in quiz.questions if question.hint_md)


def test_a_loss_is_reported_at_the_field_it_concerns():
    quiz, question = _quiz_with_hint()
    found = loss("GIFT", quiz, question, "hint", "the hint")
    assert (found.path, found.line, found.col) == (quiz.source, *question.at("hint"))
    assert found.line > question.line  # the hint's own line, not the question's
    assert found.severity == "warning" and found.code == LOSS
    assert found.message == f"question '{question.id}': GIFT cannot carry the hint; it is left out"


def test_strict_turns_losses_into_errors_and_sorts_them():
    quiz, question = _quiz_with_hint()
    later = loss("GIFT", quiz, question, "hint", "the hint")
    earlier = loss("GIFT", quiz, question, None, "its points")
    assert settle([later, earlier, later], strict=False) == (earlier, later)
    with pytest.raises(CourseError) as raised:
        settle([later], strict=True)
    assert [d.severity for d in raised.value.diagnostics] == ["error"]
    assert settle([], strict=True) == ()


def test_a_format_option_given_to_another_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["export", "zip", str(COURSES / "features"), "-o", str(tmp_path / "x.zip"),
                                  "--qti-version", "1.2"])  # fmt: skip
    assert result.exit_code == 2 and "--qti-version is an option of qti, not zip" in result.output
    assert not (tmp_path / "x.zip").exists()
