"""Quiz YAML -> Quiz, checking what each question type needs, with node positions."""

from __future__ import annotations

from pathlib import Path

from course.errors import Position, Report
from course.load.checker import Checker
from course.load.config import CourseConfig, check_part, read_yaml
from course.load.schema import QUIZ
from course.load.yamlsource import Located
from course.model import Option, Question, Quiz


def load_quiz(root: Path, rel: str, lang: str, config: CourseConfig, report: Report) -> tuple[Quiz, dict] | None:
    """The quiz and a map question id -> position, or None when it cannot be used."""
    doc = read_yaml(root, rel, report, "keep long explanations in the lessons, or split the module and its quiz")
    if doc is None:
        return None
    data = Checker(doc, report, config.languages).check(doc.data, QUIZ)
    if data is None or not data["id"] or not data["questions"]:
        return None
    questions, positions = [], {}
    for i, q in enumerate(data["questions"]):
        if not q or not q["id"] or not q["type"]:
            continue
        if q["id"] in positions:
            report.error(doc.pos("questions", i, "id"), f"duplicate question id '{q['id']}' in this quiz")
            continue
        positions[q["id"]] = doc.pos("questions", i)
        question = _question(q, doc, ("questions", i), config, report)
        if question is not None:
            questions.append(question)
    if data["draw"] and data["draw"] > len(data["questions"]):
        report.error(
            doc.pos("draw"), f"'draw' is {data['draw']} but the quiz has only {len(data['questions'])} questions"
        )
    quiz = Quiz(
        id=data["id"],
        source=rel,
        lang=lang,
        title=data["title"],
        pass_mark=data["pass_mark"] if data["pass_mark"] is not None else config.pass_mark,
        shuffle=data["shuffle"],
        draw=data["draw"],
        intro_md=data["intro"] or "",
        questions=tuple(questions),
        module=data["module"] or "",
        intro_line=doc.text_line("intro"),
    )
    return quiz, {"__quiz__": doc.pos("id"), "__module__": doc.pos("module"), **positions}


def _question(q: dict, doc: Located, at: tuple, config: CourseConfig, report: Report) -> Question | None:
    check_part(q["part"], config, doc.pos(*at, "part"), report)
    errors_before = len(report.errors)
    qtype = q["type"]
    fields = {}
    if qtype in ("single", "multiple"):
        options = [o for o in q["options"] or () if o and o["text"] is not None]
        correct = sum(bool(o["correct"]) for o in options)
        if len(options) != len(q["options"] or ()):
            return None  # an option is broken and already reported: counting now would mislead
        if q["options"] is not None and len(q["options"]) < 2:
            report.error(doc.pos(*at, "options"), "a choice question needs at least two options")
        elif qtype == "single" and correct != 1:
            report.error(
                doc.pos(*at, "options"),
                f"a single-choice question needs exactly one option with 'correct: true', found {correct}"
                + ("; use type: multiple for several right answers" if correct > 1 else ""),
            )
        elif qtype == "multiple" and correct == 0:
            report.error(doc.pos(*at, "options"), "mark at least one option with 'correct: true'")
        _unique([o["text"] for o in options], doc, (*at, "options"), "option", report)
        fields["options"] = tuple(Option(o["text"], bool(o["correct"]), o["feedback"] or "") for o in options)
        fields["partial"] = bool(q.get("partial"))
    elif qtype == "true_false":
        fields["answer"] = q["answer"]
    elif qtype == "fill_blank":
        answers = tuple(a for a in q["answers"] or () if a is not None and a.strip())
        if q["answers"] is not None and not answers:
            report.error(doc.pos(*at, "answers"), "list at least one accepted answer")
        if "____" not in (q["prompt"] or ""):
            report.error(doc.pos(*at, "prompt"), "a fill_blank prompt needs a gap written as ____ (four underscores)")
        fields["answers"] = answers
        fields["case_sensitive"] = q["case_sensitive"]
    elif qtype == "matching":
        pairs = tuple(p for p in q["pairs"] or () if p)
        if q["pairs"] is not None and len(q["pairs"]) < 2:
            report.error(doc.pos(*at, "pairs"), "a matching question needs at least two pairs")
        _unique([p[0] for p in pairs], doc, (*at, "pairs"), "left item", report)
        _unique([p[1] for p in pairs], doc, (*at, "pairs"), "right item", report)
        fields["pairs"], fields["partial"] = pairs, q["partial"]
    elif qtype == "ordering":
        items = tuple(x for x in q["items"] or () if x is not None)
        if q["items"] is not None and len(q["items"]) < 2:
            report.error(doc.pos(*at, "items"), "an ordering question needs at least two items")
        _unique(list(items), doc, (*at, "items"), "item", report)
        fields["items"], fields["partial"] = items, q["partial"]
    elif qtype == "reflection":
        fields["model_answer_md"] = q["model_answer"] or ""
    if len(report.errors) > errors_before or q["prompt"] is None:
        return None
    feedback = q.get("feedback") or {}
    return Question(
        id=q["id"],
        type=qtype,
        prompt_md=q["prompt"],
        line=doc.pos(*at).line,
        part=q["part"],
        points=q["points"] if q["points"] is not None else 1,
        hint_md=q["hint"] or "",
        explanation_md=q["explanation"] or "",
        feedback={k: v for k, v in feedback.items() if v},
        **fields,
    )


def _unique(values: list, doc: Located, at: tuple, what: str, report: Report) -> None:
    seen = set()
    for i, value in enumerate(values):
        if value in seen:
            report.error(doc.pos(*at, i), f"duplicate {what} '{value}'")
        seen.add(value)


def check_translation(source: Quiz, source_positions: dict, translation: Quiz, positions: dict, report: Report) -> None:
    """A translated quiz must ask the same questions with the same answers. A question that is
    invalid in the source is reported there only: the translation is not blamed for it."""
    where = positions.get("__quiz__", Position(translation.source))
    if translation.id != source.id:
        report.error(where, f"translation has quiz id '{translation.id}' but {source.source} has '{source.id}'")
    by_id = {q.id: q for q in source.questions}
    for q in translation.questions:
        pos = positions.get(q.id, where)
        original = by_id.get(q.id)
        if original is None and q.id in source_positions:
            continue  # the source's question has errors, reported at its own line
        if original is None:
            report.error(pos, f"question '{q.id}' is not in {source.source}; a translation keeps the same question ids")
            continue
        problem = _structure_difference(original, q)
        if problem:
            report.error(pos, f"question '{q.id}' differs from {source.source}: {problem}")
    missing = [qid for qid in by_id if qid not in positions]  # ids seen, even in a question with errors
    if missing:
        report.error(where, f"translation lacks question(s) {', '.join(missing)} of {source.source}")


def _structure_difference(a: Question, b: Question) -> str:
    if a.type != b.type:
        return f"type is {b.type}, not {a.type}"
    if len(a.options) != len(b.options):
        return f"{len(b.options)} options instead of {len(a.options)}"
    if [o.correct for o in a.options] != [o.correct for o in b.options]:
        return "a different option is marked correct"
    if a.answer != b.answer:
        return f"answer is {str(b.answer).lower()}, not {str(a.answer).lower()}"
    if len(a.pairs) != len(b.pairs) or len(a.items) != len(b.items):
        return "a different number of pairs or items"
    if a.points != b.points:
        return f"points are {b.points}, not {a.points}"
    return ""
