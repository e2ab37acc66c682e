"""What a built page may load and run: the Content-Security-Policy every page carries."""

from __future__ import annotations

# Only the site's own scripts and styles, no inline script, no handler attributes, nothing
# from another host. It is the fallback behind the sanitiser: if a payload ever slips
# through, the browser still refuses to run it. Pages carry it as a <meta> (it must work
# from file:// and any static host); the dev server also sends it as a header.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
