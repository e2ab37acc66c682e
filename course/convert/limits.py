"""The limits a Markdown text must keep, checked in one pass before it is converted.

Python-Markdown takes time that grows faster than the text for a few shapes: lists and
quotes nested deep, many '[' that never close in one paragraph, thousands of footnotes or
headings. A text over a limit is reported and not converted, so a hostile lesson (rechecked
on every save under `course serve`) cannot stall the tool, and what is converted costs time
in proportion to its size."""

from __future__ import annotations

import re

from course.errors import Position
from course.i18n.trainer import msg

MAX_DEPTH = 20  # levels of nested lists or quotes
MAX_OPEN_BRACKETS = 100  # '[' without a closing ']' in one paragraph
MAX_HEADINGS = 500  # per text
MAX_FOOTNOTES = 500  # per text
MAX_LINKS = 5000  # links and images per text

_MARKER = re.compile(r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]]+\]:")
_LINK = re.compile(r"\]\(|\]\[|<a\s|<img\s|<https?:", re.IGNORECASE)


# What the trainer is told there are too many of.
LIMIT_NAMES = {"headings": msg("headings"), "footnotes": msg("footnotes"), "links": msg("links")}


def depth(line: str) -> int:
    """How deep a line sits: four columns of indentation, or one list or quote marker, a level."""
    rest = line.lstrip(" \t")
    level = len(line[: len(line) - len(rest)].expandtabs(4)) // 4
    while True:
        marker = _MARKER.match(rest)
        if not marker:
            return level
        level += 1
        rest = rest[marker.end() :]


def over_limits(text: str, source: str, first_line: int = 1) -> list[tuple[Position, str]]:
    """Every limit text goes over, at the line where it first does (empty when it keeps them)."""
    problems = []
    counts = {"headings": 0, "footnotes": 0, "links": 0}
    limits = {"headings": MAX_HEADINGS, "footnotes": MAX_FOOTNOTES, "links": MAX_LINKS}
    open_brackets = 0
    too_deep = False
    for number, line in enumerate(text.split("\n")):
        pos = Position(source, first_line + number, 1)
        if not line.strip():
            open_brackets = 0  # a blank line ends the paragraph
            continue
        if not too_deep and depth(line) > MAX_DEPTH:
            too_deep = True
            problems.append((pos, msg("lists or quotes are nested more than {depth} levels deep here; flatten them",
                                      depth=MAX_DEPTH)))  # fmt: skip
        for char in re.findall(r"(?<!\\)[\[\]]", line):
            open_brackets = open_brackets + 1 if char == "[" else max(0, open_brackets - 1)
            if open_brackets == MAX_OPEN_BRACKETS + 1:
                problems.append(
                    (
                        pos,
                        msg(
                            "this paragraph has more than {n} '[' that never close; write \\[ for a bracket that starts"
                            " no link",
                            n=MAX_OPEN_BRACKETS,
                        ),
                    )  # fmt: skip
                )
        found = {
            "headings": bool(_HEADING.match(line)),
            "footnotes": bool(_FOOTNOTE.match(line)),
            "links": len(_LINK.findall(line)),
        }
        for kind, n in found.items():
            before = counts[kind]
            counts[kind] += n
            if before <= limits[kind] < counts[kind]:
                problems.append((pos, msg("more than {n} {what} in one text; split it into several lessons", n=limits[kind],
                                          what=LIMIT_NAMES[kind])))  # fmt: skip
    return problems
