"""The site renderer on shapes of course the flagship does not have: a course of many modules."""

from __future__ import annotations

import re

import pytest

from course.build import build
from course.render.site import NAV_MODULES


def _modules(n: int) -> dict:
    files = {"course.yaml": "id: big\ntitle: Big\n"}
    for i in range(1, n + 1):
        files[f"modules/{i:03d}-m{i}.md"] = f"---\ntitle: Module {i}\n---\n\nText of module {i}.\n"
    return files


def _sidebar(html: str) -> str:
    return re.search(r'<nav class="sidebar".*?</nav>', html, re.S).group(0)


@pytest.mark.slow
def test_a_large_course_lists_the_modules_around_the_page_and_links_them_all(make_course, tmp_path):
    n = NAV_MODULES + 10
    root = make_course(_modules(n), base={})
    build(root, tmp_path / "out")
    en = tmp_path / "out" / "en"
    last = _sidebar((en / f"m{n}" / "index.html").read_text())
    listed = re.findall(r'class="nav-module"[^>]*>Module (\d+)<', last)
    assert len(listed) == NAV_MODULES and listed[-1] == str(n)  # the window ends with the course
    assert f'aria-current="page">Module {n}<' in last
    assert '<p class="nav-more"><a href="../index.html">All 60 modules</a></p>' in last
    middle = _sidebar((en / "m30" / "index.html").read_text())
    shown = [int(x) for x in re.findall(r">Module (\d+)<", middle)]
    assert 30 in shown and len(shown) == NAV_MODULES and shown == sorted(shown)
    home = (en / "index.html").read_text()
    cards = re.findall(r'<li class="module-card">\s*<h3><a href="[^"]+">Module (\d+)</a>', home)
    assert len(cards) == n  # the home page still lists every module


def test_a_small_course_lists_every_module_and_no_more_link(make_course, tmp_path):
    root = make_course(_modules(3), base={})
    build(root, tmp_path / "out")
    sidebar = _sidebar((tmp_path / "out" / "en" / "m2" / "index.html").read_text())
    assert re.findall(r">Module (\d+)<", sidebar) == ["1", "2", "3"] and "nav-more" not in sidebar
