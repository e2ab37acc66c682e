"""Real XSS payloads in every place a trainer writes text: nothing runs in a real browser."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Page

from course.build import check
from course.convert.policy import CONTENT_SECURITY_POLICY
from course.render.scripts import STATIC_FILES
from course.write.folder import write_folder

from .conftest import shared_path, write_course

OUR_SCRIPTS = [name for name in STATIC_FILES if name.endswith(".js")]
CSP_META = {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}


def payloads() -> list[str]:
    return [p for p in shared_path("xss", "payloads.txt").read_text(encoding="utf-8").splitlines() if p.strip()]


def yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    items = payloads()
    questions = []
    for i, payload in enumerate(items):
        p = yaml_text(payload)
        questions.append(
            f"  - id: q{i}\n    type: single\n    prompt: {p}\n    hint: {p}\n    explanation: {p}\n"
            f"    options:\n      - {{text: {p}, correct: true, feedback: {p}}}\n      - {{text: {yaml_text('x' + payload)}, feedback: {p}}}\n"
        )
    questions.append(
        f"  - id: fill\n    type: fill_blank\n    prompt: {yaml_text('____ ' + items[0])}\n    answers: [{yaml_text(items[1])}]\n"
        f"  - id: match\n    type: matching\n    prompt: m\n    pairs:\n      - [{yaml_text(items[2])}, {yaml_text(items[3])}]\n"
        f"      - [{yaml_text(items[4])}, {yaml_text(items[5])}]\n"
        f"  - id: order\n    type: ordering\n    prompt: o\n    items: [{yaml_text(items[6])}, {yaml_text(items[7])}]\n"
    )
    body = "\n\n".join(items)
    write_course(
        root,
        {
            "course.yaml": f"id: xss\ntitle: {yaml_text(items[8])}\nsummary: {yaml_text(items[9])}\n"
            f"framework:\n  title: {yaml_text(items[10])}\n  parts:\n    - {{id: p, title: {yaml_text(items[11])}}}\n",
            "modules/01-m/index.md": f"---\ntitle: {yaml_text(items[12])}\npart: p\nsummary: {yaml_text(items[13])}\n---\n{body}\n",
            "modules/01-m/01-l.md": f"---\ntitle: {yaml_text(items[14])}\npart: p\nobjectives: {json.dumps(items[15:20])}\n"
            f"summary: {yaml_text(items[20])}\n---\n{body}\n",
            "quizzes/01-m.yaml": f"id: hostile\ntitle: {yaml_text(items[21])}\nintro: {yaml_text(items[22])}\nquestions:\n"
            + "".join(questions),
        },
    )
    # Some payloads are also broken links, which check reports; the site is rendered anyway
    # and written here so the browser can be pointed at it.
    checked = check(root)
    assert {d.message.split(" ")[0] for d in checked.diagnostics if d.severity == "error"} <= {"link", "image"}
    out = root / "build"
    write_folder(sorted(checked.site.pages.items()), out)
    return out


class _Elements(HTMLParser):
    """Every element and attribute as a browser's parser sees them (escaped text is not markup)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.slow
def test_built_html_has_only_our_scripts(hostile_site):
    for page in hostile_site.rglob("*.html"):
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.found:
            assert tag not in ("iframe", "object", "embed", "svg", "math", "form", "base", "meta") or (
                tag in ("meta", "form") and not any(k.startswith("on") for k in attrs)
            ), f"{page}: <{tag} {attrs}>"
            assert not [k for k in attrs if k.startswith("on")], f"{page}: <{tag} {attrs}>"
            for key in ("href", "src", "action", "formaction", "data"):
                assert not (attrs.get(key) or "").strip().lower().startswith(("javascript:", "data:text")), attrs
            if tag == "script":  # our files, or our data; never an inline script, which the policy refuses
                src = attrs.get("src", "")
                ours = any(src.endswith(f"assets/{name}") for name in OUR_SCRIPTS)
                ours = ours or re.fullmatch(r"(\.\./)+search/[A-Za-z-]+\.js", src)  # the search page's index
                assert ours or attrs.get("type") == "application/json", f"{page}: <script {attrs}>"
        # the policy comes before anything it governs
        assert parser.found[2:4] == [("meta", {"charset": "utf-8"}), ("meta", CSP_META)], f"{page}: {parser.found[:4]}"


@pytest.mark.browser
def test_no_payload_runs_in_chromium(hostile_site, page: Page):
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: fired.append(f"page error: {error}"))
    for path in ("en/index.html", "en/m/index.html", "en/m/l.html", "en/m/quiz.html", "en/framework.html"):
        page.goto(f"{hostile_site.as_uri()}/{path}")
        page.wait_for_load_state("load")
        for button in page.get_by_role("button", name="Check answer").all()[:5]:
            button.click()
        for summary in page.locator("details summary >> visible=true").all()[:5]:
            summary.click()
        page.mouse.move(10, 10)
        page.mouse.move(300, 300)
    assert fired == []
