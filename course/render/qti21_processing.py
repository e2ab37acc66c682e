"""The response and outcome processing QTI 2.1 is written in (variables, outcomes, conditions,
feedback), shared by the items (course.render.qti21), and the assessmentTest, whose outcome
processing adds its items' outcomes up."""

from __future__ import annotations

from course.book import BookQuiz
from course.render.qti_xml import Node, el

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATION = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
EXPLANATION = "explanation"


def test_identifier(lang: str, quiz_id: str) -> str:
    return f"test-{lang}-{quiz_id}"


def num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def boolean(value: bool) -> str:
    return "true" if value else "false"


def base(kind: str, value) -> Node:
    return el("baseValue", {"baseType": kind}, num(value) if kind == "float" else str(value))


def var(name: str) -> Node:
    return el("variable", {"identifier": name})


def set_outcome(name: str, expression: Node) -> Node:
    return el("setOutcomeValue", {"identifier": name}, expression)


def outcome(name: str, kind: str, cardinality: str, default=None) -> Node:
    value = None if default is None else el("defaultValue", None, el("value", None, num(default)))
    return el("outcomeDeclaration", {"identifier": name, "cardinality": cardinality, "baseType": kind}, value)


def response(kind: str, cardinality: str, correct: list | None = None, mapping: Node | None = None) -> Node:
    right = el("correctResponse", None, [el("value", None, v) for v in correct]) if correct else None
    return el(
        "responseDeclaration", {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": kind}, right, mapping
    )


def matches() -> Node:
    return el("match", None, var("RESPONSE"), el("correct", {"identifier": "RESPONSE"}))


def score_if(test: Node) -> Node:
    return el("responseCondition", None, el("responseIf", None, test, set_outcome("SCORE", var("MAXSCORE"))))


def feedback_with(*values: Node) -> Node:
    return el("multiple", None, *values, base("identifier", EXPLANATION))


def result_feedback(right: Node) -> Node:
    return el(
        "responseCondition",
        None,
        el("responseIf", None, right, set_outcome("FEEDBACK", feedback_with(base("identifier", "correct")))),
        el("responseElse", None, set_outcome("FEEDBACK", feedback_with(base("identifier", "incorrect")))),
    )


def answered(*steps) -> Node:
    """steps, once the learner has answered (an empty answer scores nothing and shows no feedback)."""
    return el(
        "responseCondition",
        None,
        el("responseIf", None, el("not", None, el("isNull", None, var("RESPONSE"))), list(steps)),
    )


def modal_feedback(identifier: str, nodes: list) -> Node:
    return el(
        "modalFeedback",
        {"outcomeIdentifier": "FEEDBACK", "identifier": identifier, "showHide": "show"},
        el("div", None, nodes),
    )


# ---- the test -----------------------------------------------------------------------------


def test(quiz: BookQuiz, lang: str, items: list[tuple[str, str]], intro: list) -> Node:
    """The assessmentTest of a quiz: items is (identifier, href from the test) in order; the score
    is the sum of the items', PASS whether it reaches the pass mark."""
    model = quiz.quiz
    section = el(
        "assessmentSection",
        {"identifier": "section", "title": model.title, "visible": "true"},
        el("selection", {"select": model.draw}) if model.draw else None,
        el("rubricBlock", {"view": "candidate"}, el("div", None, intro)) if intro else None,
        [el("assessmentItemRef", {"identifier": ident, "href": href}) for ident, href in items],
    )
    total = [
        set_outcome("SCORE", el("sum", None, el("testVariables", {"variableIdentifier": "SCORE"}))),
        set_outcome("MAXSCORE", el("sum", None, el("testVariables", {"variableIdentifier": "MAXSCORE"}))),
        set_outcome(
            "PASS",
            el("gte", None, var("SCORE"), el("product", None, var("MAXSCORE"), base("float", model.pass_mark / 100))),
        ),
    ]
    return el(
        "assessmentTest",
        {
            "xmlns": NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": LOCATION,
            "identifier": test_identifier(lang, model.id),
            "title": model.title,
        },
        outcome("SCORE", "float", "single", 0),
        outcome("MAXSCORE", "float", "single", 0),
        el("outcomeDeclaration", {"identifier": "PASS", "cardinality": "single", "baseType": "boolean"}),
        el("testPart", {"identifier": "part", "navigationMode": "nonlinear", "submissionMode": "individual"}, section),
        el("outcomeProcessing", None, total),
    )
