"""`course report`: a generated class's statements read against the flagship, as a trainer reads them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.classgen import class_statements, write_class
from course.cli import main
from course.errors import Report
from course.load.course import load_course
from course.report.run import report
from course.report.source import statements

from .ralph import Ralph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_class(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("class") / "class.jsonl"
    write_class(ROOT, path, learners=400, organisations=25, seed=5)
    return path


def _flagship():
    return load_course(ROOT, Report())


@pytest.mark.slow
def test_counts_learners_finishers_and_organisations(small_class, tmp_path):
    made = [json.loads(line) for line in small_class.read_text().splitlines()]
    finished = {s["actor"]["account"]["name"] for s in made if s["verb"]["id"].endswith("/completed")}
    orgs = {s["context"]["extensions"]["https://courses.example.org/extensions/organisation"] for s in made}
    result = report(ROOT, str(small_class), tmp_path).report
    assert (result.learners, result.finished, len(result.organisations)) == (400, len(finished), len(orgs))
    assert result.statements == len(made) and result.ignored == 0
    assert sum(o.learners for o in result.organisations) == 400


@pytest.mark.slow
def test_questions_show_the_most_chosen_wrong_option_and_discriminate(small_class, tmp_path):
    course = _flagship()
    result = report(ROOT, str(small_class), tmp_path).report
    by_id = {(q.info.quiz, q.info.id): q for q in result.questions}
    quiz_questions = [(quiz.id, q) for quiz in course.quizzes("en") for q in quiz.questions]
    assert len(by_id) == len(quiz_questions)
    checked = 0
    for quiz, q in quiz_questions:
        wrong = [o for o in q.options if not o.correct]
        row = by_id[(quiz, q.id)]
        if q.type == "single" and len(wrong) >= 2 and row.wrong_count >= 40:
            # the generator picks a question's first wrong option twice as often as any other
            assert row.wrong == wrong[0].text_md, (quiz, q.id)
            checked += 1
    assert checked >= 3
    # abler learners answer every question better: discrimination is clearly positive on the whole
    values = [q.discrimination for q in result.questions if q.discrimination is not None]
    assert len(values) > len(result.questions) / 2 and sum(values) / len(values) > 0.2


@pytest.mark.slow
def test_parts_follow_the_framework_with_the_pass_mark(small_class, tmp_path):
    course = _flagship()
    result = report(ROOT, str(small_class), tmp_path).report
    assert [p.id for p in result.parts] == [p.id for p in course.framework.parts]
    for part in result.parts:
        assert 0 < part.passed <= part.learners <= 400 and 0 < part.mean < 1
    page = (tmp_path / "report.html").read_text()
    assert page.count("<svg") >= 1 and f"Pass mark: {course.pass_mark}%" in page
    for part in result.parts:
        assert f'<th scope="row">{part.title}</th>' in page  # the table behind the chart


@pytest.mark.slow
def test_csv_tables_beside_the_page(small_class, tmp_path):
    result = report(ROOT, str(small_class), tmp_path).report
    rows = list(csv.DictReader((tmp_path / "report-questions.csv").read_text().splitlines()))
    assert len(rows) == len(result.questions)
    first = result.questions[0]
    assert rows[0]["question"] == first.info.id and int(rows[0]["answered"]) == first.answered
    orgs = list(csv.DictReader((tmp_path / "report-organisations.csv").read_text().splitlines()))
    assert len(orgs) == 25 and sum(int(o["learners"]) for o in orgs) == 400


@pytest.mark.slow
def test_the_same_statements_give_the_same_bytes(small_class, tmp_path):
    report(ROOT, str(small_class), tmp_path / "a")
    report(ROOT, str(small_class), tmp_path / "b")
    for name in ("report.html", "report-questions.csv", "report-parts.csv", "report-organisations.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_json_array_and_an_lrs_answer_read_as_json_lines(small_class, tmp_path):
    made = [json.loads(line) for line in small_class.read_text().splitlines()[:500]]
    (tmp_path / "array.json").write_text(json.dumps(made, indent=1))
    (tmp_path / "answer.json").write_text(json.dumps({"statements": made, "more": ""}))
    assert list(statements(str(tmp_path / "array.json"))) == made
    assert list(statements(str(tmp_path / "answer.json"))) == made


@pytest.mark.slow
def test_statements_of_another_course_are_left_out_and_counted(tmp_path):
    made = list(class_statements(ROOT, learners=3, organisations=1))
    other = json.loads(json.dumps(made[0]).replace("/quiz/", "/quiz/not-ours-"))
    (tmp_path / "mixed.jsonl").write_text("\n".join(json.dumps(s) for s in [*made, other]))
    result = report(ROOT, str(tmp_path / "mixed.jsonl"), tmp_path / "out").report
    assert result.ignored == 1 and result.learners == 3


@pytest.mark.slow
def test_a_broken_file_is_reported_at_its_line_and_column(runner, tmp_path):
    made = list(class_statements(ROOT, learners=1, organisations=1))[:3]
    lines = [json.dumps(s) for s in made]
    lines.insert(2, '{"id": "x", "verb": }')
    (tmp_path / "broken.jsonl").write_text("\n".join(lines) + "\n")
    result = runner.invoke(main, ["report", str(tmp_path / "broken.jsonl"), str(ROOT), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / 'broken.jsonl'}:3:21: error: not a JSON statement" in result.output
    assert not (tmp_path / "out" / "report.html").exists()


@pytest.mark.slow
def test_a_file_the_report_did_not_write_is_left_alone(small_class, runner, tmp_path):
    (tmp_path / "report.html").write_text("<p>the trainer's own notes</p>")
    result = runner.invoke(main, ["report", str(small_class), str(ROOT), "-o", str(tmp_path)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert (tmp_path / "report.html").read_text() == "<p>the trainer's own notes</p>"


@pytest.mark.slow
def test_terminal_summary_in_the_trainers_language(small_class, runner, tmp_path):
    # The trainer's language (the group's --lang) gives the terminal and, as the course has it, the page.
    result = runner.invoke(main, ["--lang", "zh-CN", "report", str(small_class), str(ROOT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "400 名学员开始学习" in result.output and "来自 25 家机构" in result.output
    assert "已写入" in result.output
    assert '<html lang="zh-CN">' in (tmp_path / "report.html").read_text()


@pytest.mark.slow
def test_the_report_page_language_is_the_commands_own_lang(small_class, runner, tmp_path):
    result = runner.invoke(main, ["--lang", "zh-CN", "report", str(small_class), str(ROOT), "-o", str(tmp_path),
                                  "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "400 名学员开始学习" in result.output
    assert '<html lang="en">' in (tmp_path / "report.html").read_text()
    result = runner.invoke(main, ["--lang", "en", "report", str(small_class), str(ROOT), "-o", str(tmp_path)])
    assert "400 learners started and" in result.output and "from 25 organisations (" in result.output
    assert '<html lang="en">' in (tmp_path / "report.html").read_text()


@pytest.mark.slow
def test_a_class_of_12000_from_467_organisations_reads_in_bounded_memory(tmp_path):
    path = tmp_path / "class.jsonl"
    count = write_class(ROOT, path)
    size = path.stat().st_size
    # The child reports its own peak (VmHWM: its own memory's high-water mark; ru_maxrss would carry
    # over this test process's size from before the exec).
    measured = (
        "import atexit, re, runpy, sys;"
        "atexit.register(lambda: print('peak', re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1],"
        " file=sys.stderr));"
        "sys.argv = ['course', *sys.argv[1:]]; runpy.run_module('course', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", measured, "--lang", "en", "report", str(path), str(ROOT), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "12000 learners started" in done.stdout and "from 467 organisations" in done.stdout
    peak = int(done.stderr.split("peak")[-1]) * 1024
    # some 280 MB of statements; the report holds a byte per learner and question, not the statements
    assert count > 400_000 and size > 200_000_000
    assert peak < 120_000_000, f"peak {peak / 1e6:.0f} MB reading {size / 1e6:.0f} MB"


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    server = Ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    server.stop()


def _post(ralph, statements: list[dict]) -> int:
    import base64
    import urllib.error
    import urllib.request

    token = base64.b64encode(f"{ralph.user}:{ralph.password}".encode()).decode()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
        "Authorization": f"Basic {token}",
    }
    request = urllib.request.Request(ralph.endpoint + "statements", json.dumps(statements).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


@pytest.mark.slow
def test_read_from_ralph_page_by_page_as_from_the_file(lrs, tmp_path):
    ralph = lrs
    made = list(class_statements(ROOT, learners=40, organisations=6, seed=9))
    assert len(made) > 2 * 500  # more than two of the report's pages
    for start in range(0, len(made), 400):
        assert _post(ralph, made[start : start + 400]) == 200
    # the same statement again, as a page resending after a lost answer does: the LRS keeps one
    assert _post(ralph, made[:1]) in (204, 409)
    (tmp_path / "class.jsonl").write_text("".join(json.dumps(s) + "\n" for s in made))
    from_file = report(ROOT, str(tmp_path / "class.jsonl"), tmp_path / "file").report
    from_lrs = report(ROOT, ralph.endpoint, tmp_path / "lrs", ralph.user, ralph.password).report
    assert from_lrs.statements == len(made)
    assert from_lrs == from_file


@pytest.mark.slow
def test_wrong_lrs_credentials_are_a_message(lrs, runner, tmp_path):
    ralph = lrs
    result = runner.invoke(main, ["report", ralph.endpoint, str(ROOT), "-o", str(tmp_path), "--user", "trainer",
                                  "--password", "wrong"])  # fmt: skip
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the LRS answered 401" in result.output and "check --user and --password" in result.output
