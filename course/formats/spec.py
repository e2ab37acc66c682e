"""How a file format is declared: a Spec of Fields. The loader's formats (course.load.schema) and
each question type's keys (course.questions) are written with these; the checker validates
against them and `course schema` turns them into JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    # text, i18n, id, lang, int, number, bool, list[text], list[id], list[lang], list[number], pairs,
    # object, list[object], enum; any (accepted unchecked)
    kind: str
    doc: str
    required: bool = False
    default: object = None
    spec: Spec | None = None
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    max_items: int | None = None  # a list's limit (docs/formats.md, "Limits")


@dataclass(frozen=True)
class Spec:
    name: str
    doc: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)
