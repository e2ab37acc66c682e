"""Fenced divs (`::: callout`, `:::: challenge` … `::: solution`, `::: instructor`), as Pandoc,
Quarto, MyST and the Carpentries Workbench write them, become the course's own boxes; and the
course's own `!!!` boxes and `???` disclosures are checked for what renders as junk.

rewrite_divs turns each div into the admonition or disclosure it means, written the way
Python-Markdown reads them (the body indented under a `!!!` or `???` line), one line for one
line, so every later position still names the author's line. FencedDivs, a Markdown extension,
then finishes the boxes in the element tree: the div's #id, facilitator notes moved after a
marker for convert to cut off (they go to the facilitator's handout, not the learner's page,
with a copy of each exercise whose solution is shown there),
the objectives box taken out (its items are the lesson's objectives), and the ids of headings
inside folded solutions noted, so the page outline leaves them out."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from course.errors import WARNING, Diagnostic
from course.i18n.trainer import msg

# What each understood class becomes. box: an admonition with a title; folded: a disclosure,
# closed until the learner opens it; facilitator: left out of learner pages; objectives: the
# lesson's objectives; keypoints: a box whose items are the objectives where there are none.
DIV_ROLES = {
    **dict.fromkeys(
        ("note", "tip", "warning", "caution", "important", "danger", "info", "example", "callout", "testimonial",
         "discussion", "checklist", "prereq", "reflection", "question", "challenge", "exercise"),
        "box",
    ),
    **dict.fromkeys(("solution", "spoiler", "hint", "answer"), "folded"),
    **dict.fromkeys(("instructor", "facilitator", "instructor-note", "trainer"), "facilitator"),
    "objectives": "objectives",
    "keypoints": "keypoints",
}  # fmt: skip
# Quarto writes its callouts as callout-note, callout-tip …
_QUARTO = re.compile(r"^callout-(note|tip|warning|caution|important)$")
# `!!!` and `???` types the course styles or titles; any other still renders, with a warning.
BOX_TYPES = frozenset(DIV_ROLES) | {"attention", "error", "abstract", "summary", "success", "failure", "bug", "quote"}
FACILITATOR_KINDS = frozenset(k for k, role in DIV_ROLES.items() if role == "facilitator")
OBJECTIVES_CLASS = "course-objectives"  # the objectives box until FencedDivs takes it out
FACILITATOR_MARKER = "\u00a7\u00a7facilitator\u00a7\u00a7"  # a paragraph: what follows it is for facilitators
_MARK = "fenced-div-"  # class that ties a box to its div's facts; removed again in the tree
INDENT = "    "

_DIV_FENCE = re.compile(r"^( {0,3})(:{3,})(.*)$")
_CODE_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_BOX = re.compile(r"^(\s*)(!!!|\?\?\?\+?) *([\w-]+)?((?: +[\w-]+)*)(?: *\"(.*)\")? *$")
_ATTRIBUTE = re.compile(r"""\s*(?:([.#])([^\s{}.#]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+?))(?=[\s}]|$)|([\w-]+))""")


@dataclass
class Div:
    """An open div while its lines are read."""

    colons: int
    kind: str  # the understood class, "" when none
    role: str  # see DIV_ROLES; "" for a div shown without a box
    line: int  # of its opening fence, in the file
    col: int
    index: int  # into the facts


@dataclass
class DivFacts:
    """What the element tree needs to know of one div."""

    kind: str
    role: str
    id: str = ""
    classes: tuple[str, ...] = ()  # the author's other classes, kept on the box


@dataclass
class Rewritten:
    lines: list[str]
    facts: list[DivFacts] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    objectives_line: int = 0  # the line of an objectives div, 0 without one


def div_kind(classes: list[str]) -> str:
    """The first class of classes the course understands, Quarto's callout-x read as x and MyST's
    admonition as note."""
    for name in classes:
        quarto = _QUARTO.match(name)
        if quarto:
            return quarto.group(1)
        if name in DIV_ROLES:
            return name
    return "note" if "admonition" in classes else ""  # MyST's :::{admonition} A title


def parse_opening(rest: str) -> tuple[list[str], str, dict, str]:
    """(classes, id, key=value attributes, title text) of what follows an opening fence's colons:
    `{.callout #id key=value}`, MyST's `{note} Title`, or Pandoc's bare `callout`."""
    rest = rest.strip().rstrip(":").strip()
    classes, ident, attributes, title = [], "", {}, ""
    if rest.startswith("{") and "}" in rest:
        inside, title = rest[1 : rest.index("}")], rest[rest.index("}") + 1 :].strip()
        for m in _ATTRIBUTE.finditer(inside):
            mark, name, key, *values, word = m.groups()
            if mark == ".":
                classes.append(name)
            elif mark == "#":
                ident = name
            elif key:
                attributes[key] = next((v for v in values if v is not None), "")
            elif word:
                classes.append(word)  # MyST: {note}
    elif rest:
        word, _, title = rest.partition(" ")
        classes, title = [word], title.strip()
    return classes, ident, attributes, title


def rewrite_divs(lines: list[str], source: str, first_line: int, titles: dict[str, str]) -> Rewritten:
    """lines (one per line of the text; an element may hold a line break of convert's own) with each
    fenced div written as the box it means; titles: the default title of each kind, in the page's
    language. Also checks the `!!!` and `???` boxes written directly."""
    if not any(":::" in line or "!!!" in line or "???" in line for line in lines):
        return Rewritten(lines)  # most texts: nothing to rewrite or check
    out = Rewritten([])
    stack: list[Div] = []
    fence = ""  # the code fence we are inside, if any
    heading_titles: set[int] = set()  # lines taken as a box's title

    def warn(i: int, col: int, message: str, code: str) -> None:
        out.diagnostics.append(Diagnostic(source, first_line + i, col, WARNING, message, code))

    def indent() -> str:
        return INDENT * sum(1 for d in stack if d.role)

    def close(div: Div) -> None:
        if div.role == "objectives":
            out.objectives_line = out.objectives_line or div.line

    for i, line in enumerate(lines):
        if fence:
            out.lines.append(_indented(indent(), line))
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        code = _CODE_FENCE.match(line)
        if code:
            fence = code.group(2)
            out.lines.append(_indented(indent(), line))
            continue
        if i in heading_titles:
            out.lines.append("")
            continue
        div_fence = _DIV_FENCE.match(line)
        if not div_fence:
            _check_box(lines, i, warn, first_line)
            out.lines.append(_indented(indent(), line))
            continue
        spaces, colons, rest = div_fence.groups()
        col = len(spaces) + 1
        if not rest.strip().strip(":"):  # a closing fence
            out.lines.append("")
            if not stack:
                warn(i, col, msg("this ':::' closes no div: remove it, or open the div it should close above it"
                                 " (for example '::: callout')"), "stray-div-fence")  # fmt: skip
                continue
            # Pandoc closes the innermost div; a fence as long as an outer div's opening closes that one
            # (the Carpentries write the outer fence longer), and the divs inside it were left open.
            target = next((d for d in reversed(stack) if d.colons == len(colons)), stack[-1])
            while stack[-1] is not target:
                inner = stack.pop()
                warn(inner.line - first_line, inner.col,
                     msg("this '{kind}' div is never closed: close it with a line of {n} colons before line {line}",
                         kind=inner.kind or "div", n=inner.colons, line=first_line + i), "unclosed-div")  # fmt: skip
                close(inner)
            close(stack.pop())
            continue
        classes, ident, attributes, title = parse_opening(rest)
        kind = div_kind(classes)
        role = DIV_ROLES.get(kind, "")
        if not kind:
            where = col + len(colons) + (line[col - 1 + len(colons) :].find(classes[0]) if classes else 0)
            known = ", ".join(sorted(set(DIV_ROLES) | {"admonition"}))
            what = msg("unknown div class '{name}'", name=classes[0]) if classes else msg("this div has no class")
            warn(i, where if classes else col, msg("{what}, so its text is shown without a box; the classes understood"
                                                   " are {known}", what=what, known=known), "unknown-div")  # fmt: skip
        if not title and role:
            title = attributes.get("title", "")
        if not title and role:
            following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            heading = _HEADING.match(lines[following]) if following is not None else None
            if heading:
                title = heading.group(2)
                heading_titles.add(following)
        title = (title or titles.get(kind, kind.capitalize())).replace("\n", " ")
        facts = DivFacts(kind, role, ident, tuple(c for c in classes if c != kind and not _QUARTO.match(c)))
        out.facts.append(facts)
        div = Div(len(colons), kind, role, first_line + i, col, len(out.facts) - 1)
        if role:
            folded = role == "folded" or (role == "box" and attributes.get("collapse") == "true")  # Quarto's
            mark = "???" if folded else "!!!"
            box = OBJECTIVES_CLASS if role == "objectives" else kind
            # after a blank line of its own: a paragraph or an HTML block just above must not take it in
            out.lines.append("\n" + _indented(indent(), f'{mark} {box} {_MARK}{div.index} "{title}"'))
        else:
            out.lines.append("")
        stack.append(div)
    for div in stack:
        warn(div.line - first_line, div.col, msg("this '{kind}' div is never closed: end it with a line of {n} colons"
                                                 " (':::')", kind=div.kind or "div", n=div.colons), "unclosed-div")  # fmt: skip
        close(div)
    return out


def _indented(prefix: str, line: str) -> str:
    """line inside prefix's depth of boxes (a blank line stays blank)."""
    if not prefix or not line.strip():
        return line
    return prefix + line.replace("\n", "\n" + prefix)


def _check_box(lines: list[str], i: int, warn, first_line: int) -> None:
    """A `!!!` box or `???` disclosure at line i: of a type the course knows, with its body indented."""
    box = _BOX.match(lines[i])
    if not box:
        return
    spaces, mark, kind = box.group(1), box.group(2), box.group(3)
    col = len(spaces.expandtabs(4)) + 1
    if kind and kind not in BOX_TYPES:
        warn(i, col + len(mark) + 1, msg("unknown box type '{kind}': it shows as a plain box; the types understood"
                                         " are {known}", kind=kind, known=", ".join(sorted(BOX_TYPES))), "unknown-box")  # fmt: skip
    following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
    if following is None:
        return
    body = lines[following]
    depth = len(body) - len(body.lstrip(" \t"))
    if len(body[:depth].expandtabs(4)) < len(spaces.expandtabs(4)) + 4:
        warn(i, col, msg("the text after this '{mark}' box (line {line}) is not indented, so the box is empty and the"
                         " text shows below it: indent the box's lines by 4 spaces", mark=mark, line=first_line + following),
             "box-indent")  # fmt: skip


class _BoxTree(Treeprocessor):
    """Finishes the boxes convert's rewrite_divs wrote: see the module's docstring."""

    def run(self, root: Element) -> None:
        md = self.md
        facts: list[DivFacts] = getattr(md, "div_facts", [])
        md.div_objectives, md.div_keypoints, md.div_hidden_ids = [], [], set()
        if not getattr(md, "div_boxes", True):
            return  # no box or disclosure in the text: nothing to finish
        parents = {child: parent for parent in root.iter() for child in parent}
        facilitator, objectives, exercises = [], [], []
        order = {element: n for n, element in enumerate(root.iter())}
        for element in list(order):
            names = (element.get("class") or "").split()
            for name in names:
                if name.startswith(_MARK) and name[len(_MARK) :].isdigit() and int(name[len(_MARK) :]) < len(facts):
                    div = facts[int(name[len(_MARK) :])]
                    names = [n for n in names if n != name] + [c for c in div.classes if c not in names]
                    element.set("class", " ".join(names))
                    if div.id:
                        element.set("id", div.id)
            if element.tag not in ("div", "details") or not names:
                continue
            if OBJECTIVES_CLASS in names:
                objectives.append(element)
            elif element.tag == "div" and "admonition" in names and FACILITATOR_KINDS & set(names):
                if not any(e in facilitator for e in _ancestors(element, parents)):
                    facilitator.append(element)
            elif "keypoints" in names:
                md.div_keypoints += _items(element, md)
            elif element.tag == "div" and "admonition" in names and EXERCISE_KINDS & set(names):
                exercises.append(element)
            if element.tag == "details" or element in facilitator:
                md.div_hidden_ids |= {h.get("id") for h in element.iter() if h.tag in _HEADINGS and h.get("id")}
        for element in objectives:
            md.div_objectives += _items(element, md)
            _remove(element, parents)
        # for the facilitator: the notes, and each exercise with its solution shown, in the text's order
        answered = [
            (order[e], _answered(e))
            for e in exercises
            if _folded(e) and not any(a in facilitator for a in _ancestors(e, parents))
        ]
        for element in facilitator:
            _remove(element, parents)
        if facilitator or answered:
            marker = SubElement(root, "p")
            marker.text = FACILITATOR_MARKER
            for _, element in sorted(answered + [(order[e], e) for e in facilitator], key=lambda pair: pair[0]):
                element.tail = "\n"
                root.append(element)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
EXERCISE_KINDS = frozenset(("challenge", "exercise"))
FOLDED_KINDS = frozenset(k for k, role in DIV_ROLES.items() if role == "folded")


def _folded(element) -> list:
    """The folded solutions (hints, answers) inside element."""
    return [d for d in element.iter("details") if FOLDED_KINDS & set((d.get("class") or "").split())]


def _answered(exercise):
    """A copy of an exercise box with its solutions shown as boxes, for the facilitator's key: no ids
    (the page has them), no instructor notes (the key lists those on their own)."""
    copy = deepcopy(exercise)
    parents = {child: parent for parent in copy.iter() for child in parent}
    for element in list(copy.iter()):
        names = set((element.get("class") or "").split())
        if element.tag == "div" and "admonition" in names and FACILITATOR_KINDS & names and element in parents:
            _remove(element, parents)
    for element in copy.iter():
        element.attrib.pop("id", None)
    for details in _folded(copy):
        details.tag = "div"
        details.attrib.pop("open", None)
        details.set("class", f"admonition {details.get('class')}")
        for summary in details.iter("summary"):
            summary.tag = "p"
            summary.set("class", "admonition-title")
    return copy


_STASHED = re.compile("\u0002[^\u0003]*\u0003")


def _ancestors(element, parents):
    while element in parents:
        element = parents[element]
        yield element


def _remove(element, parents) -> None:
    parent = parents[element]
    index = list(parent).index(element)
    if element.tail and element.tail.strip():  # text after it stays where it was
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _items(element, md) -> list[str]:
    """The plain text of each list item of a box (its title and other paragraphs are not items)."""
    unescape = md.treeprocessors["unescape"].unescape if "unescape" in md.treeprocessors else (lambda t: t)
    items = []
    for item in element.iter("li"):
        text = " ".join(_STASHED.sub("", unescape("".join(item.itertext()))).split())
        if text:
            items.append(text)
    return items


class FencedDivs(Extension):
    """Python-Markdown extension: finishes the boxes written by rewrite_divs, whose facts convert
    sets as md.div_facts before each conversion."""

    def reset(self) -> None:
        md = self.md
        md.div_facts, md.div_objectives, md.div_keypoints, md.div_hidden_ids = [], [], [], set()
        md.div_boxes = True  # convert says False for a text without any box, div or disclosure

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's API)
        self.md = md
        md.registerExtension(self)  # so that md.reset() calls reset()
        self.reset()
        # after the table of contents (5) has given headings their ids, before unescaping (0)
        md.treeprocessors.register(_BoxTree(md), "fenced_divs", 3)
