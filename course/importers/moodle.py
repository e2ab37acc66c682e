"""How a Moodle question (course.importers.question, read from GIFT or Moodle XML) becomes a question
of a quiz file: what carries over, and what is reported.

Moodle grades a multichoice answer by fractions, keeps a fill-in's wrong-answer feedback on a
0% answer `*`, a numeric answer as a value and a tolerance, a matching question's feedback as
correct / partially correct / incorrect: each is mapped to the course's fields, and whatever has
no place in them (a partly right near answer, a distractor with no left item, a Cloze question)
is a warning at the question's line, never a silent drop."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from course.i18n.trainer import msg
from course.importers.bank import Pair
from course.importers.question import Answer, Question

# warn(line, message): a warning about the question at that line of the bank
Warn = Callable[[int, str], None]  # the message a msg(), shown in the trainer's language

_KINDS = {"multichoice": "multiple choice", "shortanswer": "short answer", "numerical": "numerical",
          "truefalse": "true/false", "match": "matching", "essay": "essay", "ordering": "ordering"}  # fmt: skip
_NOT_CARRIED = {
    "multianswer": msg("a Cloze (embedded answers) question"),
    "calculated": msg("a calculated question"),
    "calculatedsimple": msg("a simple calculated question"),
    "calculatedmulti": msg("a calculated multichoice question"),
    "randomsamatch": msg("a random short-answer matching question"),
    "random": msg("a random question"),
    "description": msg("a description (a text, not a question)"),
    "ddwtos": msg("a drag-and-drop into text question"),
    "gapselect": msg("a select-missing-words question"),
    "ddmarker": msg("a drag-and-drop markers question"),
    "ddimageortext": msg("a drag-and-drop onto image question"),
    "coderunner": msg("a CodeRunner question (a plugin)"),
}


def quiz_question(q: Question, warn: Warn) -> dict | None:
    """q as a quiz file's question (without its id), or None when the course has no such type."""
    if q.qtype not in _KINDS:
        what = _NOT_CARRIED.get(q.qtype, msg("a '{qtype}' question (a type of a Moodle plugin)", qtype=q.qtype))
        warn(q.line, msg("{what} cannot be imported; it is left out", what=what))
        return None
    prompt = q.text.markdown()
    if not prompt:
        warn(q.line, msg("a question with no text cannot be imported; it is left out"))
        return None
    data: dict = {"type": "", "prompt": prompt}
    build = {"multichoice": _choice, "truefalse": _true_false, "shortanswer": _short, "numerical": _numerical,
             "match": _match, "essay": _essay, "ordering": _ordering}[q.qtype]  # fmt: skip
    if build(q, data, warn) is False:
        return None
    if q.defaultgrade is not None and data["type"] != "reflection":
        points = q.defaultgrade
        if points != int(points) or points < 0:
            warn(
                q.line,
                msg(
                    "a mark of {points} points cannot be carried (points are whole numbers); it is 1",
                    points=_number(points),
                ),
            )
        elif int(points) != 1:
            data["points"] = int(points)
    hints = [h.markdown() for h in q.hints if h.markdown()]
    if hints:
        data["hint"] = hints[0]
        if len(hints) > 1:
            warn(q.line, msg("{n} hints cannot be carried (a question has one); the first is kept", n=len(hints)))
    if q.general.markdown() and "explanation" not in data and data["type"] != "reflection":
        data["explanation"] = q.general.markdown()
    if q.tags:
        warn(
            q.line, msg("the tags {tags} are not carried (give the question a 'part:' instead)", tags=", ".join(q.tags))
        )
    return data


def _choice(q: Question, data: dict, warn: Warn):
    options = [(a, a.text.markdown()) for a in q.answers]
    if any(not text for _, text in options):
        warn(q.line, msg("an answer with no text cannot be imported; it is left out"))
        options = [(a, text) for a, text in options if text]
    if len(options) < 2:
        warn(q.line, msg("a multiple choice question with fewer than two answers cannot be imported; it is left out"))
        return False
    right = [a for a, _ in options if a.fraction > 0]
    full = [a for a, _ in options if math.isclose(a.fraction, 1)]
    if q.single and len(full) == 1:
        data["type"] = "single"
        for a, _ in options:
            if 0 < a.fraction < 1:
                warn(q.line, msg("partial credit ({share}) for '{text}' cannot be carried; it counts as wrong",
                         share=_percent(a.fraction), text=_short_text(a)))  # fmt: skip
    else:
        if not right:
            warn(q.line, msg("a multiple choice question with no right answer cannot be imported; it is left out"))
            return False
        data["type"] = "multiple"
        n = len(right)
        exact = all(math.isclose(a.fraction, 1 / n) for a in right)
        wrong = [a.fraction for a, _ in options if a.fraction <= 0]
        if exact and all(math.isclose(f, -1 / n) for f in wrong):
            data["partial"] = True  # the course's own rule: right picks minus wrong picks
        elif exact and all(f <= -1 + 1e-9 for f in wrong):
            pass  # a wrong pick costs everything: the nearest to the course's all-or-nothing
        else:
            data["partial"] = True
            weights = ", ".join(_percent(a.fraction) for a, _ in options)
            warn(q.line, msg("the weights {weights} cannot be carried exactly; it gives partial credit the course's way"
                 " (each right pick earns a share, each wrong pick takes one away)", weights=weights))  # fmt: skip
        if q.single and len(full) > 1:
            warn(q.line, msg("several answers are fully right but Moodle lets the learner pick one; it becomes a"
                 " multiple-choice question"))  # fmt: skip
    data["options"] = []
    for a, text in options:
        option = {"text": text}
        if a.fraction > 0 and (data["type"] == "multiple" or math.isclose(a.fraction, 1)):
            option["correct"] = True
        if a.feedback.markdown():
            option["feedback"] = a.feedback.markdown()
        data["options"].append(option)
    _combined(q, warn, {})
    return None


def _true_false(q: Question, data: dict, warn: Warn):
    data["type"] = "true_false"
    if q.correct_answer is None:
        warn(q.line, msg("neither true nor false is marked right; it is read as false"))
    data["answer"] = bool(q.correct_answer)
    # written as correct/incorrect: every YAML reader takes true:/false: keys for booleans
    right, wrong = (q.feedback_true, q.feedback_false) if data["answer"] else (q.feedback_false, q.feedback_true)
    feedback = {k: t.markdown() for k, t in (("correct", right), ("incorrect", wrong)) if t.markdown()}
    if feedback:
        data["feedback"] = feedback
    return None


def _short(q: Question, data: dict, warn: Warn):
    data["type"] = "fill_blank"
    if "____" not in data["prompt"]:
        data["prompt"] += "\n\n____"  # the gap the learner fills, which a short answer has below its text
    accepted, right_feedback, wrong_feedback = [], [], []
    for a in q.answers:
        text = a.text.text.strip()
        if text == "*" and a.fraction <= 0:
            wrong_feedback.append(a.feedback.markdown())
        elif math.isclose(a.fraction, 1):
            if re.search(r"(?<!\\)\*", text):
                warn(q.line, msg("the wildcard * in the answer '{text}' cannot be carried; it is left out", text=text))
                continue
            accepted.append(text.replace("\\*", "*"))
            right_feedback.append(a.feedback.markdown())
        elif a.fraction > 0:
            warn(q.line, msg("partial credit ({share}) for the answer '{text}' cannot be carried; it is left out",
                 share=_percent(a.fraction), text=text))  # fmt: skip
        elif a.feedback.markdown():
            warn(q.line, msg("the feedback for the wrong answer '{text}' cannot be carried; it is left out", text=text))
    if not accepted:
        warn(q.line, msg("a short answer question with no fully right answer cannot be imported; it is left out"))
        return False
    data["answers"] = accepted
    if q.usecase:
        data["case_sensitive"] = True
    _result_feedback(q, data, warn, right_feedback, wrong_feedback)
    return None


def _numerical(q: Question, data: dict, warn: Warn):
    data["type"] = "numeric"
    accepted, right_feedback, wrong_feedback = [], [], []
    for a in q.answers:
        text = a.text.text.strip()
        if text == "*":
            wrong_feedback.append(a.feedback.markdown())
            continue
        if not math.isclose(a.fraction, 1):
            if a.fraction > 0:
                warn(q.line, msg("partial credit ({share}) for the answer {text} cannot be carried; it is left out",
                     share=_percent(a.fraction), text=text))  # fmt: skip
            elif a.feedback.markdown():
                warn(
                    q.line, msg("the feedback for the wrong answer {text} cannot be carried; it is left out", text=text)
                )
            continue
        if a.low_high is not None:
            low, high = a.low_high
            accepted.append({"range": [_plain_number(low), _plain_number(high)]})
        else:
            value = _to_number(text)
            if value is None:
                warn(q.line, msg("the answer '{text}' is not a number; it is left out", text=text))
                continue
            one = {"answer": value}
            if a.tolerance:
                one["tolerance"] = _plain_number(abs(a.tolerance))
            accepted.append(one)
        right_feedback.append(a.feedback.markdown())
    if not accepted:
        warn(q.line, msg("a numerical question with no fully right answer cannot be imported; it is left out"))
        return False
    if len(accepted) == 1:
        data.update(accepted[0])
    else:
        data["answers"] = accepted
    _result_feedback(q, data, warn, right_feedback, wrong_feedback)
    return None


def _match(q: Question, data: dict, warn: Warn):
    data["type"] = "matching"
    pairs = []
    for left, right in q.subquestions:
        left_md = left.markdown()
        if not left_md:
            warn(
                q.line,
                msg(
                    "the extra right-hand item '{item}' (with no left item) cannot be carried; it is left out",
                    item=right,
                ),
            )
            continue
        pairs.append(Pair((left_md, _escape_plain(right))))
    rights = [p[1] for p in pairs]
    if len(set(rights)) != len(rights):
        warn(q.line, msg("several left items share one right-hand item, which the course cannot carry (each right item"
             " is matched once); the question is left out"))  # fmt: skip
        return False
    if len(pairs) < 2:
        warn(q.line, msg("a matching question with fewer than two pairs cannot be imported; it is left out"))
        return False
    data["pairs"] = pairs
    data["partial"] = True  # Moodle gives a share for each pair matched
    feedback = _combined(q, warn, {"correct": "correct", "incorrect": "incorrect"})
    if feedback:
        data["feedback"] = feedback
    return None


def _ordering(q: Question, data: dict, warn: Warn):
    data["type"] = "ordering"
    items = [a.text.markdown() for a in q.answers if a.text.markdown()]
    if len(items) < 2 or len(set(items)) != len(items):
        warn(q.line, msg("an ordering question needs two or more different items; it is left out"))
        return False
    data["items"] = items
    grading = q.ordering.get("gradingtype", "").upper()
    if grading != "ALL_OR_NOTHING":
        data["partial"] = True  # a share for each item in its right place
        if grading not in ("ABSOLUTE_POSITION", "ABSOLUTE", "ABS"):
            warn(q.line, msg("the grading '{grading}' cannot be carried; each item in its right place earns a share",
                 grading=grading or "RELATIVE"))  # fmt: skip
    count = q.ordering.get("selectcount", "")
    if (
        q.ordering.get("selecttype", "ALL").upper() not in ("ALL", "EXACT", "")
        and count.isdigit()
        and int(count) < len(items)
    ):
        warn(
            q.line,
            msg("showing {count} of the {n} items cannot be carried; all of them are shown", count=count, n=len(items)),
        )
    feedback = _combined(q, warn, {"correct": "correct", "incorrect": "incorrect"})
    if feedback:
        data["feedback"] = feedback
    return None


def _essay(q: Question, data: dict, warn: Warn):
    data["type"] = "reflection"
    model = q.graderinfo.markdown() or q.general.markdown()
    if not model:
        warn(q.line, msg("an essay with no grader information or general feedback has no model answer to carry; write"
             " one in 'model_answer'"))  # fmt: skip
    data["model_answer"] = model
    if q.graderinfo.markdown() and q.general.markdown() and q.general.markdown() != model:
        data["explanation"] = q.general.markdown()
    return None


def _result_feedback(q: Question, data: dict, warn: Warn, right: list[str], wrong: list[str]) -> None:
    feedback = {}
    said = [text for text in right if text]
    if said:
        feedback["correct"] = said[0]
        if len(set(said)) > 1:
            warn(q.line, msg("different feedback for each right answer cannot be carried; the first is kept for all"))
    if [text for text in wrong if text]:
        feedback["incorrect"] = next(text for text in wrong if text)
    if feedback:
        data["feedback"] = feedback


def _combined(q: Question, warn: Warn, names: dict) -> dict:
    """Moodle's combined feedback, as the course's correct/incorrect where names allows them; a
    partially correct feedback that differs from the incorrect one is reported."""
    kept = {}
    for moodle, ours in (("correct", "correct"), ("incorrect", "incorrect")):
        text = q.combined.get(moodle)
        if text is not None and text.markdown():
            if moodle in names:
                kept[ours] = text.markdown()
            else:
                warn(q.line, msg("the feedback for any {moodle} answer cannot be carried (each option has its own); it is left out",
                     moodle=moodle))  # fmt: skip
    partly = q.combined.get("partiallycorrect")
    if partly is not None and partly.markdown() and partly.markdown() != kept.get("incorrect"):
        warn(q.line, msg("the feedback for a partly correct answer cannot be carried; it is left out"))
    return kept


def _percent(fraction: float) -> str:
    return f"{_number(fraction * 100)}%"


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _plain_number(value: float):
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _to_number(text: str):
    try:
        value = float(text)
    except ValueError:
        return None
    return _plain_number(value) if math.isfinite(value) else None


def _short_text(a: Answer) -> str:
    text = a.text.markdown()
    return text if len(text) <= 40 else text[:37] + "..."


def _escape_plain(text: str) -> str:
    from course.importers.markdown import escape_text

    return escape_text(" ".join(text.split()))
