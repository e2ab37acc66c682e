"""The flagship course: four parts, each with lessons and a quiz, complete in two languages."""

from __future__ import annotations

import re

import pytest

from course.build import check
from course.errors import Report
from course.load.course import load_course

from .conftest import ROOT, shared_path
from .figures import TIMING, figures, known, unsourced

QUESTION_TYPES = {"single", "multiple", "true_false", "fill_blank", "matching", "ordering", "reflection"}


@pytest.fixture(scope="module")
def course():
    report = Report()
    loaded = load_course(ROOT, report)
    assert not report.diagnostics, [d.format() for d in report.diagnostics]
    return loaded


@pytest.mark.slow
def test_checks_clean_even_when_strict():
    checked = check(ROOT, strict=True)
    assert checked.diagnostics == []


def test_four_parts_each_with_lessons_and_a_quiz(course):
    assert [p.id for p in course.framework.parts] == ["foundation", "collaboration", "innovation", "action"]
    assert course.pass_mark == 70
    for part in course.framework.parts:
        (module,) = [m for m in course.modules if m.part() == part.id]
        assert 3 <= len(module.lessons) <= 4, module.slug
        quiz = module.quizzes[0]["en"]
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
            en, zh = module.quizzes[0]["en"], module.quizzes[0]["zh-CN"]
            assert zh.source.endswith(".zh-CN.yaml")
            assert [(q.id, q.type) for q in en.questions] == [(q.id, q.type) for q in zh.questions]


def test_every_option_explains_itself(course):
    for module in course.modules:
        for quiz in (q for versions in module.quizzes for q in versions.values()):
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


SITUATION = {"en": "**Situation.**", "zh-CN": "**情境：**"}
VERDICT = {
    "en": re.compile(r"^(Right|Correct|Yes|Partly|No|Not\b[^.:;!]*)[.,:;!]"),
    "zh-CN": re.compile(
        r"^(对|正确|部分正确|不对|不完全对|不是[^。：；]*|不够|不选|不属于[^。：；]*|还早|没有依据|这里不适用)[。，：；！]"
    ),
}


def test_quizzes_ask_for_judgement(course):
    """At least half of each quiz's scored questions put the learner in a situation, and every
    piece of feedback starts with a verdict before it explains why."""
    for quiz in (q for m in course.modules for versions in m.quizzes for q in versions.values()):
        scored = [q for q in quiz.questions if q.type != "reflection"]
        situations = [q for q in scored if q.prompt_md.lstrip().startswith(SITUATION[quiz.lang])]
        assert 2 * len(situations) >= len(scored), f"{quiz.source}: {len(situations)} of {len(scored)}"
        for q in scored:
            for text in [*(o.feedback_md for o in q.options), *q.feedback.values()]:
                verdict = VERDICT[quiz.lang].match(text.strip())
                assert verdict, f"{quiz.source} {q.id}: {text[:40]!r} does not start with a verdict"
                why = text.strip()[verdict.end() :]
                assert len(why) >= 5, f"{quiz.source} {q.id}: a verdict alone explains nothing"


def test_no_question_is_asked_twice(course):
    """A question id, or a prompt, appears in one quiz only (ids are learners' progress keys)."""
    quizzes = [m.quizzes[0]["en"] for m in course.modules if m.quizzes]
    ids = [q.id for quiz in quizzes for q in quiz.questions]
    prompts = [" ".join(q.prompt_md.split()) for quiz in quizzes for q in quiz.questions]
    assert len(ids) == len(set(ids)) and len(prompts) == len(set(prompts))


def test_the_course_ends_with_an_action_plan(course):
    """The last quiz ends with the capstone: an action plan, a model answer and a checklist."""
    for lang, checklist in (("en", "Check your own plan"), ("zh-CN", "对照检查你的计划")):
        last = [m.quizzes[0][lang] for m in course.modules if m.quizzes][-1].questions[-1]
        assert (last.id, last.type) == ("action-plan-capstone", "reflection")
        assert checklist in last.model_answer_md and last.model_answer_md.count("\n- ") >= 12, lang


TERMS = ROOT / "docs" / "terms.md"
FACILITATOR = "modules/10-facilitator/"
EXPLAINS_TERMS = {"modules/07-glossary.zh-CN.md", "modules/08-sources.zh-CN.md"}  # name alternatives on purpose
CJK = "\u3400-\u9fff\uf900-\ufaff"


def _flagged_words() -> dict[str, str]:
    """{alternative: the term to use}, from the tables of docs/terms.md."""
    flagged = {}
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2] not in ("alternatives to flag", "—") and not set(cells[2]) <= {"-"}:
            flagged.update({alt.strip(): cells[1] for alt in cells[2].split(" / ")})  # terms table
        elif len(cells) == 3 and cells[0] not in ("avoid",) and not set(cells[0]) <= {"-"}:
            flagged[cells[0]] = cells[1]  # phrases table
    return flagged


def _chinese_texts(course):
    """(file, text) for the Chinese pages and quizzes a learner reads; accepted answers aside."""
    for source, text in _texts(course, terms_only=True):
        if ".zh-CN." in source and source not in EXPLAINS_TERMS:
            yield source, text


def test_one_chinese_term_for_each_concept(course):
    flagged = _flagged_words()
    assert {"非政府组织", "准政府组织", "希望研究所", "周一就能做的事"} <= set(flagged)  # the table was read
    unquoted_free_lunch = re.compile(r"(?<![“‘])免费午餐")  # a name, always in quotation marks
    problems = [
        f"{source}: {alt!r} -> {term!r}"
        for source, text in _chinese_texts(course)
        for alt, term in flagged.items()
        if alt in text
    ]
    problems += [
        f"{s}: 免费午餐 without quotation marks"
        for s, text in _chinese_texts(course)
        if unquoted_free_lunch.search(text)
    ]
    assert problems == []


def test_no_stray_spaces_in_chinese(course):
    """A space, or a line break inside a paragraph, between two Chinese characters shows as a
    gap in the page (a folded YAML text or a hard-wrapped Markdown line does that)."""
    gap = re.compile(rf"[{CJK}，。；：、）”] +[{CJK}（“]|[{CJK}，。；：、）”]\n[ \t]*[{CJK}（“]")
    problems = [f"{source}: {m.group(0)!r}" for source, text in _chinese_texts(course) for m in gap.finditer(text)]
    assert problems == []


def test_facilitators_get_worksheets_session_plans_and_prompts(course):
    """The four worksheets are linked from the lessons that use them; the facilitator's guide
    comes last, with both session plans, and its lesson-by-lesson page covers every lesson of the
    welcome module and the four parts, in both languages."""
    modules = {m.slug: m for m in course.modules}
    assert course.modules[-1].slug == "facilitator"
    worksheets = [ls.source.rsplit("/", 1)[-1] for ls in modules["worksheets"].lessons]
    assert [w.split("-", 1)[1] for w in worksheets] == [
        "service-statement.md",
        "cooperation-map.md",
        "five-questions.md",
        "action-plan.md",
    ]
    plans = {ls.slug: ls for ls in modules["facilitator"].lessons}
    assert {"one-day-workshop", "four-week-online-class", "lesson-by-lesson"} <= set(plans)
    for lang in course.languages:
        lessons = [p.pages[lang].body_md for m in course.modules if m.part() for p in m.lessons]
        for worksheet in worksheets:
            assert any(f"09-worksheets/{worksheet})" in body for body in lessons), (lang, worksheet)
        prompts = plans["lesson-by-lesson"].pages[lang].body_md
        for m in course.modules:
            if m.part() or m.slug == "welcome":
                for ls in m.lessons:
                    assert f"../{ls.source.removeprefix('modules/')})" in prompts, (lang, ls.source)
        for plan in ("one-day-workshop", "four-week-online-class"):
            assert TIMING.search(plans[plan].pages[lang].body_md), (lang, plan)


def _texts(course, terms_only: bool = False):
    """(file, text) for every text a learner reads: lesson pages and quizzes, in every language
    (with terms_only, not the accepted answers of a fill-in, which may list any spelling)."""
    for lang in course.languages:
        yield f"course.{lang}.yaml", course.text(course.title, lang) + "\n\n" + course.text(course.summary, lang)
    for module in course.modules:
        for page in [*module.index.values(), *(p for ls in module.lessons for p in ls.pages.values())]:
            for text in (page.title, page.summary, page.body_md, *page.objectives):
                yield page.source, text
        for quiz in (q for versions in module.quizzes for q in versions.values()):
            yield quiz.source, quiz.title + "\n" + quiz.intro_md
            for q in quiz.questions:
                texts = [q.prompt_md, q.hint_md, q.explanation_md, q.model_answer_md, *q.feedback.values()]
                texts += [t for o in q.options for t in (o.text_md, o.feedback_md)]
                texts += [*q.items, *(t for pair in q.pairs for t in pair)]
                texts += [] if terms_only else list(q.answers)
                for text in texts:
                    yield quiz.source, text


def test_figures_come_from_the_seed_documents(course):
    """Every number a learner reads, in either language and whatever its unit (26 million,
    2600万, 160亿, 15.5%, 6月), appears in a seed document. Years are checked like any figure.
    Not checked: numbers that count the course's own parts (lesson 2, 第3模块, a numbered
    list, a link target; see figures.STRUCTURE), the pass mark, and the clock times and
    durations of the facilitator's session plans: all three are the course's own, not facts."""
    sourced = known(p.read_text(encoding="utf-8") for p in shared_path("seeds").glob("*.txt"))
    own = frozenset({f"{course.pass_mark}%"})
    problems = [
        f"{source}: {raw}"
        for source, text in _texts(course)
        for raw in unsourced(TIMING.sub(" ", text) if source.startswith(FACILITATOR) else text, sourced, own)
    ]
    assert problems == []


def test_the_figure_check_catches_a_wrong_figure():
    sourced = known(p.read_text(encoding="utf-8") for p in shared_path("seeds").glob("*.txt"))
    # the same figure, however it is written
    keys = {key for text in ["26 million", "2,600万", "2600多万名", "26,000,000"] for _, key in figures(text)}
    assert keys == {"26000000"}
    assert [key for _, key in figures("每年投入超过160亿元，占总人口的15.5%，2014年11月")] == [
        "16000000000",
        "15.5%",
        "2014",
        "11月",
    ]
    assert figures("见第2课和[lesson 3](03-x.md)；modules 2 to 5\n1. 第一步") == []
    # a planted wrong figure in a real lesson is caught, in Chinese and in English
    lesson = ROOT / "modules/02-foundation/03-free-lunch-grassroots-to-policy"
    zh = lesson.with_suffix(".zh-CN.md").read_text(encoding="utf-8")
    assert unsourced(zh, sourced) == []
    assert unsourced(zh.replace("2600多万", "2700多万", 1), sourced) == ["2700多万"]
    en = lesson.with_suffix(".md").read_text(encoding="utf-8")
    assert unsourced(en.replace("680 counties", "690 counties", 1), sourced) == ["690"]
    assert unsourced("占总人口的15.6%", sourced) == ["15.6%"]


def test_chinese_pages_are_whole_translations(course):
    """Same links and reflection prompts as the English page, and a comparable length."""
    link = re.compile(r"\]\(([^)\s]+)")
    for module in course.modules:
        for lesson in module.lessons:
            en, zh = lesson.pages["en"], lesson.pages["zh-CN"]
            assert sorted(link.findall(en.body_md)) == sorted(link.findall(zh.body_md)), zh.source
            assert en.body_md.count("!!! reflection") == zh.body_md.count("!!! reflection"), zh.source
            words, characters = len(en.body_md.split()), len(re.findall(r"[\u4e00-\u9fff]", zh.body_md))
            if module.slug != "worksheets":  # a worksheet carries both languages on each page
                assert 1.2 <= characters / words <= 2.2, f"{zh.source}: {characters} characters for {words} words"
            assert en.part == zh.part, zh.source


def test_the_keyed_option_is_not_given_away_by_its_length(course):
    """In a single or multiple choice, no keyed option is much longer than every distractor: a
    learner should not find the answer by picking the longest line."""
    for quiz in (q for m in course.modules for versions in m.quizzes for q in versions.values()):
        for q in quiz.questions:
            if q.type not in ("single", "multiple"):
                continue
            keyed = [len(o.text_md) for o in q.options if o.correct]
            others = [len(o.text_md) for o in q.options if not o.correct]
            assert min(keyed) <= 1.25 * max(others), f"{quiz.source} {q.id}: {keyed} against {others}"


# Chinese names the seeds do not give (they name these in English or pinyin only), and what a
# Chinese page that uses one must also say, so that the reader knows where the name comes from.
NAMES_NOT_IN_THE_SEEDS = {
    "希望制作所": "Hope Institute",
    "中央编译局": "资料只有英文名",
    "友成企业家扶贫基金会": "资料只有英文名",
    "居站分设": "通称",
    "营养改善计划": "一般称",
    "老牛基金会": "常识",
}


def test_chinese_names_from_general_knowledge_are_labelled(course):
    """A Chinese page or quiz that uses a name the seeds do not give also says so (or, for the
    Hope Institute, gives the English name the seed uses) somewhere on the same page."""
    pages: dict[str, str] = {}
    for source, text in _chinese_texts(course):
        pages[source] = pages.get(source, "") + "\n" + text
    problems = [
        f"{source}: {name!r} without {label!r}"
        for source, text in pages.items()
        for name, label in NAMES_NOT_IN_THE_SEEDS.items()
        if name in text and label not in text
    ]
    assert problems == []
