"""A question bank's texts as the Markdown a quiz file holds.

Moodle keeps texts as HTML, as "Moodle auto-format" (HTML where a line break is a break), as plain
text or as Markdown. Each becomes Markdown a trainer can edit: paragraphs, emphasis, code, links,
images, lists and headings as Markdown; the elements Markdown has no syntax for (tables, sub and
superscript, spans) as the HTML they were, which the course's sanitiser then reads like any
author's HTML. Text is escaped so that Markdown shows it as it was written."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

HTML, AUTO, PLAIN, MARKDOWN = "html", "moodle_auto_format", "plain_text", "markdown"

# Inside these, Markdown does nothing: the element is kept as HTML, whole.
_RAW_BLOCKS = {"table", "video", "audio", "iframe", "object", "svg", "math", "figure", "dl", "details"}
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "center", "address"}
_VOID = {"br", "img", "hr", "wbr", "col", "source", "track", "area", "input"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_GAP = re.compile(r"_{4,}")


def to_markdown(text: str, fmt: str = HTML) -> str:
    """text, written in a Moodle text format, as Markdown."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == MARKDOWN:
        return text.strip()
    if fmt == PLAIN:
        text = "".join(f"<p>{html.escape(block)}</p>" for block in re.split(r"\n\s*\n", text) if block.strip())
        text = text.replace("\n", "<br>")
    elif fmt != HTML:  # Moodle's auto-format: HTML where a blank line is a paragraph and a newline a break
        blocks = [block for block in re.split(r"\n\s*\n", text) if block.strip()]
        text = "".join(f"<p>{block.strip()}</p>".replace("\n", "<br>") for block in blocks)
    converter = _Converter()
    converter.feed(text)
    converter.close()
    return converter.result()


def escape_text(text: str) -> str:
    """Plain text as Markdown that shows it: Markdown's marks escaped, a fill-in gap (____) kept."""
    parts = _GAP.split(text)
    gaps = _GAP.findall(text)
    out = []
    for i, part in enumerate(parts):
        part = part.replace("\\", "\\\\")
        part = re.sub(r"([*`\[\]_])", r"\\\1", part)
        part = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", part)
        part = part.replace("<", "&lt;")
        out.append(part)
        if i < len(gaps):
            out.append("____" if len(gaps[i]) >= 4 else gaps[i])
    return "".join(out)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished blocks
        self.line: list[str] = []  # the block being written
        self.prefix: list[str] = []  # list and quote markers of the blocks being written
        self.raw = 0  # depth inside an element kept as HTML
        self.pre = 0
        self.links: list[str] = []  # hrefs of the <a> elements open
        self.lists: list[list] = []  # [kind, counter]
        self.heading = 0  # level of the heading being written
        self.code = 0  # inside <code>: text as it is
        self.items: dict[int, int] = {}  # block index -> its list's number: items of one list join without a blank
        self.list_count = 0
        self.spans: list[bool] = []  # for each <span> open: whether it was kept

    # -- blocks ------------------------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self.line)
        self.line = []
        if self.pre:
            self.blocks.append(text)
            return
        text = re.sub(r"[ \t\n]+", " ", text).strip()
        text = re.sub(r" ?<br> ?", "<br>", text)
        text = re.sub(r"^(?:<br>)+|(?:<br>)+$", "", text)  # a break at either end of a paragraph shows nothing
        if text:
            start = "#" * self.heading + " " + text if self.heading else _line_start(text)
            if self.prefix and not self.prefix[-1].startswith(">"):
                self.items[len(self.blocks)] = self.lists[-1][2] if self.lists else 0
            self.blocks.append("".join(self.prefix) + start)
            if self.prefix and not self.prefix[-1].startswith(">"):
                self.prefix[-1] = " " * len(self.prefix[-1])  # a list item's later paragraphs are indented
        self.heading = 0

    def result(self) -> str:
        self._flush()
        out = []
        for i, block in enumerate(self.blocks):
            if i:
                same_list = i in self.items and self.items.get(i - 1) == self.items[i]
                out.append("\n" if same_list else "\n\n")
            out.append(block.rstrip())
        return "".join(out).strip()

    # -- the parser's events -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if self.raw or tag in _RAW_BLOCKS:
            if not self.raw:
                self._flush()
            self.raw += tag not in _VOID
            self.line.append(_tag(tag, attrs))
            return
        if tag in _BLOCKS or tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS.get(tag, 0)
        elif tag == "br":
            self.line.append("\n" if self.pre else "<br>")
        elif tag == "hr":
            self._flush()
            self.blocks.append("---")
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "code" and not self.pre:
            self.code += 1
            self.line.append("`")
        elif tag == "pre":
            self._flush()
            self.pre += 1
            self.line.append("```\n")
        elif tag == "a":
            self.links.append(attributes.get("href") or "")
            self.line.append("[")
        elif tag == "img":
            alt = escape_text(attributes.get("alt") or "")
            self.line.append(f"![{alt}]({_address(attributes.get('src') or '')})")
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_count += 1
            self.lists.append([tag, 0, self.list_count])  # kind, items so far, which list
        elif tag == "li":
            self._flush()
            kind = self.lists[-1] if self.lists else ["ul", 0, 0]
            kind[1] += 1
            marker = "- " if kind[0] == "ul" else f"{kind[1]}. "
            depth = max(len(self.lists) - 1, 0)
            self.prefix = ["    " * depth + marker]  # Python-Markdown nests a list by four spaces
        elif tag == "blockquote":
            self._flush()
            self.prefix = [*self.prefix, "> "]
        elif tag == "span":
            self.spans.append(bool(attributes))  # a bare span means nothing: it goes
            if attributes:
                self.line.append(_tag(tag, attrs))
        elif tag not in ("html", "body", "head"):
            self.line.append(_tag(tag, attrs))  # no Markdown for it: the HTML stays

    def handle_endtag(self, tag: str) -> None:
        if self.raw:
            self.line.append(f"</{tag}>")
            self.raw -= 1
            if not self.raw:
                self.blocks.append("".join(self.line).strip())
                self.line = []
            return
        if tag in _BLOCKS or tag in _HEADINGS:
            self._flush()
        elif tag in ("strong", "b"):
            self._close_mark("**")
        elif tag in ("em", "i"):
            self._close_mark("*")
        elif tag == "code" and not self.pre:
            self.code = max(self.code - 1, 0)
            self.line.append("`")
        elif tag == "pre":
            self.line.append("\n```")
            self._flush()
            self.pre = max(self.pre - 1, 0)
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.line.append(f"]({_address(href)})" if href else "]")
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            self.prefix = []
        elif tag == "li":
            self._flush()
            self.prefix = []
        elif tag == "blockquote":
            self._flush()
            self.prefix = self.prefix[:-1]
        elif tag == "span":
            if self.spans and self.spans.pop():
                self.line.append("</span>")
        elif tag not in ("html", "body", "head", *_VOID):
            self.line.append(f"</{tag}>")

    def _close_mark(self, mark: str) -> None:
        # Markdown's emphasis must hug its text: "** x **" is no emphasis, so spaces move outside.
        text = "".join(self.line)
        opened = text.rfind(mark)
        inner = text[opened + len(mark) :] if opened >= 0 else ""
        if opened >= 0 and not inner.strip():
            self.line = [text[:opened] + inner]  # an empty emphasis is none
            return
        stripped = inner.rstrip()
        lead = len(inner) - len(inner.lstrip())
        self.line = [text[:opened] + inner[:lead] + mark + stripped.lstrip() + mark + inner[len(stripped) :]]

    def handle_data(self, data: str) -> None:
        if self.raw:
            self.line.append(html.escape(data, quote=False))
        elif self.pre or self.code:
            self.line.append(data)
        else:
            self.line.append(escape_text(data))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.raw:
            self.handle_endtag(tag)


def _tag(tag: str, attrs) -> str:
    written = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)
    return f"<{tag}{written}>"


def _address(url: str) -> str:
    """A link's address inside Markdown's (...): spaces and parentheses encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _line_start(text: str) -> str:
    """A block's first characters that Markdown would read as a heading, a quote or a list, escaped."""
    number = re.match(r"(\d+)([.)])\s", text)
    if number:
        return f"{number.group(1)}\\{number.group(2)}{text[len(number.group(1)) + 1 :]}"
    if re.match(r"(#|>|[-+]\s|=+$|-+$)", text):
        return "\\" + text
    return text
