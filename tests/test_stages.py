"""Unit tests, one group per pipeline stage: yaml source, schema, load, markdown, render, write."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.build import build, check
from course.errors import CourseError, Report
from course.formats.limits import MAX_FILE_BYTES
from course.link.resolve import MarkdownRenderer
from course.load.course import load_course, reading_minutes
from course.load.langtag import canonical_case, course_language_problem, well_formed_problem
from course.load.sources import read_text, split_front_matter, split_language
from course.load.yamlsource import YamlProblem, parse_yaml
from course.questions.view import normalise_answer, stable_shuffle
from course.write.folder import write_folder

from .conftest import COURSES

# --- yamlsource ---------------------------------------------------------------


def test_positions_of_nested_values_and_keys():
    doc = parse_yaml("a: 1\nlist:\n  - x: 2\n    y: [3, 4]\n", "f.yaml")
    assert doc.data == {"a": 1, "list": [{"x": 2, "y": [3, 4]}]}
    assert (doc.pos("list", 0, "y", 1).line, doc.pos("list", 0, "y", 1).col) == (4, 12)
    assert doc.key_pos("list", 0, "y").line == 4
    assert doc.pos("list", 5, "nothing").line == 3  # falls back to the list, which starts on line 3


def test_front_matter_offsets_positions():
    doc = parse_yaml("title: x\npart: y\n", "l.md", line_offset=1)
    assert doc.pos("part").line == 3


def test_true_false_keys_stay_words():
    assert parse_yaml("feedback: {true: a, false: b}", "q.yaml").data == {"feedback": {"true": "a", "false": "b"}}


def test_dates_stay_text():
    assert parse_yaml("updated: 2024-05-01", "c.yaml").data == {"updated": "2024-05-01"}


def test_deep_nesting_is_refused():
    with pytest.raises(YamlProblem, match="nested too deeply"):
        parse_yaml("[" * 60 + "]" * 60, "x.yaml")


def test_a_number_past_the_digit_limit_is_refused_where_it_stands():
    assert parse_yaml("n: " + "9" * 100, "x.yaml").data == {"n": int("9" * 100)}
    with pytest.raises(YamlProblem, match="a number of 101 digits is too long") as caught:
        parse_yaml("a: 1\nn: -" + "9" * 101, "x.yaml")
    assert (caught.value.line, caught.value.col) == (2, 4)


def test_numbers_are_kept_as_written_and_block_texts_know_their_first_line():
    doc = parse_yaml("a: 1.50\nb: 007\nc: |\n  text\nd: plain\n", "x.yaml", line_offset=1)
    assert doc.data["a"] == 1.5 and doc.as_written("a") == "1.50" and doc.as_written("b") == "007"
    assert doc.as_written("d") is None
    assert (doc.text_line("c"), doc.text_line("d"), doc.text_line("missing")) == (
        5,
        6,
        2,
    )  # the document starts on line 2


# --- sources ------------------------------------------------------------------


def test_a_file_is_read_up_to_the_size_limit(tmp_path):
    (tmp_path / "ok.md").write_bytes(b"x" * MAX_FILE_BYTES)
    (tmp_path / "big.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    assert len(read_text(tmp_path, "ok.md", "split it")) == MAX_FILE_BYTES
    with pytest.raises(YamlProblem, match=r"file is 1.0 MiB, more than the limit of 1.0 MiB for one file; split it"):
        read_text(tmp_path, "big.md", "split it")


def test_course_language_tags():
    assert [course_language_problem(t) for t in ("en", "zh-CN", "zh-Hant-TW", "de-CH-1901", "es-419")] == [""] * 5
    assert well_formed_problem("en-u-ca-gregory") == "" and course_language_problem("en-u-ca-gregory")
    assert well_formed_problem("en-t-zh-1996-1996") == "the variant '1996' appears twice"
    assert canonical_case("ZH-hant-tw") == "zh-Hant-TW" and canonical_case("de-ch-1901") == "de-CH-1901"


def test_language_suffix_is_split_from_the_name():
    assert split_language("01-x.zh-CN.md", ".md") == ("01-x", "zh-CN")
    assert split_language("01-x.md", ".md") == ("01-x", None)
    assert split_language("v1.2-notes.md", ".md") == ("v1.2-notes", None)


def test_front_matter_split_keeps_body_line():
    source = split_front_matter("---\ntitle: a\nduration: 3\n---\n\nBody\n")
    assert source.front_matter == "title: a\nduration: 3"
    assert source.body_line == 5 and source.body.split("\n")[1] == "Body"
    assert split_front_matter("# Just a heading\n").front_matter is None


# --- load ---------------------------------------------------------------------


def test_features_course_model():
    report = Report()
    course = load_course(COURSES / "features", report)
    assert not report.errors, report.errors
    assert [m.slug for m in course.modules] == ["basics", "more", "glossary"]
    basics = course.modules[0]
    assert [ls.slug for ls in basics.lessons] == ["reading", "inline"]
    assert basics.lessons[0].pages["zh-CN"].title == "阅读一课"
    assert basics.lessons[1].pages["zh-CN"].translated is False  # falls back to English
    quiz = basics.quizzes[0]["en"]
    assert [q.type for q in quiz.questions] == [
        "single", "multiple", "true_false", "fill_blank", "numeric", "matching", "ordering", "reflection"
    ]  # fmt: skip
    assert quiz.pass_mark == 60 and quiz.questions[1].partial
    assert basics.quizzes[0]["zh-CN"].questions[0].prompt_md.startswith("哪个城市")
    assert course.modules[1].quizzes[0]["en"].draw == 2
    assert course.modules[2].single


def test_reading_time_counts_words_and_chinese_characters():
    assert reading_minutes("word " * 400) == 2
    assert reading_minutes("字" * 600) == 2


def test_missing_translation_is_a_warning_with_a_code():
    checked = check(COURSES / "features")
    codes = {d.code for d in checked.diagnostics}
    assert checked.ok and codes == {"missing-translation"}


# --- markdown -----------------------------------------------------------------


@pytest.fixture
def renderer(tmp_path):
    (tmp_path / "modules/01-a").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/pic.png").write_bytes(b"png")
    urls = {"modules/01-a/01-one.md": "a/one.html", "modules/01-a/02-two.md": "a/two.html"}
    return MarkdownRenderer(tmp_path, urls, external_links=True, report=Report())


def test_lesson_links_become_relative_page_links(renderer):
    html = renderer.render(
        "[two](02-two.md#part) [one](../01-a/01-one.md)", "modules/01-a/01-one.md", "a/one.html"
    ).html
    assert 'href="two.html#part"' in html and 'href="one.html"' in html


def test_assets_are_collected_and_linked_from_the_site_root(renderer):
    html = renderer.render("![Pic](../../assets/pic.png)", "modules/01-a/01-one.md", "a/one.html").html
    assert 'src="../../files/assets/pic.png"' in html
    assert renderer.assets == {"assets/pic.png"}


def test_raw_html_is_sanitised(renderer):
    html = renderer.render(
        '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
        '<iframe src="https://evil.example"></iframe>',
        "modules/01-a/01-one.md",
        "a/one.html",
    ).html
    for bad in ("<script", "onerror", "javascript:", "<iframe"):
        assert bad not in html


def test_extensions_render(renderer):
    text = '!!! reflection "Think"\n    About it.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: Foot.\n\n## 标题\n'
    result = renderer.render(text, "modules/01-a/01-one.md", "a/one.html")
    assert 'class="admonition reflection"' in result.html and "<table>" in result.html
    assert 'class="footnote"' in result.html
    assert result.toc == [(2, "标题", "标题")]


def test_quiz_directive_inside_code_is_left_alone(renderer):
    result = renderer.render("```\n[[quiz: x]]\n```\n\n[[quiz: y]]\n", "modules/01-a/01-one.md", "a/one.html", 4)
    assert [(qid, pos.line) for qid, pos in result.quiz_slots] == [("y", 8)]


def test_image_without_alt_text_warns(renderer):
    renderer.render("\n![](../../assets/pic.png)", "modules/01-a/01-one.md", "a/one.html", 10)
    (warning,) = renderer.report.warnings
    assert (warning.line, warning.code) == (11, "no-alt")


# --- quiz view ----------------------------------------------------------------


def test_shown_order_never_gives_the_answer_away():
    for n in range(2, 8):
        items = [f"step {i}" for i in range(n)]
        order = stable_shuffle(items, "q")
        assert sorted(order) == list(range(n)) and order != list(range(n))
        assert order == stable_shuffle(items, "q")  # deterministic


def test_answers_compare_without_case_or_spacing():
    assert normalise_answer("  Deng   Fei ", False) == "deng fei"
    assert normalise_answer("Deng Fei", True) == "Deng Fei"


# --- render and write ---------------------------------------------------------


def test_site_has_a_tree_per_language(features_site):
    for lang in ("en", "zh-CN"):
        for page in ("index.html", "framework.html", "basics/index.html", "basics/reading.html", "more/quiz.html"):
            assert (features_site / lang / page).is_file(), f"{lang}/{page}"
    assert not (features_site / "en/basics/quiz.html").exists()  # placed inline instead
    assert (features_site / "files/assets/square.png").is_file()
    assert "url=en/index.html" in (features_site / "index.html").read_text()


def test_no_page_refers_to_another_host(features_site):
    for page in features_site.rglob("*.html"):
        text = page.read_text()
        for attr in ('src="http', "src='http", 'href="http', "url(http", "//cdn", "@import"):
            assert attr not in text, f"{page}: {attr}"


@pytest.mark.slow
def test_rebuild_is_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(COURSES / "features", first)
    build(COURSES / "features", second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_failed_build_leaves_previous_site_untouched(make_course, tmp_path):
    out = tmp_path / "site"
    build(make_course(), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = make_course({"quizzes/01-intro.yaml": "id: [\n"})
    with pytest.raises(CourseError):
        build(broken, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_write_failure_midway_keeps_old_site(tmp_path, monkeypatch):

    out = tmp_path / "site"
    write_folder([("index.html", b"old")], out)

    class Boom(Exception):
        pass

    def explode(self, data):
        raise Boom

    monkeypatch.setattr(Path, "write_bytes", explode)
    with pytest.raises(Boom):
        write_folder([("index.html", b"new")], out)
    monkeypatch.undo()
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_author_html_cannot_take_the_names_the_quiz_engine_uses(renderer):
    html = renderer.render(
        '<div class="quiz note" id="course-ui">x</div><span class="q-check">y</span><p id="my-anchor">z</p>',
        "modules/01-a/01-one.md",
        "a/one.html",
    ).html
    assert 'class="note"' in html and 'id="my-anchor"' in html
    assert "course-ui" not in html and "q-check" not in html and '"quiz' not in html


def test_chinese_lines_join_without_a_space(renderer):
    html = renderer.render(
        "社会组织参与\n社会治理创新，\n要从服务开始。\nEnglish\nwords\n\n```\n代码\n保留\n```",
        "modules/01-a/01-one.md",
        "a/one.html",
    ).html
    assert "社会组织参与社会治理创新，要从服务开始。\nEnglish\nwords" in html
    assert "代码\n保留" in html


def test_a_conversion_is_reused_but_its_links_are_resolved_for_each_page(tmp_path):
    """convert depends on the text alone, so serve's cache keeps it; what its links become
    depends on the course (a lesson renamed, a file deleted) and is worked out every time."""
    from course.convert.text import convert

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/pic.png").write_bytes(b"png")
    text = "See [two](02-two.md#part-two) and ![a pic](../../assets/pic.png)."
    converted = convert(text, "modules/01-a/01-one.md", 4)
    assert [(link.url, link.tag, link.pos.line, link.pos.col) for link in converted.links] == [
        ("02-two.md#part-two", "a", 4, 11),
        ("../../assets/pic.png", "img", 4, 44),
    ]
    assert "course-link:0" in converted.html and "02-two.md" not in converted.html
    cache: dict = {}
    pages = {"modules/01-a/01-one.md": "a/one.html", "modules/01-a/02-two.md": "a/two.html"}
    first = MarkdownRenderer(tmp_path, pages, True, Report(), cache)
    html = first.render(text, "modules/01-a/01-one.md", "a/one.html", 4).html
    assert 'href="two.html#part-two"' in html and 'src="../../files/assets/pic.png"' in html
    (tmp_path / "assets/pic.png").unlink()
    renamed = {"modules/01-a/01-one.md": "a/one.html", "modules/01-a/02-deux.md": "a/deux.html"}
    second = MarkdownRenderer(tmp_path, renamed, True, Report(), cache)
    second.render(text, "modules/01-a/01-one.md", "a/one.html", 4)
    assert len(cache) == 1  # the same conversion, linked again
    assert [(d.line, d.col, d.message.split(",")[0]) for d in second.report.errors] == [
        (4, 11, "link '02-two.md#part-two' goes to 'modules/01-a/02-two.md'"),
        (4, 44, "image '../../assets/pic.png' goes to 'assets/pic.png'"),
    ]
