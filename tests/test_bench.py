"""The benchmark's synthetic course stays a valid course as the flagship changes."""

from __future__ import annotations

from bench.synthetic import make_course
from course.build import check


def test_synthetic_course_checks_clean(tmp_path):
    checked = check(make_course(tmp_path / "synthetic", modules=2, lessons=3))
    assert checked.ok and checked.diagnostics == [], [d.format() for d in checked.diagnostics]
    assert checked.site.stats["pages"] >= 2 * 4
