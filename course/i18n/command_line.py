"""The command line's own words in the trainer's language: click's messages ("Usage:", "Error:",
"No such option", which click writes through gettext) from the `click` domain, and the commands'
help and the export formats' descriptions, whose English is their msgid in the `diagnostics` domain
(`python -m course.i18n.update` gathers them from the command tree)."""

from __future__ import annotations

import contextvars
import gettext
import importlib
import unicodedata

from course.i18n.catalog import read_catalog
from course.i18n.trainer import DOMAIN, ENGLISH

CLICK_DOMAIN = "click"
# The modules in which click writes a message through gettext.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "shell_completion")
# The trainer's language while one `course` command runs: click's messages are made deep inside
# click (some before our options are read), so they look here rather than at the click context.
LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("course_trainer_language", default=ENGLISH)


def text(english: str, lang: str | None = None) -> str:
    """english in the trainer's language (lang, or the running command's): our own catalog first,
    then click's; the English when neither has it."""
    lang = lang or LANGUAGE.get()
    if lang == ENGLISH or not english:
        return english
    for domain in (DOMAIN, CLICK_DOMAIN):
        translated = read_catalog(lang, domain)[1].gettext(english)
        if translated != english:
            return translated
    return english


def text_n(singular: str, plural: str, n: int) -> str:
    """The form of singular/plural for the number n, in the running command's language."""
    lang = LANGUAGE.get()
    english = singular if n == 1 else plural
    if lang == ENGLISH:
        return english
    return read_catalog(lang, CLICK_DOMAIN)[1].ngettext(singular, plural, n)


def install() -> None:
    """Route click's messages through text() and text_n(). Click looks its messages up with the
    gettext functions it imported under the names `_` and `ngettext`, in gettext's global domain
    and by the process's locale, which knows neither our catalogs nor `--lang`: those names, in the
    modules that use them, are pointed at ours."""
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a click without that module has no messages in it
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = text
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = text_n


def width(line: str) -> int:
    """How many terminal columns line takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def short_help(help_text: str, limit: int) -> str:
    """The first sentence of a translated help text, cut to limit columns with … ; click's own
    shortening counts words between spaces and English full stops, which Chinese has neither of."""
    first = help_text.split("\n\n")[0].replace("\n", "")
    if "。" in first:
        first = first[: first.index("。") + 1]
    if width(first) <= limit:
        return first
    shown = ""
    for char in first:
        if width(shown + char) > limit - 1:
            break
        shown += char
    return shown + "…"
