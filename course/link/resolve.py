"""The link stage, and the renderer the site asks for a text's HTML: convert (cached), then link.

Each href and src that convert left as a placeholder is checked and rewritten here for the page
the text is shown on, by one policy whatever wrote it: lessons by their source path, files of
the course copied (unless they could run script), other sites as external_links allows."""

from __future__ import annotations

import multiprocessing
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from course.convert.cache import DiskCache
from course.convert.policy import ACTIVE_SUFFIXES, holds_script
from course.convert.sanitize import URL_SCHEMES
from course.convert.text import FOOTNOTE_IDS, LINK_PLACEHOLDER, SLOT_HTML, Converted, Link, convert, is_plain
from course.errors import Report, did_you_mean
from course.i18n.trainer import msg
from course.link.urls import relative, to_site_root
from course.load.files import CourseFiles
from course.model import glob_regex


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)  # [(level, id, text)]
    quiz_slots: list = field(default_factory=list)  # quiz ids placed inline, in order
    anchors: list = field(default_factory=list)  # (url as written, target page url, fragment, Position)
    ids: tuple = ()  # the ids the html gives its elements
    facilitator: str = ""  # the instructor notes and solved exercises, linked for the same page
    objectives: tuple = ()  # from an objectives (or keypoints) div
    objectives_line: int = 0  # where that objectives div opens, 0 if none
    notes: tuple = ()  # (note id, prompt text) of the [[note: ...]] places, in order


@dataclass
class LinkContext:
    """What the link rewriter needs to know about the page being rendered."""

    source: str  # source file of the text, relative to the course root
    page_url: str  # where the page goes, relative to the language root
    anchors: list = field(default_factory=list)  # (url, target page url, fragment, Position)
    assets: set = field(default_factory=set)  # course-root-relative files to copy


class MarkdownRenderer:
    """A text's HTML for the page it is shown on; one instance per build (and, with its cache,
    per `course serve` session)."""

    def __init__(
        self,
        files: CourseFiles | Path,
        source_urls: dict[str, str],
        external_links: bool,
        report: Report,
        cache: dict | None = None,
        allow_active: tuple[str, ...] = (),
        disk: DiskCache | None = None,
    ):
        self.files = files if isinstance(files, CourseFiles) else CourseFiles(files)
        self.source_urls = source_urls  # source path -> page url (relative to the language root)
        self.external_links = external_links
        self.allow_active = allow_active  # glob patterns of active files the course vouches for
        self.report = report
        # cache: kept by `course serve` from one rebuild to the next, so only changed texts are
        # converted again. A conversion depends on its arguments alone; linking runs every time.
        self.cache = cache
        self.disk = disk  # conversions of earlier builds, by content hash
        self.prefetched: dict[tuple, Converted] = {}  # converted ahead, on other cores
        self.used: set = set()
        self.assets: set[str] = set()

    def render(
        self,
        text: str,
        source: str,
        page_url: str,
        first_line: int = 1,
        inline: bool = False,
        lang: str = "en",
        first_col: int = 1,
    ) -> Rendered:
        """HTML for text found at first_line of source, to be shown at page_url in lang.
        first_col: the column where the text's lines start in its file (a YAML value's indent),
        so a problem inside it is reported where it is written."""
        key = (text, source, first_line, inline, lang)
        if self.cache is None:
            converted = self.convert(key)
        else:
            self.used.add(key)
            converted = self.cache.get(key)
            if converted is None:
                converted = self.cache[key] = self.convert(key)
        if first_col > 1:
            converted = _shifted(converted, first_col - 1)
        silenced = self.report.silenced  # course.yaml's silence: applies to what convert found as well
        self.report.diagnostics.extend(d for d in converted.diagnostics if d.code not in silenced)
        return self.link(converted, source, page_url)

    def prefetch(self, keys: list[tuple]) -> None:
        """Convert many texts at once on every core, when there are enough not yet converted to pay
        for starting the workers (a cold build of a large course)."""
        wanted = {k for k in keys if not is_plain(k[0])}
        missing = sorted(k for k in wanted if self.disk is None or not self.disk.has(self.disk.key(*k)))
        workers = min(os.cpu_count() or 1, 8)
        if len(missing) < POOL_MIN or workers < 2:
            return
        # forkserver: workers start from a clean process, never a copy of one with threads running
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = pool.map(_convert_key, missing, chunksize=max(1, len(missing) // (workers * 4)))
            for key, converted in zip(missing, results, strict=True):
                if self.disk is not None and self.disk.db is not None:
                    # kept on disk as they arrive, not all in memory: a large course's texts are many
                    self.disk.put(self.disk.key(*key), converted)
                else:
                    self.prefetched[key] = converted
        if self.disk is not None:
            self.disk.flush()

    def convert(self, key: tuple) -> Converted:
        if is_plain(key[0]):  # converting it is quicker than looking it up (most quiz options)
            return convert(*key)
        converted = self.prefetched.pop(key, None)
        if converted is not None:
            if self.disk is not None:
                self.disk.put(self.disk.key(*key), converted)
            return converted
        if self.disk is None:
            return convert(*key)
        digest = self.disk.key(*key)
        converted = self.disk.get(digest)
        if converted is None:
            converted = convert(*key)
            self.disk.put(digest, converted)
        return converted

    def forget_unused(self) -> None:
        """Drop cached texts this build did not ask for (edited away)."""
        if self.cache is not None:
            for key in set(self.cache) - self.used:
                del self.cache[key]

    def link(self, converted: Converted, source: str, page_url: str) -> Rendered:
        """The converted text as it stands on page_url: every placeholder resolved or dropped."""
        ctx = LinkContext(source, page_url)
        urls = [self.rewrite(link, ctx) for link in converted.links]

        def fill(match) -> str:
            url = urls[int(match.group(2))]
            return "" if url is None else f' {match.group(1)}="{_attribute(url)}"'

        html = LINK_PLACEHOLDER.sub(fill, converted.html)
        facilitator = LINK_PLACEHOLDER.sub(fill, converted.facilitator)
        self.assets |= ctx.assets
        return Rendered(html, list(converted.toc), list(converted.quiz_slots), ctx.anchors, converted.ids,
                        facilitator, converted.objectives, converted.objectives_line, converted.notes)  # fmt: skip

    def fill_quiz_slots(self, html: str, quiz_html) -> str:
        """Replace each inline-quiz marker with quiz_html(quiz_id)."""
        return SLOT_HTML.sub(lambda m: quiz_html(m.group(1)), html)

    def rewrite(self, link: Link, ctx: LinkContext) -> str | None:
        """The url as the page links it, or None to drop it; problems are reported at the link."""
        url, is_image = link.url, link.tag == "img"
        what = msg("image") if is_image else msg("link")

        def problem(text: str, keep: bool = False) -> str | None:
            self.report.error(link.pos, msg("{what} '{url}' {problem}", what=what, url=url, problem=text))
            return url if keep else None

        parts = urlsplit(url)
        if parts.scheme and parts.scheme.lower() not in URL_SCHEMES:
            return None  # javascript: and the like, reported by convert where it was written
        if parts.scheme or url.startswith("//"):
            if is_image:  # the page would fetch it from there as soon as it opens
                return problem(msg("must be a file inside the course folder, not on another site"))
            if not self.external_links and (parts.scheme in ("http", "https") or url.startswith("//")):
                return problem(msg("goes to another site, which this course forbids (external_links: false)"))
            return url
        if not parts.path:
            if parts.fragment and not parts.fragment.startswith(FOOTNOTE_IDS):
                ctx.anchors.append((url, ctx.page_url, unquote(parts.fragment), link.pos))
            return url
        if url.startswith("/"):
            return problem(msg("must be relative to this file, not start with '/'"), keep=True)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), unquote(parts.path)))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target.startswith("../") or target == "..":
            return problem(msg("points outside the course folder"))
        if target.rstrip("/") in self.source_urls:
            target_url = self.source_urls[target.rstrip("/")]
            if parts.fragment:
                ctx.anchors.append((url, target_url, unquote(parts.fragment), link.pos))
            return relative(target_url, ctx.page_url) + fragment
        if target.endswith(".md"):
            known = [s for s in self.source_urls if s.endswith(".md")]
            return problem(
                msg("goes to '{target}', which is not a page of this course{hint}", target=target,
                    hint=did_you_mean(target, known)),
                keep=True,
            )  # fmt: skip
        problem_kind = self.files.problem(target)
        if problem_kind.startswith("name: "):
            return problem(msg("goes to a file name this system cannot use ({why})", why=problem_kind[6:]), keep=True)
        if problem_kind == "missing":
            # a lesson linked by its page name or without .md: name the link that works
            stem = target.removesuffix(".html").removesuffix("/")
            wanted = next((s for s in (stem + ".md", stem + "/index.md") if s in self.source_urls), None)
            fix = (
                msg(" (did you mean '{match}'?)", match=parts.path.removesuffix(".html").rstrip("/") + ".md")
                if wanted
                else ""
            )
            return problem(msg("goes to '{target}', which does not exist{hint}", target=target, hint=fix), keep=True)
        if problem_kind == "loop":
            return problem(msg("is a symbolic link that leads round in a loop"), keep=True)
        if problem_kind == "outside":
            return problem(msg("is a link to a file outside the course folder; copy the file into the course instead"))
        if self.is_active(target, is_image):
            self.report.warning(
                link.pos,
                msg(
                    "'{target}' can run script in the learner's browser when opened, so it is left out of the site;"
                    " show a picture with ![what it shows](file.png), or, if you trust the file, list it under"
                    " allow_active_files in course.yaml",
                    target=target,
                ),
                "active-file",
            )
            return None
        ctx.assets.add(target)
        return to_site_root(ctx.page_url) + "files/" + quote(target) + fragment

    def is_active(self, target: str, is_image: bool) -> bool:
        """Whether the file could run script on the site, and course.yaml does not vouch for it."""
        suffix = posixpath.splitext(target)[1].lower()
        if suffix not in ACTIVE_SUFFIXES or any(glob_regex(g).fullmatch(target) for g in self.allow_active):
            return False
        if is_image and suffix == ".svg":  # <img> runs no script; the file itself still must not hold any
            return holds_script(self.files.read(target))
        return True


POOL_MIN = 300  # texts to convert before a cold build uses every core: below, starting workers costs more


def _shifted(converted: Converted, columns: int) -> Converted:
    """converted with every position moved right by columns: the text was indented in its file."""
    return replace(
        converted,
        diagnostics=tuple(replace(d, col=d.col + columns) for d in converted.diagnostics),
        links=tuple(replace(link, pos=replace(link.pos, col=link.pos.col + columns)) for link in converted.links),
        quiz_slots=tuple((qid, replace(pos, col=pos.col + columns)) for qid, pos in converted.quiz_slots),
    )


def _convert_key(key: tuple) -> Converted:
    return convert(*key)


def _attribute(url: str) -> str:
    """url as an attribute value, escaped as the sanitiser escapes it."""
    return url.replace("&", "&amp;").replace('"', "&quot;").replace("\u00a0", "&nbsp;")
