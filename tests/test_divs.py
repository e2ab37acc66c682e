"""Lessons written for other tools: Pandoc / Quarto / MyST / Carpentries fenced divs become the
course's boxes, folded solutions and facilitator-only notes; code fences work in boxes, disclosures
and list items, under a language label; what would render as junk is a warning at its line."""

from __future__ import annotations

import html
import re
import shutil
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from course.build import build, check
from course.cli import main
from course.convert.cache import _from_json, _to_json
from course.convert.text import convert_markdown

from .conftest import COURSES

WORKBENCH = COURSES / "workbench"
LESSON_1 = "modules/01-survey-files/01-finding-files.md"
LESSON_2 = "modules/01-survey-files/02-counting-households.md"


def md(text: str, lang: str = "en", first_line: int = 1):
    return convert_markdown(textwrap.dedent(text).strip("\n"), "m/l.md", first_line, lang=lang)


def problems(converted) -> list[tuple]:
    return [(d.line, d.col, d.code, d.message) for d in converted.diagnostics]


# --- fenced divs ---------------------------------------------------------------------------------


def test_a_challenge_with_a_nested_solution_folds_the_solution_and_keeps_it_out_of_the_outline():
    c = md("""
        ## Before

        :::: challenge
        ## Count the files

        How many?

        ::: solution
        ## Solution

        Three.

        ### Why three
        :::
        ::::

        After.
        """)
    assert c.diagnostics == ()
    assert '<div class="admonition challenge">\n<p class="admonition-title">Count the files</p>' in c.html
    solution = re.search(r"<details class=\"solution\">.*?</details>", c.html, re.DOTALL).group(0)
    assert "<summary>Solution</summary>" in solution and "<p>Three.</p>" in solution
    assert '<details class="solution" open' not in c.html  # folded until the learner opens it
    assert solution in c.html.split("</details>")[0] + "</details>"  # inside the challenge box
    assert c.html.index("<details") > c.html.index("admonition challenge")
    assert c.html.rstrip().endswith("<p>After.</p>")
    assert [t[2] for t in c.toc] == ["Before"]  # neither the box titles nor the solution's headings
    # the facilitator's copy shows the solution
    assert '<div class="admonition solution">\n<p class="admonition-title">Solution</p>' in c.facilitator
    assert "<p>Three.</p>" in c.facilitator and "<details" not in c.facilitator and "id=" not in c.facilitator
    assert ":::" not in c.html


def test_pandoc_closes_the_innermost_div_and_colon_counts_match_fences():
    same = md("""
        ::: exercise
        Do it.

        ::: solution
        Done.
        :::
        :::

        Outside.
        """)
    assert same.diagnostics == ()
    assert same.html.index("Outside") > same.html.rindex("</div>")
    # an outer fence closes its own div, and says the inner one was left open
    forgot = md("""
        :::: challenge
        Do it.

        ::: solution
        Done.
        ::::

        Outside.
        """)
    assert problems(forgot) == [
        (4, 1, "unclosed-div", "this 'solution' div is never closed: close it with a line of 3 colons before line 6")
    ]
    assert "<p>Outside.</p>" in forgot.html and forgot.html.index("Outside") > forgot.html.rindex("</div>")


def test_the_workbench_writes_fences_of_any_length():
    # as the Carpentries Workbench's template writes them: closing fences longer than the opening ones
    c = md(f"""
        {":" * 37} challenge

        ## Challenge 1: what does it print?

        ```bash
        echo "new lesson"
        ```

        {":" * 24} solution

        ## Output

        ```output
        new lesson
        ```

        {":" * 33}

        {":" * 48}

        After.
        """)
    assert c.diagnostics == ()
    assert '<p class="admonition-title">Challenge 1: what does it print?</p>' in c.html
    assert "<summary>Output</summary>" in c.html and "new lesson</code>" in c.html
    assert c.html.rstrip().endswith("</div>\n<p>After.</p>")


def test_attributes_myst_quarto_and_bare_words():
    c = md("""
        ::: {.callout .wide #back-up title="Back up first"}
        Copy the folder.
        :::

        :::{note} Read this
        Text.
        :::

        :::{admonition} MyST's own
        Text.
        :::

        ::: {.callout-tip}
        ## Quarto's title
        Tip text.
        :::

        ::::: caution :::::
        Careful.
        :::::

        ::: {.callout-note collapse="true"}
        Folded.
        :::
        """)
    assert c.diagnostics == ()
    assert '<div class="admonition callout wide" id="back-up">\n<p class="admonition-title">Back up first</p>' in c.html
    assert '<div class="admonition note">\n<p class="admonition-title">Read this</p>' in c.html
    assert '<p class="admonition-title">MyST&#x27;s own</p>' in c.html or "MyST's own</p>" in c.html
    assert '<div class="admonition tip">\n<p class="admonition-title">Quarto&#x27;s title</p>' in c.html or (
        '<p class="admonition-title">Quarto\'s title</p>' in c.html
    )
    assert '<div class="admonition caution">\n<p class="admonition-title">Caution</p>' in c.html
    assert '<details class="note">\n<summary>Note</summary>\n<p>Folded.</p>\n</details>' in c.html
    assert "back-up" in c.ids


def test_default_titles_are_in_the_pages_language():
    c = md("""
        :::: challenge
        做一做。

        ::: solution
        答案。
        :::
        ::::
        """, lang="zh-CN")  # fmt: skip
    assert '<p class="admonition-title">练习</p>' in c.html and "<summary>参考答案</summary>" in c.html


def test_the_sanitiser_still_cleans_what_a_div_holds():
    c = md("""
        ::: {.callout .quiz-result #main onclick="alert(1)"}
        <script>alert(1)</script><img src="x.png" alt="x" onerror="alert(1)">
        :::
        """)
    assert "<script" not in c.html and "onerror" not in c.html and "onclick" not in c.html
    assert "quiz-result" not in c.html and 'id="main"' not in c.html  # names the page's own script reads
    assert '<div class="admonition callout">' in c.html


def test_instructor_notes_leave_the_page_for_the_facilitator():
    c = md("""
        Learner text.

        ::: instructor
        ## Timing
        Give them **five minutes**; see [the notes](notes.md).
        :::

        ::::: challenge
        Do it.

        :::: facilitator
        Walk round the room.
        ::::
        :::::
        """)
    assert "five minutes" not in c.html and "Walk round" not in c.html and "Timing" not in c.html
    assert '<div class="admonition instructor">\n<p class="admonition-title">Timing</p>' in c.facilitator
    assert "<strong>five minutes</strong>" in c.facilitator and c.facilitator.count("Walk round the room.") == 1
    assert 'href="course-link:0"' in c.facilitator and c.links[0].url == "notes.md"
    assert c.toc == ()


def test_objectives_and_keypoints_become_the_lessons_objectives():
    c = md("""
        ::: objectives
        - List files with `ls`
        - Read *what it prints*
        :::

        Text.

        ::: keypoints
        - `ls` lists
        :::
        """)
    assert c.objectives == ("List files with ls", "Read what it prints") and c.objectives_line == 1
    assert "List files" not in c.html  # shown as the lesson's objectives, not twice
    assert '<div class="admonition keypoints">\n<p class="admonition-title">Key points</p>' in c.html
    only_keypoints = md("Text.\n\n::: keypoints\n- `ls` lists\n:::")
    assert only_keypoints.objectives == ("ls lists",) and only_keypoints.objectives_line == 0


@pytest.mark.parametrize("text", [":::", "::: callout", "!!! note", "??? tip"])
def test_a_one_line_fence_or_box_takes_the_markdown_path(text):
    from course.convert.text import convert

    assert convert(text, "q.yaml", 3) == convert_markdown(text, "q.yaml", 3)


def test_a_colon_line_inside_code_is_code():
    c = md("""
        ```yaml
        ::: callout
        key: value
        ```
        """)
    assert c.diagnostics == () and "::: callout" in c.html and "admonition" not in c.html


def test_unknown_unclosed_and_stray_divs_are_warnings_at_their_lines(tmp_path):
    c = md("""
        Text.

        ::: {.sidebar #s}
        Aside.
        :::

        ::: tab
        One.
        :::

        :::

        :::: callout
        Never closed.
        """, first_line=5)  # fmt: skip
    understood = (
        "admonition, answer, callout, caution, challenge, checklist, danger, discussion, example, exercise, facilitator"
    )
    assert [(line, col, code) for line, col, code, _ in problems(c)] == [
        (7, 7, "unknown-div"),  # at the class name
        (11, 5, "unknown-div"),
        (15, 1, "stray-div-fence"),
        (17, 1, "unclosed-div"),
    ]
    messages = [m for *_, m in problems(c)]
    assert messages[0].startswith(f"unknown div class 'sidebar', so its text is shown without a box; the classes"
                                  f" understood are {understood}")  # fmt: skip
    assert messages[1].startswith("unknown div class 'tab'")
    assert messages[2].startswith("this ':::' closes no div")
    assert messages[3] == "this 'callout' div is never closed: end it with a line of 4 colons (':::')"
    assert "<p>Aside.</p>" in c.html and "<p>One.</p>" in c.html  # shown, without a box
    assert "<p>Never closed.</p>" in c.html and ":::" not in c.html


# --- code anywhere ------------------------------------------------------------------------------


def test_code_fences_inside_boxes_disclosures_list_items_and_divs_keep_their_language():
    c = md("""
        !!! tip "Try it"
            Type:

            ```bash
            ls -l <folder>
            ```

        ??? note "More"
            ```python
            print("hi")
            ```

        1. First:

            ```bash
            pwd
            ```

            ```output
            /home/amina
            ```

        ::: callout
        ```error
        ls: cannot access 'x': No such file or directory
        ```
        :::
        """)
    assert c.diagnostics == ()
    label = '<div class="code-block"><p class="code-label">{}</p><pre class="highlight" tabindex="0"><code class="language-{}">'
    assert label.format("bash", "bash") + "ls -l &lt;folder&gt;</code></pre></div>" in c.html
    assert label.format("python", "python") + 'print("hi")</code></pre></div>' in c.html
    assert label.format("bash", "bash") + "pwd</code></pre></div>" in c.html
    assert ('<div class="code-block output"><p class="code-label">Output</p><pre class="highlight" tabindex="0">'
            '<code class="language-output">/home/amina</code></pre></div>') in c.html  # fmt: skip
    assert '<div class="code-block error"><p class="code-label">Error</p>' in c.html
    assert "`" not in c.html  # no fence shown as text
    assert '<p class="code-label">输出</p>' in md("```output\n1\n```", lang="zh-CN").html


def test_unknown_box_types_and_unindented_bodies_are_warnings():
    c = md("""
        !!! remember "Save"
            Indented, fine.

        !!! warning "Spaces"
        Not indented.

        ??? solution
            Fine.

        - item

            !!! note
            Not indented either.
        """)
    assert [(line, col, code) for line, col, code, _ in problems(c)] == [
        (1, 5, "unknown-box"),
        (4, 1, "box-indent"),
        (12, 5, "box-indent"),
    ]
    assert problems(c)[0][3].startswith("unknown box type 'remember': it shows as a plain box; the types understood")
    assert problems(c)[1][3] == (
        "the text after this '!!!' box (line 5) is not indented, so the box is empty and the text shows below it:"
        " indent the box's lines by 4 spaces"
    )


def test_the_cache_keeps_what_divs_found():
    c = md("::: objectives\n- One\n:::\n\n::: instructor\nNote.\n:::\n\nText.")
    assert c.facilitator and c.objectives == ("One",)
    assert _from_json(_to_json(c)) == c


# --- a course written in the Carpentries' conventions -------------------------------------------


def test_the_workbench_course_checks_with_only_the_warnings_it_has():
    checked = check(WORKBENCH)
    found = [(d.path, d.line, d.col, d.severity, d.code, d.message.split(";")[0]) for d in checked.diagnostics]
    assert found == [
        (LESSON_2, 61, 5, "warning", "unknown-div", "unknown div class 'aside', so its text is shown without a box"),
        (LESSON_2, 65, 5, "warning", "unknown-box", "unknown box type 'remember': it shows as a plain box"),
        (LESSON_2, 68, 1, "warning", "box-indent", "the text after this '!!!' box (line 69) is not indented, so"
         " the box is empty and the text shows below it: indent the box's lines by 4 spaces"),
        (LESSON_2, 71, 1, "warning", "unclosed-div", "this 'facilitator' div is never closed: end it with a line"
         " of 3 colons (':::')"),
    ]  # fmt: skip
    # the first lesson has no objectives in its front matter: its objectives div gives them
    lesson = checked.book.pages["en"]["survey-files/finding-files.html"]
    assert lesson.objectives == (
        "Move between folders with cd and see where you are with pwd",
        "List the survey files of one week with ls",
    )
    assert "Learners on Windows" in lesson.facilitator and "Learners on Windows" not in lesson.html


def test_silenced_codes_are_silent_and_strict_makes_them_errors(runner, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(WORKBENCH, root)
    config = root / "course.yaml"
    config.write_text(config.read_text() + "silence: [unknown-div, unknown-box]\n")
    assert {d.code for d in check(root).diagnostics} == {"box-indent", "unclosed-div"}
    result = runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert f"{LESSON_2}:71:1: error: this 'facilitator' div is never closed" in result.output


def test_objectives_twice_is_a_warning_and_none_needs_no_warning(make_course):
    root = make_course({
        "modules/01-intro/01-start.md": """
            ---
            title: Start
            part: foundation
            objectives: [Begin]
            ---

            ::: objectives
            - Begin again
            :::
            """,
        "modules/01-intro/02-next.md": """
            ---
            title: Next
            part: foundation
            ---

            Text.

            ::: keypoints
            - Something learnt
            :::
            """,
    })  # fmt: skip
    checked = check(root)
    found = [(d.path, d.line, d.code) for d in checked.diagnostics]
    assert found == [("modules/01-intro/01-start.md", 7, "objectives-twice")]
    assert checked.book.pages["en"]["intro/start.html"].objectives == ("Begin",)
    assert checked.book.pages["en"]["intro/next.html"].objectives == ("Something learnt",)


def test_the_facilitators_notes_go_to_the_answer_key_not_the_workbook(runner, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "handout"
    result = runner.invoke(main, ["export", "handout", str(WORKBENCH), "-o", str(out)])
    assert result.exit_code == 0, result.output
    key = (out / "en/answer-key.html").read_text()
    workbook = (out / "en/survey-files-workbook.html").read_text()
    assert "For the facilitator: notes and the exercises' solutions" in html.unescape(key)
    assert "Learners on Windows use Git Bash" in key
    assert '<code class="language-bash">ls -lt</code>' in key  # the solution, shown
    assert "skip the exercise and show the solution" in key  # the unclosed one too
    assert "Learners on Windows" not in workbook and "skip the exercise" not in workbook


@pytest.fixture(scope="module")
def workbench_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("workbench") / "build"
    build(WORKBENCH, out)
    return out


@pytest.mark.browser
def test_in_a_browser_solutions_are_folded_notes_absent_and_code_intact(page: Page, workbench_site):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{workbench_site.as_uri()}/en/survey-files/finding-files.html")
    assert "Learners on Windows" not in page.content()  # not hidden: not there at all
    objectives = page.locator("section.objectives li")
    expect(objectives).to_have_text(["Move between folders with cd and see where you are with pwd",
                                     "List the survey files of one week with ls"])  # fmt: skip
    challenge = page.locator(".admonition.challenge")
    expect(challenge.locator(".admonition-title")).to_have_text("Which file came last?")
    solution = challenge.locator("details.solution")
    answer = solution.locator("code", has_text="ls -lt")
    expect(answer).to_be_hidden()
    solution.locator("summary").click()
    expect(answer).to_be_visible()
    expect(answer).to_have_text("ls -lt")
    # a command in a list item, under its language, and what it printed apart from it
    item = page.locator(".content ol > li").first
    expect(item.locator(".code-block:not(.output) .code-label")).to_have_text("bash")
    expect(item.locator(".code-block:not(.output) code")).to_have_text("ls -l")
    printed = item.locator(".code-block.output")
    expect(printed.locator(".code-label")).to_have_text("Output")
    expect(printed.locator("code")).to_contain_text("0 Jan  8 09:40 village-dire.csv")  # spaces kept
    command_style = item.locator(".code-block:not(.output) pre").evaluate("e => getComputedStyle(e).borderStyle")
    output_style = printed.locator("pre").evaluate("e => getComputedStyle(e).borderStyle")
    assert (command_style, output_style) == ("none", "dashed")
    assert page.locator("nav.toc", has_text="Solution").count() == 0
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.goto(f"{workbench_site.as_uri()}/en/survey-files/counting-households.html")
    expect(page.locator(".admonition.tip .code-block code")).to_have_text("tail -n +2 village-ambo.csv | wc -l")
    exercise = page.locator(".admonition.exercise")
    expect(exercise.locator("details")).to_have_count(2)
    for details in exercise.locator("details").all():
        assert details.evaluate("e => e.open") is False
    expect(exercise.locator("details.solution .code-block.error .code-label")).to_have_text("Error")
    assert "skip the exercise" not in page.content()
    assert ":::" not in page.locator("main").inner_text()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_cache_key_covers_every_converting_module():
    from pathlib import Path

    from course.convert import cache

    package = Path(cache.__file__).parents[1]
    modules = {p.relative_to(package).as_posix() for p in (package / "convert").glob("*.py")} - {"convert/__init__.py"}
    assert modules - {"convert/policy.py"} <= set(cache._CODE)  # policy.py: what pages load, not conversions


DIV_LINES = st.sampled_from([
    ":::", "::::", "::: callout", ":::: challenge", "::: solution", "::: {.note #n title=\"T\"}", ":::{tip} T",
    "::: instructor", "::: objectives", "::: keypoints", "::: aside", "::: {", "::: {.x", "## Title", "- item",
    "text", "", "```bash", "```", "    indented", "!!! note", "!!! odd \"t\"", "??? solution", "??? \"x\"",
    "    ```output", "[[quiz: q]]", "<details>", "\t::: tab",
])  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.lists(DIV_LINES, max_size=25))
def test_any_arrangement_of_fences_converts_without_an_exception(lines):
    c = convert_markdown("\n".join(lines), "m/l.md", 3)
    assert all(3 <= d.line <= 3 + len(lines) and d.col >= 1 for d in c.diagnostics)
    assert "\u00a7\u00a7facilitator" not in c.html + c.facilitator
    if "<details>" not in lines:  # an unclosed HTML block takes in all that follows, as it is
        assert "fenced-div-" not in c.html + c.facilitator
