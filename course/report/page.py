"""The class report written out: report.html (SVG charts with their tables), CSV beside it, and the
terminal summary. Deterministic: the same statements give the same bytes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from course.i18n.catalog import messages
from course.i18n.trainer import Message, msg, msg_n
from course.report.tally import ClassReport
from course.write.file import write_file

CHART_WIDTH = 640  # the SVG's own units; it scales to the page
BAR = 22
LABEL = 220
GENERATOR = '<meta name="generator" content="course report">'


def pct(share: float) -> int:
    return round(share * 100)


def write_report(report: ClassReport, title: str, out: Path, lang: str) -> list[Path]:
    from course.render.templating import template_environment

    t = messages(lang)
    page = (
        template_environment({})
        .get_template("report/report.html")
        .render(
            r=report,
            title=title,
            generator=GENERATOR,
            t=t,
            lang=lang,
            pct=pct,
            chart=_chart(report),
            width=CHART_WIDTH,
            bar=BAR,
            label=LABEL,
        )
    )
    written = [
        out / "report.html",
        out / "report-questions.csv",
        out / "report-parts.csv",
        out / "report-organisations.csv",
    ]
    tables = [page, _questions_csv(report), _parts_csv(report), _orgs_csv(report)]
    out.mkdir(parents=True, exist_ok=True)
    for path, text in zip(written, tables, strict=True):
        # A file of the same name that an earlier report did not write is left alone (write_file says so).
        mark = GENERATOR if path.suffix == ".html" else text.partition("\n")[0]
        write_file(path, text.encode("utf-8"), lambda old, mark=mark: mark.encode() in old[:2000])
    return written


def _chart(report: ClassReport) -> dict:
    """Bar lengths in the SVG's units: parts by mean share right, with the pass mark's x."""
    span = CHART_WIDTH - LABEL - 60
    return {
        "span": span,
        "pass_x": LABEL + span * report.pass_mark / 100,
        "parts": [(p, LABEL + 0, span * p.mean) for p in report.parts],
        "questions": [(q, span * q.correct) for q in report.questions],
    }


def _rows(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _questions_csv(report: ClassReport) -> str:
    return _rows(
        ["quiz", "question", "part", "answered", "share_correct", "most_chosen_wrong", "wrong_count", "discrimination"],
        (
            [
                q.info.quiz,
                q.info.id,
                q.info.part or "",
                q.answered,
                f"{q.correct:.3f}",
                q.wrong,
                q.wrong_count,
                "" if q.discrimination is None else f"{q.discrimination:.3f}",
            ]  # fmt: skip
            for q in report.questions
        ),
    )


def _parts_csv(report: ClassReport) -> str:
    return _rows(["part", "title", "learners", "mean_share_correct", "reached_pass_mark"],
                 ([p.id, p.title, p.learners, f"{p.mean:.3f}", p.passed] for p in report.parts))  # fmt: skip


def _orgs_csv(report: ClassReport) -> str:
    return _rows(["organisation", "learners", "finished", "mean_share_correct"],
                 ([o.name, o.learners, o.finished, f"{o.mean:.3f}"] for o in report.organisations))  # fmt: skip


def summary(report: ClassReport) -> tuple[Message, ...]:
    """The terminal's few lines, in the trainer's language when shown: who started and finished,
    each part, and the questions to look at."""
    lines = [
        msg("{started} and {finished} finished, from {orgs} ({statements}).",
            started=msg_n("{n} learner started", "{n} learners started", report.learners), finished=report.finished,
            orgs=msg_n("{n} organisation", "{n} organisations", len(report.organisations)),
            statements=msg_n("{n} statement", "{n} statements", report.statements)),
    ]  # fmt: skip
    for part in report.parts:
        lines.append(msg("  {title}: {mean}% right on average; {passed} of {learners} reached the pass mark of {mark}%",
                         title=part.title, mean=pct(part.mean), passed=part.passed, learners=part.learners,
                         mark=report.pass_mark))  # fmt: skip
    hardest = sorted((q for q in report.questions if q.answered), key=lambda q: (q.correct, q.info.quiz, q.info.id))[:3]
    for q in hardest:
        lines.append(msg("  hardest: {quiz}/{id}, {correct}% right of {answered} answers", quiz=q.info.quiz,
                         id=q.info.id, correct=pct(q.correct), answered=q.answered))  # fmt: skip
    if report.ignored:
        lines.append(msg_n("{n} statement was about another course or could not be read, and was left out.",
                           "{n} statements were about another course or could not be read, and were left out.",
                           report.ignored))  # fmt: skip
    return tuple(lines)
