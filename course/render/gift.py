"""`course export gift`: the default language's quizzes as one GIFT file, for Moodle's question import.

GIFT is Moodle's plain-text question format (docs.moodle.org "GIFT format"; Moodle's own reader,
question/format/gift/format.php, is the reference followed here). Each quiz becomes a $CATEGORY
(its module), each question one block named ::id:: with its texts as [html], written the way
Moodle's own GIFT export writes them: the reserved characters ~ = # { } : and the backslash
escaped, newlines as \\n. What GIFT has no place for (hints, ordering questions, points, files)
is reported as a loss at its line."""

from __future__ import annotations

from pathlib import Path

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

FORMAT = "GIFT"
HEADER = "// course export gift"  # tells an earlier export from another file of the same name


# A matching question's feedback on the whole answer, which GIFT has no place for, in words.
FEEDBACK_LOST = {
    "correct": msg("the feedback for a correct answer"),
    "incorrect": msg("the feedback for an incorrect answer"),
}


def write_gift(book: Book, out: Path, options: ExportOptions) -> Exported:
    text, losses = gift_text(book)
    return write_bank_file(book, out, text, losses, options, HEADER)


def escape(text: str) -> str:
    """Text as GIFT holds it: the reserved characters escaped, line breaks as \\n (Moodle's repchar)."""
    for char in "\\#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def category_line(path: tuple[str, ...]) -> str:
    """$CATEGORY: $course$/a/b — a slash inside a name doubled, as Moodle writes it."""
    names = [" ".join(name.split()).replace("/", "//") for name in path]
    return "$CATEGORY: $course$/" + "/".join(names)


def gift_text(book: Book) -> tuple[str, list]:
    assets = {a.path: a.data for a in book.assets}
    lines = [f"{HEADER} of '{book.course.id}' ({book.course.default_language}); read by Moodle's GIFT import", ""]
    losses = []
    for entry in bank_quizzes(book):
        quiz = entry.quiz.quiz
        lines += [category_line(entry.category), ""]
        if quiz.intro_md.strip():
            losses.append(
                loss(FORMAT, quiz, None, None, msg("the quiz's intro (a question bank holds questions only)"))
            )
        if quiz.draw:
            what = drawn(quiz)
            losses.append(loss(FORMAT, quiz, None, None, what))
        for view in entry.quiz.questions:
            q = view["q"]
            lost: list[tuple[str | None, str]] = []
            texts = question_texts(view)

            def html(path: str, texts=texts, lost=lost) -> str:
                converted = bank_text(texts[path], assets, embed=False)
                lost.extend((path, what) for what in converted.lost)
                return converted.html

            block = _question(q, html, lost)
            losses += [loss(FORMAT, quiz, q, path, what) for path, what in lost]
            if block:
                tags = f" [tag:part-{q.part}]" if q.part else ""
                lines += [f"// [id:{_bracketed(q.id)}]{tags}", block, ""]
    return "\n".join(lines), losses


def _question(q: Question, html, lost: list) -> str:
    """The GIFT block of q, or "" when GIFT has no such question; what it leaves out goes in lost.
    html(path): the question's text at path, fit for a bank."""

    def text(path: str) -> str:
        return escape(_unmarked(html(path)))

    if q.hint_md.strip():
        lost.append(("hint", msg("the hint")))
    if q.points != 1 and q.type != "reflection":
        lost.append(("points", msg("its points ({points}; Moodle gives a GIFT question 1)", points=q.points)))
    head = f"::{escape(q.id)}::[html]{text('prompt')}"
    general = f"\t####{text('explanation')}\n" if q.explanation_md.strip() else ""
    feedback = dict(q.feedback)

    def fb(path: str) -> str:
        return f"#{text(path)}" if _has(q, path) else ""

    if q.type in ("single", "multiple"):
        answers = []
        fractions = choice_fractions(q)
        for i, (option, fraction) in enumerate(zip(q.options, fractions, strict=True)):
            mark = ("=" if option.correct else "~") if q.type == "single" else f"~%{fraction_text(fraction)}%"
            answers.append(f"\t{mark}{text(f'options.{i}.text')}{fb(f'options.{i}.feedback')}\n")
        if q.type == "multiple" and not q.partial:
            lost.append(("partial", ALL_OR_NOTHING_CHOICE))
        return head + "{\n" + "".join(answers) + general + "}"
    if q.type == "true_false":
        right, wrong = ("true", "false") if q.answer else ("false", "true")
        body = "T" if q.answer else "F"
        if feedback.get(wrong):
            body += f"#{text(f'feedback.{wrong}')}"
        elif feedback.get(right):
            body += "#"
        if feedback.get(right):
            body += f"#{text(f'feedback.{right}')}"
        return head + "{" + body + general.strip("\t\n") + "}"
    if q.type == "fill_blank":
        if q.case_sensitive:
            lost.append(("case_sensitive", msg("case-sensitive matching (Moodle's GIFT import ignores case)")))
        answers = [f"\t=%100%{escape(_literal(a))}{fb('feedback.correct')}\n" for a in q.answers]
        if feedback.get("incorrect"):  # Moodle's way: a 0% answer * that matches anything else
            answers.append(f"\t=%0%*#{text('feedback.incorrect')}\n")
        return head + "{\n" + "".join(answers) + general + "}"
    if q.type == "numeric":
        answers = []
        for a in q.detail["accepted"]:
            if "range" in a:
                value = f"{number_text(a['range'][0])}..{number_text(a['range'][1])}"
            else:
                value = number_text(a["answer"]) + (f":{number_text(a['tolerance'])}" if a["tolerance"] else "")
            answers.append(f"\t=%100%{value}{fb('feedback.correct')}\n")
        if feedback.get("incorrect"):
            answers.append(f"\t~#{text('feedback.incorrect')}\n")
        return head + "{#\n" + "".join(answers) + general + "}"
    if q.type == "matching":
        pairs = []
        for i, _ in enumerate(q.pairs):
            right = html(f"pairs.{i}.1")
            if "<" in right:
                lost.append(
                    (f"pairs.{i}.1", msg("the formatting of a right-hand item (Moodle keeps it as plain text)"))
                )
            pairs.append(f"\t={text(f'pairs.{i}.0')} -> {escape(plain(right))}\n")
        for name in ("correct", "incorrect"):
            if feedback.get(name):
                lost.append((f"feedback.{name}", FEEDBACK_LOST[name]))
        if not q.partial:
            lost.append(("partial", ALL_OR_NOTHING_PAIRS))
        return head + "{\n" + "".join(pairs) + general + "}"
    if q.type == "reflection":
        # A reflection shows its model answer once the learner has written: Moodle shows an essay's
        # general feedback then, so that is where the model answer goes.
        if q.explanation_md.strip():
            lost.append(
                ("explanation", msg("the explanation of a reflection (its model answer is the general feedback)"))
            )
        model = f"####{text('model_answer')}" if q.model_answer_md.strip() else ""
        return head + "{" + model + "}"
    lost.append((None, msg("a question of type {type} (GIFT has no such type)", type=q.type)))
    return ""


def _has(q: Question, path: str) -> bool:
    if path.startswith("options."):
        return bool(q.options[int(path.split(".")[1])].feedback_md.strip())
    return bool(q.feedback.get(path.split(".", 1)[1], "").strip())


def _unmarked(html: str) -> str:
    """A text that Moodle would misread at its start: a leading % as a weight (%50%), a leading [ as
    a format ([plain]). GIFT has no escape for either, but as HTML the character can be a reference."""
    if html.startswith("%"):
        return "&#37;" + html[1:]
    if html.startswith("["):
        return "&#91;" + html[1:]
    return html


def _literal(answer: str) -> str:
    """A short answer as Moodle matches it: * is its wildcard, so a literal one is written \\*."""
    return answer.replace("*", "\\*")


def _bracketed(text: str) -> str:
    """A value inside Moodle's // [id:...] comment, where ] ends it."""
    return text.replace("]", "\\]")
