"""Keep the catalogs in step with the code: `python -m course.i18n.update` extracts each domain's
template (.pot) with Babel and merges it into every language's .po, as `pybabel extract` and
`pybabel update` would. A new language: copy a .pot to locale/<lang>/LC_MESSAGES/<domain>.po,
fill in its Language and Plural-Forms headers and every msgstr."""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from course.i18n.catalog import LOCALE
from course.i18n.command_line import CLICK_DOMAIN

PACKAGE = Path(__file__).parents[1]
# Each domain: the files its msgids are written in, and the functions that mark them.
DOMAINS = {
    "course": (lambda: ["i18n/interface.py"], {"text": ((1, "c"), 2), "plural": ((1, "c"), 2, 3)}),
    # what the trainer reads: every msg() and msg_n() of the package
    "diagnostics": (
        lambda: sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "interface.py"),
        {"msg": (1,), "msg_n": (1, 2), "Field": (3,)},  # a field's doc completes "missing the required key"
    ),
}
# The catalogs' headers carry no date of their own: the same code gives the same files.
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
PROJECT = "course"
HEADER = "# The {domain} domain of the course tool{language}.\n# This file is distributed under the same licence as the course tool (MIT)."


def new_catalog(domain: str, locale: str | None = None) -> Catalog:
    """An empty catalog of domain (a template when locale is None), with the project's header."""
    language = f", {locale}" if locale else ": the template every language's .po is made from"
    return Catalog(locale=locale, domain=domain, project=PROJECT, version="1", msgid_bugs_address="the course repository's issues",
                   header_comment=HEADER.format(domain=domain, language=language), creation_date=FIXED_DATE,
                   revision_date=FIXED_DATE, last_translator="course maintainers", language_team="course maintainers", fuzzy=False)  # fmt: skip


def extract(domain: str) -> Catalog:
    """The template of domain, from the code as it is now."""
    files, keywords = DOMAINS[domain]
    template = new_catalog(domain)
    for name in files():
        found = extract_from_file("python", PACKAGE / name, keywords=keywords, comment_tags=("TRANSLATORS:",),
                                  strip_comment_tags=True)  # fmt: skip
        for line, message, comments, context in found:
            if message in ("", ("", "")):
                continue  # msg(msgid) where msgid is a name, not a literal: nothing to extract
            known = template.get(message if isinstance(message, str) else message[0], context)
            if known is not None:
                known.locations.append((name, line))
                continue
            template.add(message, None, [(name, line)], auto_comments=comments, context=context)
    if domain == "diagnostics":
        clicks = {message.id for message in click_template()}  # --version's help is click's, in its catalog
        for name, pick in COMMAND_LINE_TEXTS.items():
            for line, english in command_line_texts(PACKAGE / name, pick):
                if english in clicks:
                    continue
                known = template.get(english)
                if known is None:
                    template.add(english, None, [(name, line)])
                else:
                    known.locations.append((name, line))
    return template


# Texts that `course -h` and `course export --list` show and that are written as docstrings or
# help= rather than with msg(), read from the code's syntax tree (as Babel reads msg() calls):
# the commands' docstrings and their options' help=, and the first line of each export function's
# docstring. What the shown English is must match what the command line looks up.
COMMAND_LINE_TEXTS = {"cli.py": "commands", "render/exporters.py": "exporters"}


def command_line_texts(path: Path, pick: str):
    """(line, English) of the command-line texts in one file (see COMMAND_LINE_TEXTS)."""
    import ast
    import inspect

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if pick == "commands" and isinstance(node, ast.Call):  # click.option(..., help=...), wherever it is made
            for keyword in node.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant):
                    yield node.lineno, keyword.value.value
        if not isinstance(node, ast.FunctionDef) or not (doc := ast.get_docstring(node, clean=False)):
            continue
        if pick == "exporters" and node.name.startswith("export_"):
            yield node.lineno, doc.strip().splitlines()[0]
        calls = [d for d in node.decorator_list if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)]
        if pick == "commands" and any(call.func.attr in ("command", "group") for call in calls):
            yield node.lineno, inspect.cleandoc(doc).partition("\f")[0]


def click_template() -> Catalog:
    """The template of click's own messages (those it writes through gettext), from the click that
    is installed: its catalog is kept apart, as click's wording changes with click's releases."""
    import click

    folder = Path(click.__file__).parent
    template = new_catalog(CLICK_DOMAIN)
    for path in sorted(folder.glob("*.py")):
        for line, message, _comments, context in extract_from_file(
            "python", path, keywords={"_": None, "ngettext": (1, 2)}
        ):
            if not message or message == "d":  # "d": a progress bar's time unit, not a sentence
                continue
            known = template.get(message if isinstance(message, str) else message[0], context)
            if known is None:
                template.add(message, None, [(f"click/{path.name}", line)], context=context)
    return template


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)
    return out.getvalue()


def template_path(domain: str) -> Path:
    return LOCALE / f"{domain}.pot"


def main() -> int:
    for domain in (*DOMAINS, CLICK_DOMAIN):
        template = click_template() if domain == CLICK_DOMAIN else extract(domain)
        template_path(domain).write_bytes(po_bytes(template))
        for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{domain}.po")):
            with po.open("rb") as source:
                catalog = read_po(source, domain=domain)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
            catalog.obsolete.clear()  # a msgid the code no longer has is gone; git keeps the history
            catalog.revision_date = FIXED_DATE
            po.write_bytes(po_bytes(catalog))
            print(po.relative_to(PACKAGE.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
