"""`course export scorm12` and `scorm2004`: the site as a SCORM package for an LMS.

The zip holds the built site, imsmanifest.xml at its root, and a launch page per SCO (the whole
course, or each module with --sco module) that opens the LMS session and shows the course's own
page in a frame. The pages' script is the site's with the SCORM tracker added
(static/tracker-scorm.js, under the same assets/course.js name, so the pages are the site's
bytes for bytes): it reports scores, completion, success, session time, each question as an
interaction, and the learner's progress as suspend data.

Reproducible as the zip export is: sorted entries, the book's date, rw-r--r--."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from course.book import Book
from course.errors import Diagnostic
from course.i18n.trainer import msg
from course.link import urls
from course.render import fidelity
from course.render.outputs import Exported, ExportOptions
from course.render.scripts import SCORM_PAGE_SCRIPT, SCORM_TRACKER, STATIC, bundle
from course.render.site import render_site
from course.write.archive import reproducible_zip, zip_comment_starts
from course.write.file import size_note, write_file

COMMENT = b"course export scorm"
MANIFEST = "imsmanifest.xml"
LAUNCH_SCRIPT = f"{urls.ASSETS}/scorm-launch.js"
LAUNCH_STYLE = f"{urls.ASSETS}/scorm-launch.css"
# What the LMS keeps of suspend data: SCORM 1.2's CMIString4096, SCORM 2004's 64,000 characters.
SUSPEND_LIMIT = {"1.2": 4096, "2004": 64000}
# A learner's text in an interaction: 1.2 has CMIFeedback of 255 characters and no long-fill-in.
TEXT_LIMIT = {"1.2": 255, "2004": 4000}
_ALPHABET_BITS = 6  # pages visited, six to a character (tracker-scorm.js, encode)
_LAUNCH_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; frame-src 'self'; base-uri 'none'"


@dataclass(frozen=True)
class Sco:
    ident: str  # the manifest's item and resource identifiers end with it
    title: str
    launch: str  # the launch page's path in the package
    start: str  # the course page it shows, e.g. "en/index.html"
    pass_mark: int | None  # the quiz's, for a module's SCO with a quiz
    module: str = ""  # its module's slug; "" for the course's SCO


def write_scorm12(book: Book, out: Path, options: ExportOptions) -> Exported:
    return _write(book, out, options, "1.2")


def write_scorm2004(book: Book, out: Path, options: ExportOptions) -> Exported:
    return _write(book, out, options, "2004")


def _write(book: Book, out: Path, options: ExportOptions, version: str) -> Exported:
    sco = options.settings.get("sco", "course")
    site = dict(render_site(book, options.progress))
    losses = fidelity.settle(scorm_losses(book, site, version), options.strict)
    data = scorm_package(book, site, version, sco)
    write_file(out, data, is_ours=_is_export)
    return Exported(out, losses=losses, note=size_note(len(data)))


def scorm_package(book: Book, site: dict[str, bytes], version: str, sco: str = "course") -> bytes:
    """The package's bytes, from the book and its site (render_site)."""
    scos = _scos(book, sco)
    files = dict(site)
    files[f"{urls.ASSETS}/course.js"] = page_script(book, site, version, sco)
    files[LAUNCH_SCRIPT] = (STATIC / SCORM_TRACKER).read_bytes()
    files[LAUNCH_STYLE] = b"html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; display: block; }\n"
    for item in scos:
        files[item.launch] = _launch_page(book, item, version)
    files[MANIFEST] = manifest(book, version, scos, sorted(files))
    return reproducible_zip(files.items(), book.built, COMMENT + b" " + version.encode())


# ---- what the pages' script is told ----


def scorm_data(book: Book, site_paths, version: str, sco: str) -> dict:
    """window.courseScormData: the page addresses and question ids suspend data counts by place."""
    lang_folders = tuple(f"{lang}/" for lang in book.course.languages)
    pages = sorted({p.split("/", 1)[1] for p in site_paths if p.endswith(".html") and p.startswith(lang_folders)})
    return {
        "version": version,
        "sco": sco,
        "limit": SUSPEND_LIMIT[version],
        "languages": list(book.course.languages),
        "pages": pages,
        "modules": [m.slug for m in book.course.modules],
        "quizzes": [[q.id, q.module, [question.id for question in q.questions]] for q in book.course.quizzes()],
    }


def page_script(book: Book, site: dict, version: str, sco: str) -> bytes:
    at = SCORM_PAGE_SCRIPT.index(SCORM_TRACKER)
    data = json.dumps(scorm_data(book, site, version, sco), separators=(",", ":"), sort_keys=True)
    return (
        bundle(SCORM_PAGE_SCRIPT[:at])
        + b"/* ---- the package's pages and questions, for suspend data ---- */\n"
        + f"window.courseScormData = {data};\n".encode()
        + bundle(SCORM_PAGE_SCRIPT[at:])
    )


def worst_case(data: dict) -> list[int]:
    """Characters of suspend data with every quiz taken, after each quiz (tracker-scorm.js, encode):
    "c1|lang|last|pages|" then per quiz best, last, passed and a character per question, comma-separated."""
    longest_lang = max(len(lang) for lang in data["languages"])
    pages = len(data["pages"])
    head = len("c1|") + longest_lang + 1 + len(_base36(max(pages - 1, 0))) + 1 + math.ceil(pages / _ALPHABET_BITS) + 1
    lengths, total = [], head
    for n, quiz in enumerate(data["quizzes"]):
        total += (1 if n else 0) + 5 + len(quiz[2])
        lengths.append(total)
    return lengths


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


# ---- losses ----


def scorm_losses(book: Book, site_paths, version: str) -> list[Diagnostic]:
    """What the package cannot carry: in 1.2, a reflection's answer past 255 characters; in both,
    the progress of the quizzes past what suspend data holds when every quiz is taken."""
    fmt = "SCORM 1.2" if version == "1.2" else "SCORM 2004"
    losses = []
    for quiz in book.course.quizzes():
        for question in quiz.questions:
            if question.type == "reflection" and version == "1.2":
                what = msg("a reflection's answer past {n} characters (it has no long-fill-in: the answer is reported as"
                           " fill-in, cut there)", n=TEXT_LIMIT["1.2"])  # fmt: skip
                losses.append(fidelity.loss(fmt, quiz, question, "prompt", what))
    data = scorm_data(book, site_paths, version, "course")
    for quiz, length in zip(book.course.quizzes(), worst_case(data), strict=True):
        if length > SUSPEND_LIMIT[version]:
            what = msg("this quiz's progress, or any after it, in its {n} characters of suspend data (the learner's"
                       " browser keeps it)", n=format(SUSPEND_LIMIT[version], ","))  # fmt: skip
            losses.append(fidelity.loss(fmt, quiz, None, None, what))
            break
    return losses


# ---- the package's own files ----


def ident(text: str) -> str:
    """text as an XML identifier's part (SCORM's item ids, cmi5's AU ids and launch pages)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text)


def _scos(book: Book, sco: str) -> list[Sco]:
    course = book.course
    lang = course.default_language
    if sco == "course":
        return [Sco("course", course.text(course.title, lang), "launch.html", f"{lang}/index.html", None)]
    out = []
    for module in course.modules:
        page = module_start(book, module.slug)
        # The SCO reports its quizzes' average best score, and passed once every one of them passes:
        # a mastery score stands for that only when the module has one quiz (the LMS would set the
        # status from the average otherwise), as the course's own SCO has none.
        quizzes = module.quizzes_in(lang)
        out.append(
            Sco(ident(module.slug), page.title, f"launch-{ident(module.slug)}.html", f"{lang}/{page.url}",
                quizzes[0].pass_mark if len(quizzes) == 1 else None, module.slug)
        )  # fmt: skip
    return out


def module_start(book: Book, slug: str):
    """The module's own page (its overview, or its one lesson) in the default language: where its SCO or AU opens."""
    lang = book.course.default_language
    return next(p for p in book.pages[lang].values() if p.module == slug and p.kind == "module")


def _launch_page(book: Book, item: Sco, version: str) -> bytes:
    lang = book.course.default_language
    title = escape(item.title)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" data-scorm="{version}" data-module={quoteattr(item.module)}>\n'
        '<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_LAUNCH_CSP}">\n'
        f"<title>{title}</title>\n"
        f'<link rel="stylesheet" href="{LAUNCH_STYLE}">\n<script src="{LAUNCH_SCRIPT}"></script>\n</head>\n'
        f'<body>\n<iframe src="{quote(item.start)}" title={quoteattr(item.title)}></iframe>\n</body>\n</html>\n'
    ).encode()


def manifest(book: Book, version: str, scos: list[Sco], paths: list[str]) -> bytes:
    course = book.course
    org = f"ORG-{ident(course.id)}"
    title = escape(course.text(course.title, course.default_language))
    files = "".join(f'      <file href="{escape(quote(p))}"/>\n' for p in paths if p != MANIFEST)
    items, resources = [], []
    for item in scos:
        mastery = ""
        if version == "1.2" and item.pass_mark is not None:
            mastery = f"        <adlcp:masteryscore>{item.pass_mark}</adlcp:masteryscore>\n"
        items.append(
            f'      <item identifier="ITEM-{item.ident}" identifierref="RES-{item.ident}">\n'
            f"        <title>{escape(item.title)}</title>\n{mastery}      </item>\n"
        )
        kind = 'adlcp:scormtype="sco"' if version == "1.2" else 'adlcp:scormType="sco"'
        resources.append(
            f'    <resource identifier="RES-{item.ident}" type="webcontent" {kind} href="{escape(quote(item.launch))}">\n'
            f'      <file href="{escape(quote(item.launch))}"/>\n      <dependency identifierref="RES-files"/>\n'
            "    </resource>\n"
        )
    asset = 'adlcp:scormtype="asset"' if version == "1.2" else 'adlcp:scormType="asset"'
    resources.append(f'    <resource identifier="RES-files" type="webcontent" {asset}>\n{files}    </resource>\n')
    if version == "1.2":
        head = (
            '<manifest identifier="MANIFEST-{id}" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"'
            ' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">\n'
            "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n"
        )
        sequencing = ""
    else:
        head = (
            '<manifest identifier="MANIFEST-{id}" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"'
            ' xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">\n'
            "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>2004 4th Edition</schemaversion>\n"
            "  </metadata>\n"
        )
        # The learner moves freely between the SCOs, in order or by choice: nothing more is sequenced.
        sequencing = '      <imsss:sequencing>\n        <imsss:controlMode choice="true" flow="true"/>\n      </imsss:sequencing>\n'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + head.format(id=ident(course.id))
        + f'  <organizations default="{org}">\n    <organization identifier="{org}">\n      <title>{title}</title>\n'
        + "".join(items)
        + sequencing
        + "    </organization>\n  </organizations>\n  <resources>\n"
        + "".join(resources)
        + "  </resources>\n</manifest>\n"
    ).encode()


def _is_export(data: bytes) -> bool:
    return zip_comment_starts(data, COMMENT)
