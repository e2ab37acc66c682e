"""Answer normalisation is written once: the build's normalise_answer (which makes the answer key)
and the browser's normalise (which reads what the learner types) agree on every input."""

from __future__ import annotations

import pytest

from course.questions.view import normalise_answer

from .node import run_js

TABLE = [
    "Deng Fei",
    "  deng   FEI ",
    "４２",  # full-width digits
    "５０％",  # full-width percent
    "ＡＢＣ ｄｅｆ",
    "a\u3000b\u00a0c\td\ne",  # ideographic, no-break, tab, newline
    "a\u2003b\u202fc\u205fd",  # em space, narrow no-break, medium mathematical
    "a\u0085b\u001cc\u2028d\ufeffe",  # next line, file separator, line separator, BOM: spaces in both
    "a\u200bb",  # a zero-width space is no space in either
    "İstanbul",  # Turkish dotted capital I: i + combining dot, in both
    "ISTANBUL ıi",
    "Straße",
    "STRASSE",
    "ẞ",  # capital sharp s
    "ΟΔΟΣ ΣΟΦΟΣ",  # final sigma
    "邓飞。",  # Chinese full stop stays
    "（北京），“上海”",  # full-width brackets and comma become ASCII
    "ｶﾀｶﾅ",  # half-width katakana
    "ﬁle x² ①",  # ligature, superscript, circled digit
    "e\u0301 é",  # combining acute and precomposed
    "Ⅻ",  # roman numeral
    "",
    "   ",
]


@pytest.fixture(scope="module")
def browser_side():
    body = "return input.map(function (t) { return [window.courseGrade.normalise(t, false), window.courseGrade.normalise(t, true)]; });"
    return run_js(["grade.js"], body, TABLE)


@pytest.mark.parametrize("index", range(len(TABLE)), ids=[repr(t) for t in TABLE])
def test_python_and_javascript_normalise_alike(browser_side, index):
    text = TABLE[index]
    assert browser_side[index] == [normalise_answer(text, False), normalise_answer(text, True)]


def test_the_rule_itself():
    assert normalise_answer("  Deng   FEI ", False) == "deng fei"
    assert normalise_answer("５０％", False) == "50%"
    assert normalise_answer("（北京），", True) == "(北京),"
    assert normalise_answer("a\u3000b\u00a0c", True) == "a b c"
    assert normalise_answer("Straße", False) == "straße"  # lower case, not case folding: ß stays
