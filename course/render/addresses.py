"""The addresses (href, src) in a page body, rewritten for another home than the site's folder:
one file (single-html) or a printed handout."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

# A start tag: in the text of a page every "<" that begins no tag is written &lt;, so this finds
# tags only, never an address quoted in a code sample.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src))="([^"]*)"')
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def rewrite_addresses(body: str, address: Callable[[str, str], tuple[str | None, dict]]) -> str:
    """body with each href and src value v of a tag t replaced by address(t, v) -> (new value, or
    None to drop the attribute; attributes to add to the tag). Values are passed and taken
    unescaped."""

    def tag(match: re.Match) -> str:
        name, attributes = match.group(1), match.group(2)
        if not attributes:
            return match.group(0)
        added: dict[str, str] = {}

        def attribute(found: re.Match) -> str:
            new, extra = address(name.lower(), html.unescape(found.group(2)))
            added.update(extra)
            return "" if new is None else f'{found.group(1)}="{html.escape(new)}"'

        attributes = _URL_ATTRIBUTE.sub(attribute, attributes)
        extra = "".join(f' {k}="{html.escape(v)}"' for k, v in sorted(added.items()))
        return f"<{name}{extra}{attributes}>"

    return _TAG.sub(tag, body)
