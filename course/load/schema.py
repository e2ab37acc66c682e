"""Each file format declared once: the checker (checker.py) validates against these declarations
and `course schema` turns the same declarations into JSON Schema."""

from __future__ import annotations

from course.formats.limits import MAX_LANGUAGES, MAX_QUESTIONS
from course.formats.spec import Field, Spec

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"  # the shape a file name's language suffix has
# What course_language_problem accepts but for repeated variants: for editors, in the JSON Schema.
LANG_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$"


PART = Spec(
    "part",
    "A part of the course's framework.",
    (
        Field("id", "id", "Stable id that lessons and questions name in `part:`.", required=True),
        Field("title", "i18n", "Title of the part.", required=True),
        Field("summary", "i18n", "One sentence on what the part is about."),
    ),
)

FRAMEWORK = Spec(
    "framework",
    "The organising frame of the course: its parts.",
    (
        Field("title", "i18n", "Title of the framework.", required=True),
        Field("parts", "list[object]", "The parts, in order.", required=True, spec=PART),
    ),
)

XAPI = Spec(
    "xapi",
    "Send the learners' results to a learning record store (xAPI); docs/coordinators.md.",
    (
        Field(
            "endpoint",
            "text",
            "The LRS's xAPI address: https://lrs.example.org/xapi/, or a path on the site's own host such as"
            " /xapi/ (a proxy to the LRS, so that no cross-origin request is needed).",
            required=True,
        ),
        Field(
            "auth",
            "text",
            "The Authorization header the pages send, such as 'Basic ...': every learner can read it, so use"
            " credentials that may only write statements, or leave it out and let the proxy add it.",
        ),
        Field(
            "actor",
            "enum",
            "Who the learner is: launch (the actor a launch link gives in its query string; without one"
            " nothing is sent) or form (the learner gives a name, an email and an organisation once).",
            default="launch",
            choices=("launch", "form"),
        ),
        Field(
            "send_reflections",
            "bool",
            "Send what learners write in reflection questions (false: only that they answered).",
            default=False,
        ),
        Field(
            "activity_id",
            "text",
            "The course's activity IRI, the base of its lessons', quizzes' and questions' ids"
            " (default urn:course:<id>); a launch's activity_id takes its place.",
        ),
    ),
)

COURSE = Spec(
    "course.yaml",
    "Course metadata.",
    (
        Field("id", "id", "Stable course id: progress is stored under it.", required=True),
        Field("title", "i18n", "Course title (text, or a mapping per language).", required=True),
        Field("summary", "i18n", "A paragraph shown on the course home."),
        Field(
            "languages",
            "list[lang]",
            "Languages (BCP 47 tags such as en or zh-CN), the first is the default.",
            default=["en"],
            max_items=MAX_LANGUAGES,
        ),
        Field("pass_mark", "int", "Pass mark in percent for every quiz.", default=70, minimum=0, maximum=100),
        Field("framework", "object", "The framework the course is organised on.", spec=FRAMEWORK),
        Field("order", "list[id]", "Explicit module order (module slugs, without numbers)."),
        Field("external_links", "bool", "Allow links to other sites (false makes them errors).", default=True),
        Field("silence", "list[id]", "Warning codes not to report.", default=[]),
        Field(
            "allow_active_files",
            "list[text]",
            "Files that lessons may link although they can run script (.html, .svg, .xml and the like):"
            " glob patterns relative to the course folder, such as assets/demos/*.html.",
            default=[],
        ),
        Field(
            "download_zip",
            "bool",
            "Offer the whole course as a zip on the home page (download/<id>.zip), for USB sticks;"
            " false leaves it out, for a course too big to download.",
            default=True,
        ),
        Field(
            "single_html_budget_kb",
            "int",
            "Size in KB above which `course export single-html` warns that the one file is too big to mail.",
            default=5000,
            minimum=1,
        ),
        Field("xapi", "object", XAPI.doc, spec=XAPI),
    ),
)

FRONT_MATTER = Spec(
    "front matter",
    "Front matter of a lesson or module index (YAML between --- lines).",
    (
        Field("title", "text", "Page title (default: the page's first '# Heading')."),
        Field("part", "id", "The framework part this page belongs to."),
        Field("objectives", "list[text]", "What the learner will be able to do."),
        Field("duration", "int", "Minutes to study the page (computed from its length if absent).", minimum=1),
        Field("summary", "text", "One or two sentences shown in lists."),
    ),
)

# A question's keys depend on its type: course/questions/types.py declares them, and the checker
# and `course schema` take them from there.
QUESTION_ANY = Spec("question", "A quiz question.", ())

QUIZ = Spec(
    "quiz",
    "A quiz file.",
    (
        Field("id", "id", "Stable quiz id: scores are stored under it.", required=True),
        Field("title", "text", "Quiz title.", default="Check your understanding"),
        Field("module", "text", "The module this quiz belongs to (default: same file name)."),
        Field("pass_mark", "int", "Pass mark in percent (default: the course's).", minimum=0, maximum=100),
        Field("shuffle", "bool", "Shuffle options on every attempt.", default=True),
        Field("draw", "int", "Draw this many questions at random per attempt.", minimum=1),
        Field("intro", "text", "Shown above the questions."),
        Field("questions", "list[object]", "The questions.", required=True, spec=QUESTION_ANY, max_items=MAX_QUESTIONS),
    ),
)
