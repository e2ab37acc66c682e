"""JSON Schemas for editors, generated from the declarations the checker uses."""

from __future__ import annotations

import json
from pathlib import Path

from course.load.schema import COURSE, FRONT_MATTER, ID_PATTERN, LANG_TAG_PATTERN, QUIZ, Field, Spec
from course.questions.types import QUESTION_TYPES, question_spec

SCHEMA_FILES = {
    "course.schema.json": COURSE,
    "front-matter.schema.json": FRONT_MATTER,
    "quiz.schema.json": QUIZ,
}


def _text() -> dict:
    return {"type": ["string", "number"]}


def field_schema(f: Field) -> dict:
    kinds = {
        "text": _text,
        "id": lambda: {"type": "string", "pattern": ID_PATTERN},
        "lang": lambda: {"type": "string", "pattern": LANG_TAG_PATTERN},
        "bool": lambda: {"type": "boolean"},
        "enum": lambda: {"enum": list(f.choices)},
        "i18n": lambda: {"anyOf": [_text(), {"type": "object", "additionalProperties": _text()}]},
        "pairs": lambda: {"type": "array", "items": {"type": "array", "items": _text(), "minItems": 2, "maxItems": 2}},
        "object": lambda: spec_schema(f.spec),
    }
    if f.kind in ("int", "number"):
        schema = {"type": "integer" if f.kind == "int" else "number"}
        if f.minimum is not None:
            schema["minimum"] = f.minimum
        if f.maximum is not None:
            schema["maximum"] = f.maximum
    elif f.kind.startswith("list["):
        inner = f.kind[5:-1]
        item = spec_schema(f.spec) if inner == "object" else field_schema(Field(f.name, inner, f.doc))
        schema = {"type": "array", "items": item}
    else:
        schema = kinds[f.kind]()
    if f.max_items is not None:
        schema["maxItems"] = f.max_items
    schema["description"] = f.doc
    if f.default not in (None, [], ()):
        schema["default"] = f.default
    return schema


def spec_schema(spec: Spec) -> dict:
    if spec.name == "question":
        return question_schema()
    return {
        "type": "object",
        "description": spec.doc,
        "properties": {f.name: field_schema(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }


def question_schema() -> dict:
    """One schema per question type, chosen by `type`, so unknown keys are caught per type."""
    variants = []
    for qtype, declared in QUESTION_TYPES.items():
        doc = f"A {qtype} question: the learner {declared.summary}."
        schema = spec_schema(Spec("question-" + qtype, doc, question_spec(qtype).fields))
        schema["properties"]["type"] = {"const": qtype, "description": "The question type."}
        variants.append({"if": {"properties": {"type": {"const": qtype}}, "required": ["type"]}, "then": schema})
    types = list(QUESTION_TYPES)
    return {
        "type": "object",
        "description": "A quiz question.",
        "required": ["id", "type", "prompt"],
        "properties": {"type": {"enum": types, "description": "The question type."}},
        "allOf": variants,
    }


def _foreign_properties() -> dict:
    """The keys other lesson tools write, which the tool reads with a warning or maps (load/foreign.py)."""
    from course.load.foreign import DURATION_PARTS, IGNORED, OBJECTIVES_FROM

    found = {
        key: {"description": f"Written by {tools}; left out here, with a warning: {advice}."}
        for key, (tools, advice) in IGNORED.items()
    }
    for key in DURATION_PARTS:
        found[key] = {
            "type": "integer",
            "minimum": 0,
            "description": "Minutes, as the Carpentries write them; with the other of teaching and exercises,"
            " the page's duration when it has none.",
        }
    for key in OBJECTIVES_FROM:
        found[key] = {
            "type": "array",
            "items": _text(),
            "description": "A list the Carpentries write; the page's objectives when it has none.",
        }
    found["description"] = {
        **_text(),
        "description": "Written by MkDocs, Hugo and Jekyll; the page's summary when it has none.",
    }
    return dict(sorted(found.items()))


def schemas() -> dict[str, dict]:
    result = {}
    for name, spec in SCHEMA_FILES.items():
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": spec.name, **spec_schema(spec)}
        if spec is FRONT_MATTER:
            schema["properties"].update(_foreign_properties())
        result[name] = schema
    return result


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
