"""Language tags as the browser reads them: BCP 47 well-formedness, and what a course language may be."""

from __future__ import annotations

import re

from course.i18n.trainer import msg

# The grammar is the one ECMA-402 applies (Intl.getCanonicalLocales throws RangeError on anything
# else): RFC 5646 well-formedness as restated by Unicode UTS #35 "unicode_locale_id". It is RFC 5646
# without extended language subtags (zh-yue), irregular grandfathered tags (i-klingon) and tags of
# private use only (x-foo), and with the -u- and -t- extensions spelled out. The certificate page
# formats dates with the course language: a tag the browser refuses would break that page.
_LANGUAGE = re.compile(r"[a-z]{2,3}|[a-z]{5,8}", re.I)
_SCRIPT = re.compile(r"[a-z]{4}", re.I)
_REGION = re.compile(r"[a-z]{2}|[0-9]{3}", re.I)
_VARIANT = re.compile(r"[a-z0-9]{5,8}|[0-9][a-z0-9]{3}", re.I)
_ALPHANUM = re.compile(r"[a-z0-9]+", re.I)
_U_KEY = re.compile(r"[a-z0-9][a-z]", re.I)
_T_KEY = re.compile(r"[a-z][0-9]", re.I)


class _Tag:
    """A cursor over the subtags; each method consumes one part of the grammar."""

    def __init__(self, tag: str):
        self.tag, self.parts, self.i = tag, tag.split("-"), 0

    def peek(self, pattern: re.Pattern | None = None, size: range | None = None) -> str | None:
        part = self.parts[self.i] if self.i < len(self.parts) else None
        if part is None or (pattern and not pattern.fullmatch(part)) or (size and len(part) not in size):
            return None
        return part

    def take(self, pattern: re.Pattern | None = None, size: range | None = None) -> str | None:
        part = self.peek(pattern, size)
        if part is not None:
            self.i += 1
        return part

    def language_id(self) -> str:
        """unicode_language_id: language (-script)? (-region)? (-variant)*; '' when well-formed."""
        if self.take(_LANGUAGE) is None:
            return msg(
                "'{part}' cannot start it: a tag starts with a language code such as en or zh", part=self.parts[self.i]
            )
        self.take(_SCRIPT)
        self.take(_REGION)
        seen = set()
        while (variant := self.take(_VARIANT)) is not None:
            if variant.lower() in seen:
                return msg("the variant '{variant}' appears twice", variant=variant)
            seen.add(variant.lower())
        return ""

    def extensions(self) -> str:
        seen = set()
        while self.i < len(self.parts):
            singleton = self.take(_ALPHANUM, range(1, 2))
            if singleton is None:
                return ""  # the caller names the subtag that cannot stand here
            key = singleton.lower()
            if key in seen:
                return msg("the extension '-{s}-' appears twice", s=singleton)
            seen.add(key)
            problem = {"x": self.private_use, "u": self.unicode_ext, "t": self.transformed_ext}.get(
                key, self.other_ext
            )()
            if problem:
                return msg(problem.msgid, **{**problem.values, "s": singleton})  # the extension's letter named
        return ""

    def private_use(self) -> str:
        if self.take(_ALPHANUM, range(1, 9)) is None:
            return msg("'-{s}-' must be followed by private subtags of 1 to 8 letters or digits")
        while self.take(_ALPHANUM, range(1, 9)) is not None:
            pass
        return ""

    def other_ext(self) -> str:
        if self.take(_ALPHANUM, range(2, 9)) is None:
            return msg("the extension '-{s}-' must be followed by subtags of 2 to 8 letters or digits")
        while self.take(_ALPHANUM, range(2, 9)) is not None:
            pass
        return ""

    def unicode_ext(self) -> str:
        # (-attribute)* (-key (-type)*)* with at least one of either; attribute 3-8, key 2, type 3-8
        found = False
        while self.take(_ALPHANUM, range(3, 9)) is not None:
            found = True
        while self.take(_U_KEY) is not None:
            found = True
            while self.take(_ALPHANUM, range(3, 9)) is not None:
                pass
        return "" if found else msg("the extension '-{s}-' must be followed by attributes or keys")

    def transformed_ext(self) -> str:
        # (-tlang)? (-tkey (-tvalue)+)* with at least one of either; tlang has no extensions
        found = False
        if self.peek(_LANGUAGE) is not None:
            problem = self.language_id()
            if problem:
                return problem
            found = True
        while self.take(_T_KEY) is not None:
            found = True
            if self.take(_ALPHANUM, range(3, 9)) is None:
                return msg("a key of the '-{s}-' extension must be followed by a value of 3 to 8 letters or digits")
            while self.take(_ALPHANUM, range(3, 9)) is not None:
                pass
        return "" if found else msg("the extension '-{s}-' must be followed by a language or keys")


def well_formed_problem(tag: str) -> str:
    """Why the browser would refuse tag (as Intl.getCanonicalLocales does), or '' if it is well-formed."""
    if "_" in tag:
        return msg("subtags are separated by '-', not '_' ({tag})", tag=tag.replace("_", "-"))
    if not tag or not re.fullmatch(r"[A-Za-z0-9-]+", tag):
        return msg("a language tag has only ASCII letters, digits and '-'")
    empty = next((i for i, part in enumerate(tag.split("-")) if not part), None)
    if empty is not None:
        return msg("a language tag cannot start or end with '-', nor hold '--'")
    cursor = _Tag(tag)
    problem = cursor.language_id() or cursor.extensions()
    if not problem and cursor.i < len(cursor.parts):
        part = cursor.parts[cursor.i]
        if len(part) > 8:
            problem = msg("the subtag '{part}' is longer than 8 characters", part=part)
        else:
            problem = msg("the subtag '{part}' is not a script, region or variant in this place", part=part)
    return problem


def course_language_problem(tag: str) -> str:
    """Why tag cannot be a course language, or ''. Beyond well-formedness: it names a language,
    nothing else (no -u-, -t- or -x- parts), with a code of 2 or 3 letters (5 to 8 are well-formed
    but none is assigned), in the canonical letter case, which file names must repeat exactly."""
    problem = well_formed_problem(tag)
    if problem:
        return problem
    parts = tag.split("-")
    if any(len(part) == 1 for part in parts):
        return msg(
            "a course language names a language, script, region and variants only, without -u-, -t- or -x- parts"
        )
    if not 2 <= len(parts[0]) <= 3:
        return msg("the language code '{code}' must have 2 or 3 letters, such as en or zh", code=parts[0])
    canonical = canonical_case(tag)
    if tag != canonical:
        return msg("write it as '{tag}': file names of translations must repeat it exactly", tag=canonical)
    return ""


def canonical_case(tag: str) -> str:
    """zh-hant-tw -> zh-Hant-TW: language and variants lower case, script title case, region upper case."""
    parts = tag.split("-")
    result = [parts[0].lower()]
    for part in parts[1:]:
        if _SCRIPT.fullmatch(part) and len(result) == 1:
            result.append(part.title())
        elif _REGION.fullmatch(part) and all(not _REGION.fullmatch(p) for p in result[1:]):
            result.append(part.upper())
        else:
            result.append(part.lower())
    return "-".join(result)
