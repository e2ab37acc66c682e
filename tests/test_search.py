"""Search: how texts become terms (in Python and in the browser's script alike), what the index
holds and how it ranks, on the flagship and a small course; then the search page in Chromium,
from file://, in English and Chinese, by keyboard alone."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from playwright.sync_api import Page, expect

from course.build import check
from course.render import search
from course.render.search import build_index, query_terms, rank, search_documents, stem, tokens

from .conftest import ROOT
from .node import run_js


@pytest.fixture(scope="module")
def flagship_book():
    checked = check(ROOT, render=False)
    assert checked.ok
    return checked.book


@pytest.fixture(scope="module")
def indexes(flagship_book):
    return {lang: build_index(search_documents(flagship_book, lang)) for lang in flagship_book.course.languages}


def urls_for(index, query: str) -> list[str]:
    return [index.docs[d].url for d in rank(index, query)]


# ---- terms ----


def test_latin_words_are_lowercased_stemmed_lightly_and_stop_words_dropped():
    assert tokens("The Social Organisations' services, delivering and delivered") == [
        "social", "organisation", "servic", "deliver", "deliver",
    ]  # fmt: skip
    assert stem("policies") == "policy" and stem("churches") == "church" and stem("process") == "process"
    assert stem("focus") == "focus" and stem("bus") == "bus"  # too short or not a plural
    assert tokens("ＦＵＬＬ-width Café") == ["full", "width", "cafe"]  # NFKC, and accents dropped
    assert query_terms("the and of") == []


def test_chinese_is_indexed_as_characters_and_their_pairs_and_queried_by_pairs():
    assert tokens("社会组织") == ["社", "会", "组", "织", "社会", "会组", "组织"]
    assert query_terms("社会组织") == ["社会", "会组", "组织"]
    assert query_terms("养") == ["养"]  # a one-character query looks the character up
    # punctuation and Latin text end a run: no pair spans them
    assert query_terms("免费午餐，NGO 邓飞") == ["免费", "费午", "午餐", "ngo", "邓飞"]


SAMPLES = [
    "The Social Organisations' services, delivering and delivered",
    "社会组织参与社会治理创新：“免费午餐”由邓飞发起。",
    "ＦＵＬＬ-width Café, naïve résumé; 2011 年 15.5%",
    "Seoul's chatdong 찾동 and カタカナ; policies, churches, boxes, processes",
    "养",
    "",
]


def test_the_browser_cuts_texts_into_the_same_terms_and_shards_as_the_build():
    got = run_js(
        ["search-core.js"],
        "var c = window.courseSearchCore; return input.map(function (t) {"
        " return [c.tokens(t), c.queryTerms(t), c.tokens(t).map(function (w) { return c.termShard(w, 7); })]; });",
        SAMPLES,
    )
    assert got == [[tokens(t), query_terms(t), [search.term_shard(w, 7) for w in tokens(t)]] for t in SAMPLES]


# ---- the index of the flagship ----


@pytest.mark.slow
def test_english_words_find_their_pages_first(indexes):
    en = indexes["en"]
    assert urls_for(en, "free lunch")[0] in ("cases/free-lunch.html", "foundation/free-lunch-grassroots-to-policy.html")
    assert urls_for(en, "Shenyang model")[0] == "cases/social-management-models.html"
    assert urls_for(en, "grid administration")[:2] == ["innovation/grid-and-internet-plus.html",
                                                       "cases/grid-administration.html"]  # fmt: skip
    assert urls_for(en, "purchasing services")[0] == "foundation/government-purchase-of-services.html"  # stemmed


def test_chinese_words_find_pages_that_hold_them_without_a_dictionary(indexes):
    zh = indexes["zh-CN"]
    for word in ("社会组织", "邓飞", "沈阳模式", "网格化"):
        found = rank(zh, word)
        assert found, word
        for d in found:  # every result holds every pair of the word
            doc = zh.docs[d]
            text = doc.title + doc.heading + doc.text
            assert all(word[i : i + 2] in text for i in range(len(word) - 1)), (word, doc.url)
    assert urls_for(zh, "沈阳模式") == [
        "cases/social-management-models.html",
        "innovation/social-management-models.html",
    ]
    assert "glossary/index.html" in urls_for(zh, "社会组织")
    assert urls_for(zh, "养老")[0] == "cases/purchased-elderly-care.html"  # its title says 养老


def test_quiz_questions_and_the_glossary_are_found_where_they_are_shown(indexes):
    en = indexes["en"]
    questions = [doc for doc in en.docs if doc.anchor.startswith("q-")]
    assert len(questions) == 43  # every question of the four quizzes
    assert {doc.heading for doc in questions if doc.url == "foundation/quiz.html"} >= {"Question 1", "Question 8"}
    # the words of an option alone find its question
    assert [(en.docs[d].url, en.docs[d].anchor) for d in rank(en, "three-year funding plan")][0] == (
        "foundation/quiz.html",
        "q-foundation-check-starting-point",
    )
    assert "glossary/index.html" in urls_for(en, "quasi-governmental organisation")
    zh = indexes["zh-CN"]
    assert "glossary/index.html" in urls_for(zh, "官办社会组织")


def test_a_question_links_to_its_fieldset_and_a_section_to_its_heading(flagship_site, indexes):
    for lang, index in indexes.items():
        for doc in index.docs:
            if doc.anchor:
                page = (flagship_site / lang / doc.url).read_text(encoding="utf-8")
                assert f'id="{doc.anchor}"' in page, (lang, doc.url, doc.anchor)


def test_results_are_one_per_page_and_a_query_of_unknown_words_finds_nothing(indexes):
    for index in indexes.values():
        found = [index.docs[d].url for d in rank(index, "social")]
        assert len(found) == len(set(found)) > 3
        assert rank(index, "qwxyzzy") == [] and rank(index, "") == []


# ---- the files ----


def read_index(site: Path, lang: str) -> dict:
    """The data the site's search/ files give window.courseSearchData for lang."""
    data = {}
    for path in sorted((site / "search").glob(f"{lang}*.js")):
        key, value = re.fullmatch(r"\(window\.courseSearchData=window\.courseSearchData\|\|\{\}\)\[(\"[^\"]+\")\]=(.*);\n",
                                  path.read_text(encoding="utf-8"), re.S).groups()  # fmt: skip
        data[json.loads(key)] = json.loads(value)
    return data


def test_the_site_ships_each_languages_index_as_script_shards(flagship_site, indexes):
    for lang, index in indexes.items():
        data = read_index(flagship_site, lang)
        head = data[lang]
        assert head["v"] == search.FORMAT and head["n"] == len(index.docs) == len(head["dp"]) == len(head["l"])
        terms = [key for key in data if key.startswith(f"{lang}-t")]
        assert len(terms) == head["tk"] and sum(len(data[k]) for k in terms) == len(index.postings)
        for term in ("social", "社会", "组织", "lunch"):
            if term in index.postings:
                assert term in data[f"{lang}-t{search.term_shard(term, head['tk'])}"]
        texts = [key for key in data if key.startswith(f"{lang}-x")]
        shown = [doc for k in range(len(texts)) for doc in data[f"{lang}-x{k}"]["d"]]
        assert [(anchor, heading) for anchor, heading, _ in shown] == [(d.anchor, d.heading) for d in index.docs]
        pages = {p[0]: p[1:] for k in texts for p in data[k]["p"]}
        assert [pages[p] for p in head["dp"]] == [[d.url, d.title, d.crumb] for d in index.docs]
        sizes = {path.name: path.stat().st_size for path in (flagship_site / "search").glob(f"{lang}-*.js")}
        assert max(size for name, size in sizes.items() if "-x" in name) < 3 * search.TEXT_SHARD_BYTES, sizes
        assert max(size for name, size in sizes.items() if "-t" in name) < 4 * search.TERM_SHARD_BYTES, sizes


@pytest.mark.slow
def test_the_browser_ranks_as_the_build_does(flagship_site, indexes):
    queries = ["free lunch", "social organisations", "Shenyang model", "社会组织", "邓飞", "养", "qwxyzzy"]
    for lang, index in indexes.items():
        data = read_index(flagship_site, lang)
        got = run_js(
            ["search-core.js"],
            "var c = window.courseSearchCore, data = input.data, head = data[input.lang];"
            " return input.queries.map(function (q) { var terms = c.queryTerms(q), postings = {};"
            " terms.forEach(function (t) { var shard = data[input.lang + '-t' + c.termShard(t, head.tk)];"
            " if (shard.hasOwnProperty(t)) { postings[t] = shard[t]; } });"
            " return c.rank(head, postings, terms); });",
            {"data": data, "lang": lang, "queries": queries},
        )
        assert got == [rank(index, q) for q in queries]


@pytest.mark.slow
def test_the_index_is_the_same_bytes_every_build(flagship_book):
    assert search.search_files(flagship_book) == search.search_files(flagship_book)


def test_a_small_course_has_an_index_of_its_lesson_and_question(make_course):
    book = check(make_course(), render=False).book
    index = build_index(search_documents(book, "en"))
    assert [(d.url, d.anchor) for d in index.docs] == [
        ("intro/index.html", ""),
        ("intro/start.html", ""),
        ("intro/quiz.html", "q-intro-check-q1"),
    ]
    assert urls_for(index, "hello") == ["intro/start.html"]
    assert urls_for(index, "quiz") == ["intro/quiz.html"]  # the prompt, "Is this a quiz?"
    assert sorted(search.search_files(book)) == ["search/en-t0.js", "search/en-x0.js", "search/en.js"]


def test_lesson_pages_link_to_search_but_do_not_load_it(flagship_site):
    lesson = (flagship_site / "zh-CN/foundation/delivery-awareness.html").read_text(encoding="utf-8")
    assert '<a class="search-link" href="../search.html">搜索</a>' in lesson
    assert "search.js" not in lesson and "search/" not in lesson
    page = (flagship_site / "en/search.html").read_text(encoding="utf-8")
    assert '<script src="../search/en.js" defer></script>' in page and "assets/search.js" in page


def test_the_single_html_export_leaves_search_out(runner, tmp_path):
    from course.cli import main

    out = tmp_path / "one.html"
    done = runner.invoke(main, ["export", "single-html", str(ROOT / "tests/courses/features"), "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert 'search.html"' not in text and 'class="search-link"' not in text and "courseSearchData" not in text


# ---- in the browser ----

browser = pytest.mark.browser
SHOTS = ROOT / "build" / "screenshots"  # for a reviewer to look at (build/ is not kept in git)


def open_search(page: Page, site: Path, lang: str, query: str | None = None) -> list[str]:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    address = f"{site.as_uri()}/{lang}/search.html" + (f"?q={quote(query)}" if query else "")
    page.goto(address)
    return errors


def results(page: Page):
    return page.locator(".search-results a.search-hit")


@browser
def test_an_english_word_finds_its_page_with_the_match_marked(page: Page, flagship_site):
    errors = open_search(page, flagship_site, "en")
    page.get_by_label("Search this course").fill("Shenyang model")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ results for “Shenyang model”\.$"))
    first = results(page).first
    expect(first).to_have_attribute("href", re.compile(r"^cases/social-management-models\.html"))
    marks = page.locator(".search-results li").first.locator("mark")
    assert {m.lower() for m in marks.all_inner_texts()} >= {"shenyang", "model"}
    assert re.search(r"[?&]q=Shenyang%20model$", page.url)
    first.click()
    expect(page).to_have_url(re.compile(r"/en/cases/social-management-models\.html"))
    expect(page.locator("h1")).to_contain_text("Shenyang")
    assert not errors, errors


@browser
def test_a_chinese_word_finds_its_page_and_marks_the_whole_word(page: Page, flagship_site, indexes):
    errors = open_search(page, flagship_site, "zh-CN")
    page.get_by_label("搜索本课程").fill("沈阳模式")
    expect(page.locator(".search-status")).to_have_text("找到 2 条与“沈阳模式”相关的结果。")
    expect(results(page).first).to_have_attribute("href", re.compile(r"^cases/social-management-models\.html#"))
    snippet = page.locator(".search-results li").first.locator(".search-snippet mark")
    expect(snippet.first).to_have_text("沈阳模式")
    page.get_by_label("搜索本课程").fill("社会组织")
    found = len(rank(indexes["zh-CN"], "社会组织"))
    expect(page.locator(".search-status")).to_have_text(f"找到 {found} 条与“社会组织”相关的结果。")
    expect(page.locator(".search-results mark").first).to_have_text("社会组织")
    hrefs = [unquote(h) for h in results(page).evaluate_all("l => l.map(a => a.href)")]
    assert len(hrefs) == min(found, 20) and any("/zh-CN/glossary/index.html#" in h for h in hrefs)
    assert not errors, errors


@browser
def test_search_works_by_keyboard_alone(page: Page, flagship_site):
    open_search(page, flagship_site, "zh-CN")
    for _ in range(60):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("邓飞")
    page.keyboard.press("Enter")
    expect(page.locator(".search-status")).to_contain_text("与“邓飞”相关的结果")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = results(page).nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    target = second.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target.split("#")[0])))
    page.go_back()  # Back returns to the search, with its results
    expect(page.locator("#search-q")).to_have_value("邓飞")
    expect(page.locator(".search-status")).to_contain_text("与“邓飞”相关的结果")


@browser
def test_a_query_in_the_address_is_searched_and_nothing_found_is_said(page: Page, flagship_site):
    open_search(page, flagship_site, "en", "free lunch")
    expect(page.locator("#search-q")).to_have_value("free lunch")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"results for “free lunch”"))
    expect(page.locator(".search-status")).to_have_attribute("role", "status")
    page.get_by_label("Search this course").fill("qwxyzzy")
    expect(page.locator(".search-status")).to_have_text("No results for “qwxyzzy”. Try another word, or fewer words.")
    expect(page.locator(".search-results")).to_be_hidden()
    open_search(page, flagship_site, "zh-CN", "qwxyzzy")
    expect(page.locator(".search-status")).to_have_text("没有找到与“qwxyzzy”相关的结果。请换个词，或少用几个词再试。")


@browser
def test_more_results_are_shown_on_request_and_take_the_focus(page: Page, flagship_site):
    open_search(page, flagship_site, "zh-CN", "社会组织")
    more = page.locator(".search-more button")
    expect(results(page)).to_have_count(20)
    more.focus()
    page.keyboard.press("Enter")
    expect(results(page).nth(20)).to_be_focused()


@browser
def test_search_over_http_loads_only_the_shards_it_needs(page: Page, flagship_site, serve):
    base = serve(flagship_site)
    loaded = []
    page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1]))
    page.goto(f"{base}/zh-CN/search.html?q={quote('邓飞')}")
    expect(page.locator(".search-status")).to_contain_text("与“邓飞”相关的结果")
    shards = [name for name in loaded if name.startswith("zh-CN-")]
    assert len([name for name in shards if "-t" in name]) == 1  # 邓飞 is one pair: one term shard
    assert len(shards) < len(list((flagship_site / "search").glob("zh-CN-*")))


@browser
@pytest.mark.parametrize("lang,query", [("en", "free lunch"), ("zh-CN", "社会组织")])
def test_the_search_page_has_no_accessibility_violations(page: Page, flagship_site, lang, query):
    from axe_playwright_python.sync_playwright import Axe

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        open_search(page, flagship_site, lang, query)
        expect(page.locator(".search-results mark").first).to_be_visible()
        results_ = Axe().run(page)
        assert results_.violations_count == 0, results_.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"search-{lang}-{width}.png"), full_page=True)


@browser
def test_search_works_inside_a_scorm_package(page: Page, runner, tmp_path, serve):
    import zipfile

    from course.cli import main

    package = tmp_path / "package.zip"
    done = runner.invoke(main, ["export", "scorm12", str(ROOT / "tests/courses/features"), "-o", str(package)])
    assert done.exit_code == 0, done.output
    folder = tmp_path / "unpacked"
    zipfile.ZipFile(package).extractall(folder)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{serve(folder)}/en/search.html?q=Shenyang")
    expect(page.locator(".search-status")).to_have_text(re.compile(r"^\d+ results? for “Shenyang”\.$"))
    expect(page.locator(".search-results mark").first).to_have_text(re.compile("Shenyang", re.I))
    assert not errors, errors
