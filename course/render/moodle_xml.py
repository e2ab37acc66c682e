"""`course export moodle`: the default language's quizzes as a Moodle XML question bank.

Written as Moodle's own XML export writes it (question/format/xml/format.php is the reference):
one category question per module ($course$/<course title>/<module title>, the quiz's intro as the
category's description), then its questions, named by their ids (also their idnumber), texts as
HTML in CDATA, the course's files embedded as @@PLUGINFILE@@ with their bytes in base64. Feedback
goes everywhere Moodle keeps it: per answer, correct/partially correct/incorrect, general
feedback (the explanation) and hints. What Moodle's core types cannot hold is a loss at its line."""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from course.book import Book
from course.i18n.trainer import msg
from course.model import Question
from course.questions.numeric import number_text
from course.render.bank import (
    ALL_OR_NOTHING_CHOICE,
    ALL_OR_NOTHING_PAIRS,
    bank_quizzes,
    bank_text,
    choice_fractions,
    drawn,
    fraction_text,
    plain,
    question_texts,
    write_bank_file,
)
from course.render.fidelity import loss
from course.render.outputs import Exported, ExportOptions

FORMAT = "Moodle XML"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- course export moodle'


def write_moodle_xml(book: Book, out: Path, options: ExportOptions) -> Exported:
    text, losses = moodle_xml(book)
    return write_bank_file(book, out, text, losses, options, HEADER)


def cdata(text: str) -> str:
    """Text inside CDATA; a ]]> in it is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def category_name(path: tuple[str, ...]) -> str:
    """$course$/a/b — a slash inside a name doubled, as Moodle writes it."""
    return "$course$/" + "/".join(" ".join(name.split()).replace("/", "//") for name in path)


def moodle_xml(book: Book) -> tuple[str, list]:
    assets = {a.path: a.data for a in book.assets}
    lang = book.course.default_language
    out = [f"{HEADER} of '{xml_escape(book.course.id)}' ({lang}); read by Moodle's XML import -->", "<quiz>"]
    losses = []
    for entry in bank_quizzes(book):
        bquiz = entry.quiz
        quiz = bquiz.quiz
        if quiz.draw:
            what = drawn(quiz)
            losses.append(loss(FORMAT, quiz, None, None, what))
        intro = bank_text(str(bquiz.intro), assets, embed=True)
        losses += [loss(FORMAT, quiz, None, None, what) for what in intro.lost]
        out += [
            '  <question type="category">',
            f"    <category><text>{xml_escape(category_name(entry.category))}</text></category>",
            f'    <info format="html"><text>{cdata(intro.html)}</text>{_files(intro.files)}</info>',
            f"    <idnumber>{xml_escape(quiz.id)}</idnumber>",
            "  </question>",
        ]
        for view in bquiz.questions:
            q = view["q"]
            lost: list[tuple[str | None, str]] = []
            texts = question_texts(view)

            def text(path: str, texts=texts, lost=lost) -> tuple[str, str]:
                """(text element, file elements) of the text at path."""
                converted = bank_text(texts.get(path, ""), assets, embed=True)
                lost.extend((path, what) for what in converted.lost)
                return f"<text>{cdata(converted.html)}</text>", _files(converted.files)

            body = _question(q, quiz.shuffle, text, texts, lost)
            losses += [loss(FORMAT, quiz, q, path, what) for path, what in lost]
            out += body
    out.append("</quiz>")
    return "\n".join(out) + "\n", losses


def _files(files) -> str:
    """Moodle's <file> elements: the folder as its path (/assets/), the name, the bytes in base64."""
    elements = []
    for path, data in files:
        folder, _, name = path.rpartition("/")
        where = f"/{folder}/" if folder else "/"
        encoded = base64.b64encode(data).decode()
        elements.append(f'<file name={quoteattr(name)} path={quoteattr(where)} encoding="base64">{encoded}</file>')
    return "".join(elements)


def _html(tag: str, text, path: str, attrs: str = "") -> str:
    element, files = text(path)
    return f'<{tag}{attrs} format="html">{element}{files}</{tag}>'


_TYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
          "fill_blank": "shortanswer", "numeric": "numerical", "matching": "matching", "ordering": "ordering",
          "reflection": "essay"}  # fmt: skip


def _question(q: Question, shuffle: bool, text, texts: dict, lost: list) -> list[str]:
    """The lines of q's <question>, or [] when Moodle's core has no such type."""
    qtype = _TYPES.get(q.type)
    if qtype is None:
        lost.append((None, msg("a question of type {type}", type=q.type)))
        return []
    feedback = dict(q.feedback)
    reflection = q.type == "reflection"
    general = "model_answer" if reflection and not q.explanation_md.strip() else "explanation"
    lines = [
        f'  <question type="{qtype}">',
        f"    <name><text>{xml_escape(q.id)}</text></name>",
        "    " + _html("questiontext", text, "prompt"),
        "    " + _html("generalfeedback", text, general),
        f"    <defaultgrade>{0 if reflection else q.points}</defaultgrade>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_escape(q.id)}</idnumber>",
    ]
    if q.type in ("single", "multiple"):
        fractions = choice_fractions(q) if q.type == "multiple" else [100.0 if o.correct else 0.0 for o in q.options]
        lines += [
            f"    <single>{'true' if q.type == 'single' else 'false'}</single>",
            f"    <shuffleanswers>{'true' if shuffle else 'false'}</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            *_combined(text, feedback),
        ]
        for i, fraction in enumerate(fractions):
            answer, files = text(f"options.{i}.text")
            lines.append(
                f'    <answer fraction="{fraction_text(fraction)}" format="html">{answer}{files}'
                + _html("feedback", text, f"options.{i}.feedback")
                + "</answer>"
            )
        if q.type == "multiple" and not q.partial:
            lost.append(("partial", ALL_OR_NOTHING_CHOICE))
    elif q.type == "true_false":
        for value in ("true", "false"):
            right = (value == "true") == q.answer
            lines.append(
                f'    <answer fraction="{100 if right else 0}" format="moodle_auto_format"><text>{value}</text>'
                + _html("feedback", text, f"feedback.{value}")
                + "</answer>"
            )
    elif q.type == "fill_blank":
        lines.append(f"    <usecase>{1 if q.case_sensitive else 0}</usecase>")
        for answer in q.answers:  # * is Moodle's wildcard: a literal one is written \*
            literal = cdata(answer.replace("*", "\\*"))
            lines.append(
                f'    <answer fraction="100" format="moodle_auto_format"><text>{literal}</text>'
                + _html("feedback", text, "feedback.correct")
                + "</answer>"
            )
        if feedback.get("incorrect"):  # Moodle's way: a 0% answer * that matches anything else
            lines.append(
                '    <answer fraction="0" format="moodle_auto_format"><text>*</text>'
                + _html("feedback", text, "feedback.incorrect")
                + "</answer>"
            )
    elif q.type == "numeric":
        for a in q.detail["accepted"]:
            if "range" in a:  # Moodle keeps a value and its tolerance: the middle, and half the width
                low, high = a["range"]
                value, tolerance = (low + high) / 2, (high - low) / 2
            else:
                value, tolerance = a["answer"], a["tolerance"]
            lines.append(
                f'    <answer fraction="100" format="moodle_auto_format"><text>{number_text(value)}</text>'
                + _html("feedback", text, "feedback.correct")
                + f"<tolerance>{number_text(tolerance)}</tolerance></answer>"
            )
        if feedback.get("incorrect"):
            lines.append(
                '    <answer fraction="0" format="moodle_auto_format"><text>*</text>'
                + _html("feedback", text, "feedback.incorrect")
                + "<tolerance>0</tolerance></answer>"
            )
    elif q.type == "matching":
        lines += [f"    <shuffleanswers>{'true' if shuffle else 'false'}</shuffleanswers>", *_combined(text, feedback)]
        for i, _ in enumerate(q.pairs):
            right = bank_text(texts[f"pairs.{i}.1"], {}, embed=False).html
            if "<" in right:
                lost.append(
                    (f"pairs.{i}.1", msg("the formatting of a right-hand item (Moodle keeps it as plain text)"))
                )
            left, files = text(f"pairs.{i}.0")
            answer = f"<answer><text>{cdata(plain(right))}</text></answer>"
            lines.append(f'    <subquestion format="html">{left}{files}{answer}</subquestion>')
        if not q.partial:
            lost.append(("partial", ALL_OR_NOTHING_PAIRS))
    elif q.type == "ordering":
        # Moodle's ordering type (core from Moodle 4.4, the qtype_ordering plugin before), as its
        # import_from_xml reads it: the items in the right order, every one shown, graded all or
        # nothing, or by the items in their right place, which is the course's partial credit.
        lines += [
            "    <layouttype>VERTICAL</layouttype>",
            "    <selecttype>ALL</selecttype>",
            f"    <selectcount>{len(q.items)}</selectcount>",
            f"    <gradingtype>{'ABSOLUTE_POSITION' if q.partial else 'ALL_OR_NOTHING'}</gradingtype>",
            "    <showgrading>SHOW</showgrading>",
            *_combined(text, feedback),
        ]
        for i, _ in enumerate(q.items, 1):
            item, files = text(f"items.{i - 1}")
            lines.append(f'    <answer fraction="{i}" format="html">{item}{files}</answer>')
    elif reflection:
        lines += [
            "    <responseformat>editor</responseformat>",
            "    <responserequired>1</responserequired>",
            "    <responsefieldlines>10</responsefieldlines>",
            "    <attachments>0</attachments>",
            "    " + _html("graderinfo", text, "model_answer"),
            '    <responsetemplate format="html"><text></text></responsetemplate>',
        ]
    if q.hint_md.strip():
        lines.append("    " + _html("hint", text, "hint"))
    if q.part:
        lines.append(f"    <tags><tag><text>{xml_escape('part-' + q.part)}</text></tag></tags>")
    lines.append("  </question>")
    return lines


def _combined(text, feedback: dict) -> list[str]:
    """Moodle's correct, partially correct and incorrect feedback: the course shows its incorrect
    feedback for any answer that is not wholly right, so a partly right one gets it too."""
    return [
        "    " + _html("correctfeedback", text, "feedback.correct"),
        "    " + _html("partiallycorrectfeedback", text, "feedback.incorrect"),
        "    " + _html("incorrectfeedback", text, "feedback.incorrect"),
    ] + (["    <shownumcorrect/>"] if feedback else [])
