"""The wheel carries the templates, static assets and scaffold the tool needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_templates_and_assets(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("course-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "course/templates/base.html",
        "course/templates/_question.html",
        "course/templates/questions/choice.html",
        "course/static/quiz.js",
        "course/static/questions/choice.js",
        "course/templates/questions/numeric.html",
        "course/static/questions/numeric.js",
        "course/static/course.css",
        "course/static/plural.js",
        "course/i18n/locale/course.pot",
        "course/i18n/locale/en/LC_MESSAGES/course.po",
        "course/i18n/locale/zh_CN/LC_MESSAGES/course.po",
        "course/scaffold/en/course.yaml",
        "course/scaffold/zh-CN/course.yaml",
        "course/scaffold/en/quizzes/01-getting-started.yaml",
        "course/scaffold/en/modules/01-getting-started/01-welcome.md",
    ):
        assert needed in names
    assert not any(name.startswith(("tests/", "modules/", "quizzes/")) for name in names)
