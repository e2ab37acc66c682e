"""`course export qti`: the quizzes as an IMS content package of QTI items and tests, in one zip.

QTI 2.1 by default (course.render.qti21: an item per question and language, a test per quiz and
language); `--qti-version 1.2` writes the flavour Canvas classic quizzes import instead
(course.render.qti12: one questestinterop per quiz and language). The images the questions show
go into the package under files/ (QTI 2.1) or web_resources/ (1.2, where Canvas looks), and the
item's img points there. What a version cannot carry is reported at its line before anything
is written. Reproducible like the site zip: sorted entries, the book's date, rw-r--r--."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote, unquote

from course.book import Book, BookQuiz
from course.i18n.catalog import messages
from course.i18n.trainer import msg
from course.render import qti21, qti21_processing
from course.render.fidelity import loss, settle
from course.render.outputs import Exported, ExportOptions
from course.render.qti_xml import el, rewrite_html, to_xml, xhtml
from course.write.archive import reproducible_zip, zip_comment_starts
from course.write.file import size_note, write_file

COMMENT = b"course export qti"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_FILES = "$IMS-CC-FILEBASE$"  # how Canvas's QTI points at the files of its package (web_resources/)


def write_qti(book: Book, out: Path, options: ExportOptions) -> Exported:
    version = options.settings.get("qti_version") or "2.1"
    files, found = (package_21 if version == "2.1" else package_12)(book)
    losses = settle(found, options.strict)
    data = reproducible_zip(files.items(), book.built, COMMENT)
    write_file(out, data, is_ours=_is_export)
    return Exported(out, losses=losses, note=f"QTI {version}, {size_note(len(data))}")


def _is_export(data: bytes) -> bool:
    return zip_comment_starts(data, COMMENT)


class Texts:
    """Converts the texts of one quiz for one file of the package: images the book has are added
    to the package and pointed at from the file; links to the course's pages, which the package
    does not hold, become their text (a loss)."""

    def __init__(self, book: Book, quiz: BookQuiz, lang: str, fmt: str, files_folder: str, losses: list):
        self.assets = {a.path: a.data for a in book.assets}
        self.quiz, self.fmt, self.folder, self.losses = quiz, fmt, files_folder, losses
        # the folder (relative to the site root) of the page the quiz's texts were linked for
        page = quiz.url
        self.base = posixpath.dirname(f"{lang}/{page}")
        self.used: set[str] = set()

    def url(self, written: str, question, field: str, here: str, prefix: str | None = None) -> str | None:
        """written (an href or src as the book has it) as the package file here points at it."""
        if ":" in written.split("/")[0]:  # http:, https:, mailto: go where they went
            return written
        target = posixpath.normpath(posixpath.join(self.base, unquote(written.partition("#")[0])))
        path = target.removeprefix("files/")
        if target.startswith("files/") and path in self.assets:
            self.used.add(path)
            inside = f"{self.folder}/{quote(path)}"
            return f"{prefix}/{quote(path)}" if prefix else posixpath.relpath(inside, posixpath.dirname(here))
        self.losses.append(
            loss(
                self.fmt,
                self.quiz.quiz,
                question,
                field,
                msg("the link to '{address}' (a page of the site)", address=written),
            )
        )
        return None

    def xhtml(self, html: str, question, field: str, here: str) -> list:
        return xhtml(str(html), lambda tag, value: self.url(value, question, field, here))

    def html(self, html: str, question, field: str) -> str:
        """html for QTI 1.2's mattext: images from Canvas's folder of the package's files."""
        return rewrite_html(str(html), lambda tag, value: self.url(value, question, field, "", CANVAS_FILES))

    def for_question(self, question, here: str):
        """text(html, field) -> the XHTML of that field of question, for the file here."""
        return lambda html, field: self.xhtml(html, question, field, here)

    def lost(self, question):
        """lost(field, what): note that the format leaves what of that field of question out."""
        return lambda field, what: self.losses.append(loss(self.fmt, self.quiz.quiz, question, field, what))

    def files(self) -> dict[str, bytes]:
        return {f"{self.folder}/{p}": self.assets[p] for p in sorted(self.used)}


def quizzes(book: Book):
    """(lang, quiz) for every quiz in every language it is written in: where a translation is
    missing the book shows the default language's quiz, which the package already holds."""
    default = book.course.default_language
    for lang in book.course.languages:
        for quiz in book.quizzes[lang].values():
            if lang == default or quiz.quiz.source != book.quizzes[default][quiz.id].quiz.source:
                yield lang, quiz


def manifest(identifier: str, resources: list, schema: str, version: str) -> bytes:
    return to_xml(
        el(
            "manifest",
            {
                "xmlns": CP,
                "xmlns:xsi": XSI,
                "identifier": identifier,
                "xsi:schemaLocation": f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
            },
            el("metadata", None, el("schema", None, schema), el("schemaversion", None, version)),
            el("organizations"),
            el("resources", None, resources),
        )
    )


def resource(identifier: str, kind: str, href: str | None, files: list[str], depends: list[str] = ()):
    return el(
        "resource",
        {"identifier": identifier, "type": kind, "href": href},
        [el("file", {"href": quote(f)}) for f in files],
        [el("dependency", {"identifierref": d}) for d in depends],
    )


def package_21(book: Book) -> tuple[dict[str, bytes], list]:
    files: dict[str, bytes] = {}
    items, tests, losses = [], [], []
    for lang, quiz in quizzes(book):
        words = messages(lang)
        texts = Texts(book, quiz, lang, "QTI 2.1", "files", losses)
        test_path = f"tests/{lang}/{quiz.id}.xml"
        refs = []
        for view in quiz.questions:
            q = view["q"]
            path = f"items/{lang}/{quiz.id}/{q.id}.xml"
            texts.used = set()
            files[path] = to_xml(qti21.item(view, lang, quiz, texts.for_question(q, path), words, texts.lost(q)))
            ident = qti21.item_identifier(lang, quiz.id, q.id)
            pictures = texts.files()
            files.update(pictures)
            items.append(resource(ident, "imsqti_item_xmlv2p1", path, [path, *pictures]))
            refs.append((ident, posixpath.relpath(path, posixpath.dirname(test_path))))
        texts.used = set()
        intro = texts.xhtml(quiz.intro, None, "intro", test_path) if quiz.intro else []
        files[test_path] = to_xml(qti21_processing.test(quiz, lang, refs, intro))
        pictures = texts.files()
        files.update(pictures)
        ident = qti21_processing.test_identifier(lang, quiz.id)
        tests.append(resource(ident, "imsqti_test_xmlv2p1", test_path, [test_path, *pictures], [r[0] for r in refs]))
    files["imsmanifest.xml"] = manifest(f"MANIFEST-{book.course.id}", tests + items, "QTIv2.1 Package", "1.0.0")
    return files, losses


def package_12(book: Book) -> tuple[dict[str, bytes], list]:
    from course.render import qti12

    files: dict[str, bytes] = {}
    resources, losses = [], []
    pictures: dict[str, bytes] = {}
    for lang, quiz in quizzes(book):
        words = messages(lang)
        texts = Texts(book, quiz, lang, "QTI 1.2", "web_resources", losses)
        ident = qti12.assessment_identifier(lang, quiz.id)
        path = f"{ident}/{ident}.xml"
        files[path] = to_xml(qti12.assessment(quiz, lang, texts, words, losses))
        pictures.update(texts.files())
        resources.append(resource(ident, "imsqti_xmlv1p2", path, [path]))
    files.update(pictures)
    if pictures:
        resources.append(resource("web-resources", "webcontent", None, sorted(pictures)))
    files["imsmanifest.xml"] = manifest(f"MANIFEST-{book.course.id}", resources, "IMS Content", "1.1.3")
    return files, losses
