"""`course import gift`: a GIFT file read as Moodle reads it.

Moodle's own reader (question/format/gift/format.php) is followed step by step, so a bank means
here what it means in Moodle: questions are separated by blank lines; `//` lines are comments
(with Moodle's `// [id:...] [tag:...]`); the escapes \\~ \\= \\# \\{ \\} \\: \\n and \\\\; the type
told by the answer block (empty: essay, # numerical, ~ multiple choice, = with -> matching, T/F,
else short answer); a blank `_____` where the answers sat inside the text."""

from __future__ import annotations

import re
from pathlib import Path

from course.errors import Report
from course.i18n.trainer import msg
from course.importers.bank import Bank, Category, read_text
from course.importers.bank import warn as bank_warn
from course.importers.markdown import AUTO, HTML, MARKDOWN, PLAIN
from course.importers.moodle import quiz_question
from course.importers.question import Answer, Question, Text

# Private-use characters stand for the escaped ones while the text is taken apart (Moodle uses &&058;).
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005", "n": "\ue006"}
_BACK = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_FORMATS = {"html": HTML, "moodle": AUTO, "plain": PLAIN, "markdown": MARKDOWN}
_WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")


def read_gift(path: Path, report: Report) -> Bank:
    source = str(path)
    text = read_text(path, report)
    categories = [Category("", 1)]

    def warn(line: int, message: str) -> None:
        bank_warn(report, source, line, message)

    for line, lines in _chunks(text):
        question = _question(lines, line, warn)
        if question is None:
            continue
        if isinstance(question, str):
            categories.append(Category(question, line))
            continue
        data = quiz_question(question, warn)
        if data is not None:
            categories[-1].add({"id": question.idnumber or question.name, **data}, line)
    return Bank(categories)


def _chunks(text: str):
    """(first line number, lines) of each question: runs of lines between blank lines."""
    current, start = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            yield start, current
            current = []
    if current:
        yield start, current


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\ue010")
    for char, mark in _ESCAPES.items():
        text = text.replace("\\" + char, mark)
    return text.replace("\ue010", "\\")


def _post(text: str) -> str:
    for mark, char in _BACK.items():
        text = text.replace(mark, char)
    return text


def _text(raw: str, default: str = AUTO) -> Text:
    """A text with its optional [format] marker, unescaped."""
    raw = raw.strip()
    fmt = default
    marker = re.match(r"\[(\w+)\]", raw)
    if marker and marker.group(1) in _FORMATS:
        fmt, raw = _FORMATS[marker.group(1)], raw[marker.end() :]
    return Text(_post(raw).strip(), fmt)


def _comment(raw: str, fmt: str) -> tuple[Text, Text]:
    answer, _, feedback = raw.partition("#")
    return _text(answer, fmt), _text(feedback, fmt)


def _question(lines: list[str], line: int, warn):
    """A Question, a category name (str), or None (comments only, or a question Moodle refuses)."""
    comments = "\n".join(x for x in lines if x.startswith("//"))
    text = "\n".join(x for x in lines if not x.startswith("//")).strip()
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return _post(text[len("$CATEGORY:") :].split("\n")[0]).strip()
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            name, text = _post(text[2:end]).strip(), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        q = Question("description", line, name, text=_text(text))
        return q
    if start < 0 or finish < 0 or finish < start:
        warn(line, msg("the answers' braces { } do not match (Moodle refuses this question); it is left out"))
        return None
    answers = text[start + 1 : finish].strip()
    # Answers inside the text leave Moodle's blank for the missing word there.
    blank = "" if text.endswith("}") else "____"
    stem = text[:start] + blank + text[finish + 1 :]
    general = ""
    if "####" in answers:
        answers, general = answers[: answers.rfind("####")].strip(), answers[answers.rfind("####") + 4 :]
    q = Question("", line, name, text=_text(stem))
    fmt = q.text.fmt
    q.general = _text(general, fmt)
    q.idnumber, q.tags = _id_and_tags(comments)
    if not answers:
        q.qtype = "essay"
    elif answers.startswith("#"):
        q.qtype = "numerical"
        _numerical(q, answers[1:], fmt, warn)
    elif "~" in answers:
        q.qtype = "multichoice"
        q.single = "=" in answers
        for answer in [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]:
            if answer.startswith("="):
                weight, answer = 1.0, answer[1:]
            else:
                weight, answer = _weight(answer, 0.0)
            text_, feedback = _comment(answer, fmt)
            q.answers.append(Answer(text_, weight, feedback))
    elif "=" in answers and "->" in answers:
        q.qtype = "match"
        for answer in [a.strip() for a in answers.split("=") if a.strip()]:
            if "->" not in answer:
                warn(line, msg("a matching answer without -> (Moodle refuses this question); it is left out"))
                return None
            left, _, right = answer.partition("->")
            q.subquestions.append((_text(left, fmt), _post(right).strip()))
    else:
        head = answers.split("#", 1)[0].strip() if "#" in answers else answers
        if head in ("T", "TRUE", "F", "FALSE"):
            q.qtype = "truefalse"
            parts = answers.split("#", 2) + ["", ""]
            wrong, right = _text(parts[1], fmt), _text(parts[2], fmt)
            q.correct_answer = head in ("T", "TRUE")
            q.feedback_true, q.feedback_false = (right, wrong) if q.correct_answer else (wrong, right)
        else:
            q.qtype = "shortanswer"
            for answer in [a.strip() for a in answers.split("=") if a.strip()]:
                weight, answer = _weight(answer, 1.0)
                text_, feedback = _comment(answer, fmt)
                q.answers.append(Answer(Text(text_.text, PLAIN), weight, feedback))
    return q


def _weight(answer: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return default, answer
    return float(match.group(1)) / 100, answer[match.end() :]


def _numerical(q: Question, answers: str, fmt: str, warn) -> None:
    wrong = ""
    if "~" in answers:
        answers, wrong = answers[: answers.find("~")], answers[answers.find("~") :]
    for answer in [a.strip() for a in answers.split("=") if a.strip()]:
        weight, answer = _weight(answer, 1.0)
        value, feedback = _comment(answer, fmt)
        raw = value.text
        entry = Answer(Text(raw, PLAIN), weight, feedback)
        try:
            if ".." in raw[1:]:
                low, high = (float(x) for x in raw.split("..", 1))
                entry.low_high = (min(low, high), max(low, high))
            elif ":" in raw[1:]:
                value_text, _, tolerance = raw.partition(":")
                entry.text, entry.tolerance = Text(value_text.strip(), PLAIN), float(tolerance)
                float(value_text)
            else:
                float(raw)
        except ValueError:
            warn(
                q.line,
                msg("the numerical answer '{answer}' is not a number (Moodle refuses it); it is left out", answer=raw),
            )
            continue
        q.answers.append(entry)
    if wrong:
        _, feedback = _comment(wrong[1:], fmt)
        q.answers.append(Answer(Text("*", PLAIN), 0.0, feedback))


def _id_and_tags(comments: str) -> tuple[str, list[str]]:
    """Moodle's // [id:...] and [tag:...] comments."""
    idnumber = ""
    found = re.search(r"\[id:((?:\\]|[^\]])*)\]", comments)
    if found:
        idnumber = found.group(1).replace("\\]", "]").strip()
    tags = [t.replace("\\]", "]").strip() for t in re.findall(r"\[tag:((?:\\]|[^\]])*)\]", comments)]
    return idnumber, tags
