"""Every broken input is reported with its file, line and a message that says how to fix it."""

from __future__ import annotations

import random

import pytest

from course.build import check
from course.errors import Report
from course.load.course import load_course
from course.load.langtag import course_language_problem, well_formed_problem

EN_ZH = """
    id: mini
    title: Mini
    languages: [en, zh-CN]
    framework:
      title: Parts
      parts:
        - {id: foundation, title: Foundation}
    """
LESSON = "modules/01-intro/01-start.md"
QUIZ = "quizzes/01-intro.yaml"


def lesson(body: str, front: str = "title: Start\npart: foundation\nobjectives: [Begin]") -> str:
    return f"---\n{front}\n---\n{body}\n"


def quiz(questions: str, head: str = "id: intro-check") -> str:
    return f"{head}\nquestions:\n{questions}"


TF = "  - id: q1\n    type: true_false\n    prompt: Is it?\n    answer: true\n    explanation: Yes.\n    feedback: {correct: a, incorrect: b}\n"
SINGLE = (
    "  - id: s1\n    type: single\n    prompt: Which?\n    explanation: Because.\n    options:\n"
    "      - {text: A, correct: true, feedback: a}\n      - {text: B, feedback: b}\n"
)

# (case id, files changed, path, line, words the message must contain)
CASES = [
    # course.yaml
    ("config-missing", {"course.yaml": None}, "course.yaml", 1, "no course.yaml"),
    ("config-empty", {"course.yaml": ""}, "course.yaml", 1, "file is empty"),
    ("config-only-comment", {"course.yaml": "# nothing yet\n"}, "course.yaml", 1, "file is empty"),
    ("config-syntax", {"course.yaml": "id: mini\ntitle: Mini: the course\n"}, "course.yaml", 2, "put quotes around"),
    (
        "config-unclosed-list",
        {"course.yaml": "id: mini\ntitle: Mini\nlanguages: [en\n"},
        "course.yaml",
        4,
        "invalid YAML",
    ),
    ("config-tab", {"course.yaml": "id: mini\n\ttitle: Mini\n"}, "course.yaml", 2, "invalid YAML"),
    (
        "config-unknown-key",
        {"course.yaml": "id: mini\ntitel: Mini\n"},
        "course.yaml",
        2,
        "unknown key 'titel' in course.yaml (did you mean 'title'?)",
    ),
    ("config-missing-title", {"course.yaml": "id: mini\n"}, "course.yaml", 1, "missing the required key 'title'"),
    ("config-not-mapping", {"course.yaml": "- id\n- title\n"}, "course.yaml", 1, "expected a mapping"),
    (
        "config-pass-mark-type",
        {"course.yaml": "id: m\ntitle: M\npass_mark: high\n"},
        "course.yaml",
        3,
        "'pass_mark' must be a whole number",
    ),
    (
        "config-pass-mark-range",
        {"course.yaml": "id: m\ntitle: M\npass_mark: 120\n"},
        "course.yaml",
        3,
        "between 0 and 100, found 120",
    ),
    (
        "config-languages-not-list",
        {"course.yaml": "id: m\ntitle: M\nlanguages: en\n"},
        "course.yaml",
        3,
        "'languages' must be a list",
    ),
    (
        "config-language-twice",
        {"course.yaml": "id: m\ntitle: M\nlanguages: [en, en]\n"},
        "course.yaml",
        3,
        "listed twice",
    ),
    ("config-bad-id", {"course.yaml": "id: my course!\ntitle: M\n"}, "course.yaml", 1, "is not a valid id"),
    ("config-duplicate-key", {"course.yaml": "id: a\ntitle: M\nid: b\n"}, "course.yaml", 3, "duplicate key 'id'"),
    (
        "config-duplicate-part",
        {
            "course.yaml": "id: m\ntitle: M\nframework:\n  title: F\n  parts:\n    - {id: a, title: A}\n    - {id: a, title: B}\n"
        },
        "course.yaml",
        7,
        "duplicate part id 'a'",
    ),
    (
        "config-part-missing-title",
        {"course.yaml": "id: m\ntitle: M\nframework:\n  title: F\n  parts:\n    - id: a\n"},
        "course.yaml",
        6,
        "part is missing the required key 'title'",
    ),
    ("config-non-utf8", {"course.yaml": b"id: mini\ntitle: Caf\xe9\n"}, "course.yaml", 2, "not UTF-8"),
    (
        "config-python-tag",
        {"course.yaml": "id: !!python/object/apply:os.system [echo hi]\ntitle: M\n"},
        "course.yaml",
        1,
        "unsupported YAML tag",
    ),
    (
        "config-alias-bomb",
        {"course.yaml": "id: m\ntitle: M\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"},
        "course.yaml",
        4,
        "aliases",
    ),
    ("config-merge-key", {"course.yaml": "base: &b {id: m}\n<<: *b\ntitle: M\n"}, "course.yaml", 2, "not supported"),
    (
        "config-order-unknown",
        {"course.yaml": "id: m\ntitle: M\norder: [intro, outro]\n"},
        "course.yaml",
        1,
        "'order' names module 'outro'",
    ),
    (
        "config-translation-key",
        {"course.yaml": "id: m\ntitle: {en: M, fr: N}\n"},
        "course.yaml",
        2,
        "'fr' is not one of the course languages",
    ),
    # lessons
    ("lesson-empty", {LESSON: ""}, LESSON, 1, "file is empty"),
    ("lesson-unclosed-front", {LESSON: "---\ntitle: Start\n\nHello\n"}, LESSON, 1, "never closed"),
    ("lesson-front-syntax", {LESSON: "---\ntitle: Start: again\n---\nHi\n"}, LESSON, 2, "front matter: invalid YAML"),
    (
        "lesson-unknown-key",
        {LESSON: lesson("Hi", "title: Start\nobjective: [a]")},
        LESSON,
        3,
        "unknown key 'objective' in front matter (did you mean 'objectives'?)",
    ),
    (
        "lesson-unknown-part",
        {LESSON: lesson("Hi", "title: Start\nobjectives: [a]\npart: fundation")},
        LESSON,
        4,
        "unknown framework part 'fundation' (did you mean 'foundation'?)",
    ),
    (
        "lesson-duration-text",
        {LESSON: lesson("Hi", "title: Start\nobjectives: [a]\nduration: ten")},
        LESSON,
        4,
        "'duration' must be a whole number",
    ),
    (
        "lesson-objectives-not-list",
        {LESSON: lesson("Hi", "title: Start\nobjectives: Begin")},
        LESSON,
        3,
        "'objectives' must be a list",
    ),
    ("lesson-title-list", {LESSON: lesson("Hi", "title: [a, b]\nobjectives: [a]")}, LESSON, 2, "'title' must be text"),
    ("lesson-no-title", {LESSON: "Just text, no heading.\n"}, LESSON, 1, "page has no title"),
    ("lesson-non-utf8", {LESSON: b"---\ntitle: Start\n---\n\nna\xefve\n"}, LESSON, 5, "not UTF-8"),
    (
        "lesson-dangling-link",
        {LESSON: lesson("\nSee [next](02-next.md).")},
        LESSON,
        7,
        "link '02-next.md' goes to 'modules/01-intro/02-next.md', which is not a page",
    ),
    (
        "lesson-link-did-you-mean",
        {LESSON: lesson("\n\nSee [me](01-strt.md).")},
        LESSON,
        8,
        "(did you mean 'modules/01-intro/01-start.md'?)",
    ),
    (
        "lesson-dangling-anchor",
        {LESSON: lesson("## Getting going\n\nSee [below](#getting-goin).")},
        LESSON,
        8,
        "'#getting-goin', which is not a heading or anchor on that page (did you mean 'getting-going'?)",
    ),
    (
        "lesson-dangling-anchor-other-page",
        {"modules/01-intro/02-next.md": lesson("[back](01-start.md#nowhere)")},
        "modules/01-intro/02-next.md",
        6,
        "'#nowhere', which is not a heading",
    ),
    ("lesson-link-outside", {LESSON: lesson("[x](../../../secret.txt)")}, LESSON, 6, "outside the course folder"),
    ("lesson-link-absolute", {LESSON: lesson("[x](/etc/passwd)")}, LESSON, 6, "must be relative"),
    (
        "lesson-missing-image",
        {LESSON: lesson("\n![A map](map.png)")},
        LESSON,
        7,
        "image 'map.png' goes to 'modules/01-intro/map.png', which does not exist",
    ),
    (
        "lesson-external-image",
        {LESSON: lesson("![A map](https://example.org/map.png)")},
        LESSON,
        6,
        "must be a file inside the course folder",
    ),
    (
        "lesson-unknown-quiz",
        {LESSON: lesson("\n[[quiz: intro-chek]]")},
        LESSON,
        7,
        "no quiz with id 'intro-chek' (did you mean 'intro-check'?)",
    ),
    ("lesson-bad-quiz-directive", {LESSON: lesson("[[quiz: ]]")}, LESSON, 6, "[[quiz: quiz-id]]"),
    (
        "lesson-duplicate-slug",
        {"modules/01-intro/02-start.md": lesson("Again")},
        "modules/01-intro/02-start.md",
        1,
        "same name as modules/01-intro/01-start.md",
    ),
    (
        "lesson-chinese-file-name",
        {"modules/01-intro/02-志愿者.md": lesson("Hi")},
        "modules/01-intro/02-志愿者.md",
        1,
        "'志愿者' cannot be part of a page address",
    ),
    (
        "module-dotted-name",
        {"modules/02-index.html/01-a.md": lesson("Hi")},
        "modules/02-index.html",
        1,
        "'index.html' cannot be part of a page address",
    ),
    (
        "config-bad-language",
        {"course.yaml": "id: m\ntitle: M\nlanguages: [English]\n"},
        "course.yaml",
        3,
        "'English' is not a valid language tag: the language code 'English' must have 2 or 3 letters, such as en or zh",
    ),
    ("lesson-empty-title", {LESSON: "---\ntitle: ''\n---\nNo heading here.\n"}, LESSON, 1, "page has no title"),
    ("lesson-empty-front-matter", {LESSON: "---\n---\nNo heading here.\n"}, LESSON, 1, "page has no title"),
    (
        "lesson-quiz-swallowed-by-html",
        {LESSON: lesson("<div>\n[[quiz: intro-check]]\n</div>")},
        LESSON,
        7,
        "cannot be placed here",
    ),
    (
        "config-unknown-silence-code",
        {"course.yaml": "id: m\ntitle: M\nsilence: [no-alt, missing-translations]\n"},
        "course.yaml",
        3,
        "'missing-translations' is not a warning code (did you mean 'missing-translation'?)",
    ),
    (
        "lesson-link-to-page-name",
        {"modules/01-intro/02-next.md": lesson("[back](01-start.html)")},
        "modules/01-intro/02-next.md",
        6,
        "(did you mean '01-start.md'?)",
    ),
    (
        "quiz-missing-dash",
        {
            QUIZ: quiz(
                "  - id: s\n    type: single\n    prompt: P\n    options:\n      - text: A\n        correct: true\n        text: B\n"
            )
        },
        QUIZ,
        9,
        "is a '- ' missing",
    ),
    (
        "quiz-unclosed-quote",
        {QUIZ: quiz(SINGLE.replace("prompt: Which?", 'prompt: "Which?'))},
        QUIZ,
        10,
        "a quote on line 5 seems not to be closed",
    ),
    (
        "translation-front-matter-broken",
        {"course.yaml": EN_ZH, "modules/01-intro/01-start.zh-CN.md": "---\ntitle: [\n---\n你好\n"},
        "modules/01-intro/01-start.zh-CN.md",
        3,
        "front matter: invalid YAML",
    ),
    (
        "quiz-translation-broken",
        {"course.yaml": EN_ZH, "quizzes/01-intro.zh-CN.yaml": "id: intro-check\nquestions: [\n"},
        "quizzes/01-intro.zh-CN.yaml",
        3,
        "invalid YAML",
    ),
    (
        "quiz-translation-empty",
        {"course.yaml": EN_ZH, "quizzes/01-intro.zh-CN.yaml": ""},
        "quizzes/01-intro.zh-CN.yaml",
        1,
        "file is empty",
    ),
    (
        "lesson-translation-empty",
        {"course.yaml": EN_ZH, "modules/01-intro/01-start.zh-CN.md": ""},
        "modules/01-intro/01-start.zh-CN.md",
        1,
        "file is empty",
    ),
    (
        "quiz-full-width-colon",
        {QUIZ: quiz(TF.replace("prompt: Is it?", "prompt\uff1a 这是吗？"))},
        QUIZ,
        5,
        "not the full-width",
    ),
    (
        "lesson-chinese-key",
        {LESSON: lesson("Hi", "title: Start\nobjectives: [a]\n时长: 15")},
        LESSON,
        4,
        "the keys are: title, part, objectives, duration, summary",
    ),
    (
        "lesson-reserved-slug",
        {"modules/01-intro/02-quiz.md": lesson("Q")},
        "modules/01-intro/02-quiz.md",
        1,
        "cannot be named 'quiz'",
    ),
    (
        "module-duplicate-slug",
        {"modules/02-intro/01-a.md": lesson("A")},
        "modules/02-intro",
        1,
        "same name as modules/01-intro",
    ),
    (
        "external-link-forbidden",
        {
            "course.yaml": "id: m\ntitle: M\nexternal_links: false\n",
            LESSON: "---\ntitle: S\nobjectives: [a]\n---\n[site](https://example.org)\n",
        },
        LESSON,
        5,
        "forbids",
    ),
    # translations
    (
        "translation-unknown-language",
        {"modules/01-intro/01-start.fr.md": lesson("Salut")},
        "modules/01-intro/01-start.fr.md",
        1,
        "'fr' is not one of the course languages",
    ),
    (
        "translation-without-source",
        {"course.yaml": EN_ZH, "modules/01-intro/02-x.zh-CN.md": lesson("你好")},
        "modules/01-intro/02-x.zh-CN.md",
        1,
        "translation without a source",
    ),
    (
        "translation-part-differs",
        {"course.yaml": EN_ZH, "modules/01-intro/01-start.zh-CN.md": lesson("你好", "title: 开始\nobjectives: [a]")},
        "modules/01-intro/01-start.zh-CN.md",
        1,
        "a translation keeps the same part",
    ),
    (
        "quiz-translation-missing-question",
        {
            "course.yaml": EN_ZH,
            "quizzes/01-intro.zh-CN.yaml": quiz(SINGLE.replace("s1", "q1").replace("single", "true_false")),
        },
        "quizzes/01-intro.zh-CN.yaml",
        3,
        "differs from quizzes/01-intro.yaml",
    ),
    (
        "quiz-translation-other-id",
        {"course.yaml": EN_ZH, "quizzes/01-intro.zh-CN.yaml": quiz(TF.replace("q1", "q9"))},
        "quizzes/01-intro.zh-CN.yaml",
        3,
        "question 'q9' is not in quizzes/01-intro.yaml",
    ),
    (
        "quiz-translation-other-answer",
        {"course.yaml": EN_ZH, "quizzes/01-intro.zh-CN.yaml": quiz(TF.replace("answer: true", "answer: false"))},
        "quizzes/01-intro.zh-CN.yaml",
        3,
        "answer is false, not true",
    ),
    (
        "quiz-translation-without-source",
        {"course.yaml": EN_ZH, "quizzes/09-x.zh-CN.yaml": quiz(TF)},
        "quizzes/09-x.zh-CN.yaml",
        1,
        "translation without a source",
    ),
    # quizzes
    ("quiz-empty", {QUIZ: ""}, QUIZ, 1, "file is empty"),
    ("quiz-syntax", {QUIZ: "id: intro-check\nquestions:\n  - id: q1\n   type: single\n"}, QUIZ, 4, "invalid YAML"),
    ("quiz-no-questions", {QUIZ: "id: intro-check\nquestions: []\n"}, QUIZ, 2, "'questions' must not be empty"),
    (
        "quiz-unknown-type",
        {QUIZ: quiz(TF.replace("true_false", "singel"))},
        QUIZ,
        4,
        "'singel' is not a valid type (did you mean 'single'?)",
    ),
    (
        "quiz-unknown-question-key",
        {QUIZ: quiz(TF.replace("answer:", "answr:"))},
        QUIZ,
        6,
        "unknown key 'answr' in question 'q1', a true_false question (did you mean 'answer'?)",
    ),
    (
        "quiz-missing-prompt",
        {QUIZ: quiz(TF.replace("    prompt: Is it?\n", ""))},
        QUIZ,
        3,
        "missing the required key 'prompt'",
    ),
    (
        "quiz-missing-answer",
        {QUIZ: quiz(TF.replace("    answer: true\n", ""))},
        QUIZ,
        3,
        "missing the required key 'answer'",
    ),
    (
        "quiz-answer-text",
        {QUIZ: quiz(TF.replace("answer: true", "answer: 'yes'"))},
        QUIZ,
        6,
        "'answer' must be true or false",
    ),
    ("quiz-prompt-bool", {QUIZ: quiz(TF.replace("prompt: Is it?", "prompt: yes"))}, QUIZ, 5, "put the text in quotes"),
    (
        "quiz-single-two-correct",
        {QUIZ: quiz(SINGLE.replace("{text: B,", "{text: B, correct: true,"))},
        QUIZ,
        8,
        "exactly one option with 'correct: true', found 2",
    ),
    (
        "quiz-single-one-option",
        {QUIZ: quiz(SINGLE.replace("      - {text: B, feedback: b}\n", ""))},
        QUIZ,
        8,
        "at least two options",
    ),
    (
        "quiz-multiple-none-correct",
        {QUIZ: quiz(SINGLE.replace("single", "multiple").replace(", correct: true", ""))},
        QUIZ,
        8,
        "at least one option",
    ),
    (
        "quiz-option-no-text",
        {QUIZ: quiz(SINGLE.replace("{text: B, feedback: b}", "{feedback: b}"))},
        QUIZ,
        9,
        "option is missing the required key 'text'",
    ),
    ("quiz-duplicate-option", {QUIZ: quiz(SINGLE.replace("{text: B,", "{text: A,"))}, QUIZ, 9, "duplicate option 'A'"),
    ("quiz-duplicate-question", {QUIZ: quiz(TF + TF)}, QUIZ, 9, "duplicate question id 'q1'"),
    ("quiz-unknown-part", {QUIZ: quiz(TF + "    part: innovation\n")}, QUIZ, 9, "unknown framework part 'innovation'"),
    (
        "quiz-no-module",
        {QUIZ: None, "quizzes/01-intr.yaml": quiz(TF)},
        "quizzes/01-intr.yaml",
        1,
        "no module '01-intr' (did you mean '01-intro'?)",
    ),
    (
        "quiz-module-key-unknown",
        {QUIZ: "id: intro-check\nmodule: outro\nquestions:\n" + TF},
        QUIZ,
        2,
        "there is no module 'outro'",
    ),
    (
        "quiz-duplicate-id",
        {"modules/02-more/01-a.md": lesson("A"), "quizzes/02-more.yaml": quiz(TF)},
        "quizzes/02-more.yaml",
        1,
        "duplicate quiz id 'intro-check'",
    ),
    (
        "quiz-fill-no-gap",
        {QUIZ: quiz("  - id: f\n    type: fill_blank\n    prompt: Who?\n    answers: [Deng Fei]\n")},
        QUIZ,
        5,
        "needs a gap written as ____",
    ),
    (
        "quiz-fill-answers-text",
        {QUIZ: quiz("  - id: f\n    type: fill_blank\n    prompt: Who ____?\n    answers: Deng Fei\n")},
        QUIZ,
        6,
        "'answers' must be a list",
    ),
    (
        "quiz-matching-not-pair",
        {QUIZ: quiz("  - id: m\n    type: matching\n    prompt: Match.\n    pairs:\n      - [a, b]\n      - [c]\n")},
        QUIZ,
        8,
        "must be a pair [left, right]",
    ),
    (
        "quiz-ordering-one-item",
        {QUIZ: quiz("  - id: o\n    type: ordering\n    prompt: Order.\n    items: [a]\n")},
        QUIZ,
        6,
        "at least two items",
    ),
    (
        "quiz-draw-too-many",
        {QUIZ: "id: intro-check\ndraw: 5\nquestions:\n" + TF},
        QUIZ,
        2,
        "'draw' is 5 but the quiz has only 1",
    ),
    ("quiz-points-negative", {QUIZ: quiz(TF + "    points: -1\n")}, QUIZ, 9, "'points' must be at least 0"),
    (
        "quiz-reflection-no-model",
        {QUIZ: quiz("  - id: r\n    type: reflection\n    prompt: Think.\n")},
        QUIZ,
        3,
        "missing the required key 'model_answer'",
    ),
    (
        "quiz-options-mapping",
        {QUIZ: quiz("  - id: s\n    type: single\n    prompt: P\n    options: {text: A}\n")},
        QUIZ,
        6,
        "'options' must be a list",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("changes", "path", "line", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_is_located_and_explained(make_course, changes, path, line, words):
    checked = check(make_course(changes))
    assert not checked.ok
    found = [d for d in checked.diagnostics if d.severity == "error" and d.path == path and d.line == line]
    assert any(words in d.message for d in found), "\n".join(d.format() for d in checked.diagnostics)


def test_there_are_at_least_forty_distinct_broken_inputs():
    assert len({c[0] for c in CASES}) >= 40


def test_every_problem_is_reported_in_one_run(make_course):
    checked = check(
        make_course(
            {
                LESSON: lesson("[a](nowhere.md)", "title: S\npart: fundation\nobjectives: [a]"),
                QUIZ: quiz(TF.replace("true_false", "tf")),
            }
        )  # fmt: skip
    )
    messages = [d.message for d in checked.diagnostics]
    assert any("fundation" in m for m in messages)
    assert any("'tf' is not a valid type" in m for m in messages)


def test_an_unknown_question_type_is_reported_alone(make_course):
    checked = check(make_course({QUIZ: quiz(TF.replace("true_false", "truefalse"))}))
    assert [d.message for d in checked.diagnostics if d.path == QUIZ] == [
        "question 'q1': 'truefalse' is not a valid type (did you mean 'true_false'?); use one of: single, multiple, true_false,"
        " fill_blank, numeric, matching, ordering, reflection"
    ]


def test_columns_point_at_the_offending_node(make_course):
    checked = check(make_course({"course.yaml": "id: m\ntitle: M\npass_mark:   high\n"}))
    (diag,) = [d for d in checked.diagnostics if d.path == "course.yaml"]
    assert (diag.line, diag.col) == (3, 14)


def test_links_out_of_the_course_folder_are_refused(make_course, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    root = make_course({LESSON: lesson("![A picture](pic.png)")})
    (root / "modules/01-intro/pic.png").symlink_to(secret)
    (root / "modules/09-elsewhere").symlink_to(tmp_path)
    checked = check(root)
    messages = {(d.path, d.line): d.message for d in checked.diagnostics}
    assert "outside the course folder" in messages[("modules/01-intro/pic.png", 1)]
    assert "outside the course folder" in messages[("modules/09-elsewhere", 1)]
    assert not checked.ok


# --- language tags, as the browser reads them ----------------------------------------------

# (tag, words of the message); each sits at line 3, column 18 of course.yaml (after "languages: [en, ").
BAD_TAGS = [
    ("de-1996-1996", "the variant '1996' appears twice"),
    ("en-", "cannot start or end with '-'"),
    ("zh_CN", "separated by '-', not '_' (zh-CN)"),
    ("xx-yyyyyyyyyyy", "the subtag 'yyyyyyyyyyy' is longer than 8 characters"),
    ("en-a-bbb-a-ccc", "the extension '-a-' appears twice"),
    ("zh-yue-HK", "the subtag 'yue' is not a script, region or variant in this place"),
    ("en-US-US", "the subtag 'US' is not a script, region or variant in this place"),
    ("i-klingon", "'i' cannot start it"),
    ("en-x-private", "without -u-, -t- or -x- parts"),
    ("zh-cn", "write it as 'zh-CN'"),
    ("english", "the language code 'english' must have 2 or 3 letters"),
]


@pytest.mark.parametrize(("tag", "words"), BAD_TAGS, ids=[t for t, _ in BAD_TAGS])
def test_an_invalid_language_tag_is_reported_at_its_position(make_course, tag, words):
    checked = check(make_course({"course.yaml": f"id: m\ntitle: M\nlanguages: [en, {tag}]\n"}))
    errors = [d for d in checked.diagnostics if d.path == "course.yaml"]
    assert [(d.line, d.col) for d in errors] == [(3, 17)], "\n".join(d.format() for d in checked.diagnostics)
    assert errors[0].message.startswith(f"'{tag}' is not a valid language tag: ") and words in errors[0].message


def test_a_language_tag_in_a_block_list_is_reported_at_its_line(make_course):
    checked = check(make_course({"course.yaml": "id: m\ntitle: M\nlanguages:\n  - en\n  - de-1996-1996\n"}))
    (error,) = [d for d in checked.diagnostics if d.path == "course.yaml"]
    assert (error.line, error.col) == (5, 5)


GOOD_TAGS = ["en", "zh-CN", "zh-Hant-TW", "sr-Latn-RS", "de-CH-1901", "sl-rozaj-biske", "es-419", "yue"]


def test_well_formed_course_languages_pass(make_course):
    checked = check(make_course({"course.yaml": f"id: m\ntitle: M\nlanguages: [{', '.join(GOOD_TAGS)}]\n"}))
    assert not [d for d in checked.diagnostics if d.path == "course.yaml"], checked.diagnostics


# --- limits -----------------------------------------------------------------------------------

MiB = 1024 * 1024


@pytest.mark.parametrize(
    ("rel", "content"),
    [
        ("course.yaml", "id: m\ntitle: M\nsummary: " + "x" * MiB + "\n"),
        (LESSON, lesson("word " * (MiB // 5 + 1))),
        (QUIZ, quiz(TF.replace("explanation: Yes.", "explanation: " + "y" * MiB))),
    ],
    ids=["course.yaml", "lesson", "quiz"],
)
def test_a_file_over_one_mebibyte_is_refused(make_course, rel, content):
    checked = check(make_course({rel: content}))
    (error,) = [d for d in checked.diagnostics if d.path == rel]
    assert (error.line, error.col) == (1, 1)
    assert "file is 1.0 MiB, more than the limit of 1.0 MiB for one file" in error.message


@pytest.mark.slow
def test_a_file_just_under_the_limit_is_read(make_course):
    body = "word " * ((MiB - 200) // 5)
    checked = check(
        make_course({LESSON: lesson(body, "title: Start\npart: foundation\nobjectives: [Begin]\nduration: 900")})
    )
    assert not [d for d in checked.diagnostics if "limit" in d.message], checked.diagnostics


@pytest.mark.slow
def test_more_than_500_questions_are_refused_at_the_first_past_the_limit(make_course):
    questions = "".join(TF.replace("q1", f"q{n}") for n in range(501))
    checked = check(make_course({QUIZ: quiz(questions)}))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.path, error.line, error.col) == (QUIZ, 3 + 500 * 6, 5)
    assert error.message == "'questions' has 501 entries, more than the limit of 500"


def test_more_than_50_options_are_refused(make_course):
    options = "".join(f"      - {{text: O{n}, feedback: f}}\n" for n in range(51))
    single = SINGLE.replace("      - {text: B, feedback: b}\n", options)
    checked = check(make_course({QUIZ: quiz(single)}))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.line, error.col) == (8 + 50, 9)  # the 51st entry and "'options' has 52 entries" in error.message


def test_yaml_nested_past_the_limit_is_reported_where_it_gets_too_deep(make_course):
    checked = check(make_course({"course.yaml": "id: m\ntitle: M\nx: " + "[" * 41 + "]" * 41 + "\n"}))
    (error,) = [d for d in checked.diagnostics if d.path == "course.yaml"]
    assert (error.line, error.col) == (3, 43) and "more than 40 levels" in error.message


def test_a_long_number_meant_as_text_is_kept_as_written(make_course):
    fill = "  - id: f\n    type: fill_blank\n    prompt: Pi is ____.\n    answers: [3.14159265358979323846, 007]\n"
    course = load(make_course({QUIZ: quiz(fill)}))
    assert course.modules[0].quizzes[0]["en"].questions[0].answers == ("3.14159265358979323846", "007")


# --- no cascade, intro lines, active files -----------------------------------------------------


def test_an_invalid_source_question_is_not_blamed_on_its_translation(make_course):
    broken = SINGLE.replace("{text: B,", "{text: B, correct: true,")  # two right answers
    checked = check(
        make_course({"course.yaml": EN_ZH, QUIZ: quiz(TF + broken), "quizzes/01-intro.zh-CN.yaml": quiz(TF + broken)})
    )
    errors = [(d.path, d.line, d.message) for d in checked.diagnostics if d.severity == "error"]
    assert [(path, line) for path, line, _ in errors] == [(QUIZ, 14), ("quizzes/01-intro.zh-CN.yaml", 14)], errors
    assert all("exactly one option" in message for _, _, message in errors)


def test_a_translation_question_missing_from_the_source_is_still_reported(make_course):
    checked = check(make_course({"course.yaml": EN_ZH, "quizzes/01-intro.zh-CN.yaml": quiz(TF + SINGLE)}))
    (error,) = [d for d in checked.diagnostics if d.severity == "error"]
    assert (error.path, error.line) == ("quizzes/01-intro.zh-CN.yaml", 9)
    assert error.message.startswith("question 's1' is not in quizzes/01-intro.yaml")


@pytest.mark.parametrize(
    ("head", "line"),
    [
        ("id: intro-check\nintro: Read [this](nowhere.md) first.", 2),
        ("id: intro-check\ntitle: T\nintro: |\n  First paragraph.\n\n  Then [this](nowhere.md).", 4),
        ("id: intro-check\nintro: >-\n  Folded text.", 3),
        ("id: intro-check", 1),
    ],
    ids=["plain", "literal-block", "folded-block", "absent"],
)
def test_the_quiz_intro_keeps_the_line_it_starts_on(make_course, head, line):
    course = load(make_course({QUIZ: quiz(TF, head=head)}))
    assert course.modules[0].quizzes[0]["en"].intro_line == line


def test_active_files_are_allowed_by_glob(make_course):
    config = (
        "id: m\ntitle: M\nallow_active_files:\n  - assets/demos/*.html\n  - assets/**/*.svg\n"
        "  - ../outside.html\n  - /etc/x.svg\n  - 'assets/[z-a].xml'\n"
    )
    report = Report()
    course = load_course(make_course({"course.yaml": config}), report)
    assert course.allow_active_files == ("assets/demos/*.html", "assets/**/*.svg")
    errors = [d for d in report.errors if d.path == "course.yaml"]
    assert [(d.line, d.col) for d in errors] == [(6, 5), (7, 5), (8, 5)], errors
    assert "no '..'" in errors[0].message and "not a valid pattern" in errors[2].message
    allowed = [course.allows_active_file(p) for p in ("assets/demos/a.html", "assets/demos/x/a.html", "assets/a.svg")]
    assert allowed == [True, False, True]
    assert not course.allows_active_file("assets/b.xml") and not course.allows_active_file("modules/a.html")


def test_no_file_is_active_by_default(make_course):
    course = load(make_course())
    assert course.allow_active_files == () and not course.allows_active_file("assets/a.html")


def load(root):
    report = Report()
    course = load_course(root, report)
    assert not report.errors, report.errors
    return course


def language_tags(n: int) -> list[str]:
    """Tags a trainer might type, right and wrong, built from subtags of every shape."""
    pieces = ["en", "zh", "de", "yue", "abcde", "abcdefghi", "root", "i", "x", "u", "t", "a", "1", "Latn", "Hant",
              "US", "CN", "419", "12", "1996", "1901", "rozaj", "POSIX", "a1", "1a", "ca", "gregory", "abc", "a1b",
              "priv", "", "zh_CN", "é"]  # fmt: skip
    rng = random.Random(5646)
    tags = [tag for tag, _ in BAD_TAGS] + GOOD_TAGS
    while len(tags) < n:
        first = rng.choice(["en", "zh", "sr", "de", "abcde"] * 3 + pieces)
        tags.append("-".join([first] + [rng.choice(pieces) for _ in range(rng.randrange(5))]))
    return tags


@pytest.mark.browser
def test_well_formed_means_what_the_browser_accepts(page):
    """Our reading of BCP 47 against the real consumer: Chromium's Intl.getCanonicalLocales."""
    tags = language_tags(3000)
    accepted = page.evaluate(
        "tags => tags.map(t => { try { Intl.getCanonicalLocales(t); return true } catch (e) { return false } })", tags
    )
    differ = [
        (tag, ok, well_formed_problem(tag))
        for tag, ok in zip(tags, accepted, strict=True)
        if ok != (not well_formed_problem(tag))
    ]
    assert not differ, differ[:20]
    assert 500 < sum(accepted) < 2500  # both kinds are well represented
    for tag, ok in zip(tags, accepted, strict=True):  # what a course accepts, the browser accepts too
        assert ok or course_language_problem(tag), tag


def test_a_link_to_a_renamed_heading_says_its_new_id(make_course):
    root = make_course({"modules/01-intro/01-start.md": "---\ntitle: Start\npart: foundation\n---\n\n"
                        "## Quiz time\n\nSee [the plan](#lesson-plan) and [the quiz](#quiz-time).\n\n## Lesson plan\n"})  # fmt: skip
    problems = [d.message for d in check(root).diagnostics if d.severity == "error"]
    assert problems == [
        "link '#quiz-time' goes to '#quiz-time', which is not a heading or anchor on that page"
        " (did you mean 'section-quiz-time'?)"
    ]
