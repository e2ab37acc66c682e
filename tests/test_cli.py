"""The `course` command as a trainer uses it: exit codes, messages, files written."""

from __future__ import annotations

import json
import subprocess
import sys

from course.cli import main

from .conftest import COURSES


def test_check_clean_course_exits_zero(runner):
    result = runner.invoke(main, ["check", str(COURSES / "features")])
    assert result.exit_code == 0
    assert result.output.strip().endswith("0 errors, 4 warnings")


def test_check_reports_each_problem_then_a_count(runner, make_course):
    root = make_course({"course.yaml": "id: m\ntitel: M\n"})
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert "course.yaml:2:1: error: unknown key 'titel' in course.yaml (did you mean 'title'?)" in lines
    assert lines[-1].startswith("3 errors")
    assert "Traceback" not in result.output


def test_check_json(runner, make_course):
    result = runner.invoke(main, ["check", "--format", "json", str(make_course({"course.yaml": "id: m\ntitle: [\n"}))])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["errors"] == 1
    assert payload["diagnostics"][0]["path"] == "course.yaml" and payload["diagnostics"][0]["line"] == 3


def test_strict_turns_warnings_into_errors(runner):
    result = runner.invoke(main, ["check", "--strict", str(COURSES / "features")])
    assert result.exit_code == 1 and "4 errors" in result.output


def test_silenced_warning_codes_are_not_reported(runner, make_course):
    root = make_course({"course.yaml": "id: m\ntitle: M\nlanguages: [en, zh-CN]\nsilence: [missing-translation]\n"})
    result = runner.invoke(main, ["check", "--strict", str(root)])
    assert "missing-translation" not in result.output


def test_usage_error_exits_two(runner):
    assert runner.invoke(main, ["check", "--format", "xml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_build_writes_site_and_says_what_to_open(runner, make_course, tmp_path):
    root = make_course()
    result = runner.invoke(main, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "build/en/intro/start.html").is_file()
    assert f"Open {root / 'build' / 'index.html'}" in result.output
    assert "1 quiz, 1 question, 1 language, 0 warnings" in result.output


def test_build_with_errors_exits_one_without_traceback(runner, make_course):
    root = make_course({"quizzes/01-intro.yaml": "id: x\nquestions: nope\n"})
    result = runner.invoke(main, ["build", str(root)])
    assert result.exit_code == 1
    assert "quizzes/01-intro.yaml:2:12: error: 'questions' must be a list" in result.output
    assert not (root / "build").exists()


def test_new_course_checks_and_builds_clean(runner, tmp_path):
    target = tmp_path / "my-course"
    result = runner.invoke(main, ["new", str(target), "--title", "Community care", "--language", "zh-CN"])
    assert result.exit_code == 0, result.output
    assert "languages: [zh-CN]" in (target / "course.yaml").read_text()
    quiz = (target / "quizzes/01-getting-started.yaml").read_text()
    assert quiz.startswith("# yaml-language-server: $schema=../schemas/quiz.schema.json")
    checked = runner.invoke(main, ["check", "--strict", str(target)])
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output
    assert runner.invoke(main, ["build", str(target)]).exit_code == 0
    assert (target / "build/zh-CN/getting-started/writing-lessons.html").is_file()


def test_new_refuses_a_folder_with_files(runner, make_course):
    result = runner.invoke(main, ["new", str(make_course())])
    assert result.exit_code == 2 and "not empty" in result.output


def test_python_dash_m_course_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "course", "--version"], capture_output=True, text=True, check=True)
    assert "course" in result.stdout


def test_add_module_lesson_and_quiz_are_numbered_and_check_clean(runner, tmp_path):
    target = tmp_path / "c"
    assert runner.invoke(main, ["new", str(target)]).exit_code == 0
    result = runner.invoke(main, ["add", "module", "Working with partners", "--dir", str(target)])
    assert result.exit_code == 0, result.output
    folder = target / "modules/02-working-with-partners"
    assert sorted(p.name for p in folder.iterdir()) == ["01-first-lesson.md", "index.md"]
    assert (
        runner.invoke(main, ["add", "lesson", "working-with-partners", "Platforms", "--dir", str(target)]).exit_code
        == 0
    )
    assert (folder / "02-platforms.md").is_file()
    assert runner.invoke(main, ["add", "quiz", "working-with-partners", "--dir", str(target)]).exit_code == 0
    assert (target / "quizzes/02-working-with-partners.yaml").is_file()
    checked = runner.invoke(main, ["check", str(target)])
    assert checked.exit_code == 0, checked.output
    # what `course add` wrote for the trainer to replace is named, and nothing else
    problems = [line for line in checked.output.splitlines() if ": warning: " in line or ": error: " in line]
    assert problems and all(line.endswith("[placeholder]") for line in problems), checked.output
    again = runner.invoke(main, ["add", "quiz", "02-working-with-partners", "--dir", str(target)])
    assert again.exit_code == 0 and (target / "quizzes/02-working-with-partners-2.yaml").is_file()  # a second quiz
    assert "id: working-with-partners-check-2\n" in (target / "quizzes/02-working-with-partners-2.yaml").read_text()
    checked = runner.invoke(main, ["check", str(target)])
    assert checked.exit_code == 0, checked.output
    unknown = runner.invoke(main, ["add", "quiz", "working-with-partner", "--dir", str(target)])
    assert unknown.exit_code == 2 and "did you mean '02-working-with-partners'" in unknown.output


def test_renamed_question_id_warns_about_lost_progress(runner, make_course):
    root = make_course()
    assert runner.invoke(main, ["build", str(root)]).exit_code == 0
    quiz = root / "quizzes/01-intro.yaml"
    quiz.write_text(quiz.read_text().replace("id: q1", "id: q1-renamed"))
    result = runner.invoke(main, ["check", str(root)])
    assert "quizzes/01-intro.yaml:1:1: warning: question id 'q1' of the last build is gone" in result.output
    assert "[changed-id]" in result.output


def test_translation_older_than_its_source_warns(runner, make_course):
    import os

    root = make_course({"course.yaml": "id: m\ntitle: M\nlanguages: [en, zh-CN]\n",
                        "modules/01-intro/01-start.zh-CN.md": "---\ntitle: 开始\nobjectives: [开始]\n---\n你好\n"})  # fmt: skip
    source = root / "modules/01-intro/01-start.md"
    translation = root / "modules/01-intro/01-start.zh-CN.md"
    os.utime(translation, (1_700_000_000, 1_700_000_000))
    os.utime(source, (1_700_000_100, 1_700_000_100))
    result = runner.invoke(main, ["check", str(root)])
    assert (
        "modules/01-intro/01-start.zh-CN.md:1:1: warning: modules/01-intro/01-start.md changed after this translation"
        in result.output
    )
    os.utime(translation, (1_700_000_200, 1_700_000_200))
    assert "stale-translation" not in runner.invoke(main, ["check", str(root)]).output


def test_build_never_replaces_the_course_or_other_files(runner, make_course, tmp_path):
    root = make_course()
    (root / "notes.txt").write_text("keep")
    for out in (root, root / "modules", tmp_path):
        result = runner.invoke(main, ["build", str(root), "-o", str(out)])
        assert result.exit_code == 2, result.output
    assert (root / "notes.txt").read_text() == "keep" and (root / "course.yaml").is_file()
    other = tmp_path / "photos"
    other.mkdir()
    (other / "a.jpg").write_bytes(b"x")
    result = runner.invoke(main, ["build", str(root), "-o", str(other)])
    assert result.exit_code == 2 and "not a course build" in result.output
    assert (other / "a.jpg").is_file()
    assert runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "site")]).exit_code == 0
    assert (
        runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "site")]).exit_code == 0
    )  # a build replaces a build


def test_new_chinese_course_is_in_chinese(runner, tmp_path):
    target = tmp_path / "zhc"
    result = runner.invoke(main, ["new", str(target), "--title", "社区养老", "--language", "zh-CN"])
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", "--strict", str(target)])
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output
    built = runner.invoke(main, ["build", str(target)])
    assert built.exit_code == 0, built.output
    page = (target / "build/zh-CN/getting-started/welcome.html").read_text(encoding="utf-8")
    assert "<h1>欢迎</h1>" in page
    assert "这样的方框用来请学员结合自己的工作想一想" in page
