"""make_book(course, files, layout, report): every text converted and linked, once, for all outputs.

This is the link stage's whole job: each page's Markdown and each quiz's texts converted (from
the cache, or on every core for a cold build of a large course), their links resolved for the
page they are shown on, the inline quiz slots matched to quizzes, and every #anchor checked
against the ids the target page will have, from what convert collected."""

from __future__ import annotations

from markupsafe import Markup

from course import __version__
from course.book import Asset, Book, BookPage, BookQuiz, frozen
from course.convert.cache import DiskCache
from course.convert.text import is_plain
from course.errors import Position, Report, did_you_mean
from course.i18n.trainer import msg
from course.link import urls
from course.link.resolve import MarkdownRenderer
from course.load.files import CourseFiles
from course.model import Course, Module, Quiz
from course.questions.view import question_view

# ids the page templates give every lesson and overview page (base.html, lesson.html)
PAGE_IDS = ("main", "objectives-title", "toc-title")


def make_book(
    course: Course, files: CourseFiles, layout: dict, report: Report, built: int, cache: dict | None = None
) -> Book:
    """The book of course. cache: conversions kept from an earlier book of the same course
    (course serve); without it, conversions of earlier builds are read from the disk cache."""
    disk = DiskCache() if cache is None else None
    md = MarkdownRenderer(
        files, urls.source_urls(course), course.external_links, report, cache, course.allow_active_files, disk
    )
    try:
        if cache is None:  # every text that needs Python-Markdown, converted ahead on every core
            md.prefetch([(page.body_md, page.source, page.body_line, False, lang) for lang in course.languages
                         for m in course.modules for page in (m.index[lang], *(ls.pages[lang] for ls in m.lessons))]
                        + _quiz_texts(course))  # fmt: skip
        pages, quizzes, summary = {}, {}, {}
        for lang in course.languages:
            pages[lang], quizzes[lang] = _language(course, lang, md, report)
            summary[lang] = (
                md.render(course.text(course.summary, lang), "course.yaml", urls.HOME, lang=lang).html
                if course.summary
                else ""
            )
    finally:
        if disk is not None:
            disk.close()
    md.forget_unused()
    assets = tuple(Asset(path, files.read(path)) for path in sorted(md.assets))
    return frozen(Book(course, pages, quizzes, summary, assets, dict(layout), built, __version__))


def _language(course: Course, lang: str, md: MarkdownRenderer, report: Report) -> tuple[dict, dict]:
    """lang's pages (url -> BookPage, in reading order) and quizzes (id -> BookQuiz)."""
    models = {quiz.id: quiz for quiz in course.quizzes(lang)}
    pages, placed, anchors = {}, {}, []  # placed: quiz id -> (url, Position) of the [[quiz: ...]] placing it
    for module in course.modules:
        entries = [("module", urls.module_url(module), module.index[lang])]
        entries += [("lesson", urls.lesson_url(module, ls), ls.pages[lang]) for ls in module.lessons]
        for kind, url, page in entries:
            rendered = md.render(page.body_md, page.source, url, page.body_line, lang=lang)
            inline = []
            for quiz_id, pos in rendered.quiz_slots:
                if quiz_id not in models:
                    if not course.unreadable_quizzes:  # else the quiz may be the broken file
                        ids = sorted(models)
                        known = ", ".join(ids[:12])
                        if len(ids) > 12:
                            known = msg("{known} and {n} more", known=known, n=len(ids) - 12)
                        known = known or msg("none: add a file to quizzes/")
                        report.error(pos, msg("no quiz with id '{id}'{hint}; the course's quizzes are: {known}", id=quiz_id,
                                              hint=did_you_mean(quiz_id, models), known=known))  # fmt: skip
                elif quiz_id in placed:
                    first = placed[quiz_id][1]
                    report.error(pos, msg("quiz '{id}' is placed twice: {first} places it already; place a quiz once"
                                          " (remove one of the two lines)", id=quiz_id,
                                          first=":".join(map(str, (first.path, first.line, first.col)))))  # fmt: skip
                else:
                    placed[quiz_id] = (url, pos)
                    inline.append(quiz_id)
            anchors += rendered.anchors
            pages[url] = BookPage(
                kind, url, module.slug, page.source, page.title, rendered.html, tuple(rendered.toc),
                tuple(rendered.ids), tuple(inline), page.translated, page.part,
                _objectives(page, rendered, report), page.duration, page.summary, rendered.facilitator,
                tuple(rendered.notes),
            )  # fmt: skip
    quizzes = {}
    for module in course.modules:
        for quiz in module.quizzes_in(lang):
            quizzes[quiz.id] = _quiz(quiz, module, lang, md, placed[quiz.id][0] if quiz.id in placed else None)
    _check_anchors(pages, quizzes, anchors, report)
    return pages, quizzes


def _objectives(page, rendered, report: Report) -> tuple[str, ...]:
    """The page's objectives: its front matter's, else those of an objectives (or keypoints) div
    in its text, as lessons written for the Carpentries Workbench carry them."""
    if page.objectives:
        if rendered.objectives_line:
            report.warning(
                Position(page.source, rendered.objectives_line),
                msg(
                    "this objectives div is left out: the lesson's front matter has 'objectives' already; move its"
                    " items there, or remove one of the two"
                ),
                "objectives-twice",
            )
        return page.objectives
    if rendered.objectives:  # the lesson has objectives after all
        report.diagnostics[:] = [
            d for d in report.diagnostics if not (d.code == "no-objectives" and d.path == page.source)
        ]
    return tuple(rendered.objectives)


def _quiz(quiz: Quiz, module: Module, lang: str, md: MarkdownRenderer, placed_on: str | None) -> BookQuiz:
    # Every page of a module sits in its folder, so a quiz's links are the same wherever it is shown.
    url = placed_on or urls.quiz_url(module, quiz.id)

    def markdown_at(line: int):
        """Renders a quiz text. at: (line, column) where the text starts in the quiz file, so a
        problem in it is reported there; without it, from the line of its question on."""

        def render(text: str, inline: bool = False, at: tuple[int, int] | None = None) -> Markup:
            if not text:
                return Markup("")
            first_line, first_col = at or (line, 1)
            return Markup(md.render(text, quiz.source, url, first_line, inline, lang, first_col).html)

        return render

    questions = tuple(question_view(q, quiz, markdown_at(q.line), n) for n, q in enumerate(quiz.questions, 1))
    intro = markdown_at(quiz.intro_line)(quiz.intro_md, at=quiz.positions.get("intro"))
    return BookQuiz(quiz, intro, questions, placed_on, url)


def _quiz_texts(course: Course) -> list[tuple]:
    """The conversions the quizzes' views will ask for, as convert's arguments: found by making each
    view once with a stand-in that only notes what it is given, so no question type is left out."""
    keys = []
    for lang in course.languages:
        for quiz in course.quizzes(lang):

            def noting(line: int, quiz: Quiz = quiz, lang: str = lang):
                def note(text: str, inline: bool = False, at: tuple[int, int] | None = None) -> Markup:
                    if text and not is_plain(text):
                        keys.append((text, quiz.source, (at or (line, 1))[0], inline, lang))
                    return Markup("")

                return note

            noting(quiz.intro_line)(quiz.intro_md, at=quiz.positions.get("intro"))
            for n, q in enumerate(quiz.questions, 1):
                question_view(q, quiz, noting(q.line), n)
    return keys


def quiz_ids(quiz: BookQuiz) -> set[str]:
    """The ids a quiz gives the page it is shown on, for anchors that point into it."""
    return {f"quiz-{quiz.id}", *(view["dom_id"] for view in quiz.questions)}


def _check_anchors(pages: dict, quizzes: dict, anchors: list, report: Report) -> None:
    ids = {}
    for url, page in pages.items():
        ids[url] = set(page.ids) | set(PAGE_IDS)
        for quiz_id in page.quizzes:
            ids[url] |= quiz_ids(quizzes[quiz_id])
    for written, target, fragment, pos in anchors:
        known = ids.get(target, set())
        if fragment not in known:
            report.error(
                pos,
                msg(
                    "link '{url}' goes to '#{fragment}', which is not a heading or anchor on that page{hint}",
                    url=written,
                    fragment=fragment,
                    hint=did_you_mean(fragment, sorted(known)),
                ),
            )
