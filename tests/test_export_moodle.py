"""`course export moodle`: a Moodle XML question bank, written as Moodle's own export writes each
core question type, with feedback everywhere Moodle keeps it and the course's files embedded."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from course.build import check
from course.cli import main
from course.render.moodle_xml import cdata

from .conftest import COURSES, shared_path

FEATURES = COURSES / "features"
# Moodle's own export of each core type (../shared/qbanks), by the qtype our export writes.
FIXTURES = {"multichoice": "multichoice", "truefalse": "truefalse", "shortanswer": "shortanswer",
            "numerical": "numerical", "matching": "match", "essay": "essay"}  # fmt: skip


def _export(runner, root, out, *extra):
    return runner.invoke(main, ["export", "moodle", str(root), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("moodle") / "bank.xml"
    result = _export(CliRunner(), FEATURES, out)
    assert result.exit_code == 0, result.output
    return ET.parse(out).getroot(), result.output


def _questions(root):
    return {q.findtext("name/text"): q for q in root if q.get("type") != "category"}


def test_a_category_per_module_then_its_questions_named_by_id(bank):
    root, _ = bank
    course = check(FEATURES, render=False).course
    order = []
    for q in root:
        order.append(q.findtext("category/text") if q.get("type") == "category" else q.findtext("name/text"))
    expected = []
    for quiz, title in zip(course.quizzes(), ["Basics", "More"], strict=True):
        expected += [f"$course$/Feature tour/{title}", *(q.id for q in quiz.questions)]
    assert order == expected
    for name, q in _questions(root).items():
        assert q.findtext("idnumber") == name
        assert q.find("questiontext").get("format") == "html"


def test_each_type_carries_its_answers_feedback_and_grades(bank):
    root, _ = bank
    course = check(FEATURES, render=False).course
    model = {q.id: q for quiz in course.quizzes() for q in quiz.questions}
    got = _questions(root)

    def answers(name):
        return [
            (a.get("fraction"), a.findtext("text"), a.findtext("feedback/text")) for a in got[name].findall("answer")
        ]

    assert answers("single-q") == [("100" if o.correct else "0", o.text_md, f"<p>{o.feedback_md}</p>")
                                   for o in model["single-q"].options]  # fmt: skip
    assert got["single-q"].findtext("single") == "true"
    assert got["single-q"].findtext("hint/text") == "<p>It is in the north-east.</p>"
    assert got["single-q"].findtext("generalfeedback/text") == f"<p>{model['single-q'].explanation_md}</p>"
    assert [a[0] for a in answers("multiple-q")] == ["50", "50", "-50"]  # partial credit, as the course grades
    tf = model["tf-q"]
    assert answers("tf-q") == [("0", "true", f"<p>{tf.feedback['true']}</p>"),
                               ("100", "false", f"<p>{tf.feedback['false']}</p>")]  # fmt: skip
    fill = model["fill-q"]
    assert answers("fill-q") == [*(("100", a, f"<p>{fill.feedback['correct']}</p>") for a in fill.answers),
                                 ("0", "*", f"<p>{fill.feedback['incorrect']}</p>")]  # fmt: skip
    assert got["fill-q"].findtext("usecase") == "0"
    assert [(a.findtext("text"), a.findtext("tolerance")) for a in got["numeric-q"].findall("answer")] == [
        ("470", "5"), ("*", "0")]  # fmt: skip
    match = got["match-q"]
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in match.findall("subquestion")] == [
        tuple(p) for p in model["match-q"].pairs]  # fmt: skip
    assert match.findtext("correctfeedback/text") == "<p>All matched.</p>"
    assert match.findtext("incorrectfeedback/text") == "<p>Look at the table again.</p>"
    essay = got["reflect-q"]
    assert essay.findtext("graderinfo/text") == f"<p>{model['reflect-q'].model_answer_md}</p>"
    assert essay.findtext("defaultgrade") == "0"  # a reflection counts for no points
    assert got["a"].findtext("defaultgrade") == "2"
    assert got["a"].findtext("tags/tag/text") == "part-two"
    order = got["order-q"]  # Moodle's ordering type: the items in their right order
    assert [a.findtext("text") for a in order.findall("answer")] == list(model["order-q"].items)
    assert (order.findtext("selecttype"), order.findtext("gradingtype")) == ("ALL", "ALL_OR_NOTHING")


def test_every_element_written_is_one_moodle_writes_for_that_type(bank):
    root, _ = bank
    # Moodle's format.php writes these for every type; its older fixtures leave some out.
    ours_only = {"idnumber", "tags", "hint", "hidden"}
    for q in root:
        if q.get("type") == "category":
            continue
        if q.get("type") == "ordering":  # no fixture: the fields qtype_ordering's export_to_xml writes
            ordering = {"layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "correctfeedback",
                        "partiallycorrectfeedback", "incorrectfeedback", "shownumcorrect", "answer", "name",
                        "questiontext", "generalfeedback", "defaultgrade", "penalty"}  # fmt: skip
            assert not {child.tag for child in q} - ordering - ours_only
            continue
        fixture = shared_path("qbanks", "moodlexml", "moodle-qtype-fixtures",
                              f"{FIXTURES[q.get('type')]}.testquestion.moodle.xml")  # fmt: skip
        theirs = next(x for x in ET.parse(fixture).getroot() if x.get("type") != "category")
        assert theirs.get("type") == q.get("type")
        extra = {child.tag for child in q} - {child.tag for child in theirs} - ours_only
        assert not extra, f"{q.findtext('name/text')}: Moodle writes no {sorted(extra)} for {q.get('type')}"


def test_what_moodle_cannot_hold_is_reported_at_its_line(bank):
    _, output = bank
    course = check(FEATURES, render=False).course
    quiz = course.quizzes()[0]
    assert "question 'order-q'" not in output  # Moodle's ordering type holds it
    assert f"{quiz.source}:" in output
    assert "question 'match-q': Moodle XML cannot carry all-or-nothing scoring" in output
    assert "cannot carry the hint" not in output  # Moodle keeps hints
    assert "en only; the zh-CN translations are not in the bank" in output


def test_a_picture_travels_inside_the_file(runner, tmp_path, make_course):
    picture = b"\x89PNG\r\n\x1a\n-a-dot-"
    root = make_course({
        "assets/pics/dot.png": picture,
        "quizzes/01-intro.yaml": """
            id: intro-check
            questions:
              - id: pic
                type: true_false
                prompt: "Is this a dot? ![a red dot](../assets/pics/dot.png) Also see [the start](../modules/01-intro/01-start.md)."
                answer: true
                feedback: {correct: "Yes ]]> indeed.", incorrect: It is.}
                explanation: It is one.
            """})  # fmt: skip
    out = tmp_path / "bank.xml"
    result = _export(runner, root, out)
    assert result.exit_code == 0, result.output
    assert "question 'pic': Moodle XML cannot carry the link to" in result.output  # a page has nowhere to go
    (q,) = _questions(ET.parse(out).getroot()).values()
    text = q.findtext("questiontext/text")
    assert '<img alt="a red dot" src="@@PLUGINFILE@@/assets/pics/dot.png"' in text
    assert "Also see the start." in text
    (file,) = q.findall("questiontext/file")
    assert (file.get("name"), file.get("path"), file.get("encoding")) == ("dot.png", "/assets/pics/", "base64")
    assert base64.b64decode(file.text) == picture
    assert q.findall("answer")[0].findtext("feedback/text") == "<p>Yes ]]&gt; indeed.</p>"
    assert ET.fromstring(f"<t>{cdata('a]]>b')}</t>").text == "a]]>b"  # raw HTML may hold one too


def test_same_course_same_bytes(runner, tmp_path):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    assert _export(runner, FEATURES, first).exit_code == 0
    assert _export(runner, FEATURES, second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    mine = tmp_path / "mine.xml"
    mine.write_text("<quiz/>")
    assert _export(runner, FEATURES, mine).exit_code == 2 and mine.read_text() == "<quiz/>"
