"""QTI 1.2 as Canvas classic quizzes import it: one questestinterop per quiz and language.

Canvas reads its own flavour of QTI 1.2 (the one its course export writes): the question type
and its points in itemmetadata (question_type, points_possible), SCORE from 0 to 100, response
ids response1 (response_<left item> for matching), feedback as itemfeedback general_fb (shown
whatever the answer: our explanation), correct_fb, general_incorrect_fb and <answer id>_fb (per
option), and HTML as escaped text in mattext. single and true_false are multiple_choice_question
and true_false_question, multiple multiple_answers_question, fill_blank short_answer_question,
numeric numerical_question (an exact answer with a margin, or a range), matching
matching_question, reflection essay_question. QTI 1.2 has no ordering question: those are left
out, and said."""

from __future__ import annotations

from collections.abc import Mapping

from course.book import BookQuiz
from course.i18n.trainer import msg
from course.render.fidelity import loss
from course.render.qti_xml import Node, el, plain

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATION = f"{NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
FORMAT = "QTI 1.2"
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true_false": "true_false_question",
    "fill_blank": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "reflection": "essay_question",
}


def assessment_identifier(lang: str, quiz_id: str) -> str:
    return f"assessment-{lang}-{quiz_id}"


def assessment(quiz: BookQuiz, lang: str, texts, words: Mapping, losses: list) -> Node:
    """The questestinterop of one quiz. texts: course.render.qti.Texts (HTML with the package's urls)."""
    model = quiz.quiz
    losses.append(loss(FORMAT, model, None, None, msg("the pass mark ({mark}%)", mark=model.pass_mark)))
    items = []
    for view in quiz.questions:
        q = view["q"]
        if q.type not in CANVAS_TYPES:
            losses.append(loss(FORMAT, model, q, None, msg("a question of type {type} (it has none)", type=q.type)))
            continue
        if q.hint_md:
            losses.append(loss(FORMAT, model, q, "hint", msg("the hint")))
        items.append(_item(view, lang, quiz, texts, words, losses))
    if model.draw:
        points = {view["q"].points for view in quiz.questions if view["q"].type in CANVAS_TYPES}
        if len(points) > 1:
            losses.append(loss(FORMAT, model, None, None, msg("different points within a drawn quiz (a drawn group gives every question the same)")))  # fmt: skip
        section = el(
            "section",
            {"ident": "drawn", "title": model.title},
            el("selection_ordering", None, el("selection", None, el("selection_number", None, str(model.draw)),
               el("selection_extension", None, el("points_per_item", None, str(max(points, default=1)))))),
            items,
        )  # fmt: skip
        items = [section]
    intro = el("presentation_material", None, el("flow_mat", None, _material(texts.html(quiz.intro, None, "intro"))))
    return el(
        "questestinterop",
        {"xmlns": NS, "xmlns:xsi": XSI, "xsi:schemaLocation": LOCATION},
        el(
            "assessment",
            {"ident": assessment_identifier(lang, model.id), "title": model.title},
            el("qtimetadata", None, _field("cc_maxattempts", "unlimited")),
            intro if quiz.intro else None,
            el("section", {"ident": "root_section"}, items),
        ),
    )


def _item(view: Mapping, lang: str, quiz: BookQuiz, texts, words: Mapping, losses: list) -> Node:
    q = view["q"]

    def html(value, field: str) -> str:
        return texts.html(str(value), q, field)

    kind = CANVAS_TYPES[q.type]
    feedback: dict[str, str] = {}  # itemfeedback ident -> html
    if view["explanation"]:
        feedback["general_fb"] = html(view["explanation"], "explanation")
    for result, ident in (("correct", "correct_fb"), ("incorrect", "general_incorrect_fb")):
        if view["feedback"].get(result):
            feedback[ident] = html(view["feedback"][result], f"feedback.{result}")
    response, conditions = BUILDERS[q.type](view, html, words, feedback, losses, quiz)
    if "general_fb" in feedback:
        conditions.insert(0, _when(el("other"), feedback_id="general_fb", go_on=True))
    if "general_incorrect_fb" in feedback and q.type != "matching":
        conditions.append(_when(el("other"), feedback_id="general_incorrect_fb", go_on=True))
    if isinstance(response, list):  # matching: Canvas's answers are the left items
        answer_ids = [r[1]["ident"].removeprefix("response_") for r in response]
    else:
        answer_ids = [r[1]["ident"] for r in _labels(response)]
    return el(
        "item",
        {"ident": f"{lang}-{quiz.id}-{q.id}", "title": _title(view)},
        el(
            "itemmetadata",
            None,
            el(
                "qtimetadata",
                None,
                _field("question_type", kind),
                _field("points_possible", str(view["points"])),
                _field("original_answer_ids", ",".join(answer_ids)),
            ),
        ),
        el("presentation", None, _material(html(view["prompt"], "prompt")), response),
        el(
            "resprocessing",
            None,
            el(
                "outcomes",
                None,
                el("decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"}),
            ),
            conditions,
        ),
        [
            el("itemfeedback", {"ident": ident}, el("flow_mat", None, _material(text)))
            for ident, text in feedback.items()
        ],
    )


def _labels(response: Node) -> list:
    return [c for child in response[2] if child[0] == "render_choice" for c in child[2] if c[0] == "response_label"]


def _title(view: Mapping) -> str:
    words = plain(str(view["prompt"])).split(" ")
    return (" ".join(words[:12]) + (" …" if len(words) > 12 else "")) or view["q"].id


# ---- the types ----------------------------------------------------------------------------


def _choice(view, html, words, feedback, losses, quiz):
    q = view["q"]
    labels = [el("response_label", {"ident": o.id}, _material(html(_option(view, o.id, "html"), f"options.{i}.text")))
              for i, o in enumerate(q.options)]  # fmt: skip
    shuffle = "Yes" if quiz.quiz.shuffle else "No"
    cardinality = "Multiple" if q.type == "multiple" else "Single"
    response = el("response_lid", {"ident": "response1", "rcardinality": cardinality},
                  el("render_choice", {"shuffle": shuffle}, labels))  # fmt: skip
    conditions = []
    for i, option in enumerate(q.options):
        if option.feedback_md:
            feedback[f"{option.id}_fb"] = html(_option(view, option.id, "feedback"), f"options.{i}.feedback")
            conditions.append(_when(_equal("response1", option.id), feedback_id=f"{option.id}_fb", go_on=True))
    right = [o for o in q.options if o.correct]
    if q.type == "single":
        conditions.append(_when(_equal("response1", right[0].id), score="100", feedback_id=_correct(feedback)))
    elif q.partial:  # each right pick adds its share, each wrong one takes it away (never below 0)
        share = 100 / len(right)
        for option in q.options:
            conditions.append(
                el("respcondition", {"continue": "Yes"}, el("conditionvar", None, _equal("response1", option.id)),
                   el("setvar", {"action": "Add" if option.correct else "Subtract", "varname": "SCORE"}, _num(share)))
            )  # fmt: skip
    else:
        every = el("and", None, [_equal("response1", o.id) if o.correct else el("not", None, _equal("response1", o.id))
                                 for o in q.options])  # fmt: skip
        conditions.append(_when(every, score="100", feedback_id=_correct(feedback)))
    return response, conditions


def _option(view, option_id: str, key: str) -> str:
    return str(next(o[key] for o in view["options"] if o["id"] == option_id))


def _true_false(view, html, words, feedback, losses, quiz):
    q = view["q"]
    labels = [el("response_label", {"ident": v}, _material(words[v], plain_text=True)) for v in ("true", "false")]
    response = el("response_lid", {"ident": "response1", "rcardinality": "Single"}, el("render_choice", None, labels))
    conditions = []
    for value in ("true", "false"):
        if view["feedback"].get(value):
            feedback[f"{value}_fb"] = html(view["feedback"][value], f"feedback.{value}")
            conditions.append(_when(_equal("response1", value), feedback_id=f"{value}_fb", go_on=True))
    right = "true" if q.answer else "false"
    conditions.append(_when(_equal("response1", right), score="100", feedback_id=_correct(feedback)))
    return response, conditions


def _fill_blank(view, html, words, feedback, losses, quiz):
    q = view["q"]
    case = "Yes" if q.case_sensitive else "No"
    answers = [el("varequal", {"respident": "response1", "case": case}, a) for a in dict.fromkeys(q.answers)]
    response = _text_response()
    return response, [_when(answers, score="100", feedback_id=_correct(feedback))]


def _text_response(fibtype: str | None = None) -> Node:
    label = el("response_label", {"ident": "answer1", "rshuffle": None if fibtype else "No"})
    return el("response_str", {"ident": "response1", "rcardinality": "Single"}, el("render_fib", {"fibtype": fibtype}, label))  # fmt: skip


def _numeric(view, html, words, feedback, losses, quiz):
    conditions = []
    for accepted in view["q"].detail["accepted"]:
        if "range" in accepted:
            low, high = accepted["range"]
            test = [el("vargte", {"respident": "response1"}, _num(low)), el("varlte", {"respident": "response1"}, _num(high))]  # fmt: skip
        else:
            exact, margin = accepted["answer"], accepted["tolerance"]
            test = el("or", None, el("varequal", {"respident": "response1"}, _num(exact)),
                      el("and", None, el("vargte", {"respident": "response1"}, _num(exact - margin)),
                         el("varlte", {"respident": "response1"}, _num(exact + margin))))  # fmt: skip
        conditions.append(_when(test, score="100", feedback_id=_correct(feedback)))
    return _text_response("Decimal"), conditions


def _matching(view, html, words, feedback, losses, quiz):
    q = view["q"]
    n = len(q.pairs)
    if not q.partial:
        losses.append(loss(FORMAT, quiz.quiz, q, "pairs", msg("all-or-nothing scoring of a matching question (each pair scores its share)")))  # fmt: skip
    rights = [el("response_label", {"ident": f"R{i}"}, _material(html(view["rights"][i], f"pairs.{i}.1")))
              for i in view["right_order"]]  # fmt: skip
    responses = [
        el("response_lid", {"ident": f"response_L{i}"}, _material(html(left, f"pairs.{i}.0")), el("render_choice", None, rights))
        for i, left in enumerate(view["lefts"])
    ]  # fmt: skip
    conditions = [
        el("respcondition", None, el("conditionvar", None, _equal(f"response_L{i}", f"R{i}")),
           el("setvar", {"varname": "SCORE", "action": "Add"}, _num(round(100 / n, 2))))
        for i in range(n)
    ]  # fmt: skip
    every = el("and", None, [_equal(f"response_L{i}", f"R{i}") for i in range(n)])
    if "correct_fb" in feedback:
        conditions.append(_when(every, feedback_id="correct_fb", go_on=True))
    if "general_incorrect_fb" in feedback:
        conditions.append(_when(el("not", None, every), feedback_id="general_incorrect_fb", go_on=True))
    return responses, conditions


def _reflection(view, html, words, feedback, losses, quiz):
    if view["model_answer"]:  # shown whatever the learner wrote, with the explanation
        model = html(view["model_answer"], "model_answer")
        feedback["general_fb"] = feedback.get("general_fb", "") + model
    return _text_response(), [_when(el("other"))]


BUILDERS = {
    "single": _choice,
    "multiple": _choice,
    "true_false": _true_false,
    "fill_blank": _fill_blank,
    "numeric": _numeric,
    "matching": _matching,
    "reflection": _reflection,
}


# ---- pieces -------------------------------------------------------------------------------


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _field(label: str, entry: str) -> Node:
    return el("qtimetadatafield", None, el("fieldlabel", None, label), el("fieldentry", None, entry))


def _material(text: str, plain_text: bool = False) -> Node:
    return el("material", None, el("mattext", {"texttype": "text/plain" if plain_text else "text/html"}, text))


def _equal(respident: str, value: str) -> Node:
    return el("varequal", {"respident": respident}, value)


def _correct(feedback: dict) -> str | None:
    return "correct_fb" if "correct_fb" in feedback else None


def _when(test, score: str | None = None, feedback_id: str | None = None, go_on: bool = False) -> Node:
    return el(
        "respcondition",
        {"continue": "Yes" if go_on else "No"},
        el("conditionvar", None, test),
        el("setvar", {"action": "Set", "varname": "SCORE"}, score) if score else None,
        el("displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback_id}) if feedback_id else None,
    )
