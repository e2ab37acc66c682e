"""Completion codes: the browser (static/certificate.js) and `course verify` (course/certificate.py)
derive the same code and the same part scores from the same inputs; the code reads back as typed;
`course verify` says clearly what it accepts and refuses, with exit codes 0 and 1."""

from __future__ import annotations

import hashlib

import pytest

from course.certificate import (
    ALPHABET,
    CodeError,
    check_bits,
    completion_code,
    normalise_name,
    part_score,
    read_code,
)
from course.cli import main

from .conftest import ROOT
from .node import run_js

CODES = [
    ("participation-governance", "Li Hua", "", [100, 90, 80, 75]),
    ("participation-governance", "  li   HUA ", "", [100, 90, 80, 75]),  # the same normalised name
    ("participation-governance", "Ｌｉ Ｈｕａ", "", [100, 90, 80, 75]),  # full-width letters: NFKC
    ("participation-governance", "王小明", "阳光社区服务中心", [70, 70, 70, 70]),
    ("participation-governance", "王小明", "阳光社区 服务中心", [70, 70, 70, 70]),
    ("features-demo", 'O\'Brien "Ann"', "Org & Co <b>", [100, 60]),
    ("mini", "Ä\u0308e\u0301", "", [0]),  # combining marks
    ("x", "a" * 300, "b" * 300, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),  # several SHA-256 blocks
    ("x", "😀 emoji", "", [99]),  # outside the BMP: four UTF-8 bytes
]

PARTS = [
    ({"a": 3, "b": 1}, {"a": 100, "b": 0}),
    ({"a": 3, "b": 1}, {"a": 69}),  # b not tried: counts 0
    ({"a": 1, "b": 1}, {"a": 69, "b": 70}),  # 69.5: half up
    ({"a": 1, "b": 1}, {"a": 68, "b": 69}),  # 68.5
    ({"a": 7}, {}),  # not tried: None
    ({}, {"a": 100}),  # a part with no quiz
    ({"a": 2, "b": 5, "c": 9}, {"a": 33, "b": 67, "c": 91}),
]


@pytest.fixture(scope="module")
def browser_side():
    body = """
      var c = window.courseCertificate;
      return {
        codes: input.codes.map(function (x) { return c.code(x[0], x[1], x[2], x[3]); }),
        names: input.codes.map(function (x) { return c.normaliseName(x[1]); }),
        parts: input.parts.map(function (x) { return c.partScore(x[0], x[1]); }),
        sha: input.texts.map(function (t) { return c.sha256Bits(c.utf8(t)); }),
        weights: c.readWeights("foundation-check:11 my:quiz:2 bad")
      };
    """
    texts = ["", "abc", "a" * 55, "a" * 56, "a" * 64, "中文" * 100]
    data = {"codes": CODES, "parts": PARTS, "texts": texts}
    return run_js(["grade.js", "certificate.js"], body, data), texts


@pytest.mark.parametrize("index", range(len(CODES)))
def test_javascript_and_python_make_the_same_code(browser_side, index):
    js, _ = browser_side
    assert js["codes"][index] == completion_code(*CODES[index])
    assert js["names"][index] == normalise_name(CODES[index][1])


def test_sha256_in_the_browser_is_sha256(browser_side):
    js, texts = browser_side
    for text, bits in zip(texts, js["sha"], strict=True):
        assert bits == "".join(f"{b:08b}" for b in hashlib.sha256(text.encode()).digest()), text


def test_part_scores_agree(browser_side):
    js, _ = browser_side
    assert js["parts"] == [part_score(w, b) for w, b in PARTS]
    assert js["parts"][:5] == [75, 52, 70, 69, None]
    assert js["weights"] == {"foundation-check": 11, "my:quiz": 2}


def test_names_that_normalise_alike_give_one_code_and_others_differ():
    codes = {completion_code(*case) for case in CODES[:3]}
    assert len(codes) == 1
    assert completion_code(*CODES[3]) != completion_code(*CODES[4])  # a space inside a name counts
    assert completion_code("c", "Li Hua", "", [100]) != completion_code("d", "Li Hua", "", [100])
    assert completion_code("c", "Li Hua", "", [100, 99]) != completion_code("c", "Li Hua", "", [99, 100])


def test_the_code_is_short_grouped_crockford_base32_and_reads_back():
    code = completion_code("participation-governance", "Li Hua", "", [100, 90, 80, 75])
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert set(code.replace("-", "")) <= set(ALPHABET)
    check, scores = read_code(code, 4)
    assert scores == [100, 90, 80, 75] and len(check) == check_bits(4) >= 30
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert read_code(typed, 4) == (check, scores)
    for count in range(1, 12):
        assert (7 * count + check_bits(count)) % 20 == 0 and check_bits(count) >= 30


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ABCD-EFGH-JKMU", "'U' is not a character of a completion code"),
        ("ABCD-EFGH", "a completion code of this course has 12 characters (one score for each of its 4 quizzes); this one has 8"),
        ("ABCD!EFGH-JKMN", "'!' is not a character"),
    ],
)  # fmt: skip
def test_a_text_that_is_no_code_is_told_why(text, message):
    with pytest.raises(CodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_code(text, 4)


def test_scores_out_of_range_make_no_code():
    with pytest.raises(ValueError, match="whole percent"):
        completion_code("c", "n", "", [101])


# ---- the command ------------------------------------------------------------------------


def verify(runner, *args):
    return runner.invoke(main, ["verify", *args])


def test_verify_accepts_the_code_of_the_name_and_prints_the_scores(runner):
    code = completion_code("participation-governance", "Li Hua", "Sunflower", [95, 80, 100, 72])
    result = verify(runner, code, "--name", "li hua", "--organisation", "SUNFLOWER", str(ROOT))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Valid: {code} is the completion code of li hua (SUNFLOWER). It carries these best scores:"
    assert "   95%  Check your understanding: foundation of participation (pass mark 70%)" in lines
    assert "By part:" in lines
    assert "   80%  Framework of collaboration" in lines
    assert "it cannot prove who earned them" in result.output


@pytest.mark.slow
def test_verify_refuses_another_name_organisation_or_course(runner, make_course):
    code = completion_code("participation-governance", "Li Hua", "", [95, 80, 100, 72])
    for args in (["--name", "Li Hue"], ["--name", "Li Hua", "--organisation", "Sunflower"]):
        result = verify(runner, code, *args, str(ROOT))
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Refused: the code does not match"), result.output
        assert "Traceback" not in result.output
    other = make_course()  # the minimal course: one quiz, so a code of four is the wrong length
    result = verify(runner, code, "--name", "Li Hua", str(other))
    assert result.exit_code == 1
    assert "has 8 characters (one score for its 1 quiz); this one has 12" in result.output


@pytest.mark.slow
def test_verify_refuses_a_genuine_code_of_a_quiz_not_passed(runner):
    code = completion_code("participation-governance", "Li Hua", "", [95, 40, 100, 72])
    result = verify(runner, code, "--name", "Li Hua", str(ROOT))
    assert result.exit_code == 1
    assert result.output.startswith("Refused: the code is genuine but not every quiz was passed: Check your")
    assert "   40%  Check your understanding: framework of collaboration (pass mark 70%)" in result.output


@pytest.mark.slow
def test_verify_says_what_is_wrong_with_a_mistyped_code_and_a_missing_name(runner):
    result = verify(runner, "ABCD-EFGH-JKMU", "--name", "Li Hua", str(ROOT))
    assert result.exit_code == 1
    assert "Refused: 'ABCD-EFGH-JKMU' is not a completion code of this course: 'U' is not a character" in result.output
    result = verify(runner, "ABCD-EFGH-JKMN", "--name", "  ", str(ROOT))
    assert result.exit_code == 1 and "give the name printed on the certificate" in result.output
    result = verify(runner, "ABCD-EFGH-JKMN", str(ROOT))
    assert result.exit_code == 2 and "--name" in result.output  # a usage error


def test_verify_outside_a_course_folder_says_so(runner, tmp_path):
    result = verify(runner, "ABCD-EFGH-JKMN", "--name", "Li Hua", str(tmp_path))
    assert result.exit_code == 1
    assert "course.yaml" in result.output and "Traceback" not in result.output
