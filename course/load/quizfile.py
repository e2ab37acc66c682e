"""Quiz YAML -> Quiz, checking what each question type needs, with node positions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from course.errors import Position, Report
from course.i18n.trainer import msg
from course.load.checker import Checker
from course.load.config import CourseConfig, check_part, read_yaml
from course.load.placeholders import check_quiz_placeholders
from course.load.schema import QUIZ
from course.load.yamlsource import Located
from course.model import Question, Quiz
from course.questions.base import Source
from course.questions.types import QUESTION_TYPES


@dataclass(frozen=True)
class QuestionSource:
    """Where a question sits in its quiz file (course.questions.base.Source), for its type's checks."""

    doc: Located
    at: tuple  # key path of the question in the file, e.g. ("questions", 3)
    report: Report

    def pos(self, *path) -> Position:
        return self.doc.pos(*self.at, *path)

    def key_pos(self, *path) -> Position:
        return self.doc.key_pos(*self.at, *path)

    def error(self, path: tuple, message: str) -> None:
        self.report.error(self.pos(*path), message)

    def warning(self, path: tuple, message: str, code: str) -> None:
        self.report.warning(self.key_pos(*path), message, code)

    def written(self, *path) -> bool:
        """Whether the file writes the key at path (even with no value after it)."""
        return (*self.at, *path) in self.doc.keys

    def raw(self, *path):
        """The value at path as the file holds it, before any check."""
        value = self.doc.data
        for step in (*self.at, *path):
            value = value[step]
        return value


def load_quiz(root: Path, rel: str, lang: str, config: CourseConfig, report: Report) -> tuple[Quiz, dict] | None:
    """The quiz and a map question id -> position, or None when it cannot be used."""
    doc = read_yaml(root, rel, report, "keep long explanations in the lessons, or split the module and its quiz")
    if doc is None:
        return None
    first_new = len(report.diagnostics)
    check_quiz_placeholders(doc, report)
    try:
        return _load_quiz(doc, rel, lang, config, report)
    finally:
        _name_questions(doc, report, first_new)


def _name_questions(doc: Located, report: Report, first_new: int) -> None:
    """Name the question in every message about a part of it, so that a trainer finds it by its id."""
    questions = doc.data.get("questions") if isinstance(doc.data, dict) else None
    if not isinstance(questions, list):
        return
    starts = []
    for i, q in enumerate(questions):
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            starts.append((doc.pos("questions", i).line, q["id"]))
        else:
            starts.append((doc.pos("questions", i).line, None))
    for n in range(first_new, len(report.diagnostics)):
        d = report.diagnostics[n]
        if d.path != doc.path:
            continue
        owner = next((qid for line, qid in reversed(starts) if line <= d.line), None)
        if owner and f"'{owner}'" not in d.message and "'questions'" not in d.message:
            report.diagnostics[n] = replace(d, message=msg("question '{id}': {problem}", id=owner, problem=d.message))


def _load_quiz(doc: Located, rel: str, lang: str, config: CourseConfig, report: Report) -> tuple[Quiz, dict] | None:
    data = Checker(doc, report, config.languages).check(doc.data, QUIZ)
    if data is None or not data["id"] or not data["questions"]:
        return None
    questions, positions = [], {}
    for i, q in enumerate(data["questions"]):
        if not q or not q["id"] or not q["type"]:
            continue
        if q["id"] in positions:
            report.error(
                doc.pos("questions", i, "id"),
                msg(
                    "duplicate question id '{id}': the question on line {line} already has it; give each question of"
                    " the quiz its own id",
                    id=q["id"],
                    line=positions[q["id"]].line,
                ),
            )
            continue
        positions[q["id"]] = doc.pos("questions", i)
        question = _question(q, doc, ("questions", i), config, report)
        if question is not None:
            questions.append(question)
    if data["draw"] and data["draw"] > len(data["questions"]):
        report.error(
            doc.pos("draw"),
            msg("'draw' is {draw} but the quiz has only {n} questions", draw=data["draw"], n=len(data["questions"])),
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
        positions=MappingProxyType({k: doc.text_at(k) for k in ("title", "intro") if (k,) in doc.keys}),
    )
    return quiz, {"__quiz__": doc.pos("id"), "__module__": doc.pos("module"), **positions}


def _question(q: dict, doc: Located, at: tuple, config: CourseConfig, report: Report) -> Question | None:
    check_part(q["part"], config, doc.pos(*at, "part"), report)
    errors_before = len(report.errors)
    fields = QUESTION_TYPES[q["type"]].build(q, QuestionSource(doc, at, report))
    if fields is None or len(report.errors) > errors_before or q["prompt"] is None:
        return None
    renamed = QUESTION_TYPES[q["type"]].feedback_keys(q)
    feedback = {renamed.get(k, k): v for k, v in (q.get("feedback") or {}).items() if v}
    positions = dict(_positions(QuestionSource(doc, at, report)))
    for written, kept in renamed.items():
        if f"feedback.{written}" in positions:
            positions[f"feedback.{kept}"] = positions.pop(f"feedback.{written}")
    return Question(
        id=q["id"],
        type=q["type"],
        prompt_md=q["prompt"],
        line=doc.pos(*at).line,
        part=q["part"],
        points=q["points"] if q["points"] is not None else 1,
        hint_md=q["hint"] or "",
        explanation_md=q["explanation"] or "",
        feedback=MappingProxyType({k: v for k, v in feedback.items() if v}),
        positions=MappingProxyType(positions),
        **fields,
    )


def _positions(src: Source) -> MappingProxyType:
    """Field path ("options.2.feedback") -> (line, col) where each value of the question is written."""
    found = {}

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, (*path, i))
        elif value is not None and path:
            found[".".join(map(str, path))] = src.doc.text_at(*src.at, *path)

    walk(src.raw(), ())
    return MappingProxyType(found)


def check_translation(source: Quiz, source_positions: dict, translation: Quiz, positions: dict, report: Report) -> Quiz:
    """A translated quiz must ask the same questions with the same answers. A question that is
    invalid in the source is reported there only: the translation is not blamed for it.
    Returns the translation with the source's option ids, which its options match by position."""
    where = positions.get("__quiz__", Position(translation.source))
    if translation.id != source.id:
        report.error(where, msg("translation has quiz id '{found}' but {source} has '{wanted}'", found=translation.id,
                                 source=source.source, wanted=source.id))  # fmt: skip
    by_id = {q.id: q for q in source.questions}
    for q in translation.questions:
        pos = positions.get(q.id, where)
        original = by_id.get(q.id)
        if original is None and q.id in source_positions:
            continue  # the source's question has errors, reported at its own line
        if original is None:
            report.error(pos, msg("question '{id}' is not in {source}; a translation keeps the same question ids", id=q.id,
                                  source=source.source))  # fmt: skip
            continue
        problem = _structure_difference(original, q)
        if problem:
            report.error(pos, msg("question '{id}' differs from {source}: {problem}", id=q.id, source=source.source,
                                  problem=problem))  # fmt: skip
    missing = [qid for qid in by_id if qid not in positions]  # ids seen, even in a question with errors
    if missing:
        report.error(where, msg("translation lacks question(s) {ids} of {source}", ids=", ".join(missing),
                                 source=source.source))  # fmt: skip
    return replace(translation, questions=tuple(_with_ids_of(by_id.get(q.id), q) for q in translation.questions))


def _with_ids_of(original: Question | None, q: Question) -> Question:
    if original is None or len(original.options) != len(q.options):
        return q
    options = tuple(replace(o, id=ours.id) for ours, o in zip(original.options, q.options, strict=True))
    return replace(q, options=options)


def _structure_difference(a: Question, b: Question) -> str:
    if a.type != b.type:
        return msg("type is {found}, not {wanted}", found=b.type, wanted=a.type)
    problem = QUESTION_TYPES[a.type].differs(a, b)
    if problem:
        return problem
    if a.points != b.points:
        return msg("points are {found}, not {wanted}", found=b.points, wanted=a.points)
    return ""
