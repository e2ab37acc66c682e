"""What the question-bank exports (Moodle XML, GIFT) share: which quizzes go in, their categories,
each question's texts as HTML by field, and the links in those texts made fit for a bank.

A Moodle question bank holds one language: an export takes the course's default language (each
question's text in it, with its translations left to the course), and names the module each quiz
belongs to as its category, $course$/<course title>/<module title>, so a Moodle admin importing it
into a course finds one category per module under one for the course; a module of several quizzes
has one category under its own for each quiz (.../<module title>/<quiz title>)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from course.book import Book, BookQuiz
from course.i18n.trainer import msg
from course.link import urls
from course.model import Module
from course.render.fidelity import settle
from course.render.outputs import Exported, ExportOptions
from course.write.file import size_note, write_file


@dataclass(frozen=True)
class BankQuiz:
    quiz: BookQuiz
    category: tuple[str, ...]  # course title, module title: $course$/<each>


def bank_quizzes(book: Book) -> list[BankQuiz]:
    """The default language's quizzes, in course order, each with its category."""
    course = book.course
    lang = course.default_language
    title = course.text(course.title, lang)
    found = []
    for module in course.modules:
        quizzes = module.quizzes_in(lang)
        for quiz in quizzes:
            category = (title, _module_title(book, module, lang))
            if len(quizzes) > 1:  # a category of its own under the module's: question ids are a quiz's own
                category += (quiz.title,)
            found.append(BankQuiz(book.quizzes[lang][quiz.id], category))
    return found


def write_bank_file(book: Book, out: Path, text: str, losses: list, options: ExportOptions, header: str) -> Exported:
    """A question bank's file written (only over an earlier export, whose text starts with header),
    once its losses are settled, with its size and the translations it leaves out as the note."""
    settled = settle(losses, options.strict)
    data = text.encode("utf-8")
    write_file(out, data, is_ours=lambda old: old.startswith(header.encode()))
    note = ", ".join(n for n in (size_note(len(data)), translations_note(book)) if n)
    return Exported(out, losses=settled, note=note)


def translations_note(book: Book) -> str:
    """One line for the person exporting, when the course has languages the bank leaves out."""
    others = book.course.languages[1:]
    if not others:
        return ""
    return f"{book.course.default_language} only; the {', '.join(others)} translations are not in the bank"


def _module_title(book: Book, module: Module, lang: str) -> str:
    return book.pages[lang][urls.module_url(module)].title


def question_texts(view: Mapping) -> dict[str, str]:
    """Every text of a question as HTML, by its field path (the paths Question.at knows), options
    in the order the quiz file writes them (the view holds them in display order)."""
    q = view["q"]
    texts = {"prompt": str(view["prompt"]), "hint": str(view["hint"]), "explanation": str(view["explanation"])}
    for name, html in view["feedback"].items():
        texts[f"feedback.{name}"] = str(html)
    if "options" in view:
        by_id = {o["id"]: o for o in view["options"]}
        for i, option in enumerate(q.options):
            texts[f"options.{i}.text"] = str(by_id[option.id]["html"])
            texts[f"options.{i}.feedback"] = str(by_id[option.id]["feedback"])
    for i, (left, right) in enumerate(zip(view.get("lefts", ()), view.get("rights", ()), strict=True)):
        texts[f"pairs.{i}.0"], texts[f"pairs.{i}.1"] = str(left), str(right)
    for i, item in enumerate(view.get("items", ())):
        texts[f"items.{i}"] = str(item)
    if "model_answer" in view:
        texts["model_answer"] = str(view["model_answer"])
    return texts


@dataclass(frozen=True)
class BankText:
    html: str
    files: tuple[tuple[str, bytes], ...]  # (path in the course, bytes) of the files it embeds
    lost: tuple[str, ...]  # what it had to leave out, in words ("the image 'assets/a.png'")


# The sanitiser writes every attribute with double quotes, so these see every link of a text.
# What Moodle's two bank formats (GIFT and Moodle XML) both cannot carry, in words.
ALL_OR_NOTHING_CHOICE = msg("all-or-nothing scoring (Moodle's multiple choice gives a share for each right option"
                            " picked; a wrong pick still gives nothing)")  # fmt: skip
ALL_OR_NOTHING_PAIRS = msg("all-or-nothing scoring (Moodle gives a share for each pair matched)")


def drawn(quiz) -> str:
    return msg("drawing {n} questions per attempt (a setting of the Moodle quiz)", n=quiz.draw)


_ELEMENT = re.compile(r"<img\b[^>]*>|<a\b[^>]*>(.*?)</a>", re.S)
_TARGET = re.compile(r'\b(?:href|src)="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')
_OUTSIDE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # https:, mailto: …: an address that works anywhere
_FILE = re.compile(r"^(?:\.\./)*files/(.+)$")
PLUGINFILE = "@@PLUGINFILE@@/"


def bank_text(html: str, assets: Mapping[str, bytes], embed: bool) -> BankText:
    """html with its links made fit for a bank. A link to another site stays. A file of the course
    that the book holds is embedded (embed: Moodle's @@PLUGINFILE@@, its bytes returned), or else
    left out; a link to a page of the course has nowhere to point in a bank: its text stays."""
    files: dict[str, bytes] = {}
    lost: list[str] = []

    def replace(match: re.Match) -> str:
        element = match.group(0)
        target = _TARGET.search(element)
        address = target.group(1) if target else ""
        if not address or _OUTSIDE.match(address):
            return element
        is_image = element.startswith("<img")
        file = _FILE.match(address)
        path = unquote(file.group(1).partition("#")[0]) if file else ""
        if file and path in assets and embed:
            files[path] = assets[path]
            return element.replace(f'"{address}"', f'"{PLUGINFILE}{file.group(1)}"', 1)
        if file:
            lost.append(msg("the image '{path}'", path=path) if is_image else msg("the file '{path}'", path=path))
        else:
            lost.append(msg("the link to '{address}' (a page of the course)", address=address))
        if is_image:
            alt = _ALT.search(element)
            return alt.group(1) if alt else ""
        return match.group(1)

    return BankText(_ELEMENT.sub(replace, html), tuple(sorted(files.items())), tuple(lost))


def plain(html: str) -> str:
    """The text of an inline HTML fragment, for the places a bank keeps plain text only."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html)).strip()


def choice_fractions(q) -> list[float]:
    """Each option's share of the points in percent, in file order, as Moodle's multichoice grades:
    with partial credit, each right option 100/n and each wrong one -100/n (n right options),
    which is the course's rule (right picks minus wrong picks, never below zero) exactly. Without
    it, a wrong pick costs everything, but a learner who picks only some of the right options still
    gets their share: Moodle's multichoice has no all-or-nothing (the exporters report it)."""
    right = sum(o.correct for o in q.options)
    share = 100 / right
    wrong = -share if q.partial else -100.0
    return [share if o.correct else wrong for o in q.options]


def fraction_text(percent: float) -> str:
    """A percentage as Moodle writes its grades: 33.33333, 50, -100."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")
