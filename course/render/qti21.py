"""QTI 2.1 items: one assessmentItem per question and language (the tests: qti21_processing).

Every type the course has maps to an interaction of QTI 2.1, with its own response processing
(no templates, so per-option feedback and partial credit go with it): single and multiple choice
and true/false are choiceInteractions, fill_blank a textEntryInteraction in the gap (a mapping of
the accepted answers), numeric a textEntryInteraction of baseType float (equal with an absolute
tolerance, or gte and lte for a range), matching a matchInteraction of directedPairs, ordering an
orderInteraction, reflection an extendedTextInteraction that scores nothing. Feedback is
modalFeedback on one outcome, FEEDBACK, that holds the picked options (or correct / incorrect)
and "explanation"."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from course.book import BookQuiz
from course.i18n.trainer import msg
from course.render.qti21_processing import (
    EXPLANATION,
    LOCATION,
    NS,
    XSI,
    answered,
    base,
    boolean,
    feedback_with,
    matches,
    modal_feedback,
    num,
    outcome,
    response,
    result_feedback,
    score_if,
    set_outcome,
    var,
)
from course.render.qti_xml import Node, el, plain

MODEL_ANSWER = "model_answer"

# text(html, field path) -> XHTML nodes; it notes what it had to leave out of that field
Text = Callable[[str, str], list]


def item_identifier(lang: str, quiz_id: str, question_id: str) -> str:
    return f"item-{lang}-{quiz_id}-{question_id}"


def item(view: Mapping, lang: str, quiz: BookQuiz, text: Text, words: Mapping, losses: Callable) -> Node:
    """The assessmentItem of one question view. losses(field, what) notes what QTI 2.1 leaves out."""
    q = view["q"]
    build = TYPES[q.type]
    prompt = text(view["prompt"], "prompt")
    declarations, body, processing, feedback = build(view, quiz, text, words)
    if q.hint_md:
        losses("hint", msg("the hint (QTI 2.1 shows hints only in adaptive items)"))
    if view["explanation"]:
        feedback.append(modal_feedback(EXPLANATION, text(view["explanation"], "explanation")))
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
        outcome("SCORE", "float", "single", 0),
        outcome("MAXSCORE", "float", "single", points),
        outcome("FEEDBACK", "identifier", "multiple"),
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
                modal_feedback(_oid(option.id), text(_option_feedback(view, option.id), f"options.{i}.feedback"))
            )
    mapping = None
    if multiple and q.partial:
        share = view["points"] / len(right)
        mapping = el(
            "mapping",
            {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
            [
                el("mapEntry", {"mapKey": _oid(o.id), "mappedValue": num(share if o.correct else -share)})
                for o in q.options
            ],
        )
    declaration = response("identifier", "multiple" if multiple else "single", right, mapping)
    interaction = el(
        "choiceInteraction",
        {"responseIdentifier": "RESPONSE", "shuffle": boolean(quiz.quiz.shuffle), "maxChoices": 0 if multiple else 1},
        choices,
    )
    score = set_outcome("SCORE", el("mapResponse", {"identifier": "RESPONSE"})) if mapping else score_if(matches())
    return declaration, interaction, answered(score, set_outcome("FEEDBACK", feedback_with(var("RESPONSE")))), feedback


def _option_html(view, option_id: str) -> str:
    return next(str(o["html"]) for o in view["options"] if o["id"] == option_id)


def _option_feedback(view, option_id: str) -> str:
    return next(str(o["feedback"]) for o in view["options"] if o["id"] == option_id)


def _true_false(view, quiz, text, words):
    q = view["q"]
    choices = [el("simpleChoice", {"identifier": v}, words[v]) for v in ("true", "false")]
    feedback = [
        modal_feedback(v, text(view["feedback"][v], f"feedback.{v}"))
        for v in ("true", "false")
        if view["feedback"].get(v)
    ]
    declaration = response("identifier", "single", ["true" if q.answer else "false"])
    interaction = el(
        "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false", "maxChoices": 1}, choices
    )
    return (
        declaration,
        interaction,
        answered(score_if(matches()), set_outcome("FEEDBACK", feedback_with(var("RESPONSE")))),
        feedback,
    )


def _fill_blank(view, quiz, text, words):
    q = view["q"]
    mapping = el(
        "mapping",
        {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
        [
            el(
                "mapEntry",
                {"mapKey": a, "mappedValue": num(view["points"]), "caseSensitive": boolean(q.case_sensitive)},
            )
            for a in dict.fromkeys(q.answers)
        ],
    )
    declaration = response("string", "single", [q.answers[0]], mapping)
    gap = el("textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": max(map(len, q.answers)) + 2})
    prompt = _with_gap(text(view["prompt"], "prompt"), gap)
    score = set_outcome("SCORE", el("mapResponse", {"identifier": "RESPONSE"}))
    right = el("gt", None, var("SCORE"), base("float", 0))
    return (
        declaration,
        el("div", {"class": "prompt"}, prompt),
        answered(score, result_feedback(right)),
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
                    el("gte", None, var("RESPONSE"), base("float", low)),
                    el("lte", None, var("RESPONSE"), base("float", high)),
                )
            )
        elif accepted["tolerance"]:
            tests.append(
                el(
                    "equal",
                    {"toleranceMode": "absolute", "tolerance": num(accepted["tolerance"])},
                    var("RESPONSE"),
                    base("float", accepted["answer"]),
                )
            )
        else:
            tests.append(el("equal", {"toleranceMode": "exact"}, var("RESPONSE"), base("float", accepted["answer"])))
    right = tests[0] if len(tests) == 1 else el("or", None, tests)
    first = q.detail["accepted"][0]
    correct = first["answer"] if "answer" in first else first["range"][0]
    declaration = response("float", "single", [num(correct)])
    body = el("p", None, el("textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": 12}))
    return declaration, body, answered(score_if(right), result_feedback(right)), _results(view, text)


def _matching(view, quiz, text, words):
    q = view["q"]
    n = len(q.pairs)
    pairs = [f"L{i} R{i}" for i in range(n)]
    mapping = None
    if q.partial:
        mapping = el(
            "mapping",
            {"lowerBound": 0, "upperBound": view["points"], "defaultValue": 0},
            [el("mapEntry", {"mapKey": p, "mappedValue": num(view["points"] / n)}) for p in pairs],
        )
    declaration = response("directedPair", "multiple", pairs, mapping)
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
    score = set_outcome("SCORE", el("mapResponse", {"identifier": "RESPONSE"})) if mapping else score_if(matches())
    return declaration, interaction, answered(score, result_feedback(matches())), _results(view, text)


def _ordering(view, quiz, text, words):
    q = view["q"]
    n = len(q.items)
    declaration = response("identifier", "ordered", [f"I{i}" for i in range(n)])
    choices = [
        el("simpleChoice", {"identifier": f"I{i}"}, text(str(view["items"][i]), f"items.{i}"))
        for i in view["shown_order"]
    ]
    interaction = el("orderInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true"}, choices)
    if q.partial:  # a share of the points for each item in its right place
        share = base("float", view["points"] / n)
        score = [
            el(
                "responseCondition",
                None,
                el(
                    "responseIf",
                    None,
                    el("match", None, el("index", {"n": i + 1}, var("RESPONSE")), base("identifier", f"I{i}")),
                    set_outcome("SCORE", el("sum", None, var("SCORE"), share)),
                ),
            )
            for i in range(n)
        ]
    else:
        score = score_if(matches())
    return declaration, interaction, answered(score, result_feedback(matches())), _results(view, text)


def _reflection(view, quiz, text, words):
    declaration = response("string", "single")
    interaction = el("extendedTextInteraction", {"responseIdentifier": "RESPONSE", "expectedLines": 6})
    feedback = (
        [modal_feedback(MODEL_ANSWER, text(str(view["model_answer"]), "model_answer"))] if view["model_answer"] else []
    )
    shown = set_outcome(
        "FEEDBACK", el("multiple", None, base("identifier", MODEL_ANSWER), base("identifier", EXPLANATION))
    )
    return declaration, interaction, answered(shown), feedback


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


def _oid(option_id: str) -> str:
    return f"o-{option_id}"


def _results(view, text) -> list:
    return [
        modal_feedback(k, text(str(view["feedback"][k]), f"feedback.{k}"))
        for k in ("correct", "incorrect")
        if view["feedback"].get(k)
    ]
