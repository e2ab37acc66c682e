"""`course import aiken`: Moodle's Aiken format, read as Moodle's reader (question/format/aiken) reads it.

Each question is its text, its options on lines of their own ("A. text" or "A) text"), and a line
"ANSWER: B" naming the right one; questions are usually apart by a blank line. Aiken has single
choice questions only, no names (the id comes from the question's first words) and no feedback."""

from __future__ import annotations

import re
from pathlib import Path

from course.errors import Report
from course.i18n.trainer import msg
from course.importers.bank import Bank, Category, read_text
from course.importers.bank import warn as bank_warn
from course.importers.markdown import PLAIN, to_markdown

_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
_ANSWER = re.compile(r"^ANSWER:?[ \t]*([A-Z])?", re.I)


def read_aiken(path: Path, report: Report) -> Bank:
    source = str(path)
    text = read_text(path, report)
    category = Category("", 1)
    stem: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0

    def warn(line: int, message: str) -> None:
        bank_warn(report, source, line, message)

    def finish(answer: str | None, line: int) -> None:
        prompt = to_markdown("\n".join(stem), PLAIN)
        letters = [letter for letter, _ in options]
        if not prompt or len(options) < 2:
            warn(start or line, msg("a question needs its text and at least two options (A. …, B. …); it is left out"))
        elif answer not in letters:
            listed = ", ".join(letters)
            if answer:
                warn(line, msg("the ANSWER line names '{answer}' of the options {options}; the question is left out", answer=answer, options=listed))  # fmt: skip
            else:
                warn(line, msg("the ANSWER line names no option of the options {options}; the question is left out",
                               options=listed))  # fmt: skip
        else:
            category.add({
                "id": " ".join(prompt.split()[:6]),
                "type": "single",
                "prompt": prompt,
                "options": [{"text": to_markdown(text, PLAIN), **({"correct": True} if letter == answer else {})}
                            for letter, text in options],
            }, start)  # fmt: skip

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer and (options or stem):
            finish(answer.group(1).upper() if answer.group(1) else None, number)
            stem, options, start = [], [], 0
        elif option and stem:
            options.append((option.group(1), option.group(2)))
        elif options:  # a line after the options that is no ANSWER: the question was never finished
            warn(start, msg("a question without an ANSWER line is left out"))
            stem, options, start = [line], [], number
        else:
            start = start or number
            stem.append(line)
    if stem or options:
        warn(start, msg("a question without an ANSWER line is left out"))
    return Bank([category])
