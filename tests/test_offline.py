"""Offline after one visit: the built flagship's service worker stores the whole course, pages never
opened come from it with the connection gone, an updated course replaces the old version cleanly, and
from file:// nothing of it runs. Beside it, the course as a zip to download, and the exports that
must not carry either."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from course.build import build
from course.cli import main
from course.render.offline import DOWNLOAD_FOLDER, SERVICE_WORKER
from course.write.file import size_note

from .conftest import ROOT

MANIFEST = ".course-build.json"
FLAGSHIP = "participation-governance"
ZIP = f"{DOWNLOAD_FOLDER}/{FLAGSHIP}.zip"
CHANGED_LESSON = "modules/02-foundation/01-delivery-awareness.md"
CHANGED_PAGE = "en/foundation/delivery-awareness.html"
NEW_TEXT = "A sentence added after the first visit, to see the new version arrive."


def copy_flagship(to: Path) -> Path:
    to.mkdir(parents=True)
    for name in ("course.yaml", "modules", "quizzes", "assets", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, to / name)
        elif source.is_file():
            shutil.copy2(source, to / name)
    return to


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def worker_of(site: Path) -> tuple[str, list[str]]:
    """(version, files to store) as sw.js says them."""
    code = (site / SERVICE_WORKER).read_text(encoding="utf-8")
    version = re.search(r'var COURSE_VERSION = "([0-9a-f]+)";', code).group(1)
    files = json.loads(re.search(r"var COURSE_FILES = (\[.*?\]);", code, re.S).group(1))
    return version, files


# ---- the build ----


@pytest.fixture(scope="module")
def flagship(tmp_path_factory) -> tuple[Path, Path]:
    """(course copy, its site): the flagship built from a copy of its files, which tests may change."""
    base = tmp_path_factory.mktemp("offline")
    root = copy_flagship(base / "course")
    build(root, base / "site")
    return root, base / "site"


@pytest.mark.slow
def test_the_worker_stores_every_file_of_the_build_but_itself_and_the_download(flagship):
    _, site = flagship
    version, files = worker_of(site)
    built = set(site_files(site)) - {MANIFEST, SERVICE_WORKER, ZIP}
    assert files == sorted(files) and set(files) == built
    assert {"index.html", "en/index.html", "zh-CN/index.html", "assets/course.css", "assets/course.js"} <= built


def test_the_images_a_lesson_shows_are_stored_too(features_site):
    _, files = worker_of(features_site)
    images = [name for name in files if name.startswith("files/")]
    assert images and set(images) == {
        p.relative_to(features_site).as_posix() for p in (features_site / "files").rglob("*") if p.is_file()
    }


def test_the_version_changes_when_and_only_when_the_content_does(tmp_path, make_course):
    root = make_course()
    build(root, tmp_path / "a")
    build(root, tmp_path / "b")  # a clean build into another folder: the same version, the same sw.js
    assert (tmp_path / "a" / SERVICE_WORKER).read_bytes() == (tmp_path / "b" / SERVICE_WORKER).read_bytes()
    first, _ = worker_of(tmp_path / "a")
    lesson = root / "modules/01-intro/01-start.md"
    lesson.write_text(lesson.read_text() + "\nMore.\n")
    build(root, tmp_path / "a")
    second, _ = worker_of(tmp_path / "a")
    assert second != first
    (root / "modules/01-intro/01-start.md").write_text(lesson.read_text().replace("\nMore.\n", ""))
    build(root, tmp_path / "a")  # back as it was: the first version again
    assert worker_of(tmp_path / "a")[0] == first
    quiz = root / "quizzes/01-intro.yaml"
    quiz.write_text(quiz.read_text().replace("It is one.", "It is one, really."))
    build(root, tmp_path / "a")
    assert worker_of(tmp_path / "a")[0] not in (first, second)


@pytest.mark.slow
def test_the_download_is_the_site_as_a_zip_the_same_bytes_every_time(tmp_path, flagship, runner):
    root, site = flagship
    build(root, tmp_path / "again")
    data = (site / ZIP).read_bytes()
    assert (tmp_path / "again" / ZIP).read_bytes() == data  # deterministic
    result = runner.invoke(main, ["export", "zip", str(root), "-o", str(tmp_path / "export.zip")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "export.zip").read_bytes() == data  # `course export zip` is the same file
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = [n.removeprefix(f"{FLAGSHIP}/") for n in archive.namelist()]
    assert all(n.startswith(f"{FLAGSHIP}/") for n in archive.namelist())
    built = site_files(site)
    assert set(names) == set(built) - {MANIFEST, ZIP}  # everything but itself
    homes = {"en/index.html", "zh-CN/index.html"}
    for name in set(names) - homes - {SERVICE_WORKER}:
        assert archive.read(f"{FLAGSHIP}/{name}") == built[name], name
    for name in homes:  # the zip's home pages do not offer a download they do not hold
        inside = archive.read(f"{FLAGSHIP}/{name}").decode()
        assert DOWNLOAD_FOLDER not in inside and f"{DOWNLOAD_FOLDER}/" in built[name].decode()
    # the zip's own worker lists the zip's files, should it be unzipped onto a web server
    listed = json.loads(re.search(rb"var COURSE_FILES = (\[.*?\]);", archive.read(f"{FLAGSHIP}/sw.js"), re.S).group(1))
    assert set(listed) == set(names) - {SERVICE_WORKER}


def test_the_home_page_offers_the_download_with_its_size_in_both_languages(flagship):
    _, site = flagship
    size_bytes = (site / ZIP).stat().st_size
    size = size_note(size_bytes)  # '1.1 MB', '582 KB'
    en = (site / "en/index.html").read_text(encoding="utf-8")
    zh = (site / "zh-CN/index.html").read_text(encoding="utf-8")
    assert f'href="../{ZIP}" download>Download this course</a>' in en and f"(zip, {size}:" in en
    assert f'href="../{ZIP}" download>下载本课程</a>' in zh and f"（zip 压缩包，{size}：" in zh


def test_course_yaml_can_turn_the_download_off(tmp_path, make_course):
    root = make_course()
    (root / "course.yaml").write_text((root / "course.yaml").read_text() + "download_zip: false\n")
    build(root, tmp_path / "site")
    files = site_files(tmp_path / "site")
    assert not any(name.startswith(f"{DOWNLOAD_FOLDER}/") for name in files)
    assert b"Download this course" not in files["en/index.html"]
    assert SERVICE_WORKER in files  # still kept offline


def test_download_zip_must_be_true_or_false(runner, make_course):
    root = make_course()
    (root / "course.yaml").write_text((root / "course.yaml").read_text() + "download_zip: sometimes\n")
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert re.search(r"course\.yaml:\d+:15: error: .*download_zip", result.output), result.output


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004", "single-html"])
def test_the_lms_and_single_file_exports_carry_no_worker_and_no_download(runner, tmp_path, make_course, fmt):
    root = make_course()
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", fmt, str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "single-html":
        texts = {"single": out.read_bytes()}
    else:
        with zipfile.ZipFile(out) as package:
            assert not {SERVICE_WORKER, ZIP} & set(package.namelist())
            assert not any(name.startswith(f"{DOWNLOAD_FOLDER}/") for name in package.namelist())
            texts = {name: package.read(name) for name in package.namelist()}
    for name, data in texts.items():
        assert b"serviceWorker" not in data, name
        assert b"Download this course" not in data, name


def test_the_preview_has_no_worker(make_course):
    """`course serve` shows each save at once: a worker answering from its cache would hide them."""
    from course.build import check

    site = check(make_course()).site
    assert SERVICE_WORKER not in site.pages and b"serviceWorker" not in site.pages["assets/course.js"]
    assert not any(name.startswith(f"{DOWNLOAD_FOLDER}/") for name in site.pages)


# ---- in the browser ----

CACHE_NAMES = "() => caches.keys().then(names => names.filter(n => n.startsWith('course-offline ')))"


def header_background(page) -> str:
    return page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")


@pytest.mark.browser
@pytest.mark.slow
def test_after_one_visit_the_course_reads_offline_and_an_update_replaces_it(browser: Browser, tmp_path, serve):
    root = copy_flagship(tmp_path / "course")
    site = tmp_path / "site"
    build(root, site)
    version, files = worker_of(site)
    base = serve(site)
    context = browser.new_context()
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{base}/en/index.html")
        expect(page.locator(".offline-status")).to_have_text(
            "Available offline: this course is saved on this device.", timeout=60_000
        )
        expect(page.locator(".offline-status")).to_have_attribute("role", "status")
        names = page.evaluate(CACHE_NAMES)
        assert names == [f"course-offline {base}/ {version}"]
        stored = page.evaluate(f"caches.open({json.dumps(names[0])}).then(c => c.keys()).then(k => k.length)")
        assert stored == len(files)
        panel = header_background(page)
        assert panel == "rgb(241, 244, 246)"  # the course's stylesheet is applied

        context.set_offline(True)
        for address, heading in [
            (CHANGED_PAGE, "What service should a social organisation deliver?"),
            ("en/foundation/quiz.html", None),
            ("zh-CN/collaboration/index.html", None),
            ("zh-CN/glossary/index.html", None),
        ]:
            page.goto(f"{base}/{address}")  # never opened before, and no connection
            expect(page.locator("main h1")).to_be_visible()
            if heading:
                expect(page.locator("main h1")).to_contain_text(heading)
            assert header_background(page) == panel, address
            if address.startswith("zh-CN/"):  # the status in the page's language, offline too
                expect(page.locator(".offline-status")).to_have_text("已可离线阅读：本课程已保存在这台设备上。")
        page.goto(f"{base}/en/foundation/quiz.html")
        expect(page.locator("section.quiz[data-quiz]")).to_be_visible()
        page.goto(f"{base}/")  # the site's root address is its index.html
        expect(page).to_have_url(re.compile(r"/(en|zh-CN)/index\.html$"))

        lesson = root / CHANGED_LESSON
        lesson.write_text(lesson.read_text(encoding="utf-8") + f"\n{NEW_TEXT}\n", encoding="utf-8")
        build(root, site)
        new_version, _ = worker_of(site)
        assert new_version != version
        context.set_offline(False)
        page.goto(f"{base}/en/index.html")  # cache first: this page is still the stored one
        expect(page.locator(".offline-status")).to_have_text(
            "This course has been updated: the next page you open shows the new version.", timeout=60_000
        )
        # the old version's cache is deleted once the new worker is active (which it is: it controls the page)
        only_new = json.dumps([f"course-offline {base}/ {new_version}"])
        page.wait_for_function(f"async () => JSON.stringify(await ({CACHE_NAMES})()) === {json.dumps(only_new)}")
        context.set_offline(True)
        page.goto(f"{base}/{CHANGED_PAGE}")
        expect(page.locator("main")).to_contain_text(NEW_TEXT)
        context.set_offline(False)
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.browser
def test_from_disk_nothing_of_it_runs_and_nothing_errs(page, flagship):
    _, site = flagship
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    for address in ("en/index.html", CHANGED_PAGE, "zh-CN/foundation/quiz.html"):
        page.goto((site / address).as_uri())
        page.wait_for_load_state("load")
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator(".offline-status")).to_have_count(0)
    expect(page.locator(f"a[href='../{ZIP}']")).to_have_count(0)  # a lesson page: the link is on home only
    page.goto((site / "en/index.html").as_uri())
    expect(page.get_by_role("link", name="Download this course")).to_be_visible()
    assert not problems, problems
