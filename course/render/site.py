"""render_site(course): every page and asset of the built site, in memory."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from course.convert.cache import DiskCache
from course.errors import Report, did_you_mean
from course.i18n.strings import messages
from course.link import urls as urls
from course.link.resolve import MarkdownRenderer
from course.model import Course, Quiz
from course.questions.view import question_view
from course.render.scripts import static_assets
from course.render.templating import template_environment, template_problem

IDS_FILE = "course-ids.json"


@dataclass
class Site:
    pages: dict[str, bytes] = field(default_factory=dict)  # build-relative path -> bytes
    copies: dict[str, Path] = field(default_factory=dict)  # build-relative path -> file to copy
    stats: dict = field(default_factory=dict)


def render_site(course: Course, report: Report, progress=None, cache: dict | None = None) -> Site:
    """Every page and asset; progress(done, total) is called as pages are rendered.
    cache: Markdown conversions kept from an earlier render of the same course (course serve)."""
    root = Path(course.root)
    env = template_environment(root, report, course.external_links)
    # Under serve the in-memory cache is enough; a check or build reuses earlier builds' conversions.
    disk = DiskCache() if cache is None else None
    md = MarkdownRenderer(
        root, urls.source_urls(course), course.external_links, report, cache, course.allow_active_files, disk
    )
    if cache is None:  # the lesson texts, the bulk of the work, converted ahead on every core
        md.prefetch([(page.body_md, page.source, page.body_line, False, lang) for lang in course.languages
                     for m in course.modules for page in (m.index[lang], *(ls.pages[lang] for ls in m.lessons))])  # fmt: skip
    result = Site()
    per_language = sum(1 + len(m.lessons) + bool(m.quizzes) for m in course.modules) + 2
    counter = _Counter(len(course.languages) * per_language, progress)
    try:
        for lang in course.languages:
            _LanguageRenderer(course, lang, env, md, report, result, counter).render()
    except jinja2.TemplateError as error:  # a course's own template partial is broken
        report.error(*template_problem(error, root))
        return Site()
    finally:
        if disk is not None:
            disk.close()
    counter.finish()
    md.forget_unused()
    result.pages["index.html"] = (
        env.get_template("redirect.html")
        .render(
            target=f"{course.default_language}/index.html",
            title=course.text(course.title, course.default_language),
            languages=[(lang, messages(lang)["lang_name"]) for lang in course.languages],
            codes=list(course.languages),
            course_id=course.id,
            lang=course.default_language,
        )
        .encode()
    )
    for name, data in static_assets().items():
        result.pages[f"{urls.ASSETS}/{name}"] = data
    # The ids learners' progress is stored under; the next check compares against them.
    result.pages[IDS_FILE] = (json.dumps(question_ids(course), indent=1, sort_keys=True) + "\n").encode()
    for asset in sorted(md.assets):
        result.copies[f"files/{asset}"] = root / asset
    result.stats = {
        "pages": sum(p.endswith(".html") for p in result.pages),
        "quizzes": len(course.quizzes()),
        "questions": sum(len(quiz.questions) for quiz in course.quizzes()),
        "languages": len(course.languages),
    }
    return result


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


def question_ids(course: Course) -> dict[str, list[str]]:
    """quiz id -> its question ids, in the default language."""
    return {quiz.id: [q.id for q in quiz.questions] for quiz in course.quizzes()}


class _LanguageRenderer:
    """Renders one language tree; holds only what that render needs."""

    def __init__(self, course: Course, lang: str, env, md: MarkdownRenderer, report: Report, site: Site, counter):
        self.course, self.lang, self.env, self.md, self.report, self.site = course, lang, env, md, report, site
        self.counter = counter
        self.t = messages(lang)
        self.quizzes = {quiz.id: quiz for quiz in course.quizzes(lang)}

    def render(self) -> None:
        bodies = {}  # url -> (Page, Rendered)
        inline = {}  # quiz id -> url of the page that places it
        for module in self.course.modules:
            entries = [(urls.module_url(module), module.index[self.lang])]
            entries += [(urls.lesson_url(module, lesson), lesson.pages[self.lang]) for lesson in module.lessons]
            for url, page in entries:
                rendered = self.md.render(page.body_md, page.source, url, page.body_line, lang=self.lang)
                bodies[url] = (page, rendered)
                for quiz_id, pos in rendered.quiz_slots:
                    if quiz_id not in self.quizzes:
                        if not self.course.unreadable_quizzes:  # else the quiz may be the broken file
                            self.report.error(pos, f"no quiz with id '{quiz_id}'{did_you_mean(quiz_id, self.quizzes)}")
                    elif quiz_id in inline:
                        self.report.error(
                            pos, f"quiz '{quiz_id}' is already placed (on {inline[quiz_id]}); place it once"
                        )
                    else:
                        inline[quiz_id] = url
        nav = self.navigation(inline)
        sequence = [item for items in nav.values() for item in items]
        page_ids = {}  # url -> ids an anchor may point at
        for index, item in enumerate(sequence):
            prev_item = sequence[index - 1] if index else None
            next_item = sequence[index + 1] if index + 1 < len(sequence) else None
            module = next(m for m in self.course.modules if m.slug == item.module)
            if item.kind == "quiz":
                quiz = module.quizzes[self.lang]
                html = self.page("quiz.html", item.url, nav, prev_item, next_item, module=module,
                                 title=quiz.title, quiz_html=self.quiz_html(quiz, item.url, heading="h1"))  # fmt: skip
            else:
                page, rendered = bodies[item.url]
                body = self.md.fill_quiz_slots(rendered.html, lambda qid, url=item.url: self.inline_quiz(qid, url))
                template = "module.html" if item.kind == "module" else "lesson.html"
                html = self.page(template, item.url, nav, prev_item, next_item, module=module, title=page.title,
                                 page=page, body=Markup(body), toc=rendered.toc, inline=inline)  # fmt: skip
            self.site.pages[f"{self.lang}/{item.url}"] = html
            self.counter.tick()
            page_ids[item.url] = set(re.findall(r'\bid="([^"]+)"', html.decode()))
        self.check_anchors(bodies, page_ids)
        self.site.pages[f"{self.lang}/{urls.HOME}"] = self.page(
            "home.html", urls.HOME, nav, None, sequence[0] if sequence else None, title=self.text(self.course.title),
            summary=Markup(self.md.render(self.text(self.course.summary), "course.yaml", urls.HOME).html) if self.course.summary else "",
        )  # fmt: skip
        quiz_links = [
            (m.quizzes[self.lang], inline.get(m.quizzes[self.lang].id) or urls.quiz_url(m))
            for m in self.course.modules
            if m.quizzes
        ]
        if quiz_links:
            self.site.pages[f"{self.lang}/{urls.CERTIFICATE}"] = self.page(
                "certificate.html", urls.CERTIFICATE, nav, None, None, title=self.t["certificate"],
                quizzes=[quiz for quiz, _ in quiz_links], quiz_links=quiz_links,
            )  # fmt: skip
        self.site.pages[f"{self.lang}/{urls.FRAMEWORK}"] = self.page(
            "framework.html", urls.FRAMEWORK, nav, None, None, title=self.framework_title(), parts=self.parts_view()
        )

    def check_anchors(self, bodies: dict, page_ids: dict) -> None:
        for _, rendered in bodies.values():
            for url, target, fragment, pos in rendered.anchors:
                ids = page_ids.get(target, set())
                if fragment not in ids:
                    self.report.error(
                        pos,
                        f"link '{url}' goes to '#{fragment}', which is not a heading or anchor on that page"
                        f"{did_you_mean(fragment, sorted(ids))}",
                    )

    def text(self, value: dict) -> str:
        return self.course.text(value, self.lang)

    def framework_title(self) -> str:
        return self.text(self.course.framework.title) if self.course.framework else self.t["framework"]

    def navigation(self, inline: dict) -> dict[str, list[urls.NavItem]]:
        nav = {}
        for m in self.course.modules:
            index = m.index[self.lang]
            items = [urls.NavItem(urls.module_url(m), index.title, "module", m.slug)]
            items += [
                urls.NavItem(urls.lesson_url(m, ls), ls.pages[self.lang].title, "lesson", m.slug) for ls in m.lessons
            ]
            if m.quizzes and m.quizzes[self.lang].id not in inline:
                items.append(urls.NavItem(urls.quiz_url(m), m.quizzes[self.lang].title, "quiz", m.slug))
            nav[m.slug] = items
        return nav

    def parts_view(self) -> list[dict]:
        if not self.course.framework:
            return []
        views = []
        for part in self.course.framework.parts:
            modules = [m for m in self.course.modules if m.part() == part.id]
            pages = []  # (module title, [(url, title)]): lessons and case pages, by the module they sit in
            for m in self.course.modules:
                found = [(urls.lesson_url(m, ls), ls.pages[self.lang].title) for ls in m.lessons
                         if ls.pages[self.lang].part == part.id]  # fmt: skip
                if found:
                    pages.append((m.index[self.lang].title, found))
            questions = [
                (m.quizzes[self.lang], q) for m in self.course.modules if m.quizzes
                for q in m.quizzes[self.lang].questions if q.part == part.id
            ]  # fmt: skip
            views.append({
                "id": part.id, "title": self.text(part.title), "summary": self.text(part.summary),
                "modules": [(urls.module_url(m), m.index[self.lang].title) for m in modules],
                "pages": pages,
                "questions": [f"{quiz.id}/{q.id}" for quiz, q in questions],
            })  # fmt: skip
        return views

    def page(self, template: str, url: str, nav, prev_item, next_item, **context) -> bytes:
        def link(target: str) -> str:
            return urls.relative(target, url)

        switch = [
            (lang, messages(lang)["lang_name"], urls.relative(f"{lang}/{url}", f"{self.lang}/{url}"))
            for lang in self.course.languages
        ]
        return self.env.get_template(template).render(
            course=self.course, lang=self.lang, t=self.t, url=url, nav=nav, link=link,
            current_module=context["module"].slug if "module" in context else None,
            root=urls.to_site_root(url), prev=prev_item, next=next_item, switch=switch,
            course_title=self.text(self.course.title), framework_title=self.framework_title(),
            lang_name=messages(self.course.default_language)["lang_name"], **context,
        ).encode()  # fmt: skip

    def inline_quiz(self, quiz_id: str, url: str) -> str:
        return self.quiz_html(self.quizzes[quiz_id], url) if quiz_id in self.quizzes else ""  # reported above

    def quiz_html(self, quiz: Quiz, url: str, heading: str = "h2") -> str:
        def markdown_at(line: int):
            """Renders a quiz text. at: (line, column) where the text starts in the quiz file, so a
            problem in it is reported there; without it, from the line of its question on."""

            def md(text: str, inline: bool = False, at: tuple[int, int] | None = None) -> Markup:
                if not text:
                    return Markup("")
                first_line, first_col = at or (line, 1)
                rendered = self.md.render(text, quiz.source, url, first_line, inline, self.lang, first_col)
                return Markup(rendered.html)

            return md

        questions = [question_view(q, quiz, markdown_at(q.line), n) for n, q in enumerate(quiz.questions, 1)]
        return self.env.get_template("_quiz.html").render(
            quiz=quiz, questions=questions, t=self.t, intro=markdown_at(quiz.intro_line)(quiz.intro_md), heading=heading,
        )  # fmt: skip
