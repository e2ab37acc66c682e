"""`course export single-html`: the whole course in one HTML file, for WeChat, email and USB sticks.

The site's renderer makes every page as usual; each page's body then goes into the one file as
an inert <template> in its head, named by its place in the site (en/basics/reading.html), and
static/single.js shows the one the address's hash names (#en/basics/reading.html), running the
site's own script on it as opening the page would. Links between pages become such hashes
(#en/basics/reading.html#heading for a place in another page), and the files the pages show become data: addresses. The
styles and scripts are inlined, and the file's Content-Security-Policy lets run exactly those:
it names them by their SHA-256 (a hash-source) and allows data: for images only, so an inline
script that slipped through a lesson still would not run.

Its size is said, and above the course's budget (course.yaml single_html_budget_kb) a warning at
course.yaml names the largest files inlined."""

from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import posixpath
import re
from pathlib import Path

from course.book import Book
from course.convert.policy import single_file_policy
from course.errors import Diagnostic
from course.i18n.catalog import messages
from course.i18n.trainer import msg
from course.render.addresses import SCHEME, rewrite_addresses
from course.render.fidelity import settle
from course.render.outputs import Exported, ExportOptions
from course.render.scripts import STATIC, static_assets
from course.render.site import render_site
from course.write.file import size_note, write_file

SIZE_CODE = "single-html-size"
MARK = '<meta name="generator" content="course export single-html">'  # tells an earlier export from other files
_LOADER = "single.js"
_HTML_LANG = re.compile(r'<html lang="([^"]*)">')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_BODY = re.compile(r"<body[^>]*>\n?(.*)</body>", re.S)


def write_single_html(book: Book, out: Path, options: ExportOptions) -> Exported:
    data, inlined = single_html(book, options.progress)
    losses = settle(_size_losses(book, len(data), inlined), options.strict)
    write_file(out, data, is_ours=lambda old: MARK.encode() in old[:2000])
    return Exported(out, losses=losses, note=size_note(len(data)))


def single_html(book: Book, progress=None) -> tuple[bytes, dict[str, int]]:
    """The file's bytes, and the files inlined into it (path -> bytes)."""
    course = book.course
    rendered = dict(render_site(book, progress, search=False))  # its policy runs no index file
    langs = course.languages
    page_paths = [p for p in rendered if p.endswith(".html") and p.partition("/")[0] in langs and "/" in p]
    files = {f"files/{a.path}": a.data for a in book.assets}
    inlined: dict[str, int] = {}
    templates = []
    for path in page_paths:
        text = rendered[path].decode()
        lang = _HTML_LANG.search(text).group(1)
        title = _TITLE.search(text).group(1).strip()
        body = _BODY.search(text).group(1)
        body = _rewrite(body, path, set(page_paths), files, inlined, course.default_language)
        url = path.partition("/")[2]
        templates.append(
            f'<template data-page="{html.escape(path)}" data-url="{html.escape(url)}" data-lang="{html.escape(lang)}"'
            f' data-title="{title}">\n{body}</template>\n'
        )
    assets = static_assets()
    style = assets["course.css"].decode()
    script = (
        "window.courseRun = function () {\n"
        + assets["course.js"].decode()
        + assets["learner.js"].decode()  # its parts start only on the pages they belong to
        + "};\n"
        + (STATIC / _LOADER).read_text(encoding="utf-8")
    )
    script = _script_text(script)
    policy = single_file_policy(_sha256(script), _sha256(style))
    title = html.escape(course.text(course.title, course.default_language))
    document = (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(course.default_language)}" data-course="{html.escape(course.id)}"'
        f' data-languages="{html.escape(" ".join(langs))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{MARK}\n"
        f"<title>{title}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f"<style>{style}</style>\n" + "".join(templates) + "</head>\n"
        f'<body data-course="{html.escape(course.id)}">\n'
        f"<noscript><p>{html.escape(messages(course.default_language)['single_needs_js'])}</p></noscript>\n"
        f"<script>{script}</script>\n"
        "</body>\n"
        "</html>\n"
    )
    return document.encode(), inlined


def _rewrite(body: str, at: str, pages: set[str], files: dict[str, bytes], inlined: dict, default_lang: str) -> str:
    """body's addresses made to work inside the one file: a page -> #its/path.html (#its/path.html#anchor),
    a file of the course -> a data: address (a linked one to download). An anchor in the page stays
    #anchor, as skip links and assistive technology expect; single.js makes it #this/page.html#anchor
    when it is followed."""

    def address(tag: str, value: str) -> tuple[str, dict]:
        if value.startswith("#") or SCHEME.match(value):
            return value, {}
        target, hash_mark, anchor = value.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(at), target)) if target else at
        if resolved == "index.html":
            resolved = f"{default_lang}/index.html"
        if resolved in pages:
            return f"#{resolved}{hash_mark}{anchor}", {}
        if resolved in files:
            inlined[resolved] = len(files[resolved])
            # a linked file (a worksheet) is saved, not opened: browsers open no data: page
            extra = {"download": posixpath.basename(resolved)} if tag == "a" else {}
            return _data_address(resolved, files[resolved]), extra
        return value, {}

    return rewrite_addresses(body, address)


def _data_address(path: str, data: bytes) -> str:
    kind = mimetypes.guess_type(path, strict=False)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _script_text(script: str) -> str:
    """script safe inside <script>…</script>: nothing in it may close the element or open a comment."""
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.I).replace("<!--", "<\\!--")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _size_losses(book: Book, size: int, inlined: dict[str, int]) -> list[Diagnostic]:
    budget = book.course.single_html_budget_kb * 1000
    if size <= budget:
        return []
    largest = sorted(inlined.items(), key=lambda item: (-item[1], item[0]))[:3]
    inlined_files = ", ".join(f"{p} ({size_note(n)})" for p, n in largest)
    files = msg("; the largest files inlined: {files}", files=inlined_files) if largest else ""
    message = msg("the single HTML file is {size}, above the budget of {budget} (single_html_budget_kb){files}; mail and"
                  " chat apps may refuse it", size=size_note(size), budget=size_note(budget), files=files)  # fmt: skip
    return [Diagnostic("course.yaml", 1, 1, "warning", message, SIZE_CODE)]
