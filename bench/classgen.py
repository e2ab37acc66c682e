"""A class of learners taking a course, as the xAPI statements their pages would send: deterministic
(the same seed, the same bytes), streamed to a JSON Lines file, for `course report` and its tests.

    python bench/classgen.py COURSE_DIR OUT.jsonl [--learners 12000] [--organisations 467]

Each learner has an ability and each question a difficulty; the chance of a right first answer is
the logistic of their difference (a one-parameter item-response model), so abler learners do
better on every question and the report's discrimination index has something true to find. A wrong
choice falls on the question's first wrong option twice as often as on another, so "the most chosen
wrong option" is known in advance. Some learners stop after a quiz, as real ones do."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course.errors import Report  # noqa: E402
from course.load.course import load_course  # noqa: E402
from course.report import xapi  # noqa: E402

BASE = "https://courses.example.org/"  # an organisation's base IRI; the report reads only the path after it
HOME = "https://learn.example.org"  # the learners' accounts live there
START = 1_767_225_600  # 2026-01-01, seconds


def class_statements(root: Path, learners: int = 12_000, organisations: int = 467, seed: int = 23, stop: float = 0.08):
    report = Report()
    course = load_course(root, report)
    if course is None:
        raise SystemExit("\n".join(d.format() for d in report.sorted()))
    lang = course.languages[0]
    quizzes = course.quizzes(lang)
    iri = f"{BASE}{course.id}"
    rng = random.Random(seed)
    orgs = [f"Organisation {n:03d}" for n in range(1, organisations + 1)]
    for n in range(learners):
        name = f"learner-{n:05d}"
        actor = {"objectType": "Agent", "account": {"homePage": HOME, "name": name}}
        org = orgs[n % organisations] if n < organisations else rng.choice(orgs)
        context = {"extensions": {f"{BASE}extensions/organisation": org}}
        ability = rng.gauss(0.3, 1.0)
        clock = START + n * 37
        passed_all = True
        for quiz in quizzes:
            quiz_iri = f"{iri}/quiz/{quiz.id}"
            got = total = 0
            for q in quiz.questions:
                right = rng.random() < 1 / (1 + math.exp(-1.7 * (ability - _difficulty(quiz.id, q.id))))
                response = _response(q, right, rng)
                total += q.points
                got += q.points if right else 0
                clock += 20
                yield _statement(actor, xapi.ANSWERED, f"{quiz_iri}/question/{q.id}", context, clock,
                                 {"success": right, "score": {"scaled": 1.0 if right else 0.0}, "response": response})  # fmt: skip
            scaled = got / total if total else 1.0
            passed = scaled * 100 >= quiz.pass_mark
            passed_all &= passed
            yield _statement(actor, xapi.PASSED if passed else xapi.FAILED, quiz_iri, context, clock + 5,
                             {"success": passed, "score": {"scaled": round(scaled, 4)}})  # fmt: skip
            if quiz is not quizzes[-1] and rng.random() < stop:
                passed_all = False
                break
        if passed_all:
            yield _statement(actor, xapi.COMPLETED, iri, context, clock + 9, {"completion": True})


def _difficulty(quiz: str, question: str) -> float:
    digest = hashlib.sha256(f"{quiz}/{question}".encode()).digest()
    return (digest[0] / 255) * 3 - 1.8  # -1.8 .. 1.2


def _response(q, right: bool, rng: random.Random) -> str:
    if q.options:
        good = [o.id for o in q.options if o.correct]
        bad = [o.id for o in q.options if not o.correct]
        if right or not bad:
            return "[,]".join(good)
        weights = [2] + [1] * (len(bad) - 1)
        return rng.choices(bad, weights)[0]
    if q.type == "true_false":
        return str(q.answer if right else not q.answer).lower()
    if q.answers:
        return q.answers[0] if right else "?"
    return "" if not right else "ok"


def _statement(actor: dict, verb: str, target: str, context: dict, clock: int, result: dict) -> dict:
    return {
        "id": xapi.statement_id(actor["account"]["name"], verb, target),
        "actor": actor,
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": target},
        "result": result,
        "context": context,
        "timestamp": _iso(clock),
    }


def _iso(seconds: int) -> str:
    days, rest = divmod(seconds, 86_400)
    import datetime

    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(days=days, seconds=rest)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_class(root: Path, out: Path, **options) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for statement in class_statements(root, **options):
            handle.write(json.dumps(statement, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("course", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--learners", type=int, default=12_000)
    parser.add_argument("--organisations", type=int, default=467)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    n = write_class(args.course, args.out, learners=args.learners, organisations=args.organisations, seed=args.seed)
    print(f"{n} statements from {args.learners} learners of {args.organisations} organisations -> {args.out}")


if __name__ == "__main__":
    main()
