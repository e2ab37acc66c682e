"""`course export gift`: a GIFT file that gift-pegjs (a real GIFT parser) reads back question for
question, with Moodle's escaping, and a loss at its line for what GIFT cannot hold."""

from __future__ import annotations

import html

import pytest

from course.build import check
from course.cli import main

from .conftest import COURSES, ROOT
from .gift_pegjs import parse_gift

FEATURES = COURSES / "features"


def _export(runner, root, out, *extra):
    result = runner.invoke(main, ["export", "gift", str(root), "-o", str(out), *extra])
    return result


def _questions(tree):
    return [q for q in tree if q["type"] != "Category"]


@pytest.mark.slow
def test_every_question_gift_has_parses_with_its_choices(runner, tmp_path):
    out = tmp_path / "bank.gift"
    result = _export(runner, FEATURES, out)
    assert result.exit_code == 0, result.output
    tree = parse_gift(out)
    course = check(FEATURES, render=False).course
    expected = [q for quiz in course.quizzes() for q in quiz.questions if q.type != "ordering"]
    parsed = _questions(tree)
    assert [q["title"] for q in parsed] == [q.id for q in expected]
    assert [q["id"] for q in parsed] == [q.id for q in expected]  # Moodle's idnumber too
    kinds = {"single": "MC", "multiple": "MC", "true_false": "TF", "fill_blank": "Short", "numeric": "Numerical",
             "matching": "Matching", "reflection": "Essay"}  # fmt: skip
    assert [q["type"] for q in parsed] == [kinds[q.type] for q in expected]
    categories = [q["title"] for q in tree if q["type"] == "Category"]
    assert categories == ["$course$/Feature tour/Basics", "$course$/Feature tour/More"]
    by_id = {q["title"]: q for q in parsed}
    for q in expected:
        got = by_id[q.id]
        if q.type in ("single", "multiple"):
            assert [html.unescape(c["text"]["text"]) for c in got["choices"]] == [o.text_md for o in q.options]
            if q.type == "single":
                assert [c["isCorrect"] for c in got["choices"]] == [o.correct for o in q.options]
            else:  # partial credit: right options share 100%, each wrong one takes a share away
                right = sum(o.correct for o in q.options)
                assert [c["weight"] for c in got["choices"]] == [100 / right if o.correct else -100 / right
                                                                for o in q.options]  # fmt: skip
            assert all(c["feedback"]["text"] for c in got["choices"])
        elif q.type == "true_false":
            assert got["isTrue"] is q.answer
        elif q.type == "fill_blank":  # every accepted answer, and Moodle's * catching the rest
            assert [c["text"]["text"] for c in got["choices"]] == [*q.answers, "*"]
        elif q.type == "numeric":
            first = got["choices"][0]["text"]
            accepted = q.detail["accepted"][0]
            assert (first["number"], first["range"]) == (accepted["answer"], accepted["tolerance"])
        elif q.type == "matching":
            assert [(p["subquestion"]["text"], p["subanswer"]) for p in got["matchPairs"]] == [
                tuple(p) for p in q.pairs
            ]
        if q.explanation_md and q.type != "reflection":
            assert got["globalFeedback"]["text"] == f"<p>{q.explanation_md}</p>"
    assert by_id["reflect-q"]["globalFeedback"]["text"].startswith("<p>One you already deliver")


def test_reserved_characters_and_newlines_come_back_as_written(runner, tmp_path, make_course):
    # In YAML's double quotes \\\\ is two backslashes, which Markdown shows as one.
    tricky = "a ~ b = c # d { e } f : g \\\\\\\\ h"
    root = make_course({"quizzes/01-intro.yaml": f"""
        id: intro-check
        questions:
          - id: tricky
            type: single
            prompt: "{tricky}\\n\\nA second paragraph."
            options:
              - {{text: "= {tricky}", correct: true, feedback: "~ right = yes # {{}}"}}
              - {{text: "plain", feedback: "no"}}
            explanation: "x=1: {{y}}"
        """})  # fmt: skip
    out = tmp_path / "bank.gift"
    assert _export(runner, root, out).exit_code == 0
    (q,) = _questions(parse_gift(out))
    written = "a ~ b = c # d { e } f : g \\ h"
    assert q["stem"]["text"] == f"<p>{written}</p>\n<p>A second paragraph.</p>"
    assert [html.unescape(c["text"]["text"]) for c in q["choices"]] == [f"= {written}", "plain"]
    assert [c["isCorrect"] for c in q["choices"]] == [True, False]  # an escaped = is no extra right answer
    assert q["choices"][0]["feedback"]["text"] == "<p>~ right = yes # {}</p>"
    assert q["globalFeedback"]["text"] == "<p>x=1: {y}</p>"


def test_what_gift_cannot_hold_is_reported_at_its_line(runner, tmp_path):
    out = tmp_path / "bank.gift"
    result = _export(runner, FEATURES, out)
    course = check(FEATURES, render=False).course
    quiz = course.quizzes()[0]
    single = next(q for q in quiz.questions if q.id == "single-q")
    line, col = single.at("hint")
    assert (f"{quiz.source}:{line}:{col}: warning: question 'single-q': GIFT cannot carry the hint; "
            "it is left out [export-loss]") in result.output  # fmt: skip
    ordering = next(q for q in quiz.questions if q.type == "ordering")
    assert (
        f"{quiz.source}:{ordering.line}:1: warning: question 'order-q': GIFT cannot carry a question of type ordering"
        in result.output
    )
    assert "question 'a': GIFT cannot carry its points (2;" in result.output


def test_strict_makes_a_loss_an_error_and_writes_nothing(runner, tmp_path, make_course):
    root = make_course({"quizzes/01-intro.yaml": """
        id: intro-check
        questions:
          - id: q1
            type: true_false
            prompt: Is this a quiz?
            answer: true
            feedback: {correct: Yes., incorrect: It is.}
            hint: Look at the title.
            explanation: It is one.
        """})  # fmt: skip
    strict = _export(runner, root, tmp_path / "strict.gift", "--strict")
    assert strict.exit_code == 1
    assert "quizzes/01-intro.yaml:8:11: error: question 'q1': GIFT cannot carry the hint" in strict.output
    assert not (tmp_path / "strict.gift").exists()


def test_same_course_same_bytes_and_a_foreign_file_is_kept(runner, tmp_path):
    first, second = tmp_path / "a.gift", tmp_path / "b.gift"
    assert _export(runner, FEATURES, first).exit_code == 0
    assert _export(runner, FEATURES, second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert _export(runner, FEATURES, first).exit_code == 0  # an earlier export is replaced
    mine = tmp_path / "mine.gift"
    mine.write_text("::mine:: My own question {T}\n")
    refused = _export(runner, FEATURES, mine)
    assert refused.exit_code == 2 and "not an export of this kind" in refused.output
    assert mine.read_text() == "::mine:: My own question {T}\n"


def test_a_picture_is_left_out_with_its_alt_text_and_reported(runner, tmp_path, make_course):
    root = make_course({
        "assets/dot.png": b"\x89PNG\r\n\x1a\n",
        "quizzes/01-intro.yaml": """
            id: intro-check
            questions:
              - id: pic
                type: true_false
                prompt: "Is this a dot? ![a red dot](../assets/dot.png)"
                answer: true
                feedback: {correct: Yes., incorrect: It is.}
            """})  # fmt: skip
    out = tmp_path / "bank.gift"
    result = _export(runner, root, out)
    assert result.exit_code == 0, result.output
    assert "question 'pic': GIFT cannot carry the image 'assets/dot.png'" in result.output
    (q,) = _questions(parse_gift(out))
    assert q["stem"]["text"] == "<p>Is this a dot? a red dot</p>"


def test_an_option_that_looks_like_a_weight_or_a_format_stays_text(runner, tmp_path, make_course):
    root = make_course({"quizzes/01-intro.yaml": """
        id: intro-check
        questions:
          - id: marks
            type: single
            prompt: Which is a discount?
            options:
              - {text: "%50% off", correct: true, feedback: "Yes."}
              - {text: "[plain] text", feedback: "No."}
            explanation: Half price.
        """})  # fmt: skip
    out = tmp_path / "bank.gift"
    assert _export(runner, root, out).exit_code == 0
    (q,) = _questions(parse_gift(out))
    assert [(html.unescape(c["text"]["text"]), c["isCorrect"]) for c in q["choices"]] == [
        ("%50% off", True), ("[plain] text", False)]  # fmt: skip


@pytest.mark.slow
def test_the_flagship_bank_parses_question_for_question(runner, tmp_path):
    """Every question of the flagship's quizzes that GIFT can hold (all but ordering) is read back by
    gift-pegjs under its own id, with as many choices as it has options or pairs."""
    out = tmp_path / "flagship.gift"
    result = _export(runner, ROOT, out)
    assert result.exit_code == 0, result.output
    course = check(ROOT, render=False).course
    expected = [q for quiz in course.quizzes() for q in quiz.questions if q.type != "ordering"]
    parsed = {q["title"]: q for q in _questions(parse_gift(out))}
    assert list(parsed) == [q.id for q in expected]
    for q in expected:
        if q.type in ("single", "multiple"):
            assert len(parsed[q.id]["choices"]) == len(q.options), q.id
        elif q.type == "matching":
            assert len(parsed[q.id]["matchPairs"]) == len(q.pairs), q.id
