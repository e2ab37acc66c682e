"""Front-matter keys that other lesson tools write (the Carpentries, Jekyll, MkDocs, Hugo, Quarto):
mapped onto this course's keys where they mean the same thing, otherwise left out with a warning
that says what to do. A key no tool writes stays an error (checker.py), with a did-you-mean.

What is mapped, and why:
- `teaching` + `exercises` (the Carpentries' minutes of teaching and of exercises) give `duration`,
  their sum, when the page has no `duration`: both are time the learner spends on the page.
- `keypoints`, else `questions` (the Carpentries' lists), give `objectives` when the page has none:
  the takeaways, or else the questions the lesson answers, are the nearest thing to what the
  learner will be able to do. With `objectives` written they are left out, with a warning.
- `description` (MkDocs, Hugo, Jekyll) gives `summary` when the page has none.
"""

from __future__ import annotations

from course.errors import Report
from course.i18n.trainer import msg
from course.load.yamlsource import Located

# key -> (the tools that write it, what the trainer should do about it here)
IGNORED = {
    "layout": (
        msg("Jekyll and the Carpentries"),
        msg("the course's own layout is used for every page; remove the line"),
    ),
    "permalink": (msg("Jekyll"), msg("a page's address comes from its file name; rename the file to change it")),
    "slug": (msg("Hugo and Jekyll"), msg("a page's address comes from its file name; rename the file to change it")),
    "url": (msg("Hugo"), msg("a page's address comes from its file name; rename the file to change it")),
    "aliases": (msg("Hugo"), msg("old addresses are not redirected; remove the line")),
    "redirect_from": (msg("Jekyll"), msg("old addresses are not redirected; remove the line")),
    "date": (msg("Jekyll, Hugo and Quarto"), msg("pages carry no date; remove the line")),
    "lastmod": (msg("Hugo"), msg("pages carry no date; remove the line")),
    "author": (
        msg("Jekyll, Hugo and Quarto"),
        msg("name the authors on the course's home page (summary in course.yaml)"),
    ),
    "authors": (msg("Hugo and MkDocs"), msg("name the authors on the course's home page (summary in course.yaml)")),
    "tags": (
        msg("Jekyll, Hugo and MkDocs"),
        msg("pages are grouped by module and framework part: set 'part:' instead"),
    ),
    "categories": (msg("Jekyll and Hugo"), msg("pages are grouped by module and framework part: set 'part:' instead")),
    "keywords": (msg("Hugo"), msg("search reads the whole text of every page; remove the line")),
    "weight": (msg("Hugo"), msg("lessons are ordered by the number their file name starts with; rename the file")),
    "nav_order": (
        msg("Just the Docs"),
        msg("lessons are ordered by the number their file name starts with; rename the file"),
    ),
    "parent": (msg("Just the Docs"), msg("a lesson belongs to the module whose folder holds it; move the file")),
    "draft": (msg("Hugo"), msg("every page of modules/ is published; move a draft out of modules/")),
    "published": (msg("Jekyll"), msg("every page of modules/ is published; move a draft out of modules/")),
    "subtitle": (msg("Quarto and MkDocs"), msg("put it in 'summary:' or in the first paragraph")),
    "linkTitle": (msg("Hugo"), msg("the menu shows 'title:'; shorten the title if it is too long")),
    "short_title": (msg("Jekyll themes"), msg("the menu shows 'title:'; shorten the title if it is too long")),
    "excerpt": (msg("Jekyll"), msg("write it as 'summary:'")),
    "toc": (msg("Jekyll, Hugo and Quarto"), msg("every lesson has an outline of its headings; remove the line")),
    "hide": (msg("MkDocs"), msg("the outline and navigation are always shown; remove the line")),
    "template": (msg("MkDocs"), msg("the course's own layout is used for every page; remove the line")),
    "search": (msg("MkDocs"), msg("every page is searchable; remove the line")),
    "math": (msg("the Carpentries"), msg("formulas are not rendered; write them as text or as an image")),
    "source": (msg("the Carpentries"), msg("name the source in the text of the lesson")),
    "format": (msg("Quarto"), msg("every page is HTML; remove the line")),
    "editor_options": (msg("RStudio"), msg("remove the line")),
}
DURATION_PARTS = ("teaching", "exercises")
OBJECTIVES_FROM = ("keypoints", "questions")
FOREIGN_KEYS = frozenset({*IGNORED, *DURATION_PARTS, *OBJECTIVES_FROM, "description"})


def adopt_foreign_keys(doc: Located, report: Report) -> dict:
    """The front matter with the keys of other tools mapped or dropped, each dropped one warned about."""
    data = doc.data
    if not isinstance(data, dict) or not FOREIGN_KEYS.intersection(data):
        return data
    kept = {k: v for k, v in data.items() if k not in FOREIGN_KEYS}
    for key in data:
        if key in IGNORED:
            tools, advice = IGNORED[key]
            report.warning(
                doc.key_pos(key),
                msg(
                    "'{key}' is front matter of {tools}, which this tool does not use, so it is left out: {advice}",
                    key=key,
                    tools=tools,
                    advice=advice,
                ),
                "foreign-key",
            )
    minutes = []
    for key in DURATION_PARTS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                report.error(doc.pos(key), msg("'{key}' must be a whole number of minutes", key=key))
            else:
                minutes.append(value)
    if minutes and "duration" not in data:
        kept["duration"] = max(1, sum(minutes))
    elif minutes:
        report.warning(
            doc.key_pos(next(k for k in DURATION_PARTS if k in data)),
            msg("'teaching' and 'exercises' are left out because 'duration' is written: remove them"),
            "foreign-key",
        )
    for key in OBJECTIVES_FROM:
        if key not in data:
            continue
        if "objectives" not in kept and isinstance(data[key], list):
            kept["objectives"] = data[key]
        else:
            report.warning(
                doc.key_pos(key),
                msg(
                    "'{key}' is left out because the page has its objectives already: merge what matters into"
                    " 'objectives:' and remove it",
                    key=key,
                ),
                "foreign-key",
            )
    if "description" in data:
        if "summary" not in data:
            kept["summary"] = data["description"]
        else:
            report.warning(
                doc.key_pos("description"),
                msg("'description' is left out because 'summary' is written: remove one of them"),
                "foreign-key",
            )
    return kept
