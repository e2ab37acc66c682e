"""load_course(root): read every course file into the model, collecting all problems."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from course.errors import Position, Report, did_you_mean
from course.i18n.trainer import msg
from course.load.checker import Checker
from course.load.config import CourseConfig, check_part, load_config, report_yaml_warnings
from course.load.foreign import adopt_foreign_keys
from course.load.freshness import warn_if_stale
from course.load.placeholders import check_page_placeholders
from course.load.quizzes import load_quizzes
from course.load.schema import FRONT_MATTER
from course.load.sources import (
    ModuleFiles,
    SourceFile,
    discover_modules,
    link_problems,
    order_key,
    read_text,
    slug_of,
    split_front_matter,
)
from course.load.yamlsource import YamlProblem, parse_yaml
from course.model import Course, Lesson, Module, Page

RESERVED_SLUGS = {"index", "quiz"}
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # becomes part of page addresses
WORDS_PER_MINUTE = 200
CJK_CHARS_PER_MINUTE = 300
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def load_course(root: Path, report: Report) -> Course | None:
    """The course model, or None when course.yaml itself is unusable. Problems go to report."""
    config = load_config(root, report)
    if config is None:
        return None
    report.silenced = config.silence
    for rel, message in link_problems(root):
        report.error(Position(rel), message)
    found = discover_modules(root)
    loaded = [_load_module(root, mf, config, report) for mf in found]
    modules = [m for m in loaded if m is not None]
    if not found:
        report.error(Position("modules"), msg("the course has no modules; add a folder such as modules/01-intro/"))
    # a module left out for its errors still owns its quiz: 'belongs to no module' would only add noise
    broken = {name for mf, m in zip(found, loaded, strict=True) if m is None for name in (mf.name, slug_of(mf.name))}
    _check_slugs(modules, report)
    modules = _order(modules, config, report)
    quizzes, claimed, unreadable = load_quizzes(root, modules, config, report, broken)
    modules = [Module(m.slug, m.source, m.single, m.index, m.lessons, quizzes.get(m.slug, ())) for m in modules]
    _check_quiz_pages(modules, config.languages[0], report)
    for m in modules:
        if m.part() and not m.quizzes and m.lessons and m.slug not in claimed:
            overview = m.index[config.languages[0]].source
            where = overview if overview != m.source else m.lessons[0].source  # a folder has no lines
            report.warning(
                Position(where),
                msg(
                    "module '{module}' of part '{part}' has no quiz; add one with `course add quiz {module}`",
                    module=m.slug,
                    part=m.part(),
                ),
                "no-quiz",
            )
    return Course(
        id=config.id,
        title=config.title,
        summary=config.summary,
        languages=config.languages,
        pass_mark=config.pass_mark,
        framework=config.framework,
        modules=tuple(modules),
        external_links=config.external_links,
        unreadable_quizzes=unreadable,
        allow_active_files=config.allow_active_files,
        single_html_budget_kb=config.single_html_budget_kb,
        download_zip=config.download_zip,
        xapi=config.xapi,
    )


def build_date(root: Path, course: Course) -> int:
    """The date a build of course carries, in seconds since 1970: SOURCE_DATE_EPOCH when it is
    set (reproducible builds), else the time of the newest file the course was made from."""
    chosen = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if chosen.isdigit():
        return int(chosen)
    sources = {"course.yaml", *(m.source for m in course.modules)}
    for m in course.modules:
        sources |= {page.source for page in m.index.values()}
        sources |= {page.source for ls in m.lessons for page in ls.pages.values()}
        sources |= {quiz.source for versions in m.quizzes for quiz in versions.values()}
    newest = 0
    for rel in sources:
        try:
            newest = max(newest, int((root / rel).stat().st_mtime))
        except OSError:
            continue
    return newest


def reading_minutes(text: str) -> int:
    cjk = len(_CJK.findall(text))
    words = len(_CJK.sub(" ", text).split())
    return max(1, round(words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE))


def load_page(root: Path, rel: str, lang: str, config: CourseConfig, report: Report) -> Page | None:
    try:
        text = read_text(root, rel, "split it into several lessons")
    except YamlProblem as problem:
        report.error(Position(rel, problem.line, problem.col), problem.message)
        return None
    if not text.strip():
        report.error(Position(rel), msg("file is empty; start it with front matter: ---, title: ..., ---"))
        return None
    try:
        source = split_front_matter(text)
    except ValueError as exc:
        report.error(Position(rel), exc.args[0])  # its msg(), to be shown in the trainer's language
        return None
    meta, doc = {}, None
    if source.front_matter is not None:
        try:
            doc = parse_yaml(source.front_matter, rel, line_offset=source.front_line - 1)
        except YamlProblem as problem:
            report.error(
                Position(rel, problem.line, problem.col), msg("front matter: {problem}", problem=problem.message)
            )
            return None
        report_yaml_warnings(doc, report)
        if doc.data is not None:
            meta = Checker(doc, report, config.languages).check(adopt_foreign_keys(doc, report), FRONT_MATTER)
            if meta is None:
                return None
            check_part(meta["part"], config, doc.pos("part"), report)
    check_page_placeholders(rel, source.body, source.body_line, meta, doc, report)
    title = meta.get("title")
    if not title:
        heading = _HEADING.search(source.body)
        if heading is None:
            report.error(
                Position(rel), msg("page has no title; add 'title:' to the front matter or a '# Heading' line")
            )
            return None
        title = heading.group(1)
    minutes = reading_minutes(source.body)
    if meta.get("duration") and minutes > 2 * meta["duration"]:
        report.warning(
            Position(rel),
            msg(
                "about {minutes} minutes of reading but 'duration' says {duration}; raise it or split the page",
                minutes=minutes,
                duration=meta["duration"],
            ),
            "long-lesson",
        )
    return Page(
        source=rel,
        lang=lang,
        title=title,
        body_md=source.body,
        body_line=source.body_line,
        part=meta.get("part"),
        objectives=tuple(o for o in meta.get("objectives") or () if o),
        duration=meta.get("duration") or minutes,
        summary=meta.get("summary") or "",
    )


def _versions(
    root: Path, files: list[SourceFile], config: CourseConfig, report: Report, what: str
) -> dict[str, Page] | None:
    """Every language's page for one source file; the default text stands in for a missing one."""
    default = config.languages[0]
    source = next((f for f in files if f.lang is None or f.lang == default), None)
    for f in files:
        if f.lang is not None and f.lang not in config.languages:
            report.error(
                Position(f.path),
                msg(
                    "'{lang}' is not one of the course languages ({languages}){hint}",
                    lang=f.lang,
                    languages=", ".join(config.languages),
                    hint=did_you_mean(f.lang, config.languages),
                ),
            )
    if source is None:
        for f in files:
            if f.lang in config.languages:
                report.error(
                    Position(f.path),
                    msg(
                        "translation without a source: add {stem}.md in the same folder, or rename this file",
                        stem=f.stem,
                    ),
                )
        return None
    page = load_page(root, source.path, default, config, report)
    if page is None:
        return None
    pages = {default: page}
    for lang in config.languages[1:]:
        translation = next((f for f in files if f.lang == lang), None)
        if translation is None:
            report.warning(
                Position(source.path),
                msg(
                    "no {lang} translation of this {what}; add {stem}.{lang}.md beside it",
                    lang=lang,
                    what=what,
                    stem=source.stem,
                ),
                "missing-translation",
            )
            pages[lang] = replace(page, lang=lang, translated=False)
            continue
        errors_before = len(report.errors)
        translated = load_page(root, translation.path, lang, config, report)
        if translated is None:  # reported; the source stands in so the rest can still be checked
            pages[lang] = replace(page, lang=lang, translated=False)
            continue
        warn_if_stale(root, source.path, translation.path, report)
        if translated.part != page.part and len(report.errors) == errors_before:
            report.error(
                Position(translation.path),
                msg(
                    "part is {found} but {source} says {wanted}; a translation keeps the same part (the part id is not"
                    " translated)",
                    found=_shown(translated.part),
                    source=source.path,
                    wanted=_shown(page.part),
                ),
            )
        pages[lang] = translated
    return pages


def _shown(value) -> str:
    return f"'{value}'" if value else msg("not set")


def _load_module(root: Path, mf: ModuleFiles, config: CourseConfig, report: Report) -> Module | None:
    by_stem = defaultdict(list)
    for f in mf.files:
        by_stem[f.stem].append(f)
    if mf.single:
        pages = _versions(root, list(mf.files), config, report, msg("page"))
        return Module(slug_of(mf.name), mf.path, True, pages or {}, ()) if pages else None
    index = (
        _versions(root, by_stem.pop("index", []), config, report, msg("module overview"))
        if "index" in by_stem
        else None
    )
    if index is None:
        title = slug_of(mf.name).replace("-", " ").replace("_", " ").capitalize()
        index = {
            lang: Page(source=mf.path, lang=lang, title=title, body_md="", body_line=1) for lang in config.languages
        }
    lessons = []
    unreadable = False
    for stem in sorted(by_stem, key=order_key):
        pages = _versions(root, by_stem[stem], config, report, msg("lesson"))
        if pages is None:
            unreadable = True
            continue
        page = pages[config.languages[0]]
        if not page.objectives:
            report.warning(
                Position(page.source), msg("lesson has no 'objectives' in its front matter"), "no-objectives"
            )
        lessons.append(Lesson(slug_of(stem), page.source, pages))
    if not lessons and unreadable:
        return None  # its lessons' own errors say what is wrong
    if not lessons and not index[config.languages[0]].body_md.strip():
        report.error(Position(mf.path), msg("module has no lessons; add a file such as 01-introduction.md"))
        return None
    return Module(slug_of(mf.name), mf.path, False, index, tuple(lessons))


def _check_slugs(modules: list[Module], report: Report) -> None:
    seen: dict[str, str] = {}
    for m in modules:
        if not SLUG.match(m.slug):
            report.error(Position(m.source), _bad_name(m.slug))
        if m.slug in seen:
            report.error(
                Position(m.source),
                msg(
                    "module '{name}' has the same name as {other}; rename one of them", name=m.slug, other=seen[m.slug]
                ),
            )
        seen[m.slug] = m.source
        lesson_seen: dict[str, str] = {}
        for lesson in m.lessons:
            if not SLUG.match(lesson.slug):
                report.error(Position(lesson.source), _bad_name(lesson.slug))
            elif lesson.slug in RESERVED_SLUGS:
                report.error(
                    Position(lesson.source), msg("a lesson cannot be named '{name}'; rename the file", name=lesson.slug)
                )
            elif lesson.slug in lesson_seen:
                report.error(
                    Position(lesson.source),
                    msg(
                        "lesson '{name}' has the same name as {other}; rename one of them",
                        name=lesson.slug,
                        other=lesson_seen[lesson.slug],
                    ),
                )
            lesson_seen[lesson.slug] = lesson.source


def _check_quiz_pages(modules: list[Module], lang: str, report: Report) -> None:
    """A lesson may not take the address of one of its module's quiz pages (MODULE/quiz-ID.html)."""
    for m in modules:
        pages = {m.quiz_page(quiz.id): quiz for quiz in m.quizzes_in(lang)}
        for lesson in m.lessons:
            if lesson.slug in pages:
                report.error(
                    Position(lesson.source),
                    msg(
                        "lesson '{name}' has the address of the page of quiz '{id}' ({source}); rename the lesson's file",
                        name=lesson.slug,
                        id=pages[lesson.slug].id,
                        source=pages[lesson.slug].source,
                    ),
                )


def _bad_name(slug: str) -> str:
    return msg(
        "'{name}' cannot be part of a page address; name the file or folder with English letters, digits, '-' or '_'"
        " after its number (e.g. 01-volunteers.md); the title can be in any language",
        name=slug,
    )


def _order(modules: list[Module], config: CourseConfig, report: Report) -> list[Module]:
    if not config.order:
        return modules
    slugs = [m.slug for m in modules]
    for name in config.order:
        if name not in slugs:
            report.error(
                Position("course.yaml"),
                msg(
                    "'order' names module '{name}', which does not exist{hint}",
                    name=name,
                    hint=did_you_mean(name, slugs),
                ),
            )
    for m in modules:
        if m.slug not in config.order:
            report.error(Position("course.yaml"), msg("'order' does not list module '{name}'; add it", name=m.slug))
    rank = {name: i for i, name in enumerate(config.order)}
    return sorted(modules, key=lambda m: rank.get(m.slug, len(rank)))
