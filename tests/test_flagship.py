"""The flagship course: four parts, each with lessons and a quiz, complete in two languages."""

from __future__ import annotations

import re

import pytest

from course.build import check
from course.errors import Report
from course.load import load_course

from .conftest import ROOT, shared_path

QUESTION_TYPES = {"single", "multiple", "true_false", "fill_blank", "matching", "ordering", "reflection"}


@pytest.fixture(scope="module")
def course():
    report = Report()
    loaded = load_course(ROOT, report)
    assert not report.diagnostics, [d.format() for d in report.diagnostics]
    return loaded


def test_checks_clean_even_when_strict():
    checked = check(ROOT, strict=True)
    assert checked.diagnostics == []


def test_four_parts_each_with_lessons_and_a_quiz(course):
    assert [p.id for p in course.framework.parts] == ["foundation", "collaboration", "innovation", "action"]
    assert course.pass_mark == 70
    for part in course.framework.parts:
        (module,) = [m for m in course.modules if m.part() == part.id]
        assert 3 <= len(module.lessons) <= 4, module.slug
        quiz = module.quizzes["en"]
        assert 8 <= len(quiz.questions) <= 12
        assert {q.type for q in quiz.questions} == QUESTION_TYPES
        assert {q.part for q in quiz.questions} == {part.id}
        assert quiz.pass_mark == 70


def test_welcome_cases_glossary_and_sources(course):
    slugs = [m.slug for m in course.modules]
    assert slugs[0] == "welcome" and {"cases", "glossary", "sources"} <= set(slugs)
    assert slugs.index("sources") == slugs.index("glossary") + 1
    cases = next(m for m in course.modules if m.slug == "cases")
    assert len(cases.lessons) >= 10


def test_translations_complete_with_matching_ids(course):
    for module in course.modules:
        for page in [*module.index.values(), *(p for ls in module.lessons for p in ls.pages.values())]:
            assert page.translated, f"{page.source} has no {page.lang} translation"
        if module.quizzes:
            en, zh = module.quizzes["en"], module.quizzes["zh-CN"]
            assert zh.source.endswith(".zh-CN.yaml")
            assert [(q.id, q.type) for q in en.questions] == [(q.id, q.type) for q in zh.questions]


def test_every_option_explains_itself(course):
    for module in course.modules:
        for quiz in module.quizzes.values():
            for q in quiz.questions:
                assert all(o.feedback_md for o in q.options), f"{quiz.source} {q.id}"
                assert q.explanation_md or q.type == "reflection", f"{quiz.source} {q.id}"


def test_lessons_are_practical_and_sourced(course):
    for module in course.modules:
        if not module.part():
            continue
        for lesson in module.lessons:
            en = lesson.pages["en"]
            words = len(re.findall(r"\b\w+\b", en.body_md))
            assert 600 <= words <= 1300, f"{en.source}: {words} words"
            assert en.objectives
            assert "!!! reflection" in en.body_md, en.source
            assert "**Sources:**" in en.body_md, en.source
            assert "**资料来源：**" in lesson.pages["zh-CN"].body_md, lesson.pages["zh-CN"].source


def test_figures_come_from_the_seed_documents(course):
    """Every number of three or more digits, and every percentage, appears in a seed document
    (the pass mark aside, which is the course's own)."""
    seeds = " ".join(p.read_text(encoding="utf-8") for p in shared_path("seeds").glob("*.txt"))
    seed_numbers = set(re.findall(r"\d[\d,.]*\d|\d", seeds.replace(",", ""))) | {str(course.pass_mark)}
    for module in course.modules:
        for lesson in module.lessons:
            text = lesson.pages["en"].body_md
            for number, percent in re.findall(r"(?<![\w.-])(\d[\d,]*(?:\.\d+)?)(%?)", text):
                digits = number.rstrip(",.").replace(",", "")
                if percent or len(digits) >= 3:
                    assert digits in seed_numbers, f"{lesson.source}: {number}{percent}"


def test_chinese_pages_are_whole_translations(course):
    """Same links and reflection prompts as the English page, and a comparable length."""
    link = re.compile(r"\]\(([^)\s]+)")
    for module in course.modules:
        for lesson in module.lessons:
            en, zh = lesson.pages["en"], lesson.pages["zh-CN"]
            assert sorted(link.findall(en.body_md)) == sorted(link.findall(zh.body_md)), zh.source
            assert en.body_md.count("!!! reflection") == zh.body_md.count("!!! reflection"), zh.source
            words, characters = len(en.body_md.split()), len(re.findall(r"[\u4e00-\u9fff]", zh.body_md))
            assert 1.2 <= characters / words <= 2.2, f"{zh.source}: {characters} characters for {words} words"
            assert en.part == zh.part, zh.source
