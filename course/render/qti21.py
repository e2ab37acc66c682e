"""QTI 2.1: one assessmentItem per question and language, one assessmentTest per quiz and language.

Every type the course has maps to an interaction of QTI 2.1, with its own response processing
(no templates, so per-option feedback and partial credit go with it): single and multiple choice
and true/false are choiceInteractions, fill_blank a textEntryInteraction in the gap (a mapping of
the accepted answers), numeric a textEntryInteraction of baseType float (equal with an absolute
tolerance, or gte and lte for a range), matching a matchInteraction of directedPairs, ordering an
orderInteraction, reflection an extendedTextInteraction that scores nothing. Feedback is
modalFeedback on one outcome, FEEDBACK, that holds the picked options (or correct / incorrect)
and "explanation"; the quiz's pass mark is the test's PASS outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from course.book import BookQuiz
from course.render.qti_xml import Node, el, plain

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATION = f"{NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
EXPLANATION = "explanation"
MODEL_ANSWER = "model_answer"

# text(html, field path) -> XHTML nodes; it notes what it had to leave out of that field
Text = Callable[[str, str], list]


def item_identifier(lang: str, quiz_id: str, question_id: str) -> str:
    return f"item-{lang}-{quiz_id}-{question_id}"


def test_identifier(lang: str, quiz_id: str) -> str:
    return f"test-{lang}-{quiz_id}"


def item(view: Mapping, lang: str, quiz: BookQuiz, text: Text, words: Mapping, losses: Callable) -> Node:
    """The assessmentItem of one question view. losses(field, what) notes what QTI 2.1 leaves out."""
    q = view["q"]
    build = TYPES[q.type]
    prompt = text(view["prompt"], "prompt")
    declarations, body, processing, feedback = build(view, quiz, text, words)
    if q.hint_md:
        losses("hint", "the hint (QTI 2.1 shows hints only in adaptive items)")
    if view["explanation"]:
        feedback.append(_feedback(EXPLANATION, text(view["explanation"], "explanation")))
    points = float(view["points"])
    return el(
        "assessmentItem",
        {
            "xmlns": NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": LOCATION,
            "identifier": item_identifier(lang, quiz.id, q.id),
            "title": _title(view),
            "adaptive": "false",
            "timeDependent": "false",
            "xml:lang": lang,
        },
        declarations,
        _outcome("SCORE", "float", "single", 0),
        _outcome("MAXSCORE", "float", "single", points),
        _outcome("FEEDBACK", "identifier", "multiple"),
        el(
            "itemBody",
            None,
            el("div", {"class": "prompt"}, prompt) if prompt and q.type != "fill_blank" else None,
            body,
        ),
        el("responseProcessing", None, processing),
        feedback,
    )


def _title(view: Mapping) -> str:
    words = plain(str(view["prompt"])).split(" ")
    title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return title or view["q"].id


# ---- the types ----------------------------------------------------------------------------


def _choice(view, quiz, text, words):
    q = view["q"]
    multiple = q.type == "multiple"
    right = [_oid(o.id) for o in q.options if o.correct]
    choices, feedback = [], []
    for i, option in enumerate(q.options):
        choices.append(
            el(
                "simpleChoice",
                {"identifier": _oid(option.id)},
                text(_option_html(view, option.id), f"options.{i}.text"),
            )
        )
        if option.feedback_md:
            feedback.append(
                _feedback(_oid(option.id), text(_option_feedback(view, option.id), f"options.{i}.feedback"))
            )
    mapping = None
    if multiple and q.partial:
        share = view["points"] / len(right)
        mapping = el(
            "mapping",
            {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
            [
                el("mapEntry", {"mapKey": _oid(o.id), "mappedValue": _num(share if o.correct else -share)})
                for o in q.options
            ],
        )
    declaration = _response("identifier", "multiple" if multiple else "single", right, mapping)
    interaction = el(
        "choiceInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": _bool(quiz.quiz.shuffle), "maxChoices": 0 if multiple else 1},
        choices,
    )
    score = _set("SCORE", el("mapResponse", {"identifier": "RESPONSE"})) if mapping else _score_if(_matches())
    return declaration, interaction, _answered(score, _set("FEEDBACK", _feedback_with(_var("RESPONSE")))), feedback


def _option_html(view, option_id: str) -> str:
    return next(str(o["html"]) for o in view["options"] if o["id"] == option_id)


def _option_feedback(view, option_id: str) -> str:
    return next(str(o["feedback"]) for o in view["options"] if o["id"] == option_id)


def _true_false(view, quiz, text, words):
    q = view["q"]
    choices = [el("simpleChoice", {"identifier": v}, words[v]) for v in ("true", "false")]
    feedback = [
        _feedback(v, text(view["feedback"][v], f"feedback.{v}")) for v in ("true", "false") if view["feedback"].get(v)
    ]
    declaration = _response("identifier", "single", ["true" if q.answer else "false"])
    interaction = el(
        "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": 1}, choices
    )
    return (
        declaration,
        interaction,
        _answered(_score_if(_matches()), _set("FEEDBACK", _feedback_with(_var("RESPONSE")))),
        feedback,
    )


def _fill_blank(view, quiz, text, words):
    q = view["q"]
    mapping = el(
        "mapping",
        {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
        [
            el("mapEntry", {"mapKey": a, "mappedValue": _num(view["points"]), "caseSensitive": _bool(q.case_sensitive)})
            for a in dict.fromkeys(q.answers)
        ],
    )
    declaration = _response("string", "single", [q.answers[0]], mapping)
    gap = el("textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": max(map(len, q.answers)) + 2})
    prompt = _with_gap(text(view["prompt"], "prompt"), gap)
    score = _set("SCORE", el("mapResponse", {"identifier": "RESPONSE"}))
    right = el("gt", None, _var("SCORE"), _base("float", 0))
    return (
        declaration,
        el("div", {"class": "prompt"}, prompt),
        _answered(score, _result_feedback(right)),
        _results(view, text),
    )


def _with_gap(nodes: list, gap: Node) -> list:
    """nodes with the first ____ replaced by the interaction (a paragraph after them without one)."""
    done = [False]

    def walk(children):
        out = []
        for child in children:
            if isinstance(child, str) and not done[0] and "____" in child:
                before, after = child.split("____", 1)
                out += [before, gap, after]
                done[0] = True
            elif isinstance(child, tuple) and child[0] not in ("pre", "code", "a"):
                out.append((child[0], child[1], walk(child[2])))
            else:
                out.append(child)
        return out

    walked = walk(nodes)
    return walked if done[0] else [*walked, el("p", None, gap)]


def _numeric(view, quiz, text, words):
    q = view["q"]
    tests = []
    for accepted in q.detail["accepted"]:
        if "range" in accepted:
            low, high = accepted["range"]
            tests.append(
                el(
                    "and",
                    None,
                    el("gte", None, _var("RESPONSE"), _base("float", low)),
                    el("lte", None, _var("RESPONSE"), _base("float", high)),
                )
            )
        elif accepted["tolerance"]:
            tests.append(
                el(
                    "equal",
                    {"toleranceMode": "absolute", "tolerance": _num(accepted["tolerance"])},
                    _var("RESPONSE"),
                    _base("float", accepted["answer"]),
                )
            )
        else:
            tests.append(el("equal", {"toleranceMode": "exact"}, _var("RESPONSE"), _base("float", accepted["answer"])))
    right = tests[0] if len(tests) == 1 else el("or", None, tests)
    first = q.detail["accepted"][0]
    correct = first["answer"] if "answer" in first else first["range"][0]
    declaration = _response("float", "single", [_num(correct)])
    body = el("p", None, el("textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": 12}))
    return declaration, body, _answered(_score_if(right), _result_feedback(right)), _results(view, text)


def _matching(view, quiz, text, words):
    q = view["q"]
    n = len(q.pairs)
    pairs = [f"L{i} R{i}" for i in range(n)]
    mapping = None
    if q.partial:
        mapping = el(
            "mapping",
            {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
            [el("mapEntry", {"mapKey": p, "mappedValue": _num(view["points"] / n)}) for p in pairs],
        )
    declaration = _response("directedPair", "multiple", pairs, mapping)
    lefts = [
        el("simpleAssociableChoice", {"identifier": f"L{i}", "matchMax": 1}, text(str(h), f"pairs.{i}.0"))
        for i, h in enumerate(view["lefts"])
    ]
    rights = [
        el(
            "simpleAssociableChoice",
            {"identifier": f"R{i}", "matchMax": 1},
            text(str(view["rights"][i]), f"pairs.{i}.1"),
        )
        for i in view["right_order"]
    ]
    interaction = el(
        "matchInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": n},
        el("simpleMatchSet", None, lefts),
        el("simpleMatchSet", None, rights),
    )
    score = _set("SCORE", el("mapResponse", {"identifier": "RESPONSE"})) if mapping else _score_if(_matches())
    return declaration, interaction, _answered(score, _result_feedback(_matches())), _results(view, text)


def _ordering(view, quiz, text, words):
    q = view["q"]
    n = len(q.items)
    declaration = _response("identifier", "ordered", [f"I{i}" for i in range(n)])
    choices = [
        el("simpleChoice", {"identifier": f"I{i}"}, text(str(view["items"][i]), f"items.{i}"))
        for i in view["shown_order"]
    ]
    interaction = el("orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"}, choices)
    if q.partial:  # a share of the points for each item in its right place
        share = _base("float", view["points"] / n)
        score = [
            el(
                "responseCondition",
                None,
                el(
                    "responseIf",
                    None,
                    el("match", None, el("index", {"n": i + 1}, _var("RESPONSE")), _base("identifier", f"I{i}")),
                    _set("SCORE", el("sum", None, _var("SCORE"), share)),
                ),
            )
            for i in range(n)
        ]
    else:
        score = _score_if(_matches())
    return declaration, interaction, _answered(score, _result_feedback(_matches())), _results(view, text)


def _reflection(view, quiz, text, words):
    declaration = _response("string", "single")
    interaction = el("extendedTextInteraction", {"responseIdentifier": "RESPONSE", "expectedLines": 6})
    feedback = (
        [_feedback(MODEL_ANSWER, text(str(view["model_answer"]), "model_answer"))] if view["model_answer"] else []
    )
    shown = _set("FEEDBACK", el("multiple", None, _base("identifier", MODEL_ANSWER), _base("identifier", EXPLANATION)))
    return declaration, interaction, _answered(shown), feedback


TYPES = {
    "single": _choice,
    "multiple": _choice,
    "true_false": _true_false,
    "fill_blank": _fill_blank,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "reflection": _reflection,
}


# ---- pieces -------------------------------------------------------------------------------


def _oid(option_id: str) -> str:
    return f"o-{option_id}"


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _base(kind: str, value) -> Node:
    return el("baseValue", {"baseType": kind}, _num(value) if kind == "float" else str(value))


def _var(name: str) -> Node:
    return el("variable", {"identifier": name})


def _set(name: str, expression: Node) -> Node:
    return el("setOutcomeValue", {"identifier": name}, expression)


def _outcome(name: str, kind: str, cardinality: str, default=None) -> Node:
    value = None if default is None else el("defaultValue", None, el("value", None, _num(default)))
    return el("outcomeDeclaration", {"identifier": name, "cardinality": cardinality, "baseType": kind}, value)


def _response(kind: str, cardinality: str, correct: list | None = None, mapping: Node | None = None) -> Node:
    right = el("correctResponse", None, [el("value", None, v) for v in correct]) if correct else None
    return el(
        "responseDeclaration", {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": kind}, right, mapping
    )


def _matches() -> Node:
    return el("match", None, _var("RESPONSE"), el("correct", {"identifier": "RESPONSE"}))


def _score_if(test: Node) -> Node:
    return el("responseCondition", None, el("responseIf", None, test, _set("SCORE", _var("MAXSCORE"))))


def _feedback_with(*values: Node) -> Node:
    return el("multiple", None, *values, _base("identifier", EXPLANATION))


def _result_feedback(right: Node) -> Node:
    return el(
        "responseCondition",
        None,
        el("responseIf", None, right, _set("FEEDBACK", _feedback_with(_base("identifier", "correct")))),
        el("responseElse", None, _set("FEEDBACK", _feedback_with(_base("identifier", "incorrect")))),
    )


def _results(view, text) -> list:
    return [
        _feedback(k, text(str(view["feedback"][k]), f"feedback.{k}"))
        for k in ("correct", "incorrect")
        if view["feedback"].get(k)
    ]


def _answered(*steps) -> Node:
    """steps, once the learner has answered (an empty answer scores nothing and shows no feedback)."""
    return el(
        "responseCondition",
        None,
        el("responseIf", None, el("not", None, el("isNull", None, _var("RESPONSE"))), list(steps)),
    )


def _feedback(identifier: str, nodes: list) -> Node:
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
        _set("SCORE", el("sum", None, el("testVariables", {"variableIdentifier": "SCORE"}))),
        _set("MAXSCORE", el("sum", None, el("testVariables", {"variableIdentifier": "MAXSCORE"}))),
        _set(
            "PASS",
            el(
                "gte", None, _var("SCORE"), el("product", None, _var("MAXSCORE"), _base("float", model.pass_mark / 100))
            ),
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
        _outcome("SCORE", "float", "single", 0),
        _outcome("MAXSCORE", "float", "single", 0),
        el("outcomeDeclaration", {"identifier": "PASS", "cardinality": "single", "baseType": "boolean"}),
        el("testPart", {"identifier": "part", "navigationMode": "nonlinear", "submissionMode": "individual"}, section),
        el("outcomeProcessing", None, total),
    )
