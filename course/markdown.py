"""Markdown -> safe HTML: extensions, lesson links rewritten and checked, assets collected."""

from __future__ import annotations

import bisect
import html as html_lib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify_unicode

from course.errors import Position, Report, did_you_mean
from course.i18n import messages
from course.markdown_limits import over_limits
from course.model import glob_regex
from course.policy import ACTIVE_SUFFIXES, holds_script
from course.sanitize import clean, written_schemes
from course.site import relative, to_site_root

EXTENSIONS = [
    "tables",
    "footnotes",
    "admonition",
    "attr_list",
    "def_list",
    "fenced_code",
    "sane_lists",
    "toc",
    "pymdownx.details",
    "pymdownx.tilde",
]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}}

QUIZ_DIRECTIVE = re.compile(r"^ {0,3}\[\[\s*quiz\s*:\s*([^\]\s]*)\s*\]\]\s*$")
_SLOT = "\u00a7\u00a7quiz:{}\u00a7\u00a7"
_SLOT_HTML = re.compile(r"<p>\u00a7\u00a7quiz:([^\u00a7<]+)\u00a7\u00a7</p>")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)  # [(level, id, text)]
    quiz_slots: list = field(default_factory=list)  # quiz ids placed inline, in order
    anchors: list = field(default_factory=list)  # (url as written, target page url, fragment, Position)


@dataclass
class LinkContext:
    """What the link rewriter needs to know about the page being rendered."""

    source: str  # source file of the text, relative to the course root
    page_url: str  # where the page goes, relative to the language root
    problems: list = field(default_factory=list)  # (url, message, warning code or '' for an error)
    anchors: list = field(default_factory=list)  # (url, target page url, fragment)
    assets: set = field(default_factory=set)  # course-root-relative files to copy
    active: list = field(default_factory=list)  # (url, file) left out: they could run script
    written: dict = field(default_factory=dict)  # image src on the page -> as the author wrote it
    failure: Exception | None = None  # raised inside the sanitiser's callback


class MarkdownRenderer:
    """Converts course Markdown; one instance per build, reset for every text."""

    def __init__(
        self,
        root: Path,
        source_urls: dict[str, str],
        external_links: bool,
        report: Report,
        cache: dict | None = None,
        allow_active: tuple[str, ...] = (),
    ):
        self.root = root
        self.source_urls = source_urls  # source path -> page url (relative to the language root)
        self.external_links = external_links
        self.allow_active = allow_active  # glob patterns of active files the course vouches for
        self.report = report
        # cache: kept by `course serve` from one rebuild to the next, so only changed texts are
        # converted again. What a conversion depends on beyond its arguments is in self.world.
        self.cache = cache
        self.world = (
            hash(
                (tuple(sorted(source_urls.items())), external_links, report.silenced, allow_active, _files_under(root))
            )
            if cache is not None
            else None
        )
        self.used: set = set()
        self.assets: set[str] = set()
        self.context = LinkContext("", "")
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(
        self, text: str, source: str, page_url: str, first_line: int = 1, inline: bool = False, lang: str = "en"
    ) -> Rendered:
        """HTML for text found at first_line of source, to be shown at page_url in lang."""
        if self.cache is None:
            return self._render(text, source, page_url, first_line, inline, lang)
        key = (self.world, text, source, page_url, first_line, inline, lang)
        self.used.add(key)
        hit = key in self.cache
        if not hit:
            before = len(self.report.diagnostics)
            rendered = self._render(text, source, page_url, first_line, inline, lang)
            self.cache[key] = (rendered, self.report.diagnostics[before:], frozenset(self.context.assets))
        rendered, diagnostics, assets = self.cache[key]
        if hit:
            self.report.diagnostics.extend(diagnostics)  # a cached text's problems are still problems
            self.assets |= assets
        return rendered

    def forget_unused(self) -> None:
        """Drop cached texts this build did not ask for (edited away, or a changed world)."""
        if self.cache is not None:
            for key in set(self.cache) - self.used:
                del self.cache[key]

    def _render(self, text: str, source: str, page_url: str, first_line: int, inline: bool, lang: str) -> Rendered:
        self.context = LinkContext(source, page_url)
        over = over_limits(text, source, first_line)
        for pos, message in over:
            self.report.error(pos, message)
        if over:
            return Rendered("")
        lines, slots = self._place_quizzes(text, source, first_line)
        self.md.reset()
        try:
            html = self.md.convert("\n".join(lines))
        except RecursionError:
            self.report.error(Position(source, first_line), "Markdown is nested too deeply (lists or quotes) to render")
            return Rendered("")
        for scheme in written_schemes(html):
            self.context.problems.append(
                (
                    f"{scheme}:",
                    f"a '{scheme}:' link or image is left out of the page: pages may only link with"
                    " http:, https: or mailto:, or to files of the course",
                    "unsafe-link",
                )  # fmt: skip
            )
        html = clean(html, self.rewrite_attribute)
        if self.context.failure:
            raise self.context.failure
        cited = set(_FOOTNOTE_REF.findall(html))
        for name in _FOOTNOTE_DEF.findall(html):
            if name not in cited:  # Markdown still links it back to a reference that is not there
                self.context.problems.append(
                    (
                        f"[^{name}]:",
                        f"footnote [^{name}] is never cited; cite it in the text with [^{name}] or remove it",
                        "unused-footnote",
                    )  # fmt: skip
                )
        for tag in _IMAGE.findall(html):
            if not (_ALT.search(tag) or ("", ""))[1].strip():
                src = html_lib.unescape((_SRC.search(tag) or ("", ""))[1])
                src = self.context.written.get(src, src)
                self.context.problems.append(
                    (src, f"image '{src}' has no alt text; describe it: ![what it shows]({src})", "no-alt")
                )
        html = join_cjk_lines(html)
        for kind, title in messages(lang)["admonitions"].items():  # boxes without a title of their own
            html = html.replace(
                f'<p class="admonition-title">{kind.capitalize()}</p>', f'<p class="admonition-title">{title}</p>'
            )
        if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        self._report_links(text, source, first_line)
        placed = set(_SLOT_HTML.findall(html))
        for quiz_id, pos in slots:
            if quiz_id not in placed:  # swallowed by raw HTML around it, or inside a list
                self.report.error(pos, "this [[quiz: ...]] line cannot be placed here: give it a line of its own,"
                                       " outside lists and HTML blocks, with a blank line before and after")  # fmt: skip
                html = html.replace(_SLOT.format(quiz_id), "")  # no stray marker on the page
        slots = [(quiz_id, pos) for quiz_id, pos in slots if quiz_id in placed]
        self.assets |= self.context.assets
        toc = [(t["level"], t["id"], html_lib.unescape(t["name"])) for t in _flatten(self.md.toc_tokens)]
        locate = _Locator(text, source, first_line)
        anchors = [(url, target, fragment, locate(url)) for url, target, fragment in self.context.anchors]
        return Rendered(html, toc, slots, anchors)

    def fill_quiz_slots(self, html: str, quiz_html) -> str:
        """Replace each inline-quiz marker with quiz_html(quiz_id)."""
        return _SLOT_HTML.sub(lambda m: quiz_html(m.group(1)), html)

    def _place_quizzes(self, text: str, source: str, first_line: int):
        lines, slots, fence = text.split("\n"), [], ""
        for i, line in enumerate(lines):
            opening = _FENCE.match(line)
            if opening and not fence:
                fence = opening.group(1)
                continue
            if fence and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = ""
                continue
            match = None if fence else QUIZ_DIRECTIVE.match(line)
            if match:
                quiz_id = match.group(1)
                if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", quiz_id):
                    col = line.index("[[") + 1
                    self.report.error(
                        Position(source, first_line + i, col),
                        "write an inline quiz as [[quiz: quiz-id]], with the id from the quiz file's 'id:'"
                        " (English letters, digits, '-', '_' or '.')",
                    )
                    continue
                slots.append((quiz_id, Position(source, first_line + i, line.index("[[") + 1)))
                lines[i] = "\n" + _SLOT.format(quiz_id) + "\n"
        return lines, slots

    def rewrite_attribute(self, tag: str, url: str) -> str | None:
        """The sanitiser's hook: every href and src of the page, whatever wrote it. nh3 calls it
        from Rust, where an exception would only be printed: it is kept and raised after."""
        try:
            new = self.rewrite(url, is_image=tag == "img")
        except Exception as error:  # noqa: BLE001 (raised again once nh3 returns)
            self.context.failure = self.context.failure or error
            return None
        if tag == "img" and new is not None:
            self.context.written[new] = url
        return new

    def rewrite(self, url: str, is_image: bool) -> str | None:
        """The url as the built page links it, or None to drop it; problems are noted."""
        ctx = self.context
        what = "image" if is_image else "link"

        def problem(text: str, keep: bool = False) -> str | None:
            ctx.problems.append((url, f"{what} '{url}' {text}", ""))
            return url if keep else None

        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            if is_image:  # the page would fetch it from there as soon as it opens
                return problem("must be a file inside the course folder, not on another site")
            if not self.external_links and (parts.scheme in ("http", "https") or url.startswith("//")):
                return problem("goes to another site, which this course forbids (external_links: false)")
            return url
        if not parts.path:
            if parts.fragment and not parts.fragment.startswith(_FOOTNOTE_IDS):
                ctx.anchors.append((url, ctx.page_url, unquote(parts.fragment)))
            return url
        if url.startswith("/"):
            return problem("must be relative to this file, not start with '/'", keep=True)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), unquote(parts.path)))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target.startswith("../") or target == "..":
            return problem("points outside the course folder")
        if target.rstrip("/") in self.source_urls:
            target_url = self.source_urls[target.rstrip("/")]
            if parts.fragment:
                ctx.anchors.append((url, target_url, unquote(parts.fragment)))
            return relative(target_url, ctx.page_url) + fragment
        if target.endswith(".md"):
            known = [s for s in self.source_urls if s.endswith(".md")]
            return problem(
                f"goes to '{target}', which is not a page of this course{did_you_mean(target, known)}", keep=True
            )
        path = self.root / target
        try:
            exists = path.is_file()
        except OSError as error:  # a name longer than the system allows, and the like
            return problem(f"goes to a file name this system cannot use ({error.strerror})", keep=True)
        if not exists:
            # a lesson linked by its page name or without .md: name the link that works
            stem = target.removesuffix(".html").removesuffix("/")
            wanted = next((s for s in (stem + ".md", stem + "/index.md") if s in self.source_urls), None)
            fix = f" (did you mean '{parts.path.removesuffix('.html').rstrip('/')}.md'?)" if wanted else ""
            return problem(f"goes to '{target}', which does not exist{fix}", keep=True)
        try:
            inside = path.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):  # a loop of symbolic links
            return problem("is a symbolic link that leads round in a loop", keep=True)
        if not inside:
            return problem("is a link to a file outside the course folder; copy the file into the course instead")
        if self.is_active(target, path, is_image):
            ctx.active.append((url, target))
            return None
        ctx.assets.add(target)
        return to_site_root(ctx.page_url) + "files/" + quote(target) + fragment

    def is_active(self, target: str, path: Path, is_image: bool) -> bool:
        """Whether the file could run script on the site, and course.yaml does not vouch for it."""
        suffix = posixpath.splitext(target)[1].lower()
        if suffix not in ACTIVE_SUFFIXES or any(glob_regex(g).fullmatch(target) for g in self.allow_active):
            return False
        if is_image and suffix == ".svg":  # <img> runs no script; the file itself still must not hold any
            return holds_script(path.read_bytes())
        return True

    def _report_links(self, text: str, source: str, first_line: int) -> None:
        locate = _Locator(text, source, first_line)
        for url, message, code in self.context.problems:
            if code:
                self.report.warning(locate(url), message, code)
            else:
                self.report.error(locate(url), message)
        for url, target in self.context.active:
            self.report.warning(
                locate(url),
                f"'{target}' can run script in the learner's browser when opened, so it is left out of the site;"
                " show a picture with ![what it shows](file.png), or, if you trust the file, list it under"
                " allow_active_files in course.yaml",
                "active-file",
            )


_FOOTNOTE_IDS = ("fn:", "fnref:")  # written by the footnotes extension, not by the author
_FOOTNOTE_DEF = re.compile(r'<li id="fn:([^"]+)"')
_FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:([^"]+)"')
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_SRC = re.compile(r'\bsrc="([^"]*)"')


class _Locator:
    """Finds the written form of urls in a text, in order: each search goes on from the last
    find, so locating every link of a text takes one pass, not one pass per link."""

    def __init__(self, text: str, source: str, first_line: int):
        self.text, self.source, self.first_line, self.cursor = text, source, first_line, 0
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, url: str) -> Position:
        at = self.text.find(url, self.cursor)
        if at < 0:
            at = self.text.find(url)
        if at < 0:  # written with escapes or entities (a\_b.md, a&amp;b): match those too
            pattern = "".join(
                "(?:&amp;|&)" if c == "&" else (r"\\?" + re.escape(c) if not c.isalnum() else re.escape(c)) for c in url
            )
            found = re.search(pattern, self.text) if url else None
            at = found.start() if found else -1
        if at < 0:
            return Position(self.source, self.first_line, 1)
        self.cursor = at + len(url)
        line = bisect.bisect_right(self.starts, at) - 1
        return Position(self.source, self.first_line + line, at - self.starts[line] + 1)


_CJK_BREAK = re.compile(
    r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])\n(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])"
)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def _files_under(root: Path) -> frozenset:
    """Every file of the course a link could point at (its build output aside), with the
    time of each file whose content decides whether it may be linked (an SVG's script)."""
    skip = {"build", "dist", ".git", ".venv", "node_modules"}
    found = set()
    for path in root.iterdir():
        if path.name in skip or path.name.startswith("."):
            continue
        for p in [path] if path.is_file() else path.rglob("*"):
            active = p.suffix.lower() in ACTIVE_SUFFIXES and p.is_file()
            found.add((p.relative_to(root).as_posix(), p.stat().st_mtime_ns if active else 0))
    return frozenset(found)


def join_cjk_lines(html: str) -> str:
    """A line break inside a Chinese paragraph shows as a space between characters, where
    Chinese has none: join such lines (not inside <pre>)."""
    parts = _PRE.split(html)
    return "".join(part if part.startswith("<pre") else _CJK_BREAK.sub(r"\1", part) for part in parts)


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))
