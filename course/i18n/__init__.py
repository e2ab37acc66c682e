"""The interface's own text, per language: gettext catalogs (locale/) read with Babel."""
