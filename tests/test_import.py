"""`course import gift|moodle|aiken`: real banks written by others become quiz files that check
clean, what they hold that a quiz cannot is reported at its line, and the course's own exports
come back as the questions they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.build import check
from course.cli import main

from .conftest import COURSES, ROOT, SHARED, shared_path

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
    "a question of type": "question",
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
    assert not {qid for qid, _ in lost} & {"single-q", "order-q"}  # Moodle keeps hints and ordering


def test_gift_export_imports_back_to_equal_questions(runner, tmp_path):
    lost = _round_trip(runner, tmp_path, "gift", ".gift")
    assert ("single-q", "hint") in lost and ("order-q", "question") in lost  # GIFT has neither


# --- what an import says and refuses ----------------------------------------------------------------


def test_aiken_questions_import_and_a_broken_one_is_reported_at_its_line(runner, tmp_path, make_course):
    bank = tmp_path / "bank.txt"
    bank.write_text(
        "What is the capital of France?\nA. Berlin\nB) Paris\nC. Rome\nANSWER: B\n\n"
        "Which of these is a *fruit*?\nA. Apple\nB. Carrot\nANSWER: A\n\n"
        "A question whose answer was never written\nA. One\nB. Two\n\n"
        "Which number is even?\nA. 3\nB. 4\nANSWER: E\n",
        encoding="utf-8",
    )
    out = tmp_path / "aiken.yaml"
    result = _import(runner, "aiken", bank, out)
    assert result.exit_code == 0, result.output
    assert "Imported 2 questions" in result.output
    assert f"{bank}:12:1: warning: a question without an ANSWER line is left out [import-loss]" in result.output
    assert f"{bank}:19:1: warning: the ANSWER line names 'E' of the options A, B" in result.output
    checked = _checked_in_a_course(make_course, out)
    assert _errors(checked) == []
    first, second = checked.course.quizzes()[0].questions
    assert first.id == "what-is-the-capital-of-france"
    assert [(o.text_md, o.correct) for o in first.options] == [("Berlin", False), ("Paris", True), ("Rome", False)]
    assert second.prompt_md == "Which of these is a \\*fruit\\*?"  # shown as written, not as emphasis


def test_a_windows_1252_bank_is_read_with_a_warning_that_names_the_encoding(runner, tmp_path, make_course):
    bank = tmp_path / "legacy.gift"
    bank.write_bytes("::caf\u00e9::Le caf\u00e9 est-il chaud ?{T#Non.#Oui.}\n".encode("cp1252"))
    out = tmp_path / "legacy.yaml"
    result = _import(runner, "gift", bank, out)
    assert result.exit_code == 0, result.output
    assert (
        f"{bank}:1:1: warning: the file is not UTF-8 (from this line on); it was read as Windows-1252" in result.output
    )
    (q,) = _checked_in_a_course(make_course, out).course.quizzes()[0].questions
    assert (q.id, q.prompt_md) == ("cafe", "Le caf\u00e9 est-il chaud ?")
    assert dict(q.feedback) == {"true": "Oui.", "false": "Non."}  # Moodle: the first # is for a wrong answer
    real = shared_path("qbanks", "gift", "moodle", "questions_encoding_windows-1252.gift.txt")
    assert "read as Windows-1252" in _import(runner, "gift", real, tmp_path / "real.yaml").output


def test_an_existing_quiz_file_is_never_replaced(runner, tmp_path):
    bank = tmp_path / "bank.gift"
    bank.write_text("::q1:: Is it? {T}\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("id: mine\n", encoding="utf-8")
    result = _import(runner, "gift", bank, mine)
    assert result.exit_code == 2 and "exists already; an import never replaces a file" in result.output
    assert mine.read_text(encoding="utf-8") == "id: mine\n"


def test_a_folder_gets_a_quiz_file_per_category(runner, tmp_path, make_course):
    bank = shared_path("qbanks", "moodlexml", "moodle-fixtures", "nested_categories_with_questions.xml")
    folder = tmp_path / "quizzes"
    result = _import(runner, "moodle", bank, folder)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) >= 3 and "iota.yaml" in files
    for name in files:
        assert _errors(_checked_in_a_course(make_course, folder / name)) == [], name
    again = _import(runner, "moodle", bank, folder)  # every file is there already: nothing is written
    assert again.exit_code == 2 and sorted(p.name for p in folder.iterdir()) == files
    merged = _import(runner, "moodle", bank, tmp_path / "all.yaml")
    assert "go into one quiz; give -o a folder for a quiz file per category [import-categories]" in merged.output


def test_a_cloze_question_is_reported_at_its_line_and_the_rest_imports(runner, tmp_path):
    bank = shared_path("qbanks", "moodlexml", "moodle-fixtures", "sample_questions_with_old_image_tag.xml")
    result = _import(runner, "moodle", bank, tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    cloze = next(n for n, line in enumerate(bank.read_text(encoding="utf-8").splitlines(), 1) if 'type="cloze"' in line)
    assert f"{bank}:{cloze}:1: warning: a Cloze (embedded answers) question cannot be imported" in result.output
    assert "Imported 1 question" in result.output


def test_broken_xml_and_a_doctype_are_errors_at_their_line_never_a_traceback(runner, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n</quiz>\n', encoding="utf-8")
    result = _import(runner, "moodle", broken, tmp_path / "out.yaml")
    assert result.exit_code == 1 and f"{broken}:4:" in result.output and "not well-formed XML" in result.output
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaa">]>\n<quiz>&a;</quiz>\n', encoding="utf-8")
    result = _import(runner, "moodle", bomb, tmp_path / "out.yaml")
    assert result.exit_code == 1 and "has no DOCTYPE" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_names_become_unique_ids(runner, tmp_path, make_course):
    bank = tmp_path / "bank.gift"
    bank.write_text(
        "::Grant's tomb::Who is buried in Grant's tomb?{=Grant =Ulysses S. Grant}\n\n"
        "::Grant's tomb::Who is buried there?{=Grant}\n\n"
        "::\u683c\u5170\u7279::\u8c01\u846c\u5728\u90a3\u91cc\uff1f{=\u683c\u5170\u7279}\n\n"
        "// [id:kept-id]\n::Other::Is it true?{T}\n",
        encoding="utf-8",
    )
    out = tmp_path / "ids.yaml"
    assert _import(runner, "gift", bank, out).exit_code == 0
    questions = _checked_in_a_course(make_course, out).course.quizzes()[0].questions
    assert [q.id for q in questions] == ["grants-tomb", "grants-tomb-2", "q-3", "kept-id"]
    assert questions[0].prompt_md == "Who is buried in Grant's tomb?\n\n____"  # the gap a short answer fills
    assert list(questions[0].answers) == ["Grant", "Ulysses S. Grant"]


def test_a_moodle_xml_file_in_its_declared_encoding_or_in_windows_1252(runner, tmp_path, make_course):
    question = ('<quiz><question type="truefalse"><name><text>caf\u00e9</text></name>'
                '<questiontext format="html"><text>Le caf\u00e9 est chaud.</text></questiontext>'
                '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
                "</question></quiz>\n")  # fmt: skip
    declared = tmp_path / "declared.xml"
    declared.write_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + question).encode("latin-1"))
    undeclared = tmp_path / "undeclared.xml"
    undeclared.write_bytes(('<?xml version="1.0"?>\n' + question).encode("cp1252"))
    for bank, warned in ((declared, False), (undeclared, True)):
        out = tmp_path / f"{bank.stem}.yaml"
        result = _import(runner, "moodle", bank, out)
        assert result.exit_code == 0, result.output
        assert ("read as Windows-1252" in result.output) is warned
        (q,) = _checked_in_a_course(make_course, out).course.quizzes()[0].questions
        assert q.prompt_md == "Le caf\u00e9 est chaud." and q.answer is True


def test_images_inside_a_moodle_xml_bank_come_into_the_course_with_its_quiz(runner, make_course):
    import base64
    import xml.etree.ElementTree as ET

    bank = shared_path("qbanks", "moodlexml", "moodle-fixtures", "truefalse.xml")
    root = make_course({"quizzes/01-intro.yaml": None})
    quiz = root / "quizzes" / "01-intro.yaml"
    result = _import(runner, "moodle", bank, quiz)
    assert result.exit_code == 0, result.output
    assert "is not carried" not in result.output and "files into" in result.output
    checked = check(root, render=False)
    assert _errors(checked) == []
    shown = {asset.path: asset.data for asset in checked.book.assets}  # the images the pages now show
    held = {f.get("name"): base64.b64decode(f.text) for f in ET.parse(bank).getroot().iter("file")}
    assert shown and {path.rsplit("/", 1)[1] for path in shown} == set(held)
    for path, data in shown.items():
        assert path.startswith("assets/truefalse/") and data == held[path.rsplit("/", 1)[1]]
    again = _import(runner, "moodle", bank, root / "quizzes" / "02-other.yaml")  # its images are there already
    assert again.exit_code == 2 and "exists already" in again.output
    assert not (root / "quizzes" / "02-other.yaml").exists()


@pytest.mark.slow
def test_the_flagships_moodle_bank_imports_back_whole_and_checks_clean(runner, tmp_path, make_course):
    """The flagship exported as Moodle XML and imported again: one quiz file per module's quiz, every
    question there under its own id, and each file a quiz that `course check` accepts."""
    exported = tmp_path / "flagship.xml"
    result = runner.invoke(main, ["export", "moodle", str(ROOT), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "imported"
    imported = _import(runner, "moodle", exported, folder)
    assert imported.exit_code == 0, imported.output
    quizzes = check(ROOT, render=False).course.quizzes()
    files = sorted(folder.glob("*.yaml"))
    assert len(files) == len(quizzes)
    found = set()
    for path in files:
        checked = _checked_in_a_course(make_course, path)
        assert _errors(checked) == [], path.name
        found |= {q.id for quiz in checked.course.quizzes() for q in quiz.questions}
    assert found == {q.id for quiz in quizzes for q in quiz.questions}
