"""The numbers a text states, normalised so that 2600万, 2,600万 and 26 million compare equal."""

from __future__ import annotations

import re
from decimal import Decimal

_SCALE = {"万": 10**4, "亿": 10**8, "thousand": 10**3, "million": 10**6, "billion": 10**9}

# A number is not the tail of a word or of another number; a Chinese character may come right
# before it (占15.5%), which is why the look-behind lists ASCII only. "多"/"余" may sit between
# a number and its unit (2600多万: more than 26 million).
NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.,])"
    r"(?P<zh_pct>百分之)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*[多余])?"
    r"(?:\s*(?P<scale>万|亿|thousand\b|million\b|billion\b))?"
    r"(?:\s*(?P<pct>%|％))?"
    r"(?P<month>月)?"
)
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september"]
MONTHS += ["october", "november", "december"]

# Numbers that count the course's own parts rather than state a fact: "lesson 2", "modules 2
# to 5", "第3模块", a numbered list item, a link's target. They are blanked out before the count.
STRUCTURE = [
    re.compile(r"\]\([^)]*\)"),  # link targets: ../06-cases/01-free-lunch.md
    re.compile(r"\[\d+(?=\s)"),  # link texts that number the course's modules: [6 Case library]
    re.compile(r"(?m)^[ \t>]*\d+[.)、．]\s"),  # list numbering at the start of a line
    re.compile(
        r"(?i)\b(?:lessons?|modules?|steps?|questions?|parts?|cases?|rows?|lines?|columns?|boxes?|tests?|sessions?|weeks?)"
        r"\s+\d+(?:\s*(?:to|and|or|-|–|—)\s*\d+)?\b"
    ),
    re.compile(r"第\s*\d+\s*(?:[-–—至到]\s*\d+\s*)?(?:课|模块|步|题|个问题|项|部分|个方面|节|条|周|行|格|次课)"),
    re.compile(r"\d+\s*(?:[-–—至到]\s*\d+\s*)?号(?:模块|课)"),
]


# Clock times and durations of a session plan (09:00–09:30, 25 min, 90分钟): the course's own
# timetable, not a fact taken from a source. Only the facilitator's pages may use them freely.
TIMING = re.compile(
    r"\d{1,2}:\d{2}(?:\s*[–-]\s*\d{1,2}:\d{2})?|\d+(?:\s*[–-]\s*\d+)?\s*(?:min\b|minutes?\b|-minute\b|分钟|小时)"
)


def _key(match: re.Match) -> str:
    value = Decimal(match["int"].replace(",", "") + ("." + match["frac"] if match["frac"] else ""))
    if match["scale"]:
        value *= _SCALE[match["scale"]]
    text = format(value.normalize(), "f")
    if match["month"] and not match["scale"] and not match["pct"]:
        return text + "月"  # 6月 is June: matched against the month names of the seeds
    return text + "%" if (match["pct"] or match["zh_pct"]) else text


def figures(text: str) -> list[tuple[str, str]]:
    """(as written, normalised) for every number that text states as a fact."""
    for pattern in STRUCTURE:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return [(m.group(0).strip(), _key(m)) for m in NUMBER.finditer(text)]


def known(texts) -> set[str]:
    """Every normalised number in the given texts (the seed documents), and each month they name
    as its Chinese number (June -> 6月)."""
    texts = list(texts)
    keys = {key for text in texts for _, key in figures(text)}
    words = set(re.findall(r"[A-Z][a-z]+", " ".join(texts)))  # capitalised: "may" is also a verb
    return keys | {f"{n}月" for n, name in enumerate(MONTHS, 1) if name.title() in words}


def unsourced(text: str, sourced: set[str], own: frozenset[str] = frozenset()) -> list[str]:
    """The numbers in text that are neither in sourced nor the course's own (own: e.g. "70%").
    A bare number also counts as sourced when the seeds give it as a percentage (15.5 / 15.5%)."""
    return [
        raw
        for raw, key in figures(text)
        if key not in sourced and key not in own and not (key[-1].isdigit() and key + "%" in sourced)
    ]
