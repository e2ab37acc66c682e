"""The interface's words come from gettext catalogs: the template matches the code, every language
is complete with the same placeholders, plurals follow each catalog's Plural-Forms (in Python and
in the page's script alike), dates follow the language, and a third language is one .po file."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from course.i18n import catalog as catalogs
from course.i18n.catalog import messages
from course.i18n.interface import DECLARED, PLURALS
from course.i18n.update import DOMAINS, extract, po_bytes, template_path

from .conftest import MINIMAL
from .node import run_js

LOCALE = catalogs.LOCALE
LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if p.is_dir())
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def read(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def entries(catalog) -> list[tuple]:
    return [(m.context, m.id, " ".join(m.auto_comments)) for m in catalog if m.id]  # as wrapped or not


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.slow
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_template_is_extracted_from_the_code(domain):
    """`python -m course.i18n.update` was run after the last change to a msgid: the .pot on disk is
    what extraction gives now, message for message, and byte for byte."""
    fresh = extract(domain)
    on_disk = read(template_path(domain))
    assert entries(on_disk) == entries(fresh)
    assert template_path(domain).read_bytes() == po_bytes(fresh), "run: python -m course.i18n.update"


@pytest.mark.parametrize("domain", sorted(DOMAINS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_is_complete_with_the_same_placeholders(domain, lang):
    template = read(template_path(domain))
    po = read(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po")
    assert po.plural_expr and po.num_plurals >= 1, "the .po needs a Plural-Forms header"
    assert [(m.context, m.id) for m in po if m.id] == [(m.context, m.id) for m in template if m.id]
    for message in po:
        if not message.id:
            continue
        where = f"{lang} {message.context or ''} {message.id!r}"
        assert not message.fuzzy, f"{where} is marked fuzzy"
        if isinstance(message.id, tuple):
            assert len(message.string) == po.num_plurals, f"{where}: {po.num_plurals} forms needed"
            wanted = placeholders(message.id[1])
            forms = message.string
        else:
            wanted = placeholders(message.id)
            forms = (message.string,)
        for form in forms:
            assert form, f"{where} has no msgstr"
            assert placeholders(form) == wanted, f"{where}: {form!r} has other placeholders than {wanted}"


@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_english_catalog_is_the_source_text(domain):
    po = read(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po")
    for message in po:
        if message.id:
            assert (
                tuple(message.string) == message.id if isinstance(message.id, tuple) else message.string == message.id
            )


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_what_pages_use_is_what_the_po_says(lang):
    po = read(LOCALE / catalogs.catalog_name(lang) / "LC_MESSAGES" / "course.po")
    t = messages(lang)
    assert set(t) == {entry[0] for entry in DECLARED}
    for message in po:
        if message.id:
            got = t[message.context]
            assert got == (tuple(message.string) if isinstance(message.id, tuple) else message.string)


def test_plural_forms_the_gettext_way():
    en, zh = messages("en"), messages("zh-CN")
    assert en.plural("questions_n", 1).format(n=1) == "1 question"
    assert en.plural("questions_n", 2).format(n=2) == "2 questions"
    assert en.plural("questions_n", 0).format(n=0) == "0 questions"
    assert zh.plural("questions_n", 1).format(n=1) == "共 1 题" == zh.plural("questions_n", 5).format(n=1)
    assert set(PLURALS) >= {"questions_n", "draw_n", "js.search_found", "js.unanswered_n"}
    assert not [key for key in en if key.endswith("_one")], "plurals are ngettext entries, not _one keys"


def test_simplified_chinese_tags_read_the_zh_cn_catalog():
    for tag in ("zh", "zh-Hans", "zh-SG", "zh-Hans-CN"):
        assert messages(tag)["home"] == "课程首页", tag
    assert messages("zh-TW")["home"] == "Course home"  # Traditional Chinese is not Simplified
    assert messages("sw")["home"] == "Course home"  # no catalog: English, string by string


# ---- the page's script: the same plural choice, the same date ----

RULES = [
    "(n != 1)",
    "0",
    "(n > 1)",
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",  # Russian
    "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",  # Polish
    "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",  # Arabic
    "n==1 || n%10==1 ? 0 : 1",
    "!(n == 1)",
]


def test_page_script_reads_plural_forms_as_gettext_does():
    numbers = list(range(0, 230))
    got = run_js(
        ["plural.js"],
        "return input.rules.map(function (r) { var f = window.coursePlural.compile(r);"
        " return input.numbers.map(function (n) { return f(n); }); });",
        {"rules": RULES, "numbers": numbers},
    )
    for rule, indexes in zip(RULES, got, strict=True):
        python = gettext.c2py(rule)
        assert indexes == [python(n) for n in numbers], rule


def test_page_script_refuses_a_plural_rule_that_is_not_one():
    got = run_js(
        ["plural.js"],
        "return input.map(function (r) { try { window.coursePlural.compile(r); return 'read'; }"
        " catch (e) { return 'refused'; } });",
        ["alert(1)", "n; x", "(n != 1", "n ? 1", "window"],
    )
    assert got == ["refused"] * 5


@pytest.mark.parametrize(
    ("lang", "written"),
    [("en", "May 1, 2024"), ("zh-CN", "2024年5月1日"), ("fr", "1 mai 2024"), ("de", "1. Mai 2024")],
)
def test_dates_are_written_as_babel_writes_them(lang, written):
    from babel.dates import format_date

    fmt = catalogs.date_format(lang)
    got = run_js(["store.js"], "return window.courseStore.formatDay('2024-05-01', input);", fmt)
    assert (
        got
        == written
        == format_date(__import__("datetime").date(2024, 5, 1), "long", locale=catalogs.babel_locale(lang))
    )


# ---- a third language is one .po file ----

FRENCH = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "lang_name"
msgid "English"
msgstr "Français"

msgctxt "home"
msgid "Course home"
msgstr "Accueil du cours"

msgctxt "pass_mark"
msgid "Pass mark: {percent}"
msgstr "Note de passage : {percent}"

msgctxt "questions_n"
msgid "{n} question"
msgid_plural "{n} questions"
msgstr[0] "{n} question"
msgstr[1] "{n} questions"

msgctxt "js.unanswered_n"
msgid "{n} question not answered yet: it will score 0. Answer it, or press the button again to see your score now."
msgid_plural "{n} questions not answered yet: they will score 0. Answer them, or press the button again to see your score now."
msgstr[0] "{n} question sans réponse : elle comptera 0."
msgstr[1] "{n} questions sans réponse : elles compteront 0."
"""


def test_a_third_language_is_one_po_file(tmp_path, monkeypatch, make_course):
    from course.build import build

    locale = tmp_path / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "fr" / "LC_MESSAGES" / "course.po").write_text(FRENCH, encoding="utf-8")
    monkeypatch.setenv(catalogs.LOCALE_PATH_VARIABLE, str(locale))
    quiz = MINIMAL["quizzes/01-intro.yaml"].replace("type: true_false", "type: true_false\n            points: 1200")
    config = MINIMAL["course.yaml"].replace("title: Mini", "title: Mini\n        languages: [fr]")
    course = make_course({"course.yaml": config, "quizzes/01-intro.yaml": quiz})
    out = tmp_path / "site"
    build(course, out)
    page = (out / "fr" / "intro" / "quiz.html").read_text(encoding="utf-8")
    assert "Accueil du cours" in page
    assert "1 question" in page  # French's singular, by its own rule (n > 1)
    assert "Note de passage : 70\xa0%" in page  # the number as Babel writes French percentages
    assert "(1\u202f200 points)" in page  # French digit grouping, in a string the catalog left English
    script = json.loads(re.search(r'id="course-ui">(.*?)</script>', page).group(1))
    assert script["@plural"] == "(n > 1)"
    assert script["unanswered_n"][0].startswith("{n} question sans réponse")
    assert script["@date"]["months"][4] == "mai"
    assert script["correct"] == "Correct"  # not translated in this catalog: the English, string by string
    monkeypatch.delenv(catalogs.LOCALE_PATH_VARIABLE)
    shutil.rmtree(out)
    build(course, out)  # the catalog gone, the conversion cache must not serve its words
    assert "Accueil du cours" not in (out / "fr" / "intro" / "quiz.html").read_text(encoding="utf-8")
