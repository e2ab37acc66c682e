"""convert(text, …) -> Converted: one Markdown text to sanitised HTML, and the facts about it.

Pure: what it returns depends on its arguments alone (the text, where it sits, its language),
never on the rest of the course, so a conversion can be kept and reused while the text stays
the same. Links are not resolved here: each href and src becomes a numbered placeholder, and
Converted.links says what was written there and where; the link stage (markdown.py) decides
what each one becomes on its page."""

from __future__ import annotations

import bisect
import html as html_lib
import re
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify_unicode

from course.convert.divs import FACILITATOR_MARKER, FencedDivs, rewrite_divs
from course.convert.limits import over_limits
from course.convert.sanitize import URL_SCHEMES, clean, reserved_id, written_schemes
from course.errors import ERROR, WARNING, Diagnostic, Position
from course.i18n.catalog import messages
from course.i18n.trainer import msg

EXTENSIONS = [
    "tables",
    "footnotes",
    "admonition",
    "attr_list",
    "def_list",
    "sane_lists",
    "toc",
    "pymdownx.details",
    "pymdownx.tilde",
    # code fences anywhere: in boxes, disclosures and list items too (fenced_code reads them only at the top)
    "pymdownx.superfences",
    "pymdownx.highlight",
    FencedDivs(),
]
EXTENSION_CONFIGS = {
    "toc": {"slugify": slugify_unicode, "toc_depth": "2-3"},
    # no colouring: it would need a stylesheet per language, and the label says what the code is
    "pymdownx.highlight": {"use_pygments": False},
}
# A code block with its language, as superfences writes it: the page labels it with the language.
_CODE_BLOCK = re.compile(
    r'<pre class="highlight" tabindex="0"><code class="language-([\w+#.-]+)">.*?</code></pre>', re.DOTALL
)
OUTPUT_LANGUAGES = ("output", "error")  # what a program printed, shown apart from the commands

QUIZ_DIRECTIVE = re.compile(r"^ {0,3}\[\[\s*quiz\s*:\s*([^\]\s]*)\s*\]\]\s*$")
SLOT_HTML = re.compile(r"<p>\u00a7\u00a7quiz:([^\u00a7<]+)\u00a7\u00a7</p>")
_SLOT = "\u00a7\u00a7quiz:{}\u00a7\u00a7"
# [[note: id]] or [[note: id | Prompt text]] on a line of its own: a place for the learner to write,
# saved on their device under the page and the id. The textarea is the tool's, written after the
# sanitiser; the author gives only an id and, optionally, a plain-text prompt.
NOTE_DIRECTIVE = re.compile(r"^ {0,3}\[\[\s*note\s*:(.*)\]\]\s*$")
NOTE_MAX = 50000  # characters of one note (static/store.js, NOTE_MAX)
_NOTE_WRITTEN = re.compile(r"^\s*\[\[\s*note\s*:")
NOTE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
NOTE_SLOT_HTML = re.compile(r"<p>\u00a7\u00a7note:([^\u00a7<]+)\u00a7\u00a7</p>")
_NOTE_SLOT = "\u00a7\u00a7note:{}\u00a7\u00a7"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# An href or src of the converted HTML, to be filled in by the link stage.
LINK_SCHEME = "course-link"
LINK_PLACEHOLDER = re.compile(r' (href|src)="course-link:(\d+)"')
FOOTNOTE_IDS = ("fn:", "fnref:")  # written by the footnotes extension, not by the author
_FOOTNOTE_DEF = re.compile(r'<li id="fn:([^"]+)"')
_FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:([^"]+)"')
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')
_SRC = re.compile(r'\bsrc="course-link:(\d+)"')


@dataclass(frozen=True)
class Link:
    url: str  # as the author wrote it (entities and escapes undone)
    tag: str  # the element: a, img …
    pos: Position  # where it is written


@dataclass(frozen=True)
class Converted:
    html: str  # sanitised; links as placeholders, inline quizzes as slots
    toc: tuple = ()  # (level, id, text) of the headings
    quiz_slots: tuple = ()  # (quiz id, Position) placed inline, in order
    links: tuple[Link, ...] = ()  # in the order of their placeholders
    diagnostics: tuple[Diagnostic, ...] = ()
    ids: tuple[str, ...] = ()  # every id the html gives an element (headings, footnotes, raw anchors)
    facilitator: str = ""  # sanitised: the instructor notes (left out of html), the exercises with solutions shown
    objectives: tuple[str, ...] = ()  # items of an objectives div, else of a keypoints div
    objectives_line: int = 0  # line of the objectives div the objectives come from, 0 if none
    notes: tuple = ()  # (note id, prompt as plain text) of each [[note: ...]], in order


_ID = re.compile(r'\bid="([^"]+)"')  # as the sanitiser writes attributes: always double-quoted
_md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


# Plain text on one line: letters and digits of any script, spaces and everyday punctuation,
# nothing Markdown reads as syntax (no * _ ` [ ] < > & # | ~ \, no list marker and no box,
# disclosure or div fence (!!!, ???, :::) at the start). Most quiz options and feedback are
# like this: converting them takes Markdown's whole block pipeline to give back the text itself.
# tests/test_convert.py holds the two paths equal.
_PLAIN = re.compile(
    r"(?![-+]|\d+[.)](?:\s|$)|:::|!!!|\?\?\?)(?:[^\W_]|[ .,;:!?'\"()/%=—–…“”‘’，。；：！？、（）《》·「」+-])+"
)


def is_plain(text: str) -> bool:
    """Whether text is plain words on one line, which convert gives back without Python-Markdown."""
    return _PLAIN.fullmatch(text) is not None and text == text.strip() and "  " not in text


def convert(text: str, source: str, first_line: int = 1, inline: bool = False, lang: str = "en") -> Converted:
    """The HTML of text found at first_line of source, in lang; inline: without its <p>."""
    if is_plain(text):
        return Converted(text if inline else f"<p>{text}</p>")
    return convert_markdown(text, source, first_line, inline, lang)


_BACKLINK_TITLE = re.compile(r'title="Jump back to footnote (\d+) in the text"')
_HEADING_ID = re.compile(r'(<h[1-6][^>]*?\bid=")([^"]+)"')


def _heading_id(anchor: str) -> str:
    """A heading's id, unless the page's own markup uses that id: a heading "Quiz time" becomes
    section-quiz-time rather than lose its id (the quiz engine owns quiz-*), so its table of
    contents entry and links to it work."""
    return f"section-{anchor}" if reserved_id(anchor) else anchor


def convert_markdown(text: str, source: str, first_line: int = 1, inline: bool = False, lang: str = "en") -> Converted:
    """convert, always through Python-Markdown."""
    problems: list[Diagnostic] = []

    def note(pos: Position, severity: str, message: str, code: str = "") -> None:
        problems.append(Diagnostic(pos.path, pos.line, pos.col, severity, message, code))

    over = over_limits(text, source, first_line)
    if over:
        return Converted("", diagnostics=tuple(Diagnostic(p.path, p.line, p.col, ERROR, m) for p, m in over))
    lines, slots = _place_quizzes(text, source, first_line, note)
    lines, note_slots = _place_notes(lines, source, first_line, note)
    t = messages(lang)
    divs = rewrite_divs(lines, source, first_line, {k[4:]: v for k, v in t.items() if k.startswith("box.")})
    problems += divs.diagnostics
    _md.reset()
    _md.div_facts = divs.facts
    _md.div_boxes = bool(divs.facts) or "!!!" in text or "???" in text
    try:
        html = _md.convert("\n".join(divs.lines))
    except RecursionError:
        note(Position(source, first_line), ERROR, msg("Markdown is nested too deeply (lists or quotes) to render"))
        return Converted("", diagnostics=tuple(problems))
    html = _HEADING_ID.sub(lambda m: m.group(1) + _heading_id(m.group(2)) + '"', html)
    aside = _Locator(text, source, first_line)  # for what is reported out of document order
    for scheme in written_schemes(html):
        note(aside(f"{scheme}:"), WARNING, msg("a '{scheme}:' link or image is left out of the page: pages may only"
             " link with http:, https: or mailto:, or to files of the course", scheme=scheme), "unsafe-link")  # fmt: skip
    written: list[tuple[str, str]] = []

    def placeholder(tag: str, url: str) -> str:
        written.append((tag, url))
        return f"{LINK_SCHEME}:{len(written) - 1}"

    html = clean(html, placeholder, schemes=URL_SCHEMES | {LINK_SCHEME})
    # after the sanitiser, which allows no tabindex: a code block wider than the page scrolls, and
    # a keyboard can scroll only what it can reach
    html = html.replace('<pre class="highlight">', '<pre class="highlight" tabindex="0">')
    html = _CODE_BLOCK.sub(lambda m: _labelled(m.group(0), m.group(1), t), html)
    locate = _Locator(text, source, first_line)
    links = tuple(Link(url, tag, locate(url)) for tag, url in written)
    cited = set(_FOOTNOTE_REF.findall(html))
    for name in _FOOTNOTE_DEF.findall(html):
        if name not in cited:  # Markdown still links it back to a reference that is not there
            note(aside(f"[^{name}]:"), WARNING, msg("footnote [^{name}] is never cited; cite it in the text with"
                 " [^{name}] or remove it", name=name), "unused-footnote")  # fmt: skip
    for tag in _IMAGE.findall(html):
        if not (_ALT.search(tag) or ("", ""))[1].strip():
            src = _SRC.search(tag)
            link = links[int(src.group(1))] if src else Link("", "img", Position(source, first_line))
            note(link.pos, WARNING, msg("image '{url}' has no alt text; describe it: ![what it shows]({url})",
                                        url=link.url), "no-alt")  # fmt: skip
    html = join_cjk_lines(wrap_tables(html, t["table"]))
    admonitions = {k.removeprefix("admonition."): v for k, v in t.items() if k.startswith("admonition.")}
    for kind, title in admonitions.items():  # boxes without a title of their own
        if title == kind.capitalize():
            continue
        html = html.replace(
            f'<p class="admonition-title">{kind.capitalize()}</p>', f'<p class="admonition-title">{title}</p>'
        )
    back = t.get("footnote_back")
    if back and "footnote-backref" in html:  # the link back from a footnote, titled in the page's language
        html = _BACKLINK_TITLE.sub(lambda m: f'title="{back.format(n=m.group(1))}"', html)
    html, marker, facilitator = html.partition(f"<p>{FACILITATOR_MARKER}</p>")
    if marker:  # instructor notes: for the facilitator's handout, not the learner's page
        html, facilitator = html.rstrip("\n"), facilitator.strip("\n")
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    placed = set(SLOT_HTML.findall(html))
    for quiz_id, pos in slots:
        if quiz_id not in placed:  # swallowed by raw HTML around it, or inside a list
            note(pos, ERROR, msg("this [[quiz: ...]] line cannot be placed here: give it a line of its own, outside"
                 " lists and HTML blocks, with a blank line before and after"))  # fmt: skip
            html = html.replace(_SLOT.format(quiz_id), "")  # no stray marker on the page
    html, notes = _fill_notes(html, note_slots, lang, note)
    hidden = _md.div_hidden_ids  # headings inside folded solutions and facilitator notes: not in the outline
    toc = tuple(
        (h["level"], _heading_id(h["id"]), html_lib.unescape(h["name"]))
        for h in _flatten(_md.toc_tokens)
        if h["id"] not in hidden
    )
    placed_slots = tuple((quiz_id, pos) for quiz_id, pos in slots if quiz_id in placed)
    ids = tuple(dict.fromkeys(_ID.findall(html)))
    objectives = tuple(_md.div_objectives or _md.div_keypoints)
    from_line = divs.objectives_line if _md.div_objectives else 0
    return Converted(html, toc, placed_slots, links, tuple(problems), ids, facilitator, objectives, from_line, notes)


def _labelled(block: str, language: str, t: dict) -> str:
    """A code block under a label that names its language; program output (```output) apart."""
    label = t[f"code_{language}"] if language in OUTPUT_LANGUAGES else language
    kind = f" {language}" if language in OUTPUT_LANGUAGES else ""
    return f'<div class="code-block{kind}"><p class="code-label">{html_lib.escape(label)}</p>{block}</div>'


def _lines_with_fences(lines: list[str]):
    """(index, line, inside a code fence) for each line but the fences' own: a directive written
    inside a code block is an example of one, shown as it is, not placed."""
    fence = ""
    for i, line in enumerate(lines):
        if not fence and (opening := _FENCE.match(line)):
            fence = opening.group(1)
            continue
        if fence and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = ""
            continue
        yield i, line, bool(fence)


def _place_quizzes(text: str, source: str, first_line: int, note):
    lines, slots = text.split("\n"), []
    for i, line, fenced in _lines_with_fences(lines):
        match = None if fenced else QUIZ_DIRECTIVE.match(line)
        if match:
            quiz_id = match.group(1)
            pos = Position(source, first_line + i, line.index("[[") + 1)
            if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", quiz_id):
                note(pos, ERROR, msg("write an inline quiz as [[quiz: quiz-id]], with the id from the quiz file's"
                     " 'id:' (English letters, digits, '-', '_' or '.')"))  # fmt: skip
                continue
            slots.append((quiz_id, pos))
            lines[i] = "\n" + _SLOT.format(quiz_id) + "\n"
    return lines, slots


def _place_notes(lines: list[str], source: str, first_line: int, note):
    """lines with each [[note: ...]] (outside code fences) replaced by a slot; the slots as
    (id, prompt written or "", Position). A malformed or repeated id is reported at its line."""
    slots, seen = [], {}
    for i, line, fenced in _lines_with_fences(lines):
        match = None if fenced else NOTE_DIRECTIVE.match(line)
        if not match:
            if not fenced and _NOTE_WRITTEN.match(line):  # indented into a list or code, or text after it
                note(Position(source, first_line + i, line.index("[[") + 1), ERROR, msg("this [[note: ...]] cannot be"
                     " placed here: give it a line of its own, not indented, with nothing after it"), "note-place")  # fmt: skip
            continue
        pos = Position(source, first_line + i, line.index("[[") + 1)
        note_id, _, prompt = match.group(1).partition("|")
        note_id, prompt = note_id.strip(), " ".join(prompt.split())
        if not NOTE_ID.match(note_id):
            note(pos, ERROR, msg("note id '{id}' is not one: write [[note: an-id]] or [[note: an-id | Your"
                 " question]], the id in English letters, digits, '-' or '_' (at most 64), starting with a letter"
                 " or digit", id=note_id), "note-id")  # fmt: skip
            lines[i] = ""
            continue
        if note_id in seen:
            note(pos, ERROR, msg("note id '{id}' is already used on line {line} of this page: give each"
                 " note of a page its own id (learners' notes are saved under it)", id=note_id, line=seen[note_id]),
                 "note-id")  # fmt: skip
            lines[i] = ""
            continue
        seen[note_id] = pos.line
        slots.append((note_id, prompt, pos))
        lines[i] = "\n" + _NOTE_SLOT.format(note_id) + "\n"
    return lines, slots


# The paragraph just before a note, or the last one of the box just before it (a "!!! reflection"
# box asking the question the note answers).
_PARAGRAPH_BEFORE = re.compile(r"<p>((?:(?!<p[ >]).)*?)</p>\s*(?:</div>\s*)?$", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _fill_notes(html: str, slots: list, lang: str, note) -> tuple[str, tuple]:
    """html with each note slot made the note's labelled textarea; the notes as (id, prompt text).
    Without a prompt of its own, the paragraph just before the note is its prompt."""
    words = messages(lang)
    notes = []
    for note_id, prompt, pos in slots:
        slot = f"<p>{_NOTE_SLOT.format(note_id)}</p>"
        at = html.find(slot)
        if at < 0:  # inside a list or raw HTML, where Markdown left it no paragraph of its own
            note(pos, ERROR, msg("this [[note: ...]] line cannot be placed here: give it a line of its own, outside"
                 " lists and HTML blocks, with a blank line before and after"), "note-place")  # fmt: skip
            html = html.replace(_NOTE_SLOT.format(note_id), "")
            continue
        dom_id = f"learner-note-{note_id}"
        before, after = html[:at], html[at + len(slot) :]
        if prompt:
            prompt_html = f'<p class="learner-note-prompt" id="{dom_id}-prompt">{html_lib.escape(prompt)}</p>\n'
            text = prompt
        else:
            found = _PARAGRAPH_BEFORE.search(before)
            if found and "\u00a7\u00a7" in found.group(1):  # an inline quiz's place, not a paragraph
                found = None
            if not found:
                note(pos, ERROR, msg("note '{id}' has no prompt: put the question in the paragraph just before it,"
                     " or write it in the note: [[note: {id} | Your question]]", id=note_id), "note-prompt")  # fmt: skip
                html = before + after
                continue
            text = " ".join(html_lib.unescape(_TAG.sub("", found.group(1))).split())
            before = before[: found.start()] + f'<p id="{dom_id}-prompt">' + before[found.start() + 3 :]
            prompt_html = ""
        box = (
            f'<div class="learner-note" data-note="{note_id}">\n{prompt_html}'
            f'<p class="learner-note-field"><label for="{dom_id}">{html_lib.escape(words["your_note"])}</label>\n'
            f'<textarea id="{dom_id}" rows="4" maxlength="{NOTE_MAX}" aria-describedby="{dom_id}-prompt"></textarea></p>\n'
            f'<p class="learner-note-saved" aria-live="polite"></p>\n</div>'
        )
        html = before + box + after
        notes.append((note_id, text))
    return html, tuple(notes)


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


def join_cjk_lines(html: str) -> str:
    """A line break inside a Chinese paragraph shows as a space between characters, where
    Chinese has none: join such lines (not inside <pre>)."""
    parts = _PRE.split(html)
    return "".join(part if part.startswith("<pre") else _CJK_BREAK.sub(r"\1", part) for part in parts)


_TABLE_OR_HEADING = re.compile(r"<(h[1-6])\b[^>]*>(.*?)</\1>|<(/?)table\b[^>]*>", re.DOTALL)
_CAPTION = re.compile(r"\s*<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def wrap_tables(html: str, fallback: str) -> str:
    """Each outermost table inside a scrolling region a keyboard can reach and a screen reader
    names (by its caption, else the heading before it, else fallback): on a phone a wide table
    scrolls on its own instead of squeezing its columns or widening the page."""
    if "<table" not in html:
        return html
    out, done, depth, heading, start = [], 0, 0, fallback, 0
    for match in _TABLE_OR_HEADING.finditer(html):
        if match.group(1):
            if depth == 0:
                heading = _plain(match.group(2)) or heading
        elif match.group(3) == "":
            depth += 1
            if depth == 1:
                start = match.start()
        elif depth:
            depth -= 1
            if depth == 0:
                table = html[start : match.end()]
                caption = _CAPTION.match(table, len(table[: table.index(">") + 1]))
                label = (caption and _plain(caption.group(1))) or heading
                out.append(html[done:start])
                out.append(
                    f'<div class="table-scroll" role="region" tabindex="0" aria-label="{html_lib.escape(label)}">'
                )
                out.append(table + "</div>")
                done = match.end()
    out.append(html[done:])
    return "".join(out)


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, spaces collapsed."""
    return " ".join(html_lib.unescape(_TAG.sub("", fragment)).split())


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))
