"""Completion codes: what the certificate page derives from a learner's results, and `course verify`.

A code carries the learner's best score on every quiz (7 bits each, in the course's quiz order)
after a check of at least 30 bits (more, to fill the last group of four characters): the first bits of the SHA-256 of the course id, the learner's
normalised name and organisation, and those scores. It is written in Crockford's base32, in groups
of four (a course of four quizzes: 12 characters). static/certificate.js makes the same code in the
browser; tests/test_certificate.py holds the two to the same table.

What it proves, and what not: a static site keeps no secret, so anyone who reads this file can make
a code for any name and any scores. The code shows that a certificate is consistent — the name,
organisation and scores printed on it are the ones the code was made from, for this course, and
every score passes its quiz — and catches an edited name or score and a mistyped code. It does not
prove who took the quizzes. For that a trainer needs the LMS (SCORM) or an xAPI record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from course.i18n.trainer import msg, msg_n
from course.model import Course, Module, Question
from course.questions.base import normalise_answer
from course.questions.types import QUESTION_TYPES

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
_READ_AS = {"I": "1", "L": "1", "O": "0"}  # what Crockford reads them as
SCORE_BITS = 7  # 0..100
CHECK_BITS = 30  # at least; more to fill the last character
GROUP = 4
MESSAGE_TAG = "course-certificate/1"


class CodeError(ValueError):
    """A text that cannot be a completion code, with the reason in words."""


def normalise_name(text: str) -> str:
    """A name as the code sees it: the answer rule (NFKC, spaces collapsed, lower case), so
    'Li  Hua' and 'li hua' and full-width letters give the same code."""
    return normalise_answer(text, False)


def check_bits(quiz_count: int) -> int:
    """At least CHECK_BITS, and as many more as fill the last group of four characters (20 bits)."""
    total = SCORE_BITS * quiz_count + CHECK_BITS
    return CHECK_BITS + (-total) % (5 * GROUP)


def _message(course_id: str, name: str, organisation: str, scores: list[int]) -> bytes:
    parts = [MESSAGE_TAG, course_id, normalise_name(name), normalise_name(organisation), ",".join(map(str, scores))]
    return "\n".join(parts).encode("utf-8")


def _check(course_id: str, name: str, organisation: str, scores: list[int]) -> str:
    digest = hashlib.sha256(_message(course_id, name, organisation, scores)).digest()
    bits = "".join(f"{byte:08b}" for byte in digest)
    return bits[: check_bits(len(scores))]


def completion_code(course_id: str, name: str, organisation: str, scores: list[int]) -> str:
    """The code for these best scores (whole percents, in the course's quiz order)."""
    for score in scores:
        if not (isinstance(score, int) and 0 <= score <= 100):
            raise ValueError(f"a score must be a whole percent from 0 to 100, not {score!r}")
    bits = _check(course_id, name, organisation, scores) + "".join(f"{s:0{SCORE_BITS}b}" for s in scores)
    chars = "".join(ALPHABET[int(bits[i : i + 5], 2)] for i in range(0, len(bits), 5))
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def read_code(code: str, quiz_count: int) -> tuple[str, list[int]]:
    """(check bits, scores) of a code as a learner or trainer may type it: any case, with or
    without dashes and spaces, I and L for 1, O for 0. CodeError when it cannot be one."""
    chars = []
    for char in code.upper():
        if char in " -":
            continue
        char = _READ_AS.get(char, char)
        if char not in ALPHABET:
            raise CodeError(msg("{char} is not a character of a completion code (they use 0-9 and A-Z without U)",
                                char=repr(char)))  # fmt: skip
        chars.append(char)
    expected = (SCORE_BITS * quiz_count + check_bits(quiz_count)) // 5
    if len(chars) != expected:
        raise CodeError(msg_n("a completion code of this course has {expected} characters (one score for its "
                              "{n} quiz); this one has {got}", "a completion code of this course has {expected} "
                              "characters (one score for each of its {n} quizzes); this one has {got}", quiz_count,
                              expected=expected, got=len(chars)))  # fmt: skip
    bits = "".join(f"{ALPHABET.index(c):05b}" for c in chars)
    cut = check_bits(quiz_count)
    scores = [int(bits[i : i + SCORE_BITS], 2) for i in range(cut, len(bits), SCORE_BITS)]
    return bits[:cut], scores


# ---- results by part: the framework page, the certificate and `course verify` agree ----


def question_part(module: Module, question: Question) -> str | None:
    """The framework part a question counts for: its own, else its module's."""
    return question.part or module.part()


def part_weights(course: Course, lang: str | None = None) -> dict[str, dict[str, int]]:
    """part id -> {quiz id: the points its questions on that part are worth}, in course order.
    A part's score is its quizzes' best scores averaged with these weights."""
    weights: dict[str, dict[str, int]] = {p.id: {} for p in course.framework.parts} if course.framework else {}
    for module in course.modules:
        for quiz in module.quizzes_in(lang or course.default_language):
            for question in quiz.questions:
                part = question_part(module, question)
                if part in weights and QUESTION_TYPES[question.type].scored and question.points:
                    weights[part][quiz.id] = weights[part].get(quiz.id, 0) + question.points
    return weights


def part_score(weights: dict[str, int], best: dict[str, int]) -> int | None:
    """The weighted average of the best scores, rounded half up (as Math.round); a quiz not tried
    counts 0; None when none of the part's quizzes has been tried (or it has none)."""
    if not weights or not any(quiz in best for quiz in weights):
        return None
    total = sum(weights.values())
    got = sum(w * best.get(quiz, 0) for quiz, w in weights.items())
    return (2 * got + total) // (2 * total)


# ---- course verify ----


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str  # why it is refused; "" when valid
    quizzes: list[tuple[str, int, int]]  # (title, best score, pass mark), in course order
    parts: list[tuple[str, int | None]]  # (title, score)


def verify(course: Course, code: str, name: str, organisation: str = "") -> Verdict:
    """Whether code is the completion code of this learner on this course; with the scores it
    carries, for the trainer to compare with the printed certificate."""
    quizzes = course.quizzes()
    if not quizzes:
        return Verdict(False, msg("this course has no quizzes, so it gives no certificate"), [], [])
    if not normalise_name(name):
        return Verdict(False, msg("give the name printed on the certificate (--name)"), [], [])
    try:
        check, scores = read_code(code, len(quizzes))
    except CodeError as error:
        return Verdict(
            False,
            msg("{code} is not a completion code of this course: {why}", code=repr(code), why=error.args[0]),
            [],
            [],
        )
    lang = course.default_language
    shown = [(quiz.title, score, quiz.pass_mark) for quiz, score in zip(quizzes, scores, strict=True)]
    best = {quiz.id: score for quiz, score in zip(quizzes, scores, strict=True)}
    parts = []
    if course.framework:
        weights = part_weights(course)
        parts = [(course.text(p.title, lang), part_score(weights[p.id], best)) for p in course.framework.parts]
    if any(score > 100 for score in scores) or check != _check(course.id, name, organisation, scores):
        if normalise_name(organisation):
            who = msg("this name and organisation")
        else:
            who = msg("this name (and no organisation)")
        return Verdict(
            False,
            msg(
                "the code does not match {who} on this course: a letter of the name, the organisation or the code was"
                " changed or mistyped, or the code is of another course",
                who=who,
            ),
            [],
            [],
        )
    failed = [title for title, score, mark in shown if score < mark]
    if failed:
        return Verdict(False, msg("the code is genuine but not every quiz was passed: {quizzes}", quizzes="; ".join(failed)),
                       shown, parts)  # fmt: skip
    return Verdict(True, "", shown, parts)


def verify_course(root, code: str, name: str, organisation: str = "") -> Verdict:
    """verify() against the course in the folder root; CourseError when it cannot be loaded."""
    from course.errors import CourseError, Report
    from course.load.course import load_course

    report = Report()
    course = load_course(root, report)
    if course is None or report.errors:
        raise CourseError(report.sorted())
    return verify(course, code, name, organisation)


def describe(verdict: Verdict, code: str, name: str, organisation: str = "") -> list[str]:
    """What `course verify` prints: the verdict, then the scores the code carries."""
    who = name.strip() + (f" ({organisation.strip()})" if organisation.strip() else "")
    if verdict.valid:
        lines = [msg("Valid: {code} is the completion code of {who}. It carries these best scores:", code=code.strip(),
                     who=who)]  # fmt: skip
    else:
        lines = [msg("Refused: {why}.", why=verdict.reason)]
        if not verdict.quizzes:
            return lines
        lines.append(msg("It carries these best scores:"))
    lines += [msg("  {score}%  {title} (pass mark {mark}%)", score=str(score).rjust(3), title=title, mark=mark)
              for title, score, mark in verdict.quizzes]  # fmt: skip
    if verdict.parts:
        lines.append(msg("By part:"))
        lines += [f"  {'-' if score is None else score:>3}%  {title}" for title, score in verdict.parts]
    if verdict.valid:
        lines.append(
            msg(
                "Compare them with the printed certificate. The code shows the certificate is consistent with these"
                " results; it cannot prove who earned them (a static site keeps no secret)."
            )
        )
    return lines
