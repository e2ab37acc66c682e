"""`course export single-html`: the whole course in one file that works on its own, from disk."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course.cli import main

from .conftest import COURSES

FEATURES = COURSES / "features"


def _export(runner, out: Path, root: Path = FEATURES, *args: str) -> str:
    result = runner.invoke(main, ["export", "single-html", str(root), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert re.search(rf"Exported single-html to {re.escape(str(out))} \(\d+ KB\)", result.output), result.output
    return result.output


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_one_file_carries_every_page_and_runs_only_its_own_inline_script(runner, tmp_path, features_site):
    out = tmp_path / "course.html"
    _export(runner, out)
    _export(runner, tmp_path / "again.html")
    assert out.read_bytes() == (tmp_path / "again.html").read_bytes()
    text = out.read_text(encoding="utf-8")
    built = sorted(  # every page of every language folder but search, whose index one file cannot run
        p.relative_to(features_site).as_posix()
        for lang in ("en", "zh-CN")
        for p in (features_site / lang).rglob("*.html")
        if p.name != "search.html"
    )
    head = text.split("<script>")[0]
    assert sorted(re.findall(r'<template data-page="([^"]+)"', head)) == built
    assert "<script src" not in text and '<link rel="stylesheet"' not in text
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    styles = re.findall(r"<style>(.*?)</style>", text, re.S)
    assert len(scripts) == 1 and len(styles) == 1
    assert f"script-src {_sha256(scripts[0])};" in policy and f"style-src {_sha256(styles[0])};" in policy
    assert "unsafe-inline" not in policy and "img-src data:;" in policy
    # the lesson's own <script> is still left out, and the image is in the file
    assert 'alert("not from the author")' not in head.replace("&quot;", '"')
    square = base64.b64encode((FEATURES / "assets" / "square.png").read_bytes()).decode()
    assert f'src="data:image/png;base64,{square}"' in text
    assert 'download="worksheet.txt" href="data:text/plain;base64,' in text
    # no address leads out of the file but to other sites
    addresses = re.findall(r'\s(?:href|src)="([^"]*)"', text)
    assert all(a.startswith(("#", "data:", "http://", "https://", "mailto:")) for a in addresses), [
        a for a in addresses if not a.startswith(("#", "data:", "http", "mailto:"))
    ]


def test_above_the_budget_it_warns_and_strict_writes_nothing(runner, make_course, tmp_path):
    root = make_course()
    config = root / "course.yaml"
    config.write_text(config.read_text() + "single_html_budget_kb: 10\n")
    output = _export(runner, tmp_path / "c.html", root)
    assert re.search(
        r"course.yaml:1:1: warning: the single HTML file is \d+ KB, above the budget of 10 KB"
        r" \(single_html_budget_kb\).*\[single-html-size\]",
        output,
    ), output
    result = runner.invoke(main, ["export", "single-html", str(root), "-o", str(tmp_path / "s.html"), "--strict"])
    assert result.exit_code != 0 and "[single-html-size]" in result.output
    assert not (tmp_path / "s.html").exists()
    config.write_text(config.read_text().replace("single_html_budget_kb: 10", "single_html_budget_kb: 5000"))
    assert "single-html-size" not in _export(runner, tmp_path / "c.html", root)


def test_it_never_overwrites_a_file_it_did_not_write(runner, tmp_path):
    other = tmp_path / "notes.html"
    other.write_text("<p>my notes</p>")
    result = runner.invoke(main, ["export", "single-html", str(FEATURES), "-o", str(other)])
    assert result.exit_code == 2 and "is not an export of this kind" in result.output
    assert other.read_text() == "<p>my notes</p>"


@pytest.mark.browser
def test_from_disk_it_navigates_switches_language_and_keeps_quiz_progress(runner, tmp_path, page: Page):
    out = tmp_path / "stick" / "course.html"
    _export(runner, out)
    problems, requests = [], []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    expect(page).to_have_url(out.as_uri() + "#en/index.html")  # the first language's home
    expect(page.locator("main h1")).to_have_text("Feature tour")
    page.locator("a.pager-next").click()  # the first module's overview, then its first lesson
    expect(page).to_have_url(out.as_uri() + "#en/basics/index.html")
    page.locator("a.pager-next").click()
    expect(page).to_have_url(out.as_uri() + "#en/basics/reading.html")
    expect(page.locator("main h1")).to_have_text("Reading a lesson")
    image = page.get_by_role("img", name="A small square")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0
    page.locator(".toc a", has_text="An image and a file").click()  # an anchor inside the page
    expect(page).to_have_url(re.compile(r"#en/basics/reading\.html#"))
    expect(page.locator("main h1")).to_have_text("Reading a lesson")
    page.get_by_role("link", name="the inline quiz").click()
    expect(page).to_have_url(out.as_uri() + "#en/basics/inline.html")
    question = page.locator("fieldset[data-qid='single-q']")
    question.get_by_label("Shenyang").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".q-feedback")).to_contain_text("Correct")

    page.reload()
    expect(page.locator("main h1")).to_have_text("A quiz inside a lesson")
    expect(page.locator("a.visited[data-progress='basics/reading.html']")).to_have_count(1)  # progress kept
    page.locator("a.course-title").click()
    page.get_by_role("link", name="Continue where you left off").click()  # an address the page's script wrote
    expect(page).to_have_url(out.as_uri() + "#en/basics/inline.html")
    page.locator(".languages a[hreflang='zh-CN']").click()
    expect(page).to_have_url(out.as_uri() + "#zh-CN/basics/inline.html")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.go_back()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(out.as_uri() + "#zh-CN/basics/reading.html")
    expect(page.locator("main h1")).to_have_text(re.compile(r"\S"))
    assert page.locator("main h1").inner_text() != "Reading a lesson"  # the translation

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert not problems, problems
    assert set(requests) == {out.as_uri()}, requests
    # the policy lets run only the file's own script: one that slipped into a page would not
    verdict = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener("securitypolicyviolation", () => resolve(window.injected ? "ran" : "refused"));
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.appendChild(script);
        if (window.injected) { resolve("ran"); }
    })""")
    assert verdict == "refused"
