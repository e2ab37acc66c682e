"""The HTML site, rendered from the book: one page at a time, as (path, bytes) pairs.

render_site(book) yields every file of the site, so the writer can put each on disk as it comes
and nothing holds the whole site in memory; collect_site(book) gathers them for `course serve`
and `course check`. A course's own layout partial that fails raises jinja2.TemplateError."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from markupsafe import Markup

from course.book import Book, BookQuiz
from course.certificate import part_weights
from course.convert.text import SLOT_HTML
from course.i18n.catalog import messages
from course.link import urls
from course.link.urls import IDS_FILE, NOTE_IDS_FILE
from course.model import Course
from course.render.scripts import static_assets
from course.render.templating import template_environment
from course.render.xapi import course_policy, xapi_prelude
from course.write.file import size_note

NAV_MODULES = 50  # modules a page's sidebar lists at most


@dataclass
class Site:
    pages: dict[str, bytes] = field(default_factory=dict)  # build-relative path -> bytes
    stats: dict = field(default_factory=dict)


def collect_site(book: Book, progress=None) -> Site:
    """The whole site in memory (for `course serve`, which compares it with what is on disk)."""
    return Site(dict(render_site(book, progress)), site_stats(book))


def site_stats(book: Book) -> dict:
    quizzes = book.course.quizzes()
    return {
        "pages": sum(_page_count(book, lang) for lang in book.course.languages) + 1,
        "quizzes": len(quizzes),
        "questions": sum(len(quiz.questions) for quiz in quizzes),
        "languages": len(book.course.languages),
    }


def _page_count(book: Book, lang: str, search: bool = True) -> int:
    """Pages of lang's folder: lessons and overviews, quizzes on a page of their own, home,
    framework, search, progress, notes, and the certificate when there are quizzes."""
    quizzes = book.quizzes[lang]
    return len(book.pages[lang]) + sum(q.placed_on is None for q in quizzes.values()) + 4 + search + bool(quizzes)


def render_site(book: Book, progress=None, search: bool = True) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, in a fixed order; progress(done, total) is called as pages are made.
    This is the site as the exports made from it (SCORM, single-html) and the preview render it; the
    site `course build` makes, kept for reading offline with the course as a zip to download, is
    render/offline.py's offline_site, built on the same SiteParts.
    search: the search page of each language, its index (search/) and the headers' link to it;
    an output where they cannot work (one file whose policy runs only inlined script) leaves them out."""
    parts = SiteParts(book, progress, search=search)
    yield from parts.files()
    yield from parts.homes()
    parts.finish()


@dataclass(frozen=True)
class Download:
    """The course as a zip, as the home page offers it: its address from the site root, and its size."""

    path: str
    size: int


class SiteParts:
    """The site's files in two parts: every file but the home pages, then the home pages, which say
    where the download of the course is and how big it is, so they can be made once the rest is."""

    def __init__(self, book: Book, progress=None, offline: bool = False, search: bool = True):
        course = book.course
        self.book, self.offline, self.search = book, offline, search
        self.env = template_environment(book.layout, course.external_links, course_policy(course))
        self.counter = _Counter(sum(_page_count(book, lang, search) for lang in course.languages), progress)
        self.languages = [_LanguageSite(book, lang, self.env, self.counter, search) for lang in course.languages]

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file but the home pages."""
        book, course = self.book, self.book.course
        for site in self.languages:
            yield from site.render()
        yield (
            "index.html",
            self.env.get_template("redirect.html")
            .render(
                target=f"{course.default_language}/index.html",
                title=course.text(course.title, course.default_language),
                languages=[(lang, messages(lang)["lang_name"]) for lang in course.languages],
                codes=list(course.languages),
                course_id=course.id,
                lang=course.default_language,
            )
            .encode(),
        )
        for name, data in static_assets(self.offline, xapi_prelude(course)).items():
            yield f"{urls.ASSETS}/{name}", data
        # The ids learners' progress is stored under; the next check compares against them.
        yield IDS_FILE, (json.dumps(question_ids(course), indent=1, sort_keys=True) + "\n").encode()
        yield NOTE_IDS_FILE, (json.dumps(note_ids(book), indent=1, sort_keys=True) + "\n").encode()
        if self.search:
            from course.render.search import search_files

            yield from search_files(book).items()
        for asset in book.assets:
            yield f"files/{asset.path}", asset.data

    def homes(self, download: Download | None = None) -> Iterator[tuple[str, bytes]]:
        """Each language's home page, offering download when there is one."""
        for site in self.languages:
            yield site.home(download)

    def finish(self) -> None:
        self.counter.finish()


class _Counter:
    def __init__(self, total: int, progress):
        self.done, self.total, self.progress = 0, total, progress

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress and self.done < self.total:
            self.progress(self.total, self.total)


def note_ids(book: Book) -> dict[str, list[str]]:
    """page url without .html -> the ids of its [[note: ...]] places, in any language."""
    found: dict[str, dict] = {}
    for lang in book.course.languages:
        for url, page in book.pages[lang].items():
            if page.notes:
                found.setdefault(url.removesuffix(".html"), {}).update(dict.fromkeys(n for n, _ in page.notes))
    return {stem: list(ids) for stem, ids in found.items()}


def question_ids(course: Course) -> dict[str, list[str]]:
    """quiz id -> its question ids, in the default language."""
    return {quiz.id: [q.id for q in quiz.questions] for quiz in course.quizzes()}


class _LanguageSite:
    """The pages of one language folder."""

    def __init__(self, book: Book, lang: str, env, counter: _Counter, search: bool = True):
        self.book, self.course, self.lang, self.env, self.counter = book, book.course, lang, env, counter
        self.search = search
        self.t = messages(lang)
        self.quizzes = book.quizzes[lang]
        self.inline = {quiz_id: quiz.placed_on for quiz_id, quiz in self.quizzes.items() if quiz.placed_on}
        self.switch_names = [(code, messages(code)["lang_name"]) for code in self.course.languages]
        self.quiz_html_cache: dict[tuple[str, str], str] = {}

    def render(self) -> Iterator[tuple[str, bytes]]:
        """Every page of the language but its home page."""
        nav, sequence = self.nav, self.sequence
        modules = {m.slug: m for m in self.course.modules}
        for index, item in enumerate(sequence):
            prev_item = sequence[index - 1] if index else None
            next_item = sequence[index + 1] if index + 1 < len(sequence) else None
            module = modules[item.module]
            if item.kind == "quiz":
                quiz = self.quizzes[item.quiz]
                html = self.page("quiz.html", item.url, nav, prev_item, next_item, module=module,
                                 title=quiz.quiz.title, quiz_html=self.quiz_html(quiz, heading="h1"))  # fmt: skip
            else:
                page = self.book.pages[self.lang][item.url]
                body = SLOT_HTML.sub(lambda m: self.inline_quiz(m.group(1)), page.html)
                template = "module.html" if item.kind == "module" else "lesson.html"
                html = self.page(template, item.url, nav, prev_item, next_item, module=module, title=page.title,
                                 page=page, body=Markup(body), toc=page.toc, inline=self.inline)  # fmt: skip
            yield f"{self.lang}/{item.url}", html
            self.counter.tick()
        quiz_links = [(quiz.quiz, quiz.url) for quiz in self.quizzes.values()]  # course order
        parts = self.parts_view()
        if quiz_links:
            yield f"{self.lang}/{urls.CERTIFICATE}", self.page(
                "certificate.html", urls.CERTIFICATE, nav, None, None, title=self.t["certificate"],
                quizzes=[quiz for quiz, _ in quiz_links], quiz_links=quiz_links, parts=parts,
            )  # fmt: skip
            self.counter.tick()
        yield (
            f"{self.lang}/{urls.FRAMEWORK}",
            self.page(
                "framework.html",
                urls.FRAMEWORK,
                nav,
                None,
                None,
                title=self.framework_title(),
                parts=parts,
                quiz_links=quiz_links,
            ),  # fmt: skip
        )
        self.counter.tick()
        if self.search:
            yield (
                f"{self.lang}/{urls.SEARCH}",
                self.page("search.html", urls.SEARCH, nav, None, None, title=self.t["search"]),
            )
            self.counter.tick()
        yield f"{self.lang}/{urls.PROGRESS}", self.page(
            "progress.html", urls.PROGRESS, nav, None, None, title=self.t["learner_progress"],
            progress_ids=self.progress_ids(sequence),
        )  # fmt: skip
        self.counter.tick()
        yield f"{self.lang}/{urls.NOTES}", self.page(
            "notes.html", urls.NOTES, nav, None, None, title=self.t["my_notes"], groups=self.notes_view(),
            notes_file=self.notes_file_view(),
        )  # fmt: skip
        self.counter.tick()

    def progress_ids(self, sequence: list) -> dict:
        """What the progress page checks an imported file against: the course, the stable ids this
        build still has (quizzes and their questions, notes and reflection answers, pages), and the
        messages the import may give (they are needed on this page only, not on every lesson)."""
        # every language's: a translation that lacks a note must not drop the learner's note on import
        notes = [key for _, entries in self.notes_view() for key, _, _ in entries]
        for lang in self.course.languages:
            for url, page in self.book.pages[lang].items():
                notes += [f"{url.removesuffix('.html')}#{note_id}" for note_id, _ in page.notes]
        notes = list(dict.fromkeys(notes))
        pages = [item.url for item in sequence] + [urls.HOME, urls.FRAMEWORK, urls.PROGRESS, urls.NOTES]
        if self.quizzes:
            pages.append(urls.CERTIFICATE)
        if self.search:
            pages.append(urls.SEARCH)
        return {
            "course": self.course.id,
            "quizzes": {quiz_id: [view["q"].id for view in quiz.questions] for quiz_id, quiz in self.quizzes.items()},
            "notes": notes,
            "pages": pages,
            "say": {key: value for key, value in self.t.items() if key.startswith("progress_")},
        }

    def notes_view(self) -> list[tuple[tuple[str, str], list[tuple[str, str, Markup]]]]:
        """Every place a learner writes, in course order: ((page url, page title), [(store key,
        kind, prompt html)]) per lesson with notes and per quiz with reflection questions."""
        groups = []
        for m in self.course.modules:
            pages = [urls.module_url(m)] + [urls.lesson_url(m, ls) for ls in m.lessons]
            for url in pages:
                page = self.book.pages[self.lang].get(url)
                if page is not None and page.notes:
                    stem = url.removesuffix(".html")
                    groups.append(((url, page.title), [
                        (f"{stem}#{note_id}", "note", Markup.escape(prompt)) for note_id, prompt in page.notes
                    ]))  # fmt: skip
            for model in m.quizzes_in(self.lang):
                quiz = self.quizzes[model.id]
                reflections = [(f"{quiz.id}/{view['q'].id}", "reflection", Markup(view["prompt"]))
                               for view in quiz.questions if view["q"].type == "reflection"]  # fmt: skip
                if reflections:
                    groups.append(((quiz.url, quiz.quiz.title), reflections))
        return groups

    def notes_file_view(self) -> dict:
        """What the notes page's download names: the course, and the words of the file."""
        return {
            "course": self.text(self.course.title),
            "id": self.course.id,
            "date": self.t["notes_file_date"],
            "reflection": self.t["notes_reflection"],
            "unwritten": self.t["notes_unwritten"],
        }

    @functools.cached_property
    def nav(self) -> dict[str, list[urls.NavItem]]:
        return self.navigation()

    @functools.cached_property
    def sequence(self) -> list[urls.NavItem]:
        return [item for items in self.nav.values() for item in items]

    def home(self, download: Download | None) -> tuple[str, bytes]:
        summary = self.book.summary[self.lang]
        offer = None
        if download:
            offer = {"href": urls.relative(download.path, f"{self.lang}/{urls.HOME}"), "size": size_note(download.size)}
        html = self.page(
            "home.html", urls.HOME, self.nav, None, self.sequence[0] if self.sequence else None,
            title=self.text(self.course.title), summary=Markup(summary) if summary else "", download=offer,
        )  # fmt: skip
        self.counter.tick()
        return f"{self.lang}/{urls.HOME}", html

    def text(self, value) -> str:
        return self.course.text(value, self.lang)

    def framework_title(self) -> str:
        return self.text(self.course.framework.title) if self.course.framework else self.t["framework"]

    def navigation(self) -> dict[str, list[urls.NavItem]]:
        nav = {}
        for m in self.course.modules:
            index = m.index[self.lang]
            items = [urls.NavItem(urls.module_url(m), index.title, "module", m.slug)]
            items += [
                urls.NavItem(urls.lesson_url(m, ls), ls.pages[self.lang].title, "lesson", m.slug) for ls in m.lessons
            ]
            items += [
                urls.NavItem(urls.quiz_url(m, quiz.id), quiz.title, "quiz", m.slug, quiz.id)
                for quiz in m.quizzes_in(self.lang)
                if quiz.id not in self.inline
            ]
            nav[m.slug] = items
        return nav

    def nearby(self, nav: dict, current: str | None) -> dict:
        """nav as the sidebar lists it: every module, or in a course of more than NAV_MODULES the
        ones around the current module (the home page lists them all), so a page's size and the
        build's time grow with the course, not with its square."""
        if len(nav) <= NAV_MODULES:
            return nav
        slugs = list(nav)
        at = slugs.index(current) if current in nav else 0
        start = max(0, min(at - NAV_MODULES // 2, len(slugs) - NAV_MODULES))
        return {slug: nav[slug] for slug in slugs[start : start + NAV_MODULES]}

    def parts_view(self) -> list[dict]:
        if not self.course.framework:
            return []
        views = []
        weights = part_weights(self.course, self.lang)
        for part in self.course.framework.parts:
            modules = [m for m in self.course.modules if m.part() == part.id]
            pages = []  # (module title, [(url, title)]): lessons and case pages, by the module they sit in
            for m in self.course.modules:
                found = [(urls.lesson_url(m, ls), ls.pages[self.lang].title) for ls in m.lessons
                         if ls.pages[self.lang].part == part.id]  # fmt: skip
                if found:
                    pages.append((m.index[self.lang].title, found))
            questions = [
                (quiz, q) for m in self.course.modules for quiz in m.quizzes_in(self.lang)
                for q in quiz.questions if q.part == part.id
            ]  # fmt: skip
            views.append({
                "id": part.id, "title": self.text(part.title), "summary": self.text(part.summary),
                "modules": [(urls.module_url(m), m.index[self.lang].title) for m in modules],
                "pages": pages,
                "questions": [f"{quiz.id}/{q.id}" for quiz, q in questions],
                # what the pages' script averages the part's score with: quiz id:points on the part
                "weights": " ".join(f"{quiz_id}:{w}" for quiz_id, w in weights[part.id].items()),
            })  # fmt: skip
        return views

    def page(self, template: str, url: str, nav, prev_item, next_item, **context) -> bytes:
        def link(target: str) -> str:
            return urls.relative(target, url)

        switch = [
            (code, name, urls.relative(f"{code}/{url}", f"{self.lang}/{url}")) for code, name in self.switch_names
        ]
        current = context["module"].slug if "module" in context else None
        values = dict(
            course=self.course, lang=self.lang, t=self.t, url=url, nav=self.nearby(nav, current), all_nav=nav, link=link,
            nav_more=len(nav) if len(nav) > NAV_MODULES else 0, current_module=current, has_quizzes=bool(self.quizzes),
            root=urls.to_site_root(url), prev=prev_item, next=next_item, switch=switch,
            course_title=self.text(self.course.title), framework_title=self.framework_title(),
            lang_name=messages(self.course.default_language)["lang_name"], search=self.search, **context,
        )  # fmt: skip
        return self.env.get_template(template).render(values).encode()

    def inline_quiz(self, quiz_id: str) -> str:
        return self.quiz_html(self.quizzes[quiz_id]) if quiz_id in self.quizzes else ""  # reported by the book

    def quiz_html(self, quiz: BookQuiz, heading: str = "h2") -> str:
        key = (quiz.id, heading)
        html = self.quiz_html_cache.get(key)
        if html is None:
            html = self.quiz_html_cache[key] = self.env.get_template("_quiz.html").render(
                quiz=quiz.quiz,
                questions=quiz.questions,
                t=self.t,
                intro=Markup(quiz.intro),
                heading=heading,
                sub_heading=f"h{int(heading[1]) + 1}",  # under the quiz's title: no level skipped
            )
        return html
