"""A course from a stranger is inert: its templates, links, files and .git run nothing, reach
nowhere and script nothing; hostile Markdown is refused before it can stall the tool."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from course.build import build, check
from course.cli import main
from course.convert.limits import MAX_DEPTH, MAX_FOOTNOTES, MAX_HEADINGS, MAX_LINKS, MAX_OPEN_BRACKETS
from course.errors import Report
from course.link.resolve import MarkdownRenderer
from tests.conftest import MINIMAL

LESSON = "modules/01-intro/01-start.md"
FRONT = "---\ntitle: Start\npart: foundation\nobjectives: [Begin]\n---\n\n"

# Jinja template injections that reach os.system through the objects a template can see.
TEMPLATE_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.system('touch %s') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch %s').read() }}",
    "{{ lipsum.__globals__['os'].system('touch %s') }}",
    "{{ namespace.__init__.__globals__.os.system('touch %s') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ config }}{% set x = 'touch %s' %}",
    "{{ urls.relative.__globals__['os'].system('touch %s') }}",
    "{{ course.__class__.__init__.__globals__['sys'].modules['os'].system('touch %s') }}",
    "{{ t.__class__.__init__.__globals__ }}{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
    ".system('touch %s') }}",
]


def lesson(body: str) -> dict:
    return {LESSON: FRONT + body}


def problems(checked, severity=None):
    return [(d.path, d.line, d.col, d.code) for d in checked.diagnostics if severity in (None, d.severity)]


# --- templates ---------------------------------------------------------------


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS)
def test_a_course_template_cannot_run_code(runner, make_course, tmp_path, payload):
    marker = tmp_path / "ran"
    root = make_course({"templates/_pager.html": payload.replace("%s", str(marker))})
    result = runner.invoke(main, ["check", str(root)])
    assert not marker.exists()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # no traceback
    assert "templates/_pager.html:1:1: error:" in result.output, result.output


@pytest.mark.slow
def test_a_course_template_renders_sanitised_with_the_layout_names(make_course):
    pager = (
        '<nav class="pager mine" onclick="steal()"><a href="javascript:alert(1)">x</a>'
        '<script>alert(2)</script><img src="https://tracker.example/p.gif" alt="">'
        '<a class="q-check" href="{{ link(urls.HOME) }}">Home</a></nav>\n'
    )
    checked = check(make_course({"templates/_pager.html": pager}))
    found = {(d.line, d.col, d.code or d.severity) for d in checked.diagnostics if d.path == "templates/_pager.html"}
    assert found == {(1, pager.index("javascript") + 1, "unsafe-link"), (1, pager.index("https") + 1, "error")}
    page = checked.site.pages["en/intro/start.html"].decode()
    pager = page[page.index('<nav class="pager mine">') :]
    assert '<a href="../index.html">Home</a>' in pager  # context works; the engine's name is stripped
    for bad in ("onclick", "javascript:", "<script>alert(2)", "tracker.example"):
        assert bad not in page


@pytest.mark.slow
def test_template_links_outside_the_course_and_page_templates_are_refused(make_course, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("TOP SECRET")
    root = make_course({"templates/base.html": "<html>mine</html>"})
    (root / "templates/_header.html").symlink_to(secret)
    (root / "templates/_pager.html").symlink_to(root / "templates/_pager.html")  # a loop
    checked = check(root)
    messages = {(d.path, d.severity): d.message for d in checked.diagnostics}
    assert "outside the course folder" in messages[("templates/_header.html", "error")]
    assert "belongs to the tool" in messages[("templates/base.html", "error")]
    assert "round in a loop" in messages[("templates/_pager.html", "error")]
    assert not checked.ok
    assert all(b"TOP SECRET" not in page for page in checked.site.pages.values())


def test_a_broken_course_template_is_a_located_error(runner, make_course):
    root = make_course({"templates/_nav.html": "<nav>\n{% for x in %}\n</nav>\n"})
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "templates/_nav.html:2:1: error: template syntax:" in result.output


# --- git ---------------------------------------------------------------------


def test_a_course_with_its_own_git_config_runs_nothing(make_course, tmp_path):
    """fsmonitor, hooks, a clean filter, a pager and gpg for signatures: each would run a
    program on a plain `git status` or `git log`; the freshness check must start none."""
    root = make_course({LESSON: "---\ntitle: Start\nobjectives: [Begin]\n---\n\nHello.\n", "quizzes/01-intro.yaml": None,
                        "course.yaml": "id: m\ntitle: M\nlanguages: [en, zh-CN]\n"})  # fmt: skip
    git = ["git", "-C", str(root), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], check=True)
    (root / "modules/01-intro/01-start.zh-CN.md").write_text("---\ntitle: 开始\nobjectives: [开始]\n---\n你好\n")
    subprocess.run([*git, "add", "."], check=True)
    past = {**os.environ, "GIT_COMMITTER_DATE": "2026-01-01T00:00:00", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00"}
    subprocess.run([*git, "commit", "-qm", "one"], check=True, env=past)
    markers = {name: tmp_path / name for name in ("fsmonitor", "hook", "filter", "gpg", "pager")}
    hooks = root / "evil-hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "reference-transaction", "post-checkout"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {markers['hook']}\n")
        (hooks / hook).chmod(0o755)
    config = (
        f"[core]\n\tfsmonitor = touch {markers['fsmonitor']}; echo\n\thooksPath = {hooks}\n"
        f"\tpager = touch {markers['pager']}; cat\n"
        f'[filter "evil"]\n\tclean = touch {markers["filter"]}; cat\n\tsmudge = cat\n'
        f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {tmp_path / 'gpg.sh'}\n"
    )
    (tmp_path / "gpg.sh").write_text(f"#!/bin/sh\ntouch {markers['gpg']}\n")
    (tmp_path / "gpg.sh").chmod(0o755)
    with open(root / ".git/config", "a") as f:
        f.write(config)
    (root / ".gitattributes").write_text("* filter=evil\n")
    source = root / "modules/01-intro/01-start.md"
    source.write_text(source.read_text() + "\nEdited, not committed.\n")
    checked = check(root)
    assert [name for name, marker in markers.items() if marker.exists()] == []
    # and the check still knows the source changed after its translation
    assert problems(checked) == [("modules/01-intro/01-start.zh-CN.md", 1, 1, "stale-translation")]


# --- links, whatever wrote them ----------------------------------------------


def test_raw_html_links_follow_the_same_policy_as_markdown(make_course):
    body = (
        "One.\n"
        '<img src="https://tracker.example/p.gif" alt="pixel">\n\n'
        '<a href="https://example.org/">site</a> and [x](//host.example/)\n\n'
        '<a href="missing.md">gone</a> and <a href="02-next.md#part-two">next</a>\n\n'
        '<a href="javascript:alert(1)">a</a> <a href="ftp://files.example/x">b</a> <a href="file:///etc/passwd">c</a>\n'
    )
    root = make_course(
        {
            **lesson(body),
            "modules/01-intro/02-next.md": "---\ntitle: Next\nobjectives: [Go on]\n---\n\n## Part two\n",
            "course.yaml": MINIMAL["course.yaml"].rstrip(" ") + "        external_links: false\n",
        }
    )
    checked = check(root)
    found = {(d.line, d.col, d.code or d.severity): d.message for d in checked.diagnostics if d.path == LESSON}
    assert "not on another site" in found.pop((8, 11, "error"))
    assert "forbids" in found.pop((10, 10, "error")) and "forbids" in found.pop((10, 49, "error"))
    assert "missing.md" in found.pop((12, 10, "error"))
    assert set(found) == {(14, 10, "unsafe-link"), (14, 46, "unsafe-link"), (14, 84, "unsafe-link")}
    page = checked.site.pages["en/intro/start.html"].decode()
    assert 'href="next.html#part-two"' in page  # rewritten like a Markdown link
    for bad in ("tracker.example", "javascript:", "ftp:", "file:"):
        assert bad not in page


def test_a_link_problem_speaks_of_what_the_author_wrote(make_course):
    root = make_course(lesson("Intro.\n\nSee [the plan](my\\_plan.md) and a note.[^n]\n\n[^n]: cited\n[^x]: never\n"))
    found = {(d.line, d.col): d.message for d in check(root).diagnostics if d.path == LESSON}
    assert "link 'my_plan.md'" in found[(9, 16)] and "\x02" not in found[(9, 16)]
    assert found[(12, 1)].startswith("footnote [^x] is never cited")
    assert not any("fnref" in message for message in found.values())


# --- files that could script the site ------------------------------------------

SVG_CLEAN = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>localStorage.clear()</script></svg>'


def test_active_files_are_left_out_with_a_warning_at_the_link(make_course, tmp_path):
    body = (
        "[page](../../assets/page.html) [feed](../../assets/feed.xml) [drawing](../../assets/clean.svg)\n\n"
        "![a chart](../../assets/clean.svg)\n\n![a trap](../../assets/script.svg)\n"
    )
    files = {"assets/page.html": "<script>alert(1)</script>", "assets/feed.xml": "<x/>"}
    root = make_course(lesson(body))
    for name, data in {**files, "assets/clean.svg": SVG_CLEAN, "assets/script.svg": SVG_SCRIPT}.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    result = build(root, tmp_path / "out")
    warned = {(d.line, d.col) for d in result.warnings if d.code == "active-file"}
    first = body.split("\n")[0]
    at = {name: (7, first.index(f"../../assets/{name}") + 1) for name in ("page.html", "feed.xml", "clean.svg")}
    trap = (11, len("![a trap](") + 1)
    assert warned == {*at.values(), trap}
    copied = sorted(p.name for p in (tmp_path / "out/files/assets").iterdir())
    assert copied == ["clean.svg"]  # shown through <img>, where an SVG runs no script
    page = (tmp_path / "out/en/intro/start.html").read_text()
    assert "page.html" not in page and "script.svg" not in page

    (root / "course.yaml").write_text(
        (root / "course.yaml").read_text() + "allow_active_files: [assets/page.html, 'assets/*.xml']\n"
    )
    result = build(root, tmp_path / "out")
    assert {(d.line, d.col) for d in result.warnings if d.code == "active-file"} == {at["clean.svg"], trap}
    assert sorted(p.name for p in (tmp_path / "out/files/assets").iterdir()) == ["clean.svg", "feed.xml", "page.html"]


# --- hostile Markdown ----------------------------------------------------------

SHAPES = {
    "nested list": lambda n: "\n".join("    " * i + "- x" for i in range(n)),
    "nested quotes": lambda n: "\n".join(">" * i + " x" for i in range(1, n)),
    "unclosed brackets": lambda n: "[a " * n,
    "identical headings": lambda n: "\n\n".join("## Same" for _ in range(n)),
    "footnotes": lambda n: "\n".join(f"[^{i}]: x" for i in range(n)),
    "anchor links": lambda n: "\n".join(f"[a{i}](#h{i})" for i in range(n)),
}
OVER = {
    "nested list": MAX_DEPTH + 5,
    "nested quotes": MAX_DEPTH + 5,
    "unclosed brackets": MAX_OPEN_BRACKETS + 50,
    "identical headings": MAX_HEADINGS + 50,
    "footnotes": MAX_FOOTNOTES + 50,
    "anchor links": MAX_LINKS + 50,
}


def work(text: str) -> tuple[int, Report]:
    """Python function calls made converting text: the work, counted, not timed."""
    report = Report()
    renderer = MarkdownRenderer(Path("/nonexistent"), {}, True, report)
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        renderer.render(text, "lesson.md", "lesson.html", 3)
    finally:
        sys.setprofile(None)
    return calls, report


# The line of each shape (from its first) where a limit is first passed, and what the message says.
FIRST_OVER = {
    "nested list": (MAX_DEPTH, "nested more than"),
    "nested quotes": (MAX_DEPTH, "nested more than"),
    "unclosed brackets": (0, "write \\["),
    "identical headings": (2 * MAX_HEADINGS, f"more than {MAX_HEADINGS} headings"),
    "footnotes": (MAX_FOOTNOTES, f"more than {MAX_FOOTNOTES} footnotes"),
    "anchor links": (MAX_LINKS, f"more than {MAX_LINKS} links"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_markdown_is_refused_at_its_line(shape):
    _, report = work("Intro.\n\n" + SHAPES[shape](OVER[shape]))  # the text starts at line 3 of lesson.md
    (error,) = report.errors
    line, words = FIRST_OVER[shape]
    assert (error.path, error.line, error.col) == ("lesson.md", 3 + 2 + line, 1)
    assert words in error.message


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_conversion_work_grows_linearly_with_hostile_input(shape):
    """Twice the input costs at most about twice the work, over the limit (refused) and
    repeated under it (many paragraphs of the shape, each within the limits)."""
    for size in (OVER[shape] * 4, OVER[shape] * 8):
        small, _ = work(SHAPES[shape](size))
        large, _ = work(SHAPES[shape](size * 2))
        assert large <= 2.3 * small, (shape, size, small, large)
    block = SHAPES[shape](min(OVER[shape] - 50, 15) if shape.startswith("nested") else 10)
    small, report = work("\n\nText.\n\n".join([block] * 40))
    large, _ = work("\n\nText.\n\n".join([block] * 80))
    assert not report.errors
    assert large <= 2.3 * small, (shape, small, large)


def test_a_problem_in_a_quiz_intro_is_reported_at_its_line(make_course):
    quiz = (
        "id: intro-check\nintro: |\n  Read this first.\n  Then see [the notes](missing.md).\nquestions:\n"
        "  - id: q1\n    type: true_false\n    prompt: Is this a quiz?\n    answer: true\n"
        "    feedback: {correct: Yes., incorrect: It is.}\n    explanation: It is one.\n"
    )
    checked = check(make_course({"quizzes/01-intro.yaml": quiz}))
    # the line is the intro's own; columns of quiz texts count from the text's indentation
    # until the book gives every field its own position (issue 8)
    found = [(d.path, d.line) for d in checked.diagnostics if d.severity == "error"]
    assert found == [("quizzes/01-intro.yaml", 4)]


@pytest.mark.slow
def test_xss_payloads_in_a_course_template_come_out_inert(make_course):
    from tests.conftest import shared_path

    payloads = [p for p in shared_path("xss", "payloads.txt").read_text(encoding="utf-8").splitlines() if p.strip()]
    # {% raw %}: the payloads are markup for the sanitiser, not Jinja for the sandbox
    pager = "".join(f"<p>{{% raw %}}{p}{{% endraw %}}</p>\n" for p in payloads)
    checked = check(make_course({"templates/_pager.html": pager}))
    page = checked.site.pages["en/intro/start.html"].decode()
    layout = page[page.index("</main>") :]
    assert len(payloads) > 80 and "ipt&gt;alert" in layout  # what is left of them is shown as text
    unsafe = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            ours = attrs.get("type") == "application/json" or attrs.get("src", "").startswith("../../assets/")
            if tag in ("iframe", "object", "embed", "svg", "math", "style", "form", "base") or (
                tag == "script" and not ours
            ):
                unsafe.append(tag)
            unsafe.extend(name for name in attrs if name.startswith("on"))
            unsafe.extend(
                value for name, value in attrs.items()
                if name in ("href", "src") and urlsplit(value or "").scheme not in ("", "http", "https", "mailto")
            )  # fmt: skip

    Tags().feed(layout)
    assert unsafe == []
