"""The build is never stale: after a change, a rebuild that reuses the conversions of earlier
builds (on disk, or in the preview server's memory) changes exactly the files the change should
touch, and equals a clean build byte for byte.

Each expected set below is worked out from the templates, not recorded from a build: the
navigation names every module and, on the pages of a module, that module's pages; the pager
names the previous and next page in reading order; the framework page lists the pages and
questions of each part; the language folder a page sits in decides its language."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from course.build import build, check, export
from course.errors import CourseError
from course.serve.preview import sync_site
from tests.conftest import COURSES, ROOT

LANGS = ("en", "zh-CN")
MANIFEST = ".course-build.json"  # names the files a build wrote: changes only with that list
READING = "modules/01-basics/01-reading.md"
INLINE = "modules/01-basics/02-inline.md"
LINK = "02-inline.md#after-the-quiz"
WORKER, SCRIPT = "sw.js", "assets/course.js"  # the built site's, which the preview's lacks or differs in


def without(site: dict[str, bytes], *names: str) -> dict[str, bytes]:
    return {name: data for name, data in site.items() if name not in names}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}: the course changed under this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def png(red: int, green: int, blue: int) -> bytes:
    """A valid one-pixel PNG of that colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(bytes([0, red, green, blue]))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def every_page(site: dict[str, bytes], *langs: str) -> set[str]:
    return {name for name in site if name.endswith(".html") and name.split("/")[0] in langs}


def in_langs(*pages: str, langs=LANGS) -> set[str]:
    return {f"{lang}/{page}" for lang in langs for page in pages}


class Rebuilds:
    """One course, built again and again as its author would: into the same folder, with the
    same conversion cache; beside it, the preview server's checks with their memory."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.tmp, self.monkeypatch = tmp_path, monkeypatch
        self.root = tmp_path / "course"
        self.root.mkdir()
        for name in ("course.yaml", "modules", "quizzes", "assets", "templates"):
            source = COURSES / "features" / name
            if source.is_dir():
                shutil.copytree(source, self.root / name)
            elif source.is_file():
                shutil.copy2(source, self.root / name)
        # what the feature tour lacks for these tests: a partial of its own and a link to a heading
        header = self.root / "templates/_header.html"
        header.parent.mkdir(exist_ok=True)
        header.write_text(
            '<header class="site-header">\n  <a class="course-title" href="{{ link(urls.HOME) }}">'
            '{{ course_title }}</a>\n  <p class="tagline">Every feature, once</p>\n</header>\n'
        )
        edit(self.root / INLINE, "And after it, more text.", "## After the quiz\n\nAnd after it, more text.")
        # a box whose title comes from the language it is shown in: this lesson has no translation,
        # so the same text converts to two different pages
        edit(self.root / INLINE, "The quiz of this module", "!!! tip\n    Take your time.\n\nThe quiz of this module")
        edit(self.root / READING, "[the inline quiz](02-inline.md)", f"[the inline quiz]({LINK})")
        # the zip to download changes with every change, and its size on the home pages now and then:
        # test_offline.py tests it; here the home pages are compared with the preview's, which has none
        with (self.root / "course.yaml").open("a", encoding="utf-8") as config:
            config.write("download_zip: false\n")
        self.cache = tmp_path / "cache"
        monkeypatch.setenv("COURSE_CACHE_DIR", str(self.cache))
        self.out, self.preview = tmp_path / "site", tmp_path / "preview"
        self.memory: dict = {}  # what `course serve` keeps between its rebuilds
        self.cleans = 0
        self.site = self.rebuild()
        self.kept = self.cached()
        assert (
            self.kept > 10
        )  # the first build filled the cache the next one reads (plain one-line texts are never kept)
        sync_site(check(self.root, cache=self.memory).site, self.preview)

    def cached(self) -> int:
        """How many conversions the cache folder holds."""
        total = 0
        for path in self.cache.glob("*.sqlite"):
            with sqlite3.connect(path) as db:
                total += db.execute("SELECT COUNT(*) FROM converted").fetchone()[0]
            db.close()
        return total

    def rebuild(self) -> dict[str, bytes]:
        build(self.root, self.out)
        return files(self.out)

    def clean(self) -> dict[str, bytes]:
        """A build with an empty cache into a new folder."""
        self.cleans += 1
        with self.monkeypatch.context() as patch:
            patch.setenv("COURSE_CACHE_DIR", str(self.tmp / f"clean-cache-{self.cleans}"))
            out = self.tmp / f"clean-{self.cleans}"
            build(self.root, out)
        return files(out)

    def changed(self) -> set[str]:
        """Rebuild after a change: the files whose bytes changed (or came or went), once the
        cached rebuild, the preview's and a clean build are shown to be the same."""
        before, rows = self.site, self.cached()
        self.site = self.rebuild()
        assert self.cached() - rows < self.kept  # the rebuild read the cache: it did not convert every text again
        clean = self.clean()
        differ = sorted(name for name in self.site.keys() | clean.keys() if self.site.get(name) != clean.get(name))
        assert differ == [], f"the cached build differs from a clean one in {differ}"
        checked = check(self.root, cache=self.memory)
        assert checked.ok and checked.site is not None
        previewed = set(sync_site(checked.site, self.preview))
        # the preview has no service worker (it would answer from its cache), so no offline.js in its script
        assert without(files(self.preview), SCRIPT) == without(clean, MANIFEST, WORKER, SCRIPT)
        changed = {name for name in before.keys() | self.site.keys() if before.get(name) != self.site.get(name)}
        assert previewed == changed - {MANIFEST, WORKER}  # the preview reloads exactly these
        # the worker's version changes with the bytes of the site, and only then
        assert (WORKER in changed) == bool(changed - {MANIFEST, WORKER})
        # The search index (search/) follows the text of every page: kept apart, so each test
        # still names the pages a change reaches.
        self.index_changed = {name for name in changed if name.startswith("search/")}
        return changed - {WORKER} - self.index_changed


@pytest.fixture
def tour(tmp_path, monkeypatch) -> Rebuilds:
    """The feature tour, built once."""
    return Rebuilds(tmp_path, monkeypatch)


@pytest.mark.slow
def test_a_template_partial_of_the_course_changes_every_page_it_is_part_of(tour):
    edit(tour.root / "templates/_header.html", "Every feature, once", "Every feature, twice")
    # every page of both languages has the header; the root page only sends the browser on
    assert tour.changed() == every_page(tour.site, *LANGS)


@pytest.mark.slow
def test_the_course_title_changes_the_pages_of_its_language_and_the_root_page(tour):
    edit(tour.root / "course.yaml", "en: Feature tour,", "en: A tour of the features,")
    # every page's <title> and header; the root page is in the default language
    assert tour.changed() == every_page(tour.site, "en") | {"index.html"}


@pytest.mark.slow
def test_the_course_pass_mark_changes_its_quizzes_without_one_and_the_framework_pages(tour):
    edit(tour.root / "course.yaml", "pass_mark: 60", "pass_mark: 75")
    # basics-check sets its own pass mark (in both languages), more-check does not; the
    # framework page marks a part as passed with the course's mark, and the certificate page
    # tells each quiz's pass mark to a learner who has not passed it yet. zh-CN shows the English
    # more-check, which has no translation.
    assert tour.changed() == in_langs("more/quiz.html", "framework.html", "certificate.html")


@pytest.mark.slow
def test_a_linked_lessons_title_changes_its_page_its_modules_pages_its_neighbours_and_the_framework(tour):
    edit(tour.root / INLINE, "title: A quiz inside a lesson", "title: A lesson with its quiz inside")
    assert tour.changed() == in_langs(  # zh-CN shows the English lesson, which has no translation
        "basics/inline.html",  # its own <title> and heading
        "basics/index.html",  # the module's list of lessons, and the navigation of its pages ...
        "basics/reading.html",  # ... and the pager of the lesson before it
        "more/index.html",  # the next page in reading order, whose pager goes back to it
        "framework.html",  # the pages of part one
    )  # the pages that link to it (the module page, the lesson before) show their own link text
    # the new title is what search finds and shows (its words, and the text shards results are shown from)
    assert {
        lang for name in tour.index_changed if "-x" in name for lang in LANGS if name.startswith(f"search/{lang}-")
    } == set(LANGS)


@pytest.mark.slow
def test_a_heading_another_lesson_links_to_is_checked_again(tour):
    inline = tour.root / INLINE
    edit(inline, "## After the quiz\n\n", "")
    text = (tour.root / READING).read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, 1) if LINK in t)
    at = (READING, line, text[line - 1].index(LINK) + 1)
    problems = []
    for attempt in ("cached", "clean"):
        with pytest.raises(CourseError) as failed:
            tour.rebuild() if attempt == "cached" else tour.clean()
        problems.append([d for d in failed.value.diagnostics if d.severity == "error"])
    problems.append([d for d in check(tour.root, cache=tour.memory).diagnostics if d.severity == "error"])
    assert [[(d.path, d.line, d.col) for d in found] for found in problems] == [[at]] * 3  # in English only
    assert all("'#after-the-quiz', which is not a heading" in found[0].message for found in problems)

    edit(inline, "And after it, more text.", "## Once the quiz is done\n\nAnd after it, more text.")
    edit(tour.root / READING, LINK, "02-inline.md#once-the-quiz-is-done")
    assert tour.changed() == in_langs("basics/inline.html") | {"en/basics/reading.html"}


@pytest.mark.slow
def test_an_image_with_new_bytes_under_its_old_name_changes_only_its_copy(tour):
    (tour.root / "assets/square.png").write_bytes(png(200, 30, 30))
    # the pages show it by the same address
    assert tour.changed() == {"files/assets/square.png"}


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        pytest.param(
            "modules/01-basics/01-reading.zh-CN.md", "| 沈阳 | 社区领导自由选举 |", "| 沈阳 | 社区领导由居民选举 |",
            {"zh-CN/basics/reading.html"}, id="lesson translation",
        ),
        pytest.param(  # the navigation of the module's pages and the pagers of its neighbours (and the
            # framework page's part) name it, in Chinese only: the English lesson has its own title
            "modules/01-basics/01-reading.zh-CN.md", "title: 阅读一课", "title: 读懂一课",
            in_langs("basics/reading.html", "basics/index.html", "basics/inline.html", "framework.html",
                     langs=("zh-CN",)), id="lesson translation's title",
        ),
        pytest.param(
            "quizzes/01-basics.zh-CN.yaml", "feedback: 南京模式是赋权居委会。", "feedback: 南京的做法是赋权居委会。",
            {"zh-CN/basics/inline.html"}, id="quiz translation, placed in a lesson",
        ),
        pytest.param(
            "quizzes/01-basics.yaml", "feedback: Nanjing empowered residential committees instead.",
            "feedback: Nanjing gave residential committees more say.", {"en/basics/inline.html"},
            id="quiz option feedback, placed in a lesson",
        ),
        pytest.param(  # no translation: zh-CN shows the English quiz
            "quizzes/02-more.yaml", "explanation: B is true.", "explanation: B holds.",
            in_langs("more/quiz.html"), id="quiz on a page of its own",
        ),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_a_translation_or_quiz_edit_changes_only_the_page_that_shows_it(tour, path, old, new, expected):
    edit(tour.root / path, old, new)
    assert tour.changed() == expected


# --- the tool itself -----------------------------------------------------------------------


def _package_copy(tmp_path: Path, name: str) -> Path:
    """A copy of the course package to change as a new release would; returns its PYTHONPATH."""
    top = tmp_path / name
    shutil.copytree(ROOT / "course", top / "course", ignore=shutil.ignore_patterns("__pycache__"))
    return top


def _start(package: Path, *command: str, cache: Path) -> subprocess.Popen:
    """`course COMMAND...` run by the package at package, with that cache folder."""
    env = {**os.environ, "PYTHONPATH": str(package), "COURSE_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "course", *command], cwd=package, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip


def _finish(*runs: subprocess.Popen) -> None:
    for run in runs:
        output = run.communicate(timeout=120)[0]
        assert run.returncode == 0, output.decode(errors="replace")


@pytest.mark.slow
def test_the_tool_version_is_in_no_page_but_in_the_json_export(tour, monkeypatch, tmp_path):
    """A page depends on the tool only through what its code does, so a new version number
    alone changes none; the JSON export, for integrators, says which version made it."""
    from course import __version__ as version

    for module in [m for name, m in sys.modules.items() if name == "course" or name.startswith("course.")]:
        if getattr(module, "__version__", None) == version:  # however a module took it
            monkeypatch.setattr(module, "__version__", "99.0.0")
    assert tour.rebuild() == tour.site
    export(tour.root, "json", tmp_path / "course.json")
    assert json.loads((tmp_path / "course.json").read_text(encoding="utf-8"))["tool"]["version"] == "99.0.0"


@pytest.mark.slow
def test_another_release_of_the_tool_never_reads_this_ones_conversions(tour, tmp_path):
    """The cache key holds the tool's version (from course/__init__.py) and its converting
    code: a new release converts everything again, and a release whose conversion gives other
    HTML builds the same site from this cache as from none."""
    version = _package_copy(tmp_path, "new-version")
    edit(version / "course/__init__.py", '__version__ = "', '__version__ = "99.')
    converting = _package_copy(tmp_path, "new-conversion")  # the same version: every table gets a class
    with (converting / "course/convert/text.py").open("a", encoding="utf-8") as text:
        text.write(
            "\n\n_released_convert = convert\n\n\ndef convert(*args, **kwargs):\n"
            "    from dataclasses import replace as _replace\n\n"
            "    converted = _released_convert(*args, **kwargs)\n"
            "    return _replace(converted, html=converted.html.replace('<table>', '<table class=\"released\">'))\n"
        )
    cold = tmp_path / "cold"
    _finish(
        _start(version, "export", "json", str(tour.root), "-o", str(tmp_path / "course.json"), cache=tour.cache),
        _start(converting, "build", str(tour.root), "-o", str(cold), cache=tmp_path / "empty-cache"),
    )
    assert tour.cached() == 2 * tour.kept  # every text converted again, under the new version's key
    assert '"version": "99.' in (tmp_path / "course.json").read_text(encoding="utf-8")
    _finish(_start(converting, "build", str(tour.root), "-o", str(tmp_path / "warm"), cache=tour.cache))
    warm = files(tmp_path / "warm")
    assert warm == files(cold)
    assert b'<table class="released">' in warm["en/basics/reading.html"]  # the copy was the tool that ran


# Run by a package copy: every module of the package that a conversion runs, and whether a
# change to its file changes the cache key.
_CODE_PROBE = """
import ast, sys
from pathlib import Path
from course.convert.cache import DiskCache
from course.convert.text import convert

convert("# A\\n\\n!!! note\\n    b\\n\\n| c | d |\\n|---|---|\\n| e | f |\\n\\n[g](h.md)[^1]\\n\\n[^1]: i\\n",
        "a.md", 1, False, "zh-CN")
key = DiskCache().fingerprint
for name, module in sorted(sys.modules.items()):
    path = Path(getattr(module, "__file__", None) or "")
    if not (name == "course" or name.startswith("course.")):
        continue
    source = path.read_text(encoding="utf-8")
    if all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in ast.parse(source).body):
        continue  # nothing but a docstring: nothing a conversion could depend on
    path.write_text(source + "\\n# changed\\n", encoding="utf-8")
    if DiskCache().fingerprint == key:
        print(name)
    path.write_text(source, encoding="utf-8")
"""


@pytest.mark.slow
def test_every_module_a_conversion_runs_is_in_the_cache_key(tmp_path):
    """Beyond the release above, which changed one file: a change to any module of the package
    that converting a text runs (and that holds code) makes every cached conversion a miss."""
    package = _package_copy(tmp_path, "package")
    env = {**os.environ, "PYTHONPATH": str(package), "COURSE_CACHE_DIR": "off"}
    done = subprocess.run([sys.executable, "-c", _CODE_PROBE], cwd=package, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []  # the modules a change to which would leave the cache stale
