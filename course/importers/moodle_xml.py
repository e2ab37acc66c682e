"""`course import moodle`: a Moodle XML question bank, read as Moodle's own XML import reads it
(question/format/xml/format.php): categories, then each question by its type, with its feedback,
hints, grade, idnumber and tags. The file is read with expat, keeping each element's line, and
without a DOCTYPE: a question bank has no use for one, and its entities are a way to bomb a parser."""

from __future__ import annotations

import base64
import binascii
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from course.errors import CourseError, Diagnostic, Report
from course.i18n.trainer import msg
from course.importers.bank import Bank, Category, read_text
from course.importers.bank import warn as bank_warn
from course.importers.markdown import AUTO, HTML, MARKDOWN, PLAIN
from course.importers.moodle import quiz_question
from course.importers.question import Answer, Question, Text

_FORMATS = {"html": HTML, "moodle_auto_format": AUTO, "plain_text": PLAIN, "markdown": MARKDOWN}
# Moodle XML's names for the types, where they differ from Moodle's own (format.php's get_qtype)
_TYPES = {"matching": "match", "cloze": "multianswer"}


@dataclass
class Element:
    tag: str
    attrs: dict
    line: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def find(self, *path: str) -> Element | None:
        element = self
        for tag in path:
            element = next((c for c in element.children if c.tag == tag), None)
            if element is None:
                return None
        return element

    def findall(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]

    def value(self, *path: str, default: str = "") -> str:
        found = self.find(*path)
        return found.text.strip() if found is not None else default


class _NoDoctype(Exception):
    pass


def parse(data: bytes, source: str) -> Element:
    """The document's elements with their lines; CourseError at the line where it is not well-formed."""
    parser = xml.parsers.expat.ParserCreate()
    root = Element("", {}, 0)
    stack = [root]

    def start(tag, attrs):
        element = Element(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def end(tag):
        stack.pop()

    def chars(text):
        stack[-1].text += text

    def doctype(*args):
        raise _NoDoctype

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _NoDoctype:
        message = msg("a Moodle XML file has no DOCTYPE; this one does, so it is not read")
        raise CourseError([Diagnostic(source, parser.CurrentLineNumber, 1, "error", message)]) from None
    except xml.parsers.expat.ExpatError as exc:
        message = msg(
            "not well-formed XML ({reason}), so nothing is imported", reason=xml.parsers.expat.ErrorString(exc.code)
        )
        raise CourseError([Diagnostic(source, exc.lineno, exc.offset + 1, "error", message)]) from None
    return root


def read_moodle_xml(path: Path, report: Report) -> Bank:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CourseError(
            [Diagnostic(source, 1, 1, "error", msg("cannot read the file ({reason})", reason=exc.strerror))]
        ) from None
    if not _declares_encoding(data) and not _is_utf8(data):
        # Undeclared and not UTF-8 (an XML parser would stop at the first such byte): read as GIFT is.
        data = read_text(path, report).encode("utf-8")
    root = parse(data, source)
    quiz = root.find("quiz")
    if quiz is None:
        message = msg("not a Moodle XML question bank: its first element is not <quiz>")
        raise CourseError([Diagnostic(source, 1, 1, "error", message)])

    def warn(line: int, message: str) -> None:
        bank_warn(report, source, line, message)

    categories = [Category("", quiz.line)]
    for element in quiz.findall("question"):
        qtype = element.attrs.get("type", "")
        if qtype == "category":
            categories.append(Category(element.value("category", "text"), element.line,
                                       idnumber=element.value("idnumber")))  # fmt: skip
            continue
        question = _question(element, _TYPES.get(qtype, qtype), warn)
        data = quiz_question(question, warn)
        if data is not None:
            categories[-1].add({"id": question.idnumber or question.name, **data}, element.line, _files(element, warn))
    return Bank(categories)


def _files(question: Element, warn) -> dict:
    """The files a question's texts hold (<file name path encoding="base64">), by the address their
    texts give them after @@PLUGINFILE@@/ (the path inside the question, then the name)."""
    held: dict = {}
    stack = [question]
    while stack:
        element = stack.pop()
        stack.extend(element.children)
        if element.tag != "file" or element.attrs.get("encoding", "base64") != "base64":
            continue
        name = (element.attrs.get("path", "/").strip("/") + "/" + element.attrs.get("name", "")).strip("/")
        try:
            held[name] = base64.b64decode(element.text.strip(), validate=True)
        except (binascii.Error, ValueError):
            warn(element.line, msg("the file '{name}' is not valid base64; it is left out", name=name))
    return held


def _declares_encoding(data: bytes) -> bool:
    return re.match(rb"""(\xef\xbb\xbf)?<\?xml[^>]*\sencoding\s*=""", data) is not None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text(element: Element | None, default: str = HTML) -> Text:
    if element is None:
        return Text()
    return Text(element.value("text"), _FORMATS.get(element.attrs.get("format", ""), default))


def _question(element: Element, qtype: str, warn) -> Question:
    q = Question(qtype, element.line, element.value("name", "text"), element.value("idnumber"))
    q.text = _text(element.find("questiontext"), AUTO)
    q.general = _text(element.find("generalfeedback"), q.text.fmt)
    grade = element.value("defaultgrade")
    if grade:
        try:
            q.defaultgrade = float(grade)
        except ValueError:
            warn(element.line, msg("the grade '{grade}' is not a number; the question counts 1 point", grade=grade))
    q.hints = [_text(h, q.text.fmt) for h in element.findall("hint")]
    tags = element.find("tags")
    q.tags = [t.value("text") for t in tags.findall("tag")] if tags is not None else []
    for old in ("image", "image_base64"):
        if element.value(old):
            warn(
                element.line,
                msg("the picture in Moodle's old <{old}> element is not carried; link it in the text", old=old),
            )
    for name in ("correct", "partiallycorrect", "incorrect"):
        found = element.find(f"{name}feedback")
        if found is not None:
            q.combined[name] = _text(found, q.text.fmt)
    if qtype == "multichoice":
        q.single = element.value("single", default="true").lower() in ("true", "1")
        q.answers = [_answer(a, q.text.fmt, warn) for a in element.findall("answer")]
    elif qtype == "truefalse":
        for a in element.findall("answer"):
            answer = _answer(a, q.text.fmt, warn)
            if answer.text.text.strip().lower() == "true":
                q.feedback_true = answer.feedback
                if answer.fraction > 0:
                    q.correct_answer = True
            else:
                q.feedback_false = answer.feedback
                if answer.fraction > 0:
                    q.correct_answer = False
    elif qtype == "shortanswer":
        q.usecase = element.value("usecase") in ("1", "true")
        q.answers = [_answer(a, PLAIN, warn) for a in element.findall("answer")]
    elif qtype == "numerical":
        q.answers = [_answer(a, PLAIN, warn) for a in element.findall("answer")]
        units = element.find("units")
        if units is not None and units.findall("unit"):
            warn(element.line, msg("the units of a numerical question are not carried: say the unit in the prompt"))
    elif qtype == "match":
        for sub in element.findall("subquestion"):
            q.subquestions.append((_text(sub, q.text.fmt), sub.value("answer", "text")))
    elif qtype == "essay":
        q.graderinfo = _text(element.find("graderinfo"), q.text.fmt)
    elif qtype == "ordering":  # in the order given: Moodle's own import keeps it (fractions are positions)
        q.answers = [_answer(a, q.text.fmt, warn) for a in element.findall("answer")]
        q.ordering = {name: element.value(name) for name in ("gradingtype", "selecttype", "selectcount")}
    return q


def _answer(element: Element, fmt: str, warn) -> Answer:
    try:
        fraction = float(element.attrs.get("fraction", "0")) / 100
    except ValueError:
        warn(
            element.line,
            msg(
                "the fraction '{fraction}' is not a number; the answer counts as wrong",
                fraction=element.attrs.get("fraction"),
            ),
        )
        fraction = 0.0
    answer = Answer(_text(element, fmt), fraction, _text(element.find("feedback"), HTML))
    tolerance = element.value("tolerance")
    if tolerance:
        try:
            answer.tolerance = float(tolerance)
        except ValueError:
            warn(
                element.line,
                msg("the tolerance '{tolerance}' is not a number; the answer must be exact", tolerance=tolerance),
            )
    return answer
