"""XML for the QTI exports: a small element builder with a deterministic writer, and the book's
sanitised HTML turned into the XHTML that QTI 2.1's itemBody allows.

The book's HTML is what course.convert.sanitize lets through, serialised by an HTML5 serialiser:
void elements without a slash, named entities such as &nbsp;. Python's html.parser reads it into
a tree (every non-void element the sanitiser writes is closed), and the tree is written back as
well-formed XML with only the elements and attributes QTI's XHTML subset has: HTML5's own
elements (section, figure, details, mark, del …) become div or span, keeping their name as a
class, so nothing the learner reads is dropped."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

# (tag, attributes, children); a child is a node or a str
Node = tuple


def el(tag: str, attrs: dict | None = None, *children) -> Node:
    """An element; attributes whose value is None are left out, children may be lists of children."""
    flat: list = []
    _flatten(children, flat)
    return (tag, {k: v for k, v in (attrs or {}).items() if v is not None}, flat)


def _flatten(children, into: list) -> None:
    for child in children:
        if isinstance(child, list):  # a node is a tuple, a list is children to splice in
            _flatten(child, into)
        elif child is not None and child != "":
            into.append(child)


def escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def to_xml(root: Node) -> bytes:
    """The document as UTF-8, attributes in the order given: the same tree gives the same bytes."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, parts, 0)
    parts.append("\n")
    return "".join(parts).encode()


_TEXTY = ("mattext", "fieldentry", "fieldlabel", "value", "baseValue", "varequal", "vargte", "varlte", "setvar")


def _write(node: Node, parts: list, depth: int, inline: bool = False) -> None:
    tag, attrs, children = node
    parts.append("<" + tag + "".join(f' {k}="{escape(str(v), True)}"' for k, v in attrs.items()))
    if not children:
        parts.append("/>")
        return
    parts.append(">")
    # Indent only elements that hold elements alone: in mixed content whitespace would be text.
    mixed = inline or any(isinstance(c, str) for c in children) or tag in _TEXTY or tag in XHTML_TAGS
    for child in children:
        if isinstance(child, str):
            parts.append(escape(child))
        else:
            if not mixed:
                parts.append("\n" + "  " * (depth + 1))
            _write(child, parts, depth + 1, mixed)
    if not mixed:
        parts.append("\n" + "  " * depth)
    parts.append(f"</{tag}>")


# ---- HTML -> QTI XHTML ---------------------------------------------------------------------

VOID = frozenset({"br", "hr", "img", "col", "wbr", "input", "source"})
INLINE = frozenset({"a", "abbr", "b", "br", "code", "em", "i", "img", "kbd", "small", "span", "strong", "sub", "sup"})
BLOCK = frozenset(
    {"blockquote", "div", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "table", "ul"}
)
OTHER = frozenset({"li", "dd", "dt", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"})
XHTML_TAGS = INLINE | BLOCK | OTHER
# HTML5 elements QTI 2.1 does not have, and the one it has that takes their place
RENAMED = {
    "article": "div", "aside": "div", "details": "div", "figure": "div", "figcaption": "div", "footer": "div",
    "header": "div", "nav": "div", "section": "div", "summary": "div",
    "del": "span", "s": "span", "u": "span", "mark": "span",
}  # fmt: skip
ATTRIBUTES = {
    "a": ("href",),
    "img": ("src", "alt", "width", "height"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan", "scope"),
}


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root: Node = ("#root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1][2].append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def parse_html(html: str) -> list:
    """The children of an HTML fragment, as (tag, attrs, children) nodes and strings."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root[2]


# url(tag, value) -> the value to write, or None to drop the attribute (and an <a> becomes its text)
UrlRewrite = Callable[[str, str], "str | None"]


def xhtml(html: str, url: UrlRewrite, ns: str = "") -> list:
    """html as QTI 2.1 XHTML nodes (ns: a prefix such as "qti:", or none for the default namespace)."""
    return _convert(parse_html(html), url, ns, block_only=False)


def _convert(children: list, url: UrlRewrite, ns: str, block_only: bool) -> list:
    out: list = []
    loose: list = []  # text and inline elements inside an element that takes blocks only (blockquote)
    for child in children:
        converted = _node(child, url, ns)
        for piece in converted:
            is_block = not isinstance(piece, str) and piece[0].removeprefix(ns) in BLOCK
            if block_only and not is_block:
                if not (isinstance(piece, str) and not piece.strip() and not loose):
                    loose.append(piece)
                continue
            if loose:
                out.append(el(ns + "p", None, *loose))
                loose = []
            out.append(piece)
    if loose and any(not isinstance(p, str) or p.strip() for p in loose):
        out.append(el(ns + "p", None, *loose))
    return out


def _node(node, url: UrlRewrite, ns: str) -> list:
    if isinstance(node, str):
        return [node]
    tag, attrs, children = node
    name = RENAMED.get(tag, tag)
    if name not in XHTML_TAGS:
        return _convert(children, url, ns, block_only=False)  # unknown: its content stays
    kept: dict = {}
    if tag != name or attrs.get("class"):
        kept["class"] = " ".join(filter(None, [attrs.get("class"), tag if tag != name else None]))
    if attrs.get("lang"):
        kept["xml:lang"] = attrs["lang"]
    for attribute in ATTRIBUTES.get(name, ()):
        value = attrs.get(attribute)
        if attribute in ("href", "src") and value is not None:
            value = url(name, value)
        if attribute in ("width", "height") and value is not None and not value.isdigit():
            value = None
        if value is not None:
            kept[attribute] = value
    if name == "img":
        if "src" not in kept:
            return [kept.get("alt", "")] if attrs.get("alt") else []
        kept.setdefault("alt", "")
        return [el(ns + "img", kept)]
    if name == "a" and "href" not in kept:
        return _convert(children, url, ns, block_only=False)
    if name in ("col",):
        return []
    inner = _convert(children, url, ns, block_only=name == "blockquote")
    if name in ("ul", "ol", "dl", "tr", "thead", "tbody", "tfoot", "table"):
        inner = [c for c in inner if not isinstance(c, str) or c.strip()]  # whitespace between list items
    return [el(ns + name, kept, *inner)]


def plain(html: str) -> str:
    """html as its text alone (titles, Canvas's plain labels)."""
    parts: list[str] = []

    def walk(nodes):
        for n in nodes:
            if isinstance(n, str):
                parts.append(n)
            else:
                walk(n[2])

    walk(parse_html(html))
    return " ".join("".join(parts).split())


def rewrite_html(html: str, url: UrlRewrite) -> str:
    """html (as the book has it) with every href and src passed through url: an <a> whose href it
    drops becomes its text, an <img> whose src it drops its alt text. For QTI 1.2's mattext,
    which carries HTML as text, as Canvas reads it."""
    parts: list[str] = []

    def write(nodes):
        for node in nodes:
            if isinstance(node, str):
                parts.append(escape(node))
                continue
            tag, attrs, children = node
            attrs = dict(attrs)
            for name in ("href", "src"):
                if attrs.get(name) is not None:
                    attrs[name] = url(tag, attrs[name])
            if tag == "a" and "href" in attrs and attrs["href"] is None:
                write(children)
                continue
            if tag == "img" and attrs.get("src") is None:
                parts.append(escape(attrs.get("alt") or ""))
                continue
            written = "".join(f' {k}="{escape(v, True)}"' if v is not None else f" {k}" for k, v in attrs.items())
            parts.append(f"<{tag}{written}>")
            if tag not in VOID:
                write(children)
                parts.append(f"</{tag}>")

    write(parse_html(html))
    return "".join(parts)
