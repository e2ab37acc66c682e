"""`course add` with titles in any language."""

from __future__ import annotations

import re

from course.cli import main


def test_modules_are_found_by_title_and_names_stay_readable(runner, tmp_path):
    target = tmp_path / "c"
    assert runner.invoke(main, ["new", str(target), "--title", "社区养老", "--language", "zh-CN"]).exit_code == 0
    assert re.search(r"^id: c\b", (target / "course.yaml").read_text(encoding="utf-8"), re.M)  # the folder name
    assert runner.invoke(main, ["add", "module", "与伙伴合作", "--dir", str(target)]).exit_code == 0
    folder = target / "modules/02-module-2"
    assert folder.is_dir()
    result = runner.invoke(main, ["add", "lesson", "与伙伴合作", "平台2", "--dir", str(target)])
    assert result.exit_code == 0, result.output
    assert (folder / "02-lesson-2.md").is_file()
    assert "文件名只能用英文字母，所以命名为 02-lesson-2.md" in result.output
    assert "在这里写课时正文" in (folder / "02-lesson-2.md").read_text(encoding="utf-8")  # Chinese placeholders
    missing = runner.invoke(main, ["add", "quiz", "合作", "--dir", str(target)])
    assert missing.exit_code == 2
    assert "the modules are: 01-getting-started, 02-module-2" in missing.output


def test_a_course_folder_that_does_not_exist_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_new_refuses_a_language_the_browser_would_refuse(runner, tmp_path):
    result = runner.invoke(main, ["new", str(tmp_path / "c"), "--title", "X", "--language", "de-1996-1996"])
    assert result.exit_code == 2 and "the variant '1996' appears twice" in result.output
    assert not (tmp_path / "c").exists()


def test_add_survives_a_course_yaml_that_check_will_report(runner, tmp_path):
    target = tmp_path / "c"
    runner.invoke(main, ["new", str(target), "--title", "X"])
    (target / "course.yaml").write_text("id: x\ntitle: X\npass_mark: " + "1" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(main, ["add", "module", "Two", "--dir", str(target)])
    assert result.exit_code == 0 and (target / "modules/02-two/index.md").is_file(), result.output
    checked = runner.invoke(main, ["check", str(target)])
    assert checked.exit_code == 1 and "course.yaml:3:12: error:" in checked.output
