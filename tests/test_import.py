"""`course import gift|moodle|aiken`: real banks written by others become quiz files that check
clean, what they hold that a quiz cannot is reported at its line, and the course's own exports
come back as the questions they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.build import check
from course.cli import main

from .conftest import COURSES, SHARED, shared_path

QBANKS = SHARED / "qbanks"
GIFT_BANKS = sorted([*QBANKS.glob("gift/gift-pegjs/tests/questions/*.gift"), *QBANKS.glob("gift/moodle/*.txt")])
XML_BANKS = sorted(QBANKS.glob("moodlexml/*/*.xml"))


def _import(runner, fmt: str, bank: Path, out: Path):
    return runner.invoke(main, ["import", fmt, str(bank), "-o", str(out)])


def _checked_in_a_course(make_course, quiz: Path):
    """The imported quiz as the quiz of the minimal course's module: what `course check` says."""
    root = make_course({"quizzes/01-intro.yaml": quiz.read_text(encoding="utf-8")})
    return check(root, render=False)


def _errors(checked) -> list[str]:
    return [d.format() for d in checked.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(("fmt", "bank"), [*(("gift", p) for p in GIFT_BANKS), *(("moodle", p) for p in XML_BANKS)],
                         ids=lambda v: v.name if isinstance(v, Path) else v)  # fmt: skip
def test_every_real_bank_imports_into_a_quiz_that_checks_clean(runner, tmp_path, make_course, fmt, bank):
    shared_path("qbanks")
    out = tmp_path / "imported.yaml"
    result = _import(runner, fmt, bank, out)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 1:  # nothing in it is a question the course can hold: said, and nothing written
        assert "error: no question could be imported" in result.output and not out.exists()
        return
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert _errors(_checked_in_a_course(make_course, out)) == []


# --- round trips: the feature course exported, imported back, and compared question by question ------

# What each loss an export reports takes away, as the field of the question it concerns.
LOST_FIELDS = {
    "the hint": "hint",
    "its points": "points",
    "all-or-nothing scoring": "partial",
    "the feedback for a correct answer": "feedback.correct",
    "the feedback for an incorrect answer": "feedback.incorrect",
    "an ordering question": "question",
    "drawing": None,  # a quiz setting, not a question's
}


def _lost(output: str) -> set[tuple[str, str]]:
    """(question id, field) of every loss the export reported."""
    lost = set()
    for line in output.splitlines():
        if "[export-loss]" not in line:
            continue
        what = line.split(" cannot carry ", 1)[1]
        field = next((f for words, f in LOST_FIELDS.items() if what.startswith(words)), "unknown")
        assert field != "unknown", f"a loss the round trip does not know: {line}"
        if field is not None:
            lost.add((line.split("question '", 1)[1].split("'", 1)[0], field))
    return lost


def _comparable(q) -> dict:
    """What a learner meets of a question, field by field."""
    fields = {
        "type": q.type,
        "prompt": q.prompt_md,
        "points": q.points,
        "hint": q.hint_md,
        "explanation": q.explanation_md,
        "partial": q.partial if q.type in ("multiple", "matching", "ordering") else None,
        "options": [(o.text_md, o.correct, o.feedback_md) for o in q.options],
        "answer": q.answer,
        "answers": list(q.answers),
        "case_sensitive": q.case_sensitive,
        "pairs": [tuple(p) for p in q.pairs],
        "items": list(q.items),
        "model_answer": q.model_answer_md,
        # tolerances as the interval they accept: Moodle keeps a range as its middle and half-width
        "accepted": sorted(
            (a["range"][0], a["range"][1])
            if "range" in a
            else (a["answer"] - a["tolerance"], a["answer"] + a["tolerance"])
            for a in q.detail.get("accepted", ())
        ),
    }
    for name, text in q.feedback.items():
        fields[f"feedback.{name}"] = text
    return fields


def _round_trip(runner, tmp_path, fmt: str, suffix: str):
    source = COURSES / "features"
    exported = tmp_path / f"bank{suffix}"
    result = runner.invoke(main, ["export", fmt, str(source), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    lost = _lost(result.output)
    folder = tmp_path / "imported"
    imported = _import(runner, "gift" if fmt == "gift" else "moodle", exported, folder)
    assert imported.exit_code == 0, imported.output
    # Into a copy of the course, in place of its own quizzes (one file per category, one per module).
    root = tmp_path / "course"
    shutil.copytree(source, root)
    for path in (root / "quizzes").iterdir():
        path.unlink()
    for name, module, quiz_id in (("basics", "01-basics", "basics-check"), ("more", "02-more", "more-check")):
        text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
        if fmt == "gift":  # GIFT's categories have no id: name the quiz as the lesson that places it does
            text = text.replace(f"\nid: {name}\n", f"\nid: {quiz_id}\n")
        (root / "quizzes" / f"{module}.yaml").write_text(text, encoding="utf-8")
    checked = check(root, render=False)
    assert _errors(checked) == []
    before = {q.id: q for quiz in check(source, render=False).course.quizzes() for q in quiz.questions}
    after = {q.id: q for quiz in checked.course.quizzes() for q in quiz.questions}
    gone = {qid for qid, field in lost if field == "question"}
    assert set(after) == set(before) - gone  # same ids, the ones reported lost aside
    compared = 0
    for qid, q in after.items():
        ours, theirs = _comparable(before[qid]), _comparable(q)
        for field in {f for i, f in lost if i == qid}:
            ours.pop(field, None)
            theirs.pop(field, None)
        assert theirs == ours, qid
        compared += 1
    assert compared >= 8
    return lost


def test_the_real_banks_are_all_there():
    qbanks = shared_path("qbanks")
    assert len(GIFT_BANKS) >= 50 and len(XML_BANKS) >= 20, qbanks


def test_moodle_xml_export_imports_back_to_equal_questions(runner, tmp_path):
    lost = _round_trip(runner, tmp_path, "moodle", ".xml")
    assert ("single-q", "hint") not in lost and ("order-q", "question") in lost


def test_gift_export_imports_back_to_equal_questions(runner, tmp_path):
    lost = _round_trip(runner, tmp_path, "gift", ".gift")
    assert ("single-q", "hint") in lost and ("order-q", "question") in lost  # GIFT has neither
