"""The gettext catalogs: each language's .po read with Babel, compiled in memory, and looked up
the gettext way (pgettext, npgettext with the catalog's Plural-Forms)."""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).parent / "locale"  # the package's own catalogs
# More catalogs (a third language, or a course's own wording) in folders laid out like LOCALE,
# searched first: COURSE_LOCALE_PATH=/path/to/locale (several joined by the path separator).
LOCALE_PATH_VARIABLE = "COURSE_LOCALE_PATH"
SOURCE_LANGUAGE = "en"


def locale_folders() -> tuple[Path, ...]:
    extra = os.environ.get(LOCALE_PATH_VARIABLE, "")
    return (*(Path(p) for p in extra.split(os.pathsep) if p), LOCALE)


def catalog_name(lang: str) -> str:
    """A BCP 47 tag (zh-CN) as a gettext locale folder name (zh_CN)."""
    return lang.replace("-", "_")


def _candidates(lang: str) -> list[str]:
    name = catalog_name(lang)
    lower = name.lower()
    names = [name, name.split("_")[0]]
    traditional = any(tag in lower for tag in ("hant", "_tw", "_hk", "_mo"))
    if lower.startswith("zh") and not traditional:  # zh, zh_Hans, zh_SG read as Simplified Chinese
        names.insert(1, "zh_CN")
    return list(dict.fromkeys(names))


def catalog_file(lang: str, domain: str) -> Path | None:
    """The .po of domain for lang (or the nearest language it has), None when there is none."""
    for name in _candidates(lang):
        for folder in locale_folders():
            path = folder / name / "LC_MESSAGES" / f"{domain}.po"
            if path.is_file():
                return path
    return None


@functools.lru_cache(maxsize=32)
def _read(path: Path, stamp: tuple[int, int]):
    with path.open("rb") as source:
        catalog = read_po(source, locale=None, domain=path.stem)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a fuzzy entry is a guess: the English is shown instead
    compiled.seek(0)
    return catalog, gettext.GNUTranslations(compiled)


def read_catalog(lang: str, domain: str):
    """(Babel catalog, gettext translations) of lang, or (None, NullTranslations) when it has none."""
    path = catalog_file(lang, domain)
    if path is None:
        return None, gettext.NullTranslations()
    status = path.stat()
    return _read(path, (status.st_mtime_ns, status.st_size))


def plural_rule(lang: str, domain: str) -> str:
    """The Plural-Forms expression of lang's catalog, in C syntax (n != 1)."""
    catalog, _ = read_catalog(lang, domain)
    return catalog.plural_expr if catalog is not None else "(n != 1)"


def fingerprint() -> bytes:
    """Every catalog's bytes, for the conversion cache: a changed translation changes a page."""
    parts = []
    for folder in locale_folders():
        for path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
            parts.append(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return b"\0".join(parts)


class Strings(Mapping):
    """The interface strings of one language: key -> text, or for a plural string the tuple of its
    forms (what the page's script gets); `plural(key, n)` picks the form for n."""

    def __init__(self, lang: str, table: dict, translations: gettext.NullTranslations, rule: str):
        self.lang = lang
        self._table = table
        self._translations = translations
        self.plural_rule = rule

    def __getitem__(self, key: str):
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def number(self, value: float) -> str:
        """A count or measure as this language writes numbers (Babel's format_decimal)."""
        return format_number(value, self.lang)

    def percent(self, value: float) -> str:
        """A whole percentage (70) as this language writes it (Babel's format_percent: 70%)."""
        return format_percent(value / 100, self.lang)

    def plural(self, key: str, n: int) -> str:
        from course.i18n.interface import PLURALS

        singular, plural = PLURALS[key]
        return self._translations.npgettext(key, singular, plural, n)


@functools.lru_cache(maxsize=16)
def _messages(lang: str, files: tuple) -> Strings:
    from course.i18n.interface import DECLARED

    catalog, translations = read_catalog(lang, "course")
    table: dict = {}
    for entry in DECLARED:
        key = entry[0]
        if len(entry) == 2:
            table[key] = translations.pgettext(key, entry[1])
        else:
            forms = catalog and catalog.get(entry[1], context=key)
            strings = forms.string if forms and not forms.fuzzy else ()
            table[key] = tuple(strings) if strings and all(strings) else (entry[1], entry[2])
    return Strings(lang, table, translations, plural_rule(lang, "course"))


def messages(lang: str) -> Strings:
    """Interface strings for lang, falling back to English string by string."""
    path = catalog_file(lang, "course")
    stamp = (str(path), path.stat().st_mtime_ns) if path else ()
    return _messages(lang, stamp)


def babel_locale(lang: str):
    """Babel's locale data for a language tag (English's when Babel has none for it)."""
    from babel import Locale, UnknownLocaleError

    for name in (catalog_name(lang), catalog_name(lang).split("_")[0]):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(SOURCE_LANGUAGE)


def date_format(lang: str) -> dict:
    """How lang writes a day in full (CLDR's long date), for the page's script to fill in."""
    locale = babel_locale(lang)
    months = locale.months["format"]["wide"]
    return {"pattern": locale.date_formats["long"].pattern, "months": [months[m] for m in range(1, 13)]}


def script_strings(t: Strings, also: frozenset | set) -> dict:
    """What the page's script is given: the js.* strings (a plural one as its list of forms) and
    those named in also, the catalog's plural rule under "@plural", the date format under "@date"."""
    chosen = {k.removeprefix("js."): list(v) if isinstance(v, tuple) else v for k, v in t.items()
              if k.startswith("js.") or k in also}  # fmt: skip
    return {**chosen, "@plural": t.plural_rule, "@date": date_format(t.lang)}


def format_number(value: float, lang: str) -> str:
    """A count or measure written as lang writes numbers (1,234.5 in English)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(lang))


def format_percent(value: float, lang: str) -> str:
    """A share (0.7) written as lang writes percentages (70%)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, locale=babel_locale(lang))
