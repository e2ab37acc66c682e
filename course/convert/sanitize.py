"""The one sanitiser policy every author-written HTML passes: lesson and quiz text, raw HTML
inside Markdown, and a course's own template partials."""

from __future__ import annotations

import re

import nh3

# What Markdown (with the course's extensions) produces and what the layout partials need,
# and nothing that runs script, submits a form or loads from elsewhere.
ALLOWED_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "kbd", "li", "mark", "nav", "ol", "p", "pre", "s", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-current", "role"},
    "a": {"href", "hreflang", "rel", "data-progress"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src"}

# Class names and ids the quiz engine (static/, bundled into assets/course.js) reads: no author HTML may use them, or a
# lesson or template could fake a question, its answer key or a result.
ENGINE_NAMES = re.compile(
    r"^(q-|quiz|question|parts?$|part-(results|chart|pages|revisit|bar|name|pct)|chart|course-ui$|module-progress"
    r"|certificate|results-title|learner-)"
)  # a heading "Part two" keeps its id part-two
# Names of the page layout around a lesson: lesson text may not restyle the page with them;
# a course's layout partials (templates/_header.html …) exist to provide them.
LAYOUT_NAMES = re.compile(
    r"^(nav-|course|module-|lesson-|pager|sidebar|layout|site-header|languages|main$|skip$|objectives|toc-title)"
)
# Ids are fewer than class names: an author's heading "Lesson plan" or "Objectives" keeps its id,
# and only the ids the pages' own markup and script use are reserved (headings that would take one
# get a "section-" prefix from convert, so their table of contents still works).
ENGINE_IDS = re.compile(
    r"^(q-|quiz-|course-ui$|course-store-notice$|results-title$|part-(results|chart|pages|revisit|bar|name|pct)$"
    r"|learner-)"
)
LAYOUT_IDS = re.compile(r"^(main|skip|objectives-title|toc-title)$")


def reserved_id(value: str, layout: bool = False) -> bool:
    """Whether author HTML may not give an element this id (layout: a course's layout partial,
    which may use the layout's ids)."""
    return bool(ENGINE_IDS.match(value) or (not layout and LAYOUT_IDS.match(value)))


# A scheme written in an href or src before sanitising, to report what the sanitiser drops.
_WRITTEN_SCHEME = re.compile(r"""\b(?:href|src)\s*=\s*["']?\s*([A-Za-z][A-Za-z0-9+.\-]*):""")


def written_schemes(html: str) -> list[str]:
    """Schemes of the href and src values in html that pages may not use (javascript:, file: …)."""
    return [s for s in _WRITTEN_SCHEME.findall(html) if s.lower() not in URL_SCHEMES]


def clean(html: str, rewrite_url=None, layout: bool = False, schemes: set[str] = URL_SCHEMES) -> str:
    """html made safe. rewrite_url(tag, url) -> url or None is called for every href and src
    that survives (in document order), whatever wrote it. layout: the HTML is a course's own
    layout partial, which may use the layout's class names."""

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            names = [n for n in value.split() if not ENGINE_NAMES.match(n) and (layout or not LAYOUT_NAMES.match(n))]
            return " ".join(names) or None
        if attribute == "id" and reserved_id(value, layout):
            return None
        if attribute in URL_ATTRIBUTES and rewrite_url is not None:
            return rewrite_url(element, value)
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=schemes,
        link_rel=None,
        attribute_filter=keep,
    )
