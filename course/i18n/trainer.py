"""The trainer's language: diagnostics, hints, summaries and CLI messages, written in English in the
code with msg() and shown in the trainer's language from the `diagnostics` gettext domain."""

from __future__ import annotations

import os
from collections.abc import Mapping

from course.i18n.catalog import read_catalog

DOMAIN = "diagnostics"
CHINESE = "zh-CN"
ENGLISH = "en"
# The locale variables in the order POSIX reads them for messages: the first one set decides.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class Message(str):
    """Text for the trainer: its English (so code and tests read it as any string) with its msgid
    and named values kept, to be written again in another language when it is shown. A message
    that changes with a number has a plural msgid too, and the number n among its values."""

    msgid: str
    plural: str | None
    values: Mapping

    def __new__(cls, msgid: str, plural: str | None = None, **values):
        english = msgid if plural is None or values.get("n") == 1 else plural
        self = super().__new__(cls, english.format(**values) if values else english)
        self.msgid, self.plural, self.values = msgid, plural, values
        return self

    def __reduce__(self):  # for the process pool: rebuilt from its msgid and values, not its English
        return (_rebuilt, (self.msgid, self.plural, dict(self.values)))

    def translated(self, lang: str) -> str:
        if lang == ENGLISH:
            return str(self)
        _, translations = read_catalog(lang, DOMAIN)
        values = {k: translate(v, lang) for k, v in self.values.items()}
        if self.plural is None:
            text = translations.gettext(self.msgid)
        else:
            text = translations.ngettext(self.msgid, self.plural, self.values.get("n", 0))
        try:
            return text.format(**values) if values else text  # as the English: a msgid without values is as written
        except (KeyError, IndexError, ValueError):  # a catalog whose placeholders are wrong: the English
            return str(self)

    def to_data(self):
        return {"msgid": self.msgid, "plural": self.plural, "values": {k: to_data(v) for k, v in self.values.items()}}


def _rebuilt(msgid: str, plural: str | None, values: dict) -> Message:
    return Message(msgid, plural, **values)


def msg(msgid: str, **values) -> Message:
    """A message for the trainer: msgid is English with {named} placeholders (extracted into the
    diagnostics catalog by `python -m course.i18n.update`); values fill them."""
    return Message(msgid, **values)


def msg_n(singular: str, plural: str, n: int, **values) -> Message:
    """A message that changes with the number n ({n} in it), the gettext way (ngettext)."""
    return Message(singular, plural, n=n, **values)


def translate(text, lang: str):
    """text in lang when it is a Message (its values too), otherwise as it is."""
    return text.translated(lang) if isinstance(text, Message) else text


def to_data(text):
    """A Message as JSON data (for the conversion cache), any other value as it is."""
    return text.to_data() if isinstance(text, Message) else text


def from_data(data):
    if isinstance(data, dict) and set(data) == {"msgid", "plural", "values"}:
        return Message(data["msgid"], data["plural"], **{k: from_data(v) for k, v in data["values"].items()})
    return data


def trainer_language(chosen: str | None = None, environ: Mapping | None = None) -> str:
    """zh-CN when --lang says so or the locale is Simplified Chinese (zh_CN, zh_Hans...), else en."""
    if chosen:
        return CHINESE if _is_chinese(chosen) else ENGLISH
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return CHINESE if _is_chinese(value) else ENGLISH
    return ENGLISH


def _is_chinese(tag: str) -> bool:
    return tag.replace("-", "_").lower().startswith(("zh_cn", "zh_hans"))
