"""Validate located YAML data against the declarations of schema.py, reporting every problem where it is."""

from __future__ import annotations

import math
import re

from course.errors import Report, did_you_mean
from course.i18n.trainer import msg
from course.load.langtag import course_language_problem
from course.load.schema import ID_PATTERN, QUESTION_ANY, Field, Spec
from course.load.yamlsource import Located
from course.questions.types import QUESTION_TYPES, QUESTION_UNKNOWN, question_spec

# What the trainer is told a mapping is, by the name of its declaration.
SPEC_NAMES = {
    "accepted answer": msg("accepted answer"),
    "course.yaml": msg("course.yaml"),
    "feedback": msg("feedback"),
    "framework": msg("framework"),
    "front matter": msg("front matter"),
    "option": msg("option"),
    "part": msg("part"),
    "question": msg("question"),
    "quiz": msg("quiz"),
}


class Checker:
    """Validates located data against a Spec, reporting every problem with its position."""

    def __init__(self, doc: Located, report: Report, languages=()):
        self.doc, self.report, self.languages = doc, report, tuple(languages)

    def check(self, value, spec: Spec, keypath=()) -> dict | None:
        """A dict with defaults filled in, or None if value is not a mapping."""
        if not isinstance(value, dict):
            self.report.error(
                self.doc.pos(*keypath),
                msg(
                    "expected a mapping of keys for {what}, found {found}",
                    what=SPEC_NAMES.get(spec.name, spec.name),
                    found=_kind_of(value),
                ),  # fmt: skip,
            )
            return None
        if spec is QUESTION_ANY:
            # Check the keys of the question's own type; with an unknown type, only the type is
            # reported (requiring every type's keys would bury it under a page of knock-ons).
            spec = question_spec(value["type"]) if value.get("type") in QUESTION_TYPES else QUESTION_UNKNOWN
        known = [f.name for f in spec.fields]
        what = SPEC_NAMES.get(spec.name, spec.name)
        if spec.name == "question" and isinstance(value.get("id"), str):
            what = msg("question '{id}'", id=value["id"])
        typed = what
        if spec.name == "question" and value.get("type") in QUESTION_TYPES:
            typed = msg("{question}, a {type} question", question=what, type=value["type"])
        for key in value:
            if key not in known:
                hint = did_you_mean(key, known) or msg("; the keys are: {keys}", keys=", ".join(known))
                self.report.error(
                    self.doc.key_pos(*keypath, key),
                    msg("unknown key '{key}' in {what}{hint}", key=key, what=typed, hint=hint),  # fmt: skip
                )
        result = {}
        for f in spec.fields:
            if f.name not in value or value[f.name] is None:
                if f.required:
                    self.report.error(
                        self.doc.pos(*keypath),
                        msg("{what} is missing the required key '{key}'. {doc}", what=what, key=f.name, doc=msg(f.doc)),
                    )
                result[f.name] = f.default
                continue
            result[f.name] = self.value(value[f.name], f, keypath + (f.name,))
        return result

    def value(self, value, f: Field, keypath):
        pos = self.doc.pos(*keypath)
        kind = f.kind
        if kind == "text":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                hint = msg("; put the text in quotes") if isinstance(value, bool) else ""
                self.report.error(pos, msg("'{key}' must be text, found {found}{hint}", key=f.name, found=_kind_of(value),
                                           hint=hint))  # fmt: skip
                return None
            return self.doc.as_written(*keypath) or str(value)  # '1.50' stays 1.50, not 1.5
        if kind in ("id", "lang", "enum"):
            if not isinstance(value, str):
                self.report.error(pos, msg("'{key}' must be a word, found {found}", key=f.name, found=_kind_of(value)))
                return None
            if kind == "enum" and value not in f.choices:
                self.report.error(
                    pos,
                    msg(
                        "'{value}' is not a valid {key}{hint}; use one of: {choices}",
                        value=value,
                        key=f.name,
                        hint=did_you_mean(value, f.choices),
                        choices=", ".join(f.choices),
                    ),
                )
                return None
            if kind == "id" and not re.match(ID_PATTERN, value):
                self.report.error(pos, msg("'{value}' is not a valid {key}: use letters, digits, '-', '_' or '.'", value=value,
                                           key=f.name))  # fmt: skip
                return None
            problem = course_language_problem(value) if kind == "lang" else ""
            if problem:
                self.report.error(
                    pos, msg("'{value}' is not a valid language tag: {problem}", value=value, problem=problem)
                )
                return None
            return value
        if kind == "i18n":
            if isinstance(value, dict):
                for lang, text in value.items():
                    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
                        self.report.error(
                            self.doc.pos(*keypath, lang), msg("'{key}.{lang}' must be text", key=f.name, lang=lang)
                        )
                    elif self.languages and lang not in self.languages:
                        self.report.error(
                            self.doc.key_pos(*keypath, lang),
                            msg(
                                "'{lang}' is not one of the course languages{hint}",
                                lang=lang,
                                hint=did_you_mean(lang, self.languages),
                            ),
                        )
                return {k: self.doc.as_written(*keypath, k) or str(v) for k, v in value.items()}
            return self.value(value, Field(f.name, "text", f.doc), keypath)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.report.error(
                    pos, msg("'{key}' must be a whole number, found {found}", key=f.name, found=_kind_of(value))
                )
                return None
            if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
                if f.maximum is None:
                    problem = msg("'{key}' must be at least {least}, found {value}", key=f.name, least=f.minimum,
                                  value=value)  # fmt: skip
                else:
                    problem = msg("'{key}' must be between {least} and {most}, found {value}", key=f.name,
                                  least=f.minimum, most=f.maximum, value=value)  # fmt: skip
                self.report.error(pos, problem)
                return None
            return value
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                hint = msg("; write decimals with a point (3.5), without quotes") if isinstance(value, str) else ""
                self.report.error(pos, msg("'{key}' must be a number, found {found}{hint}", key=f.name,
                                           found=_kind_of(value), hint=hint))  # fmt: skip
                return None
            if not math.isfinite(value):
                self.report.error(
                    pos, msg("'{key}' must be a finite number, found {found}", key=f.name, found=_kind_of(value))
                )
                return None
            if f.minimum is not None and value < f.minimum:
                self.report.error(pos, msg("'{key}' must be at least {least}, found {value}", key=f.name, least=f.minimum,
                                           value=value))  # fmt: skip
                return None
            return value
        if kind == "any":
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.report.error(
                    pos, msg("'{key}' must be true or false, found {found}", key=f.name, found=_kind_of(value))
                )
                return None
            return value
        if kind == "object":
            return self.check(value, f.spec, keypath)
        if kind.startswith("list[") or kind == "pairs":
            if not isinstance(value, list):
                self.report.error(pos, msg("'{key}' must be a list (lines starting with '- '), found {found}", key=f.name,
                                           found=_kind_of(value)))  # fmt: skip
                return None
            if not value and f.required:
                self.report.error(pos, msg("'{key}' must not be empty", key=f.name))
            if f.max_items is not None and len(value) > f.max_items:
                self.report.error(
                    self.doc.pos(*keypath, f.max_items),
                    msg(
                        "'{key}' has {n} entries, more than the limit of {most}",
                        key=f.name,
                        n=len(value),
                        most=f.max_items,
                    ),
                )
                value = value[: f.max_items]  # checking the rest would only repeat the point
            inner = kind[5:-1] if kind != "pairs" else "pair"
            items = []
            for i, item in enumerate(value):
                if inner == "object":
                    items.append(self.check(item, f.spec, keypath + (i,)))
                elif inner == "pair":
                    items.append(self.pair(item, f, keypath + (i,)))
                else:
                    items.append(self.value(item, Field(f.name, inner, f.doc), keypath + (i,)))
            return items
        raise AssertionError(f"unknown field kind {kind}")  # a bug in a declaration

    def pair(self, item, f: Field, keypath):
        if isinstance(item, list) and len(item) > 2:
            self.report.error(
                self.doc.pos(*keypath, 2),
                msg(
                    "this pair of '{key}' has {n} parts instead of 2: a text that contains a comma must be in quotes,"
                    ' as in ["Cooking, cleaning", Kitchen team]',
                    key=f.name,
                    n=len(item),
                ),
            )
            return None
        if not isinstance(item, list) or len(item) != 2:
            self.report.error(
                self.doc.pos(*keypath),
                msg("each of '{key}' must be a pair [left, right], found {found}", key=f.name, found=_kind_of(item)),
            )
            return None
        left = self.value(item[0], Field(f.name, "text", f.doc), keypath + (0,))
        right = self.value(item[1], Field(f.name, "text", f.doc), keypath + (1,))
        return None if left is None or right is None else (left, right)


def _kind_of(value) -> str:
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return msg("the number {value}", value=value)
    if isinstance(value, str):
        short = value if len(value) < 30 else value[:27] + "..."
        return msg("the text '{text}'", text=short)
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return type(value).__name__
