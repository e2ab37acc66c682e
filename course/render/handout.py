"""`course export handout`: the course on paper, for a workshop without screens.

A folder with, per language, a learner's workbook per module (its overview and lessons, then its
questions with room to answer: boxes to tick, lines to write on, two columns to match, boxes to
number) and one facilitator's answer key (every question's right answer, the feedback on every
option, hints, explanations and model answers, each question under its id). They are HTML with
a print stylesheet (A4, a page break before each module, lesson and question set), to print from
a browser; with the optional `pdf` extra (WeasyPrint) each is a PDF beside it as well.

Paper carries no interactivity, which is no loss: a question is there to answer by hand. What a
page links to but paper cannot play (a video or a recording) is printed as its address, and said."""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from pathlib import Path

from markupsafe import Markup

from course.book import Book, BookPage
from course.convert.policy import handout_policy
from course.convert.text import SLOT_HTML
from course.errors import Diagnostic
from course.i18n.catalog import messages
from course.i18n.trainer import msg
from course.link import urls
from course.render.addresses import SCHEME, rewrite_addresses
from course.render.fidelity import LOSS, settle
from course.render.outputs import Exported, ExportOptions
from course.render.scripts import STATIC
from course.render.templating import template_environment

ANSWER_KEY = "answer-key"
INDEX = "handout.html"  # the list of what the folder holds; an earlier export is known by it (FOLDER_MARKS)
# Addresses of what only plays on a screen: files by their suffix, and the video sites courses link.
_MEDIA = re.compile(
    r"\.(mp4|m4v|webm|ogv|mov|avi|mkv|mp3|m4a|ogg|oga|opus|wav|flac)(\?|#|$)"
    r"|^https?://([a-z0-9-]+\.)*(youtube\.com|youtu\.be|vimeo\.com|bilibili\.com|b23\.tv|v\.qq\.com|youku\.com)/",
    re.IGNORECASE,
)


def workbook_name(slug: str) -> str:
    return f"{slug}-workbook"


def write_handout(book: Book, out: Path, options: ExportOptions) -> Exported:
    from course.write.folder import write_folder

    documents, losses = handout_documents(book)
    losses = settle(losses, options.strict)
    files = [(f"{name}.html", data) for name, data in documents]
    pdfs, pdf_note = _pdfs(documents, book)
    files += pdfs
    files.append((INDEX, _index(book, [name for name, _ in documents], bool(pdfs))))
    files += [(f"files/{a.path}", a.data) for a in book.assets]
    written = write_folder(files, out)
    count = len(documents)
    note = f"{count} workbooks and answer keys as HTML; {pdf_note}"
    return Exported(written.out, losses=losses, kept=written.kept, note=note)


def _index(book: Book, names: list[str], pdf: bool) -> bytes:
    course = book.course
    style, policy = _style()
    titles = {
        f"{lang}/{workbook_name(m.slug)}": m.index[lang].title for lang in course.languages for m in course.modules
    }
    languages = []
    for lang in course.languages:
        t = messages(lang)
        documents = [
            (name, f"{titles[name]} · {t['handout_workbook']}" if name in titles else t["handout_answer_key"])
            for name in names
            if name.startswith(f"{lang}/")
        ]
        languages.append({"lang": lang, "name": t["lang_name"], "documents": documents})
    env = template_environment(book.layout, course.external_links)
    return (
        env.get_template("handout/index.html")
        .render(
            lang=course.default_language,
            title=course.text(course.title, course.default_language),
            languages=languages,
            pdf=pdf,
            style=style,
            policy=policy,
        )
        .encode()
    )


def _style() -> tuple[Markup, str]:
    """The handout's stylesheet, and the policy that lets it (and nothing else) apply."""
    style = (STATIC / "handout.css").read_text(encoding="utf-8")
    return Markup(style), handout_policy(base64.b64encode(hashlib.sha256(style.encode()).digest()).decode())


def handout_documents(book: Book) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """(path without suffix, HTML bytes) of every workbook and answer key, and what paper cannot carry."""
    course = book.course
    env = template_environment(book.layout, course.external_links)
    template = env.get_template("handout/document.html")
    style, policy = _style()
    documents, losses = [], []
    for lang in course.languages:
        t = messages(lang)
        course_title = course.text(course.title, lang)
        common = dict(lang=lang, t=t, style=style, policy=policy, course_title=course_title,
                      default_language=course.default_language)  # fmt: skip
        key_modules = []
        for module in course.modules:
            name = f"{lang}/{workbook_name(module.slug)}"
            pages = [book.pages[lang][urls.module_url(module)]]
            if not module.single:
                pages += [book.pages[lang][urls.lesson_url(module, lesson)] for lesson in module.lessons]
            quizzes = _quizzes(book, lang, module, pages)
            in_file = {page.url: _anchor(page) for page in pages}
            page_views = [
                {"kind": page.kind, "title": page.title, "anchor": in_file[page.url], "translated": page.translated,
                 "objectives": page.objectives, "body": Markup(_body(page, in_file, losses))}
                for page in pages
            ]  # fmt: skip
            title = f"{module.index[lang].title} · {t['handout_workbook']}"
            view = {"slug": module.slug, "title": module.index[lang].title, "pages": page_views, "quizzes": quizzes}
            documents.append((name, template.render(common, title=title, modules=[view], key=False).encode()))
            notes = [  # the lessons' instructor notes and solved exercises, for the facilitator alone
                {"title": page.title, "anchor": in_file[page.url] + "--notes",
                 "html": Markup(_body(page, in_file, losses, page.facilitator))}
                for page in pages
                if page.facilitator
            ]  # fmt: skip
            if quizzes or notes:
                key_modules.append({**view, "pages": [], "notes": notes})
        title = f"{course_title} · {t['handout_answer_key']}"
        documents.append(
            (f"{lang}/{ANSWER_KEY}", template.render(common, title=title, modules=key_modules, key=True).encode())
        )
    return documents, losses


def _quizzes(book: Book, lang: str, module, pages: list[BookPage]) -> list:
    """The module's quizzes and any other placed inline on its pages, each once."""
    ids = [quiz.id for quiz in module.quizzes_in(lang)]
    for page in pages:
        ids += [quiz_id for quiz_id in page.quizzes if quiz_id not in ids]
    quizzes = book.quizzes[lang]
    return [
        {"title": quizzes[i].quiz.title, "intro": Markup(quizzes[i].intro), "questions": quizzes[i].questions}
        for i in ids
        if i in quizzes
    ]


def _anchor(page: BookPage) -> str:
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", page.url.removesuffix(".html"))


def _body(page: BookPage, in_file: dict[str, str], losses: list[Diagnostic], html: str | None = None) -> str:
    """page's body on paper: its inline quizzes go to the questions after the lessons, a link to
    a page in this workbook leads there, one to a page elsewhere is its text only, a file is
    ../files/…, and a link to a video or recording is printed with its address (and reported).
    Its ids take the page's name before them, as two lessons of a workbook may have the same.
    html: another text of the page to treat so (its facilitator notes), instead of its body."""
    own = in_file[page.url]

    def address(tag: str, value: str) -> tuple[str | None, dict]:
        if _MEDIA.search(value):
            what = msg(
                "handout cannot carry the video or recording {address}; its address is printed instead", address=value
            )
            losses.append(Diagnostic(page.source, 1, 1, "warning", what, LOSS))  # the book keeps no line of a link
        if value.startswith("#"):
            return (f"#{own}--{value[1:]}" if len(value) > 1 else value), {}
        if SCHEME.match(value):
            return value, {}
        target, _, anchor = value.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), target))
        if resolved in in_file:
            return f"#{in_file[resolved]}--{anchor}" if anchor else f"#{in_file[resolved]}", {}
        if resolved.startswith("../files/"):  # relative to the language folder, as the site has it
            return resolved, {}
        return None, {}  # another module's page: paper keeps the link's text

    body = rewrite_addresses(SLOT_HTML.sub("", page.html if html is None else html), address)
    return _ID.sub(lambda m: f'{m.group(1)}{own}--{m.group(2)}"', body)


_ID = re.compile(r'(<[a-zA-Z][^<>]*?\sid=")([^"]*)"')


def _pdfs(documents: list[tuple[str, bytes]], book: Book) -> tuple[list[tuple[str, bytes]], str]:
    """Each document as a PDF when WeasyPrint is installed (the `pdf` extra), and a note saying so."""
    try:
        import weasyprint
    except (ImportError, OSError):  # not installed, or its system libraries (Pango) are missing
        return [], "PDF skipped: install the pdf extra (WeasyPrint) to get PDFs as well"
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # notes on CSS it ignores are not the author's business
    assets = {f"files/{a.path}": a.data for a in book.assets}

    try:
        from weasyprint.urls import URLFetcherResponse  # WeasyPrint 66 and later
    except ImportError:
        URLFetcherResponse = None  # noqa: N806  (before it, a fetcher returns a dict)

    def fetch(url: str, *args, **kwargs):
        rel = url.removeprefix(_BASE)
        if rel not in assets:
            raise ValueError(f"{url} is not a file of the course")  # nothing is fetched from elsewhere
        if URLFetcherResponse is None:
            return {"string": assets[rel]}
        return URLFetcherResponse(url, assets[rel])

    pdfs = []
    for name, data in documents:
        document = weasyprint.HTML(string=data.decode(), base_url=f"{_BASE}{name}.html", url_fetcher=fetch)
        pdfs.append((f"{name}.pdf", document.write_pdf()))
    return pdfs, f"{len(pdfs)} PDFs"


_BASE = "file:///handout/"  # where the documents seem to be, so their ../files/ addresses name the book's files
