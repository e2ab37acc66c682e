"""The browser's files as the site ships them: styles, and one script per page type, each
concatenated at build from the small files of static/ (no bundler: plain ES5, in order)."""

from __future__ import annotations

import re
from pathlib import Path

from course.questions.types import QUESTION_TYPES

STATIC = Path(__file__).parents[1] / "static"

# Every page of a course (home, modules, lessons, quizzes, framework, certificate): progress kept
# and shown, and the quiz engine with the grader of every question type. Each file is one
# closure that reads what the files before it set on window (store.js -> courseStore, page.js ->
# coursePage, ...); start.js, last, runs the page. A SCORM or xAPI package gets a bundle of its
# own here, with its tracker file after tracker-local.js.
PAGE_SCRIPT = (
    "store.js",
    "plural.js",
    "page.js",
    "tracker.js",
    "tracker-local.js",
    "progress.js",
    "notes.js",
    "grade.js",
    *dict.fromkeys(t.script_name for t in QUESTION_TYPES.values()),
    "certificate.js",
    "quiz.js",
    "start.js",
)
# A SCORM package's pages (render/scorm.py): the same, with the SCORM tracker after the local one
# (the package writes it as assets/course.js, after the course's own ids for its suspend data);
# its launch pages hold the LMS session with the tracker file alone.
SCORM_TRACKER = "tracker-scorm.js"
SCORM_PAGE_SCRIPT = (*PAGE_SCRIPT[: PAGE_SCRIPT.index("tracker-local.js") + 1], SCORM_TRACKER,
                     *PAGE_SCRIPT[PAGE_SCRIPT.index("tracker-local.js") + 1 :])  # fmt: skip
# A course whose course.yaml has an xapi: block: the xAPI tracker and its transport after the local
# tracker, the course's settings before them (render/xapi.py). A course without one ships neither.
XAPI_TRACKER = ("xapi-transport.js", "tracker-xapi.js")
XAPI_PAGE_SCRIPT = (*PAGE_SCRIPT[: PAGE_SCRIPT.index("tracker-local.js") + 1], *XAPI_TRACKER,
                    *PAGE_SCRIPT[PAGE_SCRIPT.index("tracker-local.js") + 1 :])  # fmt: skip
# A cmi5 package's pages (render/cmi5.py): the same, with the cmi5 tracker after the local one, which
# tells the AU's launch page what the learner scores; the launch page holds the AU session and sends
# the statements, with the xAPI transport and the tracker file alone.
CMI5_TRACKER = "tracker-cmi5.js"
XAPI_TRANSPORT = XAPI_TRACKER[0]
CMI5_PAGE_SCRIPT = (*PAGE_SCRIPT[: PAGE_SCRIPT.index("tracker-local.js") + 1], CMI5_TRACKER,
                    *PAGE_SCRIPT[PAGE_SCRIPT.index("tracker-local.js") + 1 :])  # fmt: skip
# The progress and notes pages' own script, after course.js: export, import and reset, and the
# notes page, which no lesson needs (a lesson page's weight has a budget).
LEARNER_SCRIPT = ("transfer.js", "notes-page.js")
BUNDLES = {
    "course.js": PAGE_SCRIPT,
    "learner.js": LEARNER_SCRIPT,
    "redirect.js": ("redirect.js",),  # the root page: sends the learner on to a language
    # The search page's own (besides course.js): kept off every other page, which has no use for it.
    "search.js": ("search-core.js", "search-ui.js"),
}
# The site as `course build` makes it adds offline.js, which registers its service worker
# (render/offline.py); the preview, a SCORM package and the single file leave it out.
OFFLINE_BUNDLES = {**BUNDLES, "course.js": (*PAGE_SCRIPT[:-1], "offline.js", PAGE_SCRIPT[-1])}
STYLES = ("course.css",)
STATIC_FILES = (*STYLES, *BUNDLES)  # what assets/ holds


# A line that is only a // comment: it is for who reads the source, and a learner on a metered
# line need not download it (some 3 KB gzipped of every page). ES5 has no multi-line strings, so
# such a line is never inside one; comments after code and /* */ file headers stay.
_COMMENT_LINE = re.compile(rb"(?m)^[ \t]*//[^\n]*\n")


def bundle(parts: tuple[str, ...]) -> bytes:
    """The files in order, each after a comment naming it, so an error in the browser can be traced
    to its file, without their comment-only lines; a single file as it is."""
    if len(parts) == 1:
        return (STATIC / parts[0]).read_bytes()
    return b"".join(
        b"/* ---- %s ---- */\n" % name.encode() + _COMMENT_LINE.sub(b"", (STATIC / name).read_bytes()) for name in parts
    )


def stylesheet(name: str) -> bytes:
    """A stylesheet without its comments: they explain the rules to whoever edits them, and cost every
    learner's page some 1.2 KB gzipped (a fifth of the stylesheet) against its 30 KB budget."""
    return re.sub(rb"/\*.*?\*/\n?", b"", (STATIC / name).read_bytes(), flags=re.S)


def static_assets(offline: bool = False, xapi_prelude: bytes = b"") -> dict[str, bytes]:
    """assets/ file name -> bytes, for every page type's styles and scripts (offline: with offline.js;
    xapi_prelude: the course's xAPI settings, render/xapi.py, and course.js sends statements)."""
    bundles = OFFLINE_BUNDLES if offline else BUNDLES
    if xapi_prelude:
        page = (*XAPI_PAGE_SCRIPT[:-1], "offline.js", XAPI_PAGE_SCRIPT[-1]) if offline else XAPI_PAGE_SCRIPT
        bundles = {**bundles, "course.js": page}
    assets = {name: stylesheet(name) for name in STYLES} | {name: bundle(parts) for name, parts in bundles.items()}
    if xapi_prelude:
        assets["course.js"] = xapi_prelude + assets["course.js"]
    return assets
