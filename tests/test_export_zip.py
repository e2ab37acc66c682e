"""`course export zip`: the site in one reproducible .zip that works once unzipped, from disk."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course.cli import main

from .conftest import COURSES

FEATURES = COURSES / "features"


def _export(runner, out: Path, *env: tuple[str, str]) -> zipfile.ZipFile:
    result = runner.invoke(main, ["export", "zip", str(FEATURES), "-o", str(out)], env=dict(env))
    assert result.exit_code == 0, result.output
    assert f"Exported zip to {out}" in result.output
    return zipfile.ZipFile(out)


def test_the_zip_is_the_built_site_and_the_same_bytes_every_time(runner, tmp_path, features_site):
    # SOURCE_DATE_EPOCH does not reach the zip: the built site it holds has no date
    archive = _export(runner, tmp_path / "a.zip", ("SOURCE_DATE_EPOCH", "1700000000"))
    _export(runner, tmp_path / "b.zip", ("SOURCE_DATE_EPOCH", "1800000000"))
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    names = archive.namelist()
    # in the order the site is rendered (fixed, as the equal bytes above show), each file once
    assert len(set(names)) == len(names) and all(n.startswith("features-demo/") for n in names)
    built = sorted(p.relative_to(features_site).as_posix() for p in features_site.rglob("*") if p.is_file())
    built.remove(".course-build.json")  # the build folder's own bookkeeping, not part of the site
    built.remove("download/features-demo.zip")  # the zip the site offers is this one: it does not hold itself
    assert sorted(n.removeprefix("features-demo/") for n in names) == built
    # its home pages do not offer that download, and its service worker lists its own files (test_offline.py)
    differ = {"en/index.html", "zh-CN/index.html", "sw.js"}
    for info in archive.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644 and info.compress_type == zipfile.ZIP_DEFLATED
        name = info.filename.removeprefix("features-demo/")
        assert (archive.read(info) == (features_site / name).read_bytes()) == (name not in differ), name


@pytest.mark.slow
def test_an_export_replaces_its_own_zip_and_no_other_file(runner, tmp_path):
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("holiday.jpg", b"...")
    before = other.read_bytes()
    result = runner.invoke(main, ["export", "zip", str(FEATURES), "-o", str(other)])
    assert result.exit_code == 2 and "is not an export of this kind" in result.output
    assert other.read_bytes() == before
    _export(runner, tmp_path / "course.zip")
    _export(runner, tmp_path / "course.zip")


@pytest.mark.browser
def test_unzipped_it_opens_from_disk_and_the_quiz_works(runner, tmp_path, page: Page):
    _export(runner, tmp_path / "course.zip").extractall(tmp_path / "stick")
    folder = tmp_path / "stick" / "features-demo"
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto((folder / "index.html").as_uri())
    expect(page).to_have_url((folder / "en" / "index.html").as_uri())  # the root page sends on to a language
    page.goto((folder / "en" / "basics" / "inline.html").as_uri())
    question = page.locator("fieldset[data-qid='single-q']")
    question.get_by_label("Shenyang").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".q-feedback")).to_contain_text("Correct")
    assert not errors, errors
    assert all(url.startswith(folder.as_uri()) for url in requests), requests
