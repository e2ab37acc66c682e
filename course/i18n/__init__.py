"""The interface's own text, per language (course.i18n.strings.MESSAGES)."""
