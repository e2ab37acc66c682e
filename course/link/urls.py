"""Where each page of the built site goes, and relative links between them."""

from __future__ import annotations

from dataclasses import dataclass

from course.model import Course, Lesson, Module

HOME = "index.html"
FRAMEWORK = "framework.html"
CERTIFICATE = "certificate.html"
SEARCH = "search.html"
PROGRESS = "progress.html"  # the learner's progress: export, import, reset
NOTES = "notes.html"  # the learner's notes and reflection answers, to print or download
ASSETS = "assets"
IDS_FILE = "course-ids.json"  # the question ids of a build, which the next check compares with
NOTE_IDS_FILE = "course-notes.json"  # the note ids of a build, per page, likewise


def module_url(module: Module) -> str:
    return f"{module.slug}/index.html"


def lesson_url(module: Module, lesson: Lesson) -> str:
    return f"{module.slug}/{lesson.slug}.html"


def quiz_url(module: Module, quiz_id: str) -> str:
    return f"{module.slug}/{module.quiz_page(quiz_id)}.html"


def relative(target: str, from_page: str) -> str:
    """Link from one page to another, both relative to the same folder.
    (posixpath.relpath gives the same answer, many times slower: this runs for every link.)"""
    here = from_page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def to_site_root(from_page: str) -> str:
    """Prefix that leads from a page in a language folder up to the site root."""
    return "../" * (from_page.count("/") + 1)


def source_urls(course: Course) -> dict[str, str]:
    """Every source file (and translation) and module folder -> its page url."""
    urls = {}
    for module in course.modules:
        urls[module.source] = module_url(module)
        for page in module.index.values():
            urls[page.source] = module_url(module)
        for lesson in module.lessons:
            for page in lesson.pages.values():
                urls[page.source] = lesson_url(module, lesson)
    return urls


@dataclass(frozen=True)
class NavItem:
    url: str
    title: str
    kind: str  # module, lesson, quiz
    module: str
    quiz: str = ""  # a quiz page's quiz id
