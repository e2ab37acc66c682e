"""Markdown -> safe HTML: extensions, lesson links rewritten and checked, assets collected."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from course.errors import Position, Report, did_you_mean
from course.i18n import messages
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

# What Markdown (with the extensions above) produces, and nothing that runs script.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li",
    "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}


# Class names and ids the page templates and course.js own: author HTML may not use them,
# or a lesson could disable the quiz engine or restyle the page around it.
RESERVED_NAMES = re.compile(
    r"^(q-|quiz|question|part|nav-|course|module-|lesson-|pager|sidebar|layout|site-header|languages|chart"
    r"|main$|skip$|objectives|toc-title|results-title)"
)


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return " ".join(name for name in value.split() if not RESERVED_NAMES.match(name)) or None
    if attribute == "id" and RESERVED_NAMES.match(value):
        return None
    return value


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
    problems: list = field(default_factory=list)  # (url, message)
    anchors: list = field(default_factory=list)  # (url, target page url, fragment)
    assets: set = field(default_factory=set)  # course-root-relative files to copy


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root):
        for element in root.iter():
            if element.tag == "img" and not (element.get("alt") or "").strip():
                self.renderer.context.problems.append((element.get("src"), None))
            for attr in ("href", "src"):
                url = element.get(attr)
                if url is not None:
                    element.set(attr, self.renderer.rewrite(url, is_image=element.tag == "img"))


class _Extension(markdown.Extension):
    def __init__(self, renderer):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_LinkRewriter(md, self.renderer), "course-links", 1)


class MarkdownRenderer:
    """Converts course Markdown; one instance per build, reset for every text."""

    def __init__(
        self, root: Path, source_urls: dict[str, str], external_links: bool, report: Report, cache: dict | None = None
    ):
        self.root = root
        self.source_urls = source_urls  # source path -> page url (relative to the language root)
        self.external_links = external_links
        self.report = report
        # cache: kept by `course serve` from one rebuild to the next, so only changed texts are
        # converted again. What a conversion depends on beyond its arguments is in self.world.
        self.cache = cache
        self.world = (
            hash((tuple(sorted(source_urls.items())), external_links, report.silenced, _files_under(root)))
            if cache is not None
            else None
        )
        self.used: set = set()
        self.assets: set[str] = set()
        self.context = LinkContext("", "")
        self.md = markdown.Markdown(
            extensions=[*EXTENSIONS, _Extension(self)], extension_configs=EXTENSION_CONFIGS, output_format="html"
        )

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
        lines, slots = self._place_quizzes(text, source, first_line)
        self.md.reset()
        try:
            html = self.md.convert("\n".join(lines))
        except RecursionError:
            self.report.error(Position(source, first_line), "Markdown is nested too deeply (lists or quotes) to render")
            return Rendered("")
        html = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            attribute_filter=_keep_attribute,
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
        lines = text.split("\n")
        anchors = [
            (url, target, fragment, Position(source, first_line + _find(lines, url)[0], _find(lines, url)[1]))
            for url, target, fragment in self.context.anchors
        ]
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

    def rewrite(self, url: str, is_image: bool) -> str:
        ctx = self.context

        def problem(text: str) -> str:
            ctx.problems.append((url, f"{'image' if is_image else 'link'} '{url}' {text}"))
            return url

        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            if is_image:
                return problem("must be a file inside the course folder, not on another site")
            if not self.external_links and parts.scheme in ("http", "https"):
                return problem("goes to another site, which this course forbids (external_links: false)")
            return url
        if not parts.path:
            if parts.fragment:
                ctx.anchors.append((url, ctx.page_url, unquote(parts.fragment)))
            return url
        if url.startswith("/"):
            return problem("must be relative to this file, not start with '/'")
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
            return problem(f"goes to '{target}', which is not a page of this course{did_you_mean(target, known)}")
        if not (self.root / target).is_file():
            # a lesson linked by its page name or without .md: name the link that works
            stem = target.removesuffix(".html").removesuffix("/")
            wanted = next((s for s in (stem + ".md", stem + "/index.md") if s in self.source_urls), None)
            fix = f" (did you mean '{parts.path.removesuffix('.html').rstrip('/')}.md'?)" if wanted else ""
            return problem(f"goes to '{target}', which does not exist{fix}")
        if not (self.root / target).resolve().is_relative_to(self.root.resolve()):
            return problem("is a link to a file outside the course folder; copy the file into the course instead")
        ctx.assets.add(target)
        return to_site_root(ctx.page_url) + "files/" + quote(target) + fragment

    def _report_links(self, text: str, source: str, first_line: int) -> None:
        lines = text.split("\n")
        seen: dict[tuple, int] = {}  # the nth problem with a url sits at its nth occurrence
        for url, message in self.context.problems:
            key = (url, message is None)
            seen[key] = seen.get(key, -1) + 1
            line, col = _find(lines, url, seen[key])
            pos = Position(source, first_line + line, col)
            if message is None:
                self.report.warning(
                    pos, f"image '{url}' has no alt text; describe it: ![what it shows]({url})", "no-alt"
                )
            else:
                self.report.error(pos, message)


_CJK_BREAK = re.compile(
    r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])\n(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])"
)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)


def _files_under(root: Path) -> frozenset[str]:
    """Every file of the course a link could point at (its build output aside)."""
    skip = {"build", "dist", ".git", ".venv", "node_modules"}
    found = set()
    for path in root.iterdir():
        if path.name in skip or path.name.startswith("."):
            continue
        found |= {p.relative_to(root).as_posix() for p in ([path] if path.is_file() else path.rglob("*"))}
    return frozenset(found)


def join_cjk_lines(html: str) -> str:
    """A line break inside a Chinese paragraph shows as a space between characters, where
    Chinese has none: join such lines (not inside <pre>)."""
    parts = _PRE.split(html)
    return "".join(part if part.startswith("<pre") else _CJK_BREAK.sub(r"\1", part) for part in parts)


def _find(lines: list[str], needle: str, nth: int = 0) -> tuple[int, int]:
    """Line index and column of the nth occurrence of needle (the last one if fewer)."""
    found = (0, 1)
    for i, line in enumerate(lines):
        col = line.find(needle)
        while col >= 0:
            found = (i, col + 1)
            if nth == 0:
                return found
            nth -= 1
            col = line.find(needle, col + 1)
    return found


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))
