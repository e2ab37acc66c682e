"""A class's statements tallied against the course: per learner, per part, per organisation, per question.

Memory is bounded by learners x questions (a byte per pair) and by the distinct wrong answers kept
per question (capped), never by the number of statements."""

from __future__ import annotations

import datetime
from array import array
from collections import Counter
from dataclasses import dataclass, field

from course.model import Course
from course.report import xapi

NONE = 255  # a learner's first answer to a question: 0 wrong, 1 right, 2 partly right, NONE not answered
WRONG_KEPT = 200  # distinct wrong responses counted per question; the rest count as one "other"
UPPER_LOWER = 0.27  # Kelley's upper and lower groups for the discrimination index
LATEST = float("inf")  # not answered yet
UNTIMED = 1e18  # an answer without a readable timestamp: after every timed one


@dataclass(frozen=True)
class QuestionInfo:
    quiz: str
    id: str
    prompt: str
    part: str | None
    options: tuple  # (option id, text)


@dataclass(frozen=True)
class QuestionResult:
    info: QuestionInfo
    answered: int
    correct: float  # share of first answers fully right, 0..1
    wrong: str  # the most chosen wrong response, as the learner saw it ("" when none)
    wrong_count: int
    discrimination: float | None  # upper group's share right minus the lower group's; None: too few learners


@dataclass(frozen=True)
class PartResult:
    id: str
    title: str
    learners: int  # who answered at least one of its questions
    mean: float  # their mean share right, 0..1
    passed: int  # how many reached the pass mark on it


@dataclass(frozen=True)
class OrgResult:
    name: str
    learners: int
    finished: int
    mean: float  # the mean of its learners' share right, 0..1


@dataclass(frozen=True)
class ClassReport:
    course: str
    pass_mark: int
    statements: int
    ignored: int  # statements about another course, or that could not be read
    learners: int
    finished: int
    parts: tuple[PartResult, ...]
    organisations: tuple[OrgResult, ...]
    questions: tuple[QuestionResult, ...]


def course_questions(course: Course) -> tuple[QuestionInfo, ...]:
    lang = course.languages[0]
    found = []
    for module in course.modules:
        for quiz in module.quizzes_in(lang):
            for q in quiz.questions:
                options = tuple((o.id, o.text_md) for o in q.options)
                found.append(QuestionInfo(quiz.id, q.id, q.prompt_md.strip(), q.part or module.part(), options))
    return tuple(found)


@dataclass
class Tally:
    course: Course
    questions: tuple[QuestionInfo, ...] = ()
    index: dict = field(default_factory=dict)  # (quiz, question) -> column
    quizzes: frozenset = frozenset()
    learners: dict = field(default_factory=dict)  # learner key -> row
    firsts: list = field(default_factory=list)  # row -> bytearray of columns
    when: list = field(default_factory=list)  # row -> array of the first answers' times (seconds)
    orgs: list = field(default_factory=list)  # row -> organisation
    passed: list = field(default_factory=list)  # row -> set of quizzes passed
    completed: set = field(default_factory=set)  # rows with a course "completed"
    wrong: dict = field(default_factory=dict)  # column -> Counter of wrong responses
    statements: int = 0
    ignored: int = 0

    def __post_init__(self) -> None:
        self.questions = course_questions(self.course)
        self.index = {(q.quiz, q.id): i for i, q in enumerate(self.questions)}
        self.quizzes = frozenset(q.quiz for q in self.questions)

    def _row(self, statement: dict) -> int | None:
        key = xapi.learner_key(statement.get("actor"))
        if key is None:
            return None
        row = self.learners.get(key)
        if row is None:
            row = self.learners[key] = len(self.firsts)
            self.firsts.append(bytearray([NONE]) * len(self.questions))
            self.when.append(array("d", [LATEST]) * len(self.questions))
            self.orgs.append("")
            self.passed.append(set())
        org = xapi.organisation(statement)
        if org:
            self.orgs[row] = org
        return row

    def add(self, statement: dict) -> None:
        self.statements += 1
        verb = statement.get("verb")
        target = statement.get("object")
        verb = verb.get("id") if isinstance(verb, dict) else None
        target = target.get("id") if isinstance(target, dict) else None
        if not isinstance(verb, str) or not isinstance(target, str):
            self.ignored += 1
            return
        question = xapi.QUESTION.search(target)
        quiz = xapi.QUIZ.search(target)
        if question and verb == xapi.ANSWERED:
            column = self.index.get(question.groups())
            if column is None:
                self.ignored += 1
                return
            row = self._row(statement)
            if row is None:
                self.ignored += 1
                return
            self._answered(row, column, statement.get("result"), _seconds(statement.get("timestamp")))
        elif quiz and verb in (xapi.PASSED, xapi.FAILED, xapi.COMPLETED):
            row = self._row(statement) if quiz.group(1) in self.quizzes else None
            if row is None:
                self.ignored += 1
                return
            if verb == xapi.PASSED:
                self.passed[row].add(quiz.group(1))
        elif verb == xapi.COMPLETED and "/quiz/" not in target:
            row = self._row(statement)
            if row is not None:
                self.completed.add(row)
        else:
            row = self._row(statement)  # a lesson experienced, a quiz started: the learner has begun
            if row is None:
                self.ignored += 1

    def _answered(self, row: int, column: int, result: object, when: float) -> None:
        # Item analysis reads first attempts: the earliest by timestamp, whatever order an LRS sends
        # them in (at the same time, or without one, the first read).
        if when >= self.when[row][column]:
            return
        self.when[row][column] = when
        result = result if isinstance(result, dict) else {}
        score = result.get("score")
        scaled = score.get("scaled") if isinstance(score, dict) else None
        success = result.get("success")
        if success is True or scaled == 1:
            self.firsts[row][column] = 1
        elif isinstance(scaled, (int, float)) and 0 < scaled < 1:
            self.firsts[row][column] = 2
        else:
            self.firsts[row][column] = 0
        if self.firsts[row][column] != 1 and isinstance(result.get("response"), str):
            counts = self.wrong.setdefault(column, Counter())
            response = result["response"]
            if response in counts or len(counts) < WRONG_KEPT:
                counts[response] += 1
            else:
                counts["\x00other"] += 1

    def finish(self) -> ClassReport:
        questions = self.questions
        scores = [_share(first) for first in self.firsts]  # each learner's share right over what they answered
        finished = [
            row in self.completed or (self.quizzes and self.quizzes <= self.passed[row])
            for row in range(len(self.firsts))
        ]
        order = sorted((s, row) for row, s in enumerate(scores) if s is not None)
        group = int(len(order) * UPPER_LOWER)
        lower = {row for _, row in order[:group]}
        upper = {row for _, row in order[len(order) - group :]}
        results = []
        for column, info in enumerate(questions):
            answers = [first[column] for first in self.firsts if first[column] != NONE]
            right = sum(1 for a in answers if a == 1)
            wrong, wrong_count = _most_wrong(self.wrong.get(column), info)
            results.append(QuestionResult(info, len(answers), right / len(answers) if answers else 0.0, wrong,
                                          wrong_count, _discrimination(self.firsts, column, upper, lower)))  # fmt: skip
        return ClassReport(
            course=self.course.id,
            pass_mark=self.course.pass_mark,
            statements=self.statements,
            ignored=self.ignored,
            learners=len(self.firsts),
            finished=sum(finished),
            parts=self._parts(),
            organisations=self._organisations(scores, finished),
            questions=tuple(results),
        )

    def _parts(self) -> tuple[PartResult, ...]:
        framework = self.course.framework
        if framework is None:
            return ()
        lang = self.course.languages[0]
        found = []
        for part in framework.parts:
            columns = [i for i, q in enumerate(self.questions) if q.part == part.id]
            shares = [s for s in (_share(first, columns) for first in self.firsts) if s is not None]
            passed = sum(1 for s in shares if s * 100 >= self.course.pass_mark)
            mean = sum(shares) / len(shares) if shares else 0.0
            found.append(PartResult(part.id, part.title.get(lang, part.id), len(shares), mean, passed))
        return tuple(found)

    def _organisations(self, scores: list, finished: list) -> tuple[OrgResult, ...]:
        by_org: dict[str, list] = {}
        for row, org in enumerate(self.orgs):
            if org:
                by_org.setdefault(org, []).append(row)
        found = []
        for name, rows in by_org.items():
            shares = [scores[r] for r in rows if scores[r] is not None]
            found.append(OrgResult(name, len(rows), sum(1 for r in rows if finished[r]),
                                   sum(shares) / len(shares) if shares else 0.0))  # fmt: skip
        return tuple(sorted(found, key=lambda o: (-o.learners, o.name)))


def _seconds(timestamp: object) -> float:
    if isinstance(timestamp, str):
        try:
            moment = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
        except ValueError:
            return UNTIMED
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return moment.timestamp()
    return UNTIMED


def _share(first: bytearray, columns=None) -> float | None:
    """Share right (a partly right answer counts half) over the questions answered, or None."""
    values = first if columns is None else [first[c] for c in columns]
    answered = [v for v in values if v != NONE]
    if not answered:
        return None
    return sum(1.0 if v == 1 else 0.5 if v == 2 else 0.0 for v in answered) / len(answered)


def _discrimination(firsts: list, column: int, upper: set, lower: set) -> float | None:
    def right(rows):
        answers = [firsts[r][column] for r in rows if firsts[r][column] != NONE]
        return (sum(1 for a in answers if a == 1) / len(answers)) if answers else None

    high, low = right(upper), right(lower)
    if high is None or low is None or min(len(upper), len(lower)) < 10:
        return None
    return high - low


def _most_wrong(counts: Counter | None, info: QuestionInfo) -> tuple[str, int]:
    if not counts:
        return "", 0
    response, n = max(((r, n) for r, n in counts.items() if r != "\x00other"), key=lambda rn: (rn[1], rn[0]),
                      default=("", 0))  # fmt: skip
    texts = dict(info.options)
    if texts and response:
        response = "; ".join(texts.get(part, part) for part in response.split("[,]"))
    return response, n
