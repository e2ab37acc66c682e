"""[[note: id]] in a lesson: a labelled textarea written by the tool (never the author's HTML),
its prompt from the note or the paragraph before it, and its problems at their line and column."""

from __future__ import annotations

import json

from course.build import build, check
from course.convert.cache import _from_json, _to_json
from course.convert.text import convert

LESSON = "modules/01-intro/01-start.md"
FRONT = "---\ntitle: Start\npart: foundation\nobjectives: [Begin]\n---\n"  # the body starts on line 6


def test_a_note_takes_the_paragraph_before_it_as_its_prompt():
    c = convert("Which service is yours?\n\n[[note: my-service]]\n", "a.md", 1, lang="en")
    assert c.notes == (("my-service", "Which service is yours?"),)
    assert '<p id="learner-note-my-service-prompt">Which service is yours?</p>' in c.html
    assert '<label for="learner-note-my-service">Your note</label>' in c.html
    assert (
        '<textarea id="learner-note-my-service" rows="4" maxlength="50000"'
        ' aria-describedby="learner-note-my-service-prompt">'
    ) in c.html
    assert "[[note" not in c.html and "\u00a7" not in c.html
    assert c.diagnostics == ()


def test_a_note_after_a_reflection_box_takes_the_boxs_question():
    text = '!!! reflection "Your organisation"\n    Which networks exist around *your* work?\n\n[[note: networks]]\n'
    c = convert(text, "a.md", 1, lang="zh-CN")
    assert c.notes == (("networks", "Which networks exist around your work?"),)
    assert '<label for="learner-note-networks">我的笔记</label>' in c.html


def test_a_prompt_written_in_the_note_is_escaped_text():
    c = convert('Intro.\n\n[[note: plan | What <b>will</b> you do & "when"?]]\n', "a.md", 1)
    assert c.notes == (("plan", 'What <b>will</b> you do & "when"?'),)
    assert 'id="learner-note-plan-prompt">What &lt;b&gt;will&lt;/b&gt; you do &amp; &quot;when&quot;?</p>' in c.html
    assert "<b>" not in c.html


def test_a_note_inside_a_code_fence_is_code():
    c = convert("```\n[[note: x]]\n```\n", "a.md", 1)
    assert c.notes == () and "[[note: x]]" in c.html and c.diagnostics == ()


def test_notes_survive_the_conversion_cache():
    c = convert("Why?\n\n[[note: why]]\n", "a.md", 1)
    assert _from_json(json.loads(json.dumps(_to_json(c)))) == c


def located(make_course, body: str) -> list[tuple[int, int, str]]:
    checked = check(make_course({LESSON: FRONT + body}))
    return [(d.line, d.col, d.message) for d in checked.diagnostics if d.path == LESSON and d.severity == "error"]


def test_a_repeated_note_id_is_reported_at_its_line_and_column(make_course):
    found = located(make_course, "One?\n\n[[note: same]]\n\nTwo?\n\n  [[note: same]]\n")
    assert [(line, col) for line, col, _ in found] == [(12, 3)]
    assert "note id 'same' is already used on line 8 of this page" in found[0][2]


def test_a_malformed_note_id_is_reported_with_the_fix(make_course):
    found = located(make_course, "Why?\n\n[[note: my note!]]\n\nWhy?\n\n[[note: ]]\n")
    assert [(line, col) for line, col, _ in found] == [(8, 1), (12, 1)]
    assert "note id 'my note!' is not one: write [[note: an-id]]" in found[0][2]


def test_a_note_without_a_prompt_says_how_to_give_one(make_course):
    (found,) = located(make_course, "# Heading\n\n[[note: lonely]]\n")
    assert found[:2] == (8, 1)
    assert "[[note: lonely | Your question]]" in found[2]


def test_a_note_that_cannot_be_placed_is_reported(make_course):
    (found,) = located(make_course, "- item\n\n    [[note: in-list]]\n")
    assert found[:2] == (8, 5) and "give it a line of its own" in found[2]


def test_the_progress_page_knows_every_note_and_the_notes_page_lists_it(make_course, tmp_path):
    root = make_course({LESSON: FRONT + "Hello.\n\nWhat is your first step?\n\n[[note: first-step]]\n"})
    build(root, tmp_path / "site")
    progress = (tmp_path / "site/en/progress.html").read_text(encoding="utf-8")
    ids = json.loads(progress.split('id="learner-progress-ids">')[1].split("</script>")[0])
    assert ids["course"] == "mini"
    assert ids["notes"] == ["intro/start#first-step"]
    assert ids["quizzes"] == {"intro-check": ["q1"]}
    assert "intro/start.html" in ids["pages"] and "progress.html" in ids["pages"]
    notes = (tmp_path / "site/en/notes.html").read_text(encoding="utf-8")
    assert 'data-note-key="intro/start#first-step"' in notes
    assert "What is your first step?" in notes
    lesson = (tmp_path / "site/en/intro/start.html").read_text(encoding="utf-8")
    assert "learner-progress-ids" not in lesson  # the ids go on the progress page only


def test_a_note_only_one_language_has_is_kept_by_every_languages_import(make_course, tmp_path):
    root = make_course({
        "course.yaml": "id: mini\ntitle: Mini\nlanguages: [en, zh-CN]\n",
        LESSON: "---\ntitle: Start\n---\nWhy?\n\n[[note: why]]\n",
        "modules/01-intro/01-start.zh-CN.md": "---\ntitle: 开始\n---\n为什么？\n",
    })  # fmt: skip
    build(root, tmp_path / "site")
    for lang in ("en", "zh-CN"):
        progress = (tmp_path / f"site/{lang}/progress.html").read_text(encoding="utf-8")
        ids = json.loads(progress.split('id="learner-progress-ids">')[1].split("</script>")[0])
        assert ids["notes"] == ["intro/start#why"], lang


def test_a_note_id_gone_since_the_last_build_is_warned_about(make_course):
    root = make_course({LESSON: FRONT + "Why?\n\n[[note: why]]\n"})
    build(root, root / "build")
    (root / LESSON).write_text(FRONT + "Why?\n\n[[note: why-now]]\n", encoding="utf-8")
    checked = check(root)
    (warning,) = [d for d in checked.diagnostics if d.code == "changed-id"]
    assert warning.path == LESSON and warning.severity == "warning"
    assert "note id 'why' of the last build is gone (did you mean 'why-now'?)" in warning.message
    (root / LESSON).write_text(FRONT + "Why?\n\n[[note: why]]\n", encoding="utf-8")
    assert not [d for d in check(root).diagnostics if d.code == "changed-id"]
