"""What a built page may load and run: the Content-Security-Policy every page carries."""

from __future__ import annotations

import re


# Only the site's own scripts and styles, no inline script, no handler attributes, nothing
# from another host. It is the fallback behind the sanitiser: if a payload ever slips
# through, the browser still refuses to run it. Pages carry it as a <meta> (it must work
# from file:// and any static host); the dev server also sends it as a header.
def page_policy(connect: tuple[str, ...] = ()) -> str:
    """The policy of a site's pages; connect: the origins besides the site's own that its script may
    send to (a course's xAPI endpoint, course.yaml's xapi:), none for a course that sends nothing."""
    sources = " ".join(("'self'", *connect))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        f"font-src 'self'; connect-src {sources}; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


CONTENT_SECURITY_POLICY = page_policy()

# Files that run script when a browser opens them (on the site's own origin, where learners'
# progress lives): a lesson may not link to them unless course.yaml's allow_active_files
# lists them. Shown through <img>, an SVG runs no script; one that holds script is still
# refused, since anyone opening its address directly would run it.
ACTIVE_SUFFIXES = frozenset(
    {".htm", ".html", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt",
     ".rss", ".atom", ".js", ".mjs", ".wasm", ".swf", ".hta"}
)  # fmt: skip
_SCRIPT_IN_SVG = re.compile(
    rb"<script|<foreignobject|<iframe|<embed|<object|<handler|javascript:|data:text/html|xml-stylesheet"
    rb"|\son[a-z]+\s*=",
    re.IGNORECASE,
)


def holds_script(data: bytes) -> bool:
    """Whether an SVG's bytes can run script or load a page when opened."""
    return bool(_SCRIPT_IN_SVG.search(data))


def single_file_policy(script_sha256: str, style_sha256: str) -> str:
    """The policy of `course export single-html`, whose one file must carry its script and styles
    inline: exactly those run, named by their SHA-256 (base64), never 'unsafe-inline'; images
    are data: addresses and nothing is fetched from anywhere."""
    return (
        f"default-src 'none'; script-src 'sha256-{script_sha256}'; style-src 'sha256-{style_sha256}'; "
        "img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def handout_policy(style_sha256: str) -> str:
    """The policy of a printed handout's pages: no script at all, their one inline stylesheet (by its
    SHA-256), and pictures from the handout's own files/ folder."""
    return (
        f"default-src 'none'; style-src 'sha256-{style_sha256}'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'none'"
    )
