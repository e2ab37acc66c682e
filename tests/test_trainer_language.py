"""The trainer's language: diagnostics, hints, summaries and CLI messages in Simplified Chinese when
the locale or --lang says so, at the same file, line and column, with the same codes."""

from __future__ import annotations

import pickle
import re

import pytest

from course.build import check
from course.cli import main
from course.errors import format_json, format_text
from course.i18n.trainer import from_data, msg, msg_n, to_data, trainer_language, translate

from .conftest import MINIMAL

LESSON = "modules/01-intro/01-start.md"
QUIZ = "quizzes/01-intro.yaml"
ZH = "zh-CN"
HEAD = "id: intro-check\nquestions:\n"

# (case, files changed, path, line, col, the Chinese message it must contain)
CASES = [
    (
        "yaml-colon-in-text",
        {"course.yaml": "id: mini\ntitle: Mini: the course\n"},
        "course.yaml",
        2,
        12,
        "YAML 格式有误：这里不能出现「: 」（含有「: 」的文字要加引号）",
    ),
    (
        "yaml-unclosed-list",  # PyYAML's own words are in Chinese too
        {"course.yaml": "id: mini\ntitle: [Mini, course\nlanguage: en\n"},
        "course.yaml",
        3,
        9,
        "YAML 格式有误：找不到应有的「,」或「]」（请在同一行用 ] 结束列表",
    ),
    (
        "backwards-range",
        {"course.yaml": "id: mini\ntitle: M\nallow_active_files:\n  - 'assets/[z-a].xml'\n"},
        "course.yaml",
        4,
        5,
        "「assets/[z-a].xml」不是有效的文件名模式（范围 z-a 写反了：应写成 a-z）",
    ),
    (
        "full-width-colon",
        {"course.yaml": "id: mini\ntitle：Mini\n"},
        "course.yaml",
        2,
        6,
        "键「title」后面要写半角冒号「:」加一个空格，不能用全角冒号「：」",
    ),
    (
        "unknown-key",
        {"course.yaml": "id: mini\ntitel: Mini\n"},
        "course.yaml",
        2,
        1,
        "course.yaml 文件中有未知的键「titel」（是不是想写「title」？）",
    ),
    ("missing-key", {"course.yaml": "id: mini\n"}, "course.yaml", 1, 1, "course.yaml 文件缺少必填的键「title」。"),
    ("duplicate-key", {"course.yaml": "id: a\ntitle: M\nid: b\n"}, "course.yaml", 3, 1, "键「id」重复了"),
    (
        "not-utf8",
        {"course.yaml": b"id: mini\ntitle: Caf\xe9\n"},
        "course.yaml",
        2,
        11,
        "文件不是 UTF-8 编码（字节 0xe9）；请用 UTF-8 编码另存",
    ),
    (
        "bad-id",
        {"course.yaml": "id: my course!\ntitle: M\n"},
        "course.yaml",
        1,
        5,
        "「my course!」不是有效的 id：只能使用字母、数字和「-」「_」「.」",
    ),
    (
        "no-title",
        {LESSON: "Just text, no heading.\n"},
        LESSON,
        1,
        1,
        "页面没有标题；请在文首信息中加上「title:」，或加一行「# 标题」",
    ),
    (
        "front-unclosed",
        {LESSON: "---\ntitle: Start\n\nHello\n"},
        LESSON,
        1,
        1,
        "文首信息在第 1 行以「---」开始，但没有结束；请在它后面加一行「---」",
    ),
    (
        "front-syntax",
        {LESSON: "---\ntitle: Start: again\n---\nHi\n"},
        LESSON,
        2,
        13,
        "文首信息（front matter）：YAML 格式有误",
    ),
    (
        "title-list",
        {LESSON: "---\ntitle: [a, b]\npart: foundation\nobjectives: [a]\n---\nHi\n"},
        LESSON,
        2,
        8,
        "「title」应当是文字，实际是一个列表",
    ),
    (
        "unknown-part",
        {LESSON: "---\ntitle: Start\npart: fundation\nobjectives: [a]\n---\nHi\n"},
        LESSON,
        3,
        7,
        "框架中没有「fundation」这个部分（是不是想写「foundation」？）；已有的部分：foundation",
    ),
    # per question: the question's id leads the message
    (
        "two-right-options",
        {
            QUIZ: HEAD + "  - id: s1\n    type: single\n    prompt: Which?\n    explanation: Because.\n"
            "    options:\n      - {text: A, correct: true, feedback: a}\n"
            "      - {text: B, correct: true, feedback: b}\n"
        },
        QUIZ,
        8,
        7,
        "题目「s1」：单选题要有且只有一个选项标为「correct: true」，现在有 2 个；有多个正确答案时，请用 type: multiple",
    ),
    (
        "range-upside-down",
        {
            QUIZ: HEAD + "  - id: n1\n    type: numeric\n    prompt: How many?\n    explanation: B.\n"
            "    range: [45, 40]\n    feedback: {correct: a, incorrect: b}\n"
        },
        QUIZ,
        7,
        12,
        "题目「n1」：「range」是从 45 降到 40；请把小的写在前面：[40, 45]",
    ),
    (
        "pair-with-a-comma",
        {
            QUIZ: HEAD + "  - id: m1\n    type: matching\n    prompt: Match\n    explanation: B.\n"
            "    pairs:\n      - [Cooking, cleaning, Kitchen team]\n      - [A, B]\n"
            "    feedback: {correct: a, incorrect: b}\n"
        },
        QUIZ,
        8,
        29,
        "题目「m1」：「pairs」的这一对有 3 个部分，而不是 2 个：含有逗号的文字要加引号",
    ),
    (
        "missing-prompt",
        {
            QUIZ: HEAD + "  - id: q1\n    type: true_false\n    answer: true\n    explanation: B.\n"
            "    feedback: {correct: a, incorrect: b}\n"
        },
        QUIZ,
        3,
        5,
        "题目「q1」缺少必填的键「prompt」。学员要回答的问题，用 Markdown 书写。",
    ),
    # a course's own template, and the course's xAPI block
    (
        "template-syntax",
        {"templates/_nav.html": "<nav>\n{% for x in %}\n</nav>\n"},
        "templates/_nav.html",
        2,
        1,
        "模板语法有误：",
    ),
    (
        "xapi-endpoint",
        {
            "course.yaml": "id: mini\ntitle: Mini\nframework:\n  title: Parts\n  parts:\n    - {id: foundation, title: F}\n"
            "xapi:\n  endpoint: ftp://lrs.example.org/xapi/\n"
        },
        "course.yaml",
        8,
        13,
        "「ftp://lrs.example.org/xapi/」不是 xAPI 地址：请写 LRS 的地址",
    ),
    (
        "language-tag-case",
        {"course.yaml": "id: mini\ntitle: Mini\nlanguages: [en, zh-cn]\n"},
        "course.yaml",
        3,
        17,
        "「zh-cn」不是有效的语言代码：请写成「zh-CN」：译文的文件名必须原样重复它",
    ),
    (
        "quiz-translation-points",
        {
            "course.yaml": "id: mini\ntitle: Mini\nlanguages: [en, zh-CN]\nframework:\n  title: Parts\n  parts:\n"
            "    - {id: foundation, title: Foundation}\n",
            "quizzes/01-intro.zh-CN.yaml": HEAD
            + "  - id: q1\n    type: true_false\n    prompt: 是吗？\n    answer: true\n"
            "    explanation: 是。\n    feedback: {correct: 对, incorrect: 错}\n    points: 3\n",
        },
        "quizzes/01-intro.zh-CN.yaml",
        3,
        5,
        "题目「q1」与 quizzes/01-intro.yaml 不一致：分值是 3，而原文是 1",
    ),
]


def in_chinese(course) -> list[str]:
    """What `course check` prints for the course, in Chinese, line by line."""
    return format_text(check(course, False).diagnostics, ZH).splitlines()


@pytest.mark.parametrize(("case", "changes", "path", "line", "col", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_diagnostic_in_chinese_keeps_its_place(make_course, case, changes, path, line, col, words):
    diagnostics = check(make_course(changes), False).diagnostics
    shown = format_text(diagnostics, ZH).splitlines()
    prefix = f"{path}:{line}:{col}: 错误: "
    assert any(row.startswith(prefix) and words in row for row in shown), "\n".join(shown)
    english = [d for d in diagnostics if (d.path, d.line, d.col) == (path, line, col)]
    assert english and all(not any("\u4e00" <= c <= "\u9fff" for c in d.format()) for d in english)


def test_a_warning_keeps_its_code_in_chinese(make_course):
    course = make_course({"course.yaml": MINIMAL["course.yaml"].replace("id: mini", "id:\tmini")})
    diagnostics = check(course, False).diagnostics
    assert format_text(diagnostics, ZH).splitlines() == [
        "course.yaml:1:4: 警告: 这个值前面用的是制表符（Tab）；其他 YAML 工具（编辑器、校验器）不接受这种写法，请改成空格 [yaml-tab]",
        "0 个错误，1 个警告",
    ]
    assert format_text(diagnostics).splitlines()[-1] == "0 errors, 1 warning"


def test_the_json_report_speaks_the_trainers_language_and_keeps_its_fields(make_course):
    import json

    diagnostics = check(make_course({"course.yaml": "id: a\ntitle: M\nid: b\n"}), False).diagnostics
    data = json.loads(format_json(diagnostics, ZH))
    assert data["errors"] == 1
    assert data["diagnostics"][0] | {"message": ""} == {"path": "course.yaml", "line": 3, "col": 1,
                                                          "severity": "error", "message": "", "code": ""}  # fmt: skip
    assert data["diagnostics"][0]["message"] == "键「id」重复了"


@pytest.mark.parametrize(
    ("environ", "chosen", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, None, ZH),
        ({"LANG": "zh_Hans_CN.UTF-8"}, None, ZH),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, None, ZH),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, None, ZH),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, None, "en"),  # LC_ALL wins, as POSIX reads them
        ({"LANG": "zh_TW.UTF-8"}, None, "en"),  # Traditional Chinese: the catalog is Simplified
        ({"LANG": "fr_FR.UTF-8"}, None, "en"),
        ({}, None, "en"),
        ({"LANG": "en_US.UTF-8"}, "zh-CN", ZH),
        ({"LANG": "zh_CN.UTF-8"}, "en", "en"),
    ],
)
def test_the_trainers_language_comes_from_the_locale_or_lang(environ, chosen, lang):
    assert trainer_language(chosen, environ) == lang


@pytest.fixture
def broken(make_course):
    return make_course({"course.yaml": "id: mini\ntitel: Mini\n"})


def test_course_check_in_chinese_by_locale(runner, broken):
    result = runner.invoke(main, ["check", str(broken)], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 1
    assert "course.yaml:2:1: 错误: course.yaml 文件中有未知的键「titel」（是不是想写「title」？）" in result.output
    assert result.output.rstrip().endswith("个错误，0 个警告")


def test_course_build_in_chinese_by_lang_option(runner, broken, make_course, tmp_path):
    result = runner.invoke(main, ["--lang", "zh-CN", "build", str(broken)], env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 1
    assert "course.yaml:2:1: 错误: course.yaml 文件中有未知的键「titel」" in result.output
    good = make_course()
    result = runner.invoke(main, ["--lang", "zh-CN", "build", str(good), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "已生成 10 个页面、1 套自测题、1 道题、1 种语言，0 个警告，用时" in result.output
    assert "用浏览器打开" in result.output


UNKNOWN_KEY_ZH = "course.yaml:2:1: 错误: course.yaml 文件中有未知的键「titel」"
NO_MODULE_ZH = "modules/ 中没有模块「intr」（是不是想写「01-intro」？）"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "{dir}", "--lang", "zh-CN"], UNKNOWN_KEY_ZH),
        (["check", "--lang=zh-CN", "{dir}"], UNKNOWN_KEY_ZH),
        (["add", "lesson", "intr", "More", "--dir", "{good}", "--lang", "zh-CN"], NO_MODULE_ZH),
    ],
    ids=["after the command", "--lang=", "after a subcommand of add"],
)
def test_lang_written_after_the_command_is_the_trainers_language(runner, make_course, args, said):
    # a trainer types the option where the command's other options go, not before the command
    course = make_course({"course.yaml": "id: mini\ntitel: Mini\n"} if "{dir}" in args else None)
    args = [a.format(dir=course, good=course) for a in args]
    result = runner.invoke(main, args, env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"})
    assert result.exit_code in (1, 2) and said in result.output, result.output
    assert "unknown key" not in result.output and "no module" not in result.output


def test_the_reports_own_lang_stays_the_pages_language(runner):
    result = runner.invoke(main, ["report", "--help"])
    assert "Language of the report page" in result.output


def test_course_commands_stay_english_otherwise(runner, broken):
    result = runner.invoke(main, ["check", str(broken)], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"})
    assert "course.yaml:2:1: error: unknown key 'titel' in course.yaml (did you mean 'title'?)" in result.output
    assert result.output.rstrip().endswith("2 errors, 0 warnings") or "errors, 0 warnings" in result.output


def test_a_usage_error_in_chinese(runner, tmp_path):
    result = runner.invoke(main, ["--lang", "zh-CN", "export", "jsn", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有「jsn」这种格式（是不是想写「json」？）；可用的格式有：" in result.output


def test_a_message_survives_the_process_pool_and_the_cache():
    message = msg("unknown key '{key}' in {what}{hint}", key="titel", what=msg("course.yaml"),
                  hint=msg(" (did you mean '{match}'?)", match="title"))  # fmt: skip
    for copy in (pickle.loads(pickle.dumps(message)), from_data(to_data(message))):
        assert copy == message == "unknown key 'titel' in course.yaml (did you mean 'title'?)"
        assert translate(copy, ZH) == "course.yaml 文件中有未知的键「titel」（是不是想写「title」？）"


def test_plural_messages_the_gettext_way():
    assert msg_n("{n} error", "{n} errors", 1) == "1 error"
    assert msg_n("{n} error", "{n} errors", 3) == "3 errors"
    assert translate(msg_n("{n} error", "{n} errors", 3), ZH) == "3 个错误"


def test_a_lesson_warning_is_chinese_from_the_conversion_cache_too(make_course):
    """The second check reads the lesson's conversion from the cache: its warning keeps its msgid."""
    course = make_course(
        {LESSON: "---\ntitle: Start\npart: foundation\nobjectives: [a]\n---\n\n::: sidenote\nHi\n:::\n"}
    )
    for _ in range(2):
        shown = in_chinese(course)
        assert shown[0].startswith(f"{LESSON}:7:5: 警告: 未知的 div 类别「sidenote」，所以其中的文字会不加框直接显示")
        assert shown[0].endswith("[unknown-div]")


TF_QUESTION = (
    "  - id: q1\n    type: true_false\n    prompt: Is it?\n    answer: true\n    explanation: Yes.\n"
    "    feedback: {correct: a, incorrect: b}\n"
)
FRONT = "---\ntitle: Start\npart: foundation\nobjectives: [a]\n"
# (case, files changed, a whole line `course check` prints in Chinese)
WHOLE_LINES = [
    (
        "broken-link",
        {LESSON: FRONT + "---\n\nSee [the next](02-nxt.md).\n"},
        f"{LESSON}:7:16: 错误: 链接「02-nxt.md」指向「modules/01-intro/02-nxt.md」，但它不是本课程的页面"
        "（是不是想写「modules/01-intro/01-start.md」？）",
    ),
    (
        "missing-translation",
        {"course.yaml": MINIMAL["course.yaml"].replace("title: Mini", "title: Mini\n        languages: [en, zh-CN]")},
        f"{LESSON}:1:1: 警告: 这个课时还没有 zh-CN 译文；请在旁边添加 01-start.zh-CN.md [missing-translation]",
    ),
    (
        "foreign-key",
        {LESSON: FRONT + "layout: episode\n---\n\nHi.\n"},
        f"{LESSON}:5:1: 警告: 「layout」是 Jekyll 和 Carpentries 使用的文首信息，本工具不用它，因此没有采用："
        "每个页面都使用本课程自己的版式；请删掉这一行 [foreign-key]",
    ),
    (
        "duplicate-question-id",
        {QUIZ: HEAD + TF_QUESTION + TF_QUESTION},
        f"{QUIZ}:9:9: 错误: 题目 id「q1」重复了：第 3 行的题目已经用了它；同一套自测题里每道题都要有自己的 id",
    ),
]


@pytest.mark.parametrize(("case", "changes", "line"), WHOLE_LINES, ids=[c[0] for c in WHOLE_LINES])
def test_a_whole_message_in_chinese(make_course, case, changes, line):
    assert line in in_chinese(make_course(changes))


def test_verify_and_add_speak_chinese(runner, make_course):
    course = make_course()
    result = runner.invoke(main, ["--lang", "zh-CN", "verify", "ABCD", "--name", "Li Hua", str(course)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "未通过核验：'ABCD' 不是本课程的结业验证码：本课程的结业验证码有 8 个字符（每套自测题一段分数，共 1 套），这个验证码有 4 个。"
    )
    result = runner.invoke(main, ["--lang", "zh-CN", "verify", "ABCU", "--name", "Li Hua", str(course)])
    assert "'U' 不是结业验证码里会有的字符（验证码只用 0-9 和除 U 以外的 A-Z）" in result.output
    result = runner.invoke(main, ["--lang", "zh-CN", "add", "lesson", "intr", "More", "--dir", str(course)])
    assert result.exit_code == 2
    assert "modules/ 中没有模块「intr」（是不是想写「01-intro」？）；已有的模块：01-intro" in result.output


def _gift_in_chinese(runner, make_course, tmp_path, question_line: str):
    """`course export gift` in Chinese of the minimal course with question_line added to its question."""
    quiz = MINIMAL["quizzes/01-intro.yaml"].replace(
        "explanation: It is one.", "explanation: It is one.\n            " + question_line
    )
    course = make_course({"quizzes/01-intro.yaml": quiz})
    result = runner.invoke(main, ["--lang", "zh-CN", "export", "gift", str(course), "-o", str(tmp_path / "q.gift")])
    assert result.exit_code == 0, result.output
    return result


def test_an_export_loss_in_chinese(runner, make_course, tmp_path):
    result = _gift_in_chinese(runner, make_course, tmp_path, "hint: Think.")
    lines = result.output.splitlines()
    assert lines[0] == "quizzes/01-intro.yaml:9:11: 警告: 题目「q1」：GIFT 无法容纳提示，已略去 [export-loss]"
    assert lines[1] == "0 个错误，1 个警告"
    assert lines[2].startswith(f"已导出 gift 到 {tmp_path / 'q.gift'}")


@pytest.mark.slow
def test_the_preview_speaks_chinese_in_the_terminal_and_the_overlay(make_course):
    from course.serve.preview import DevServer, problem_views

    course = make_course({"course.yaml": "id: a\ntitle: M\nid: b\n"})
    diagnostics = check(course, False).diagnostics
    (view,) = problem_views(course, diagnostics, ZH)
    assert view["text"] == "course.yaml:3:1: 错误: 键「id」重复了"
    assert view["context"][2] == [3, "id: b"]
    logs: list[str] = []
    server = DevServer(course, port=0, log=logs.append, lang=ZH)
    server.start()  # its first build, then serving (stop() waits for the server loop)
    server.stop()
    assert logs == ["1 个错误，已在浏览器中显示：\n  course.yaml:3:1: 错误: 键「id」重复了"]


def test_course_report_speaks_chinese_in_the_terminal(runner, make_course, tmp_path):
    statements = tmp_path / "class.jsonl"
    statements.write_text("")
    course = make_course()
    result = runner.invoke(main, ["--lang", "zh-CN", "report", str(statements), str(course), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "0 名学员开始学习，0 名学完，来自 0 家机构（共 0 条记录）。" in result.output
    assert "已写入" in result.output and "张 CSV 表格" in result.output


def test_a_statements_file_error_in_chinese_keeps_its_place(runner, make_course, tmp_path):
    statements = tmp_path / "class.jsonl"
    statements.write_text('{"id": "a"}\n  {"id": oops}\n')
    result = runner.invoke(main, ["report", str(statements), str(make_course()), "-o", str(tmp_path / "r")],
                           env={"LC_ALL": "zh_CN.UTF-8"})  # fmt: skip
    assert result.exit_code == 1
    assert f"{statements}:2:10: 错误: 不是 JSON 格式的记录：Expecting value；文件中应当是 xAPI 记录" in result.output
    missing = tmp_path / "none.jsonl"
    result = runner.invoke(main, ["--lang", "zh-CN", "report", str(missing), str(make_course()), "-o", str(tmp_path)])
    assert f"{missing}:1:1: 错误: 无法读取记录文件：No such file or directory" in result.output


def _import_in_chinese(runner, fmt, bank, out):
    return runner.invoke(main, ["--lang", "zh-CN", "import", fmt, str(bank), "-o", str(out)])


def test_the_importers_warn_in_chinese_at_the_line(runner, tmp_path):
    aiken = tmp_path / "bank.txt"
    aiken.write_text("Which is even?\nA. 3\nB. 4\nANSWER: B\n\nWhich is odd?\nA. 3\nB. 4\n\n"
                     "Which is odd?\nA. 3\nB. 4\nANSWER: E\n", encoding="utf-8")  # fmt: skip
    result = _import_in_chinese(runner, "aiken", aiken, tmp_path / "aiken.yaml")
    assert result.exit_code == 0, result.output
    assert f"{aiken}:6:1: 警告: 缺少 ANSWER 行的题目没有导入 [import-loss]" in result.output
    assert f"{aiken}:13:1: 警告: ANSWER 行写的是「E」，而选项是 A, B；这道题没有导入 [import-loss]" in result.output
    assert "已导入 1 道题" in result.output
    gift = tmp_path / "bank.gift"
    gift.write_text("::n1:: How many? {#four}\n\n::ok:: Is it? {TRUE}\n", encoding="utf-8")
    result = _import_in_chinese(runner, "gift", gift, tmp_path / "gift.yaml")
    assert result.exit_code == 0, result.output
    assert (
        f"{gift}:1:1: 警告: 数值答案「four」不是数字（Moodle 也不接受）；这道题没有导入 [import-loss]" in result.output
    )


def test_a_moodle_question_not_carried_is_named_in_chinese(runner, tmp_path):
    bank = tmp_path / "bank.xml"
    bank.write_text('<?xml version="1.0"?>\n<quiz>\n  <question type="calculated">\n    <name><text>c</text></name>\n'
                    '    <questiontext format="html"><text>2+2?</text></questiontext>\n  </question>\n'
                    '  <question type="truefalse">\n    <name><text>t</text></name>\n'
                    '    <questiontext format="html"><text>Yes?</text></questiontext>\n'
                    '    <answer fraction="100"><text>true</text></answer>\n'
                    '    <answer fraction="0"><text>false</text></answer>\n  </question>\n</quiz>\n',
                    encoding="utf-8")  # fmt: skip
    result = _import_in_chinese(runner, "moodle", bank, tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    assert f"{bank}:3:1: 警告: 计算题无法导入；这道题没有导入 [import-loss]" in result.output


def test_an_importers_error_in_chinese_keeps_its_place(runner, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n</quiz>\n', encoding="utf-8")
    result = _import_in_chinese(runner, "moodle", broken, tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert f"{broken}:4:3: 错误: XML 格式有误（mismatched tag），所以什么也没有导入" in result.output
    taken = tmp_path / "taken.yaml"
    taken.write_text("mine\n")
    good = tmp_path / "good.gift"
    good.write_text("::ok:: Is it? {TRUE}\n", encoding="utf-8")
    result = _import_in_chinese(runner, "gift", good, taken)
    assert result.exit_code == 2
    assert f"{taken} 已经存在；导入不会覆盖已有文件：请换一个 -o" in result.output


def test_an_export_that_would_replace_someone_elses_file_says_so_in_chinese(runner, make_course, tmp_path):
    taken = tmp_path / "course.json"
    taken.write_text("mine\n")
    result = runner.invoke(main, ["--lang", "zh-CN", "export", "json", str(make_course()), "-o", str(taken)])
    assert result.exit_code == 2
    assert f"{taken} 已经存在，而且不是这种格式的导出文件；请把它移走，或换一个 -o" in result.output
    assert taken.read_text() == "mine\n"


def test_warnings_replayed_on_an_unchanged_build_are_in_the_trainers_language(runner, make_course, tmp_path):
    """The record of the last build keeps each warning's msgid and values: an English build then a
    Chinese one of the unchanged course show the same warning in each language."""
    course = make_course(
        {LESSON: "---\ntitle: Start\npart: foundation\nobjectives: [a]\n---\n\n::: sidenote\nHi\n:::\n"}
    )
    out = tmp_path / "site"
    first = runner.invoke(main, ["--lang", "en", "build", str(course), "-o", str(out)])
    assert first.exit_code == 0, first.output
    assert f"{LESSON}:7:5: warning: unknown div class 'sidenote'" in first.output
    again = runner.invoke(main, ["--lang", "zh-CN", "build", str(course), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert "自上次生成以来没有改动" in again.output
    assert f"{LESSON}:7:5: 警告: 未知的 div 类别「sidenote」，所以其中的文字会不加框直接显示" in again.output
    assert "warning:" not in again.output


def test_what_a_bank_format_cannot_carry_is_named_in_chinese(runner, make_course, tmp_path):
    result = _gift_in_chinese(runner, make_course, tmp_path, "points: 2")
    assert (
        "quizzes/01-intro.yaml:9:13: 警告: 题目「q1」：GIFT 无法容纳题目的分值（2；Moodle 给 GIFT 题目 1 分），已略去"
        in result.output
    )


def test_course_new_names_what_is_wrong_with_the_language_in_chinese(runner, tmp_path):
    result = runner.invoke(main, ["--lang", "zh-CN", "new", str(tmp_path / "c"), "--language", "en-x"])
    assert result.exit_code == 2
    assert "「en-x」不能用作课程语言：「-x-」后面要跟 1 到 8 个字母或数字组成的私有子标签" in result.output


# click's own words and the commands' help (issue 11 item 6): the whole command line in Chinese.
ZH_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
EN_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(group, path=()):
    """Every command path of the tool: ('check',), ('add', 'quiz') ..."""
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))


def _help_rows(output: str, heading: str) -> list[tuple[str, str]]:
    """The (name, description) rows under a help section's heading ("选项:")."""
    lines = output.splitlines()
    start = lines.index(heading) + 1
    rows: list[tuple[str, str]] = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        if line.startswith("    ") and rows:  # a description's wrapped continuation
            continue
        name, _, description = line.strip().partition("  ")
        rows.append((name, description.strip()))
    return rows


def test_the_help_of_every_command_is_chinese_under_a_chinese_locale(runner):
    top = runner.invoke(main, ["-h"], env=ZH_LOCALE, prog_name="course")
    assert top.exit_code == 0 and top.output.startswith("用法: course [OPTIONS] COMMAND [ARGS]..."), top.output
    assert "把培训课程（Markdown 写的课文、YAML 写的测验）编译成静态网站。" in top.output
    commands = _help_rows(top.output, "命令:")
    assert {name for name, _ in commands} == set(main.commands)
    for path in _commands(main):
        shown = runner.invoke(main, [*path, "-h"], env=ZH_LOCALE, prog_name="course")
        assert shown.exit_code == 0, shown.output
        assert shown.output.startswith(f"用法: course {' '.join(path)} [OPTIONS]"), shown.output
        options = _help_rows(shown.output, "选项:")
        assert ("-h, --help", "显示这份帮助后退出。") in options
        untranslated = [row for row in options + _help_rows(top.output, "命令:") if not CJK.search(row[1])]
        assert not untranslated, f"course {' '.join(path)} -h: {untranslated}"


def test_the_version_in_both_languages(runner):
    from course import __version__

    assert runner.invoke(main, ["--version"], env=ZH_LOCALE).output == f"course 版本 {__version__}\n"
    assert runner.invoke(main, ["--version"], env=EN_LOCALE).output == f"course, version {__version__}\n"


def test_the_help_stays_english_under_an_english_locale_in_the_same_process(runner):
    assert "用法" in runner.invoke(main, ["--lang", "zh-CN", "build", "-h"], prog_name="course").output
    shown = runner.invoke(main, ["build", "-h"], env=EN_LOCALE, prog_name="course")
    assert shown.output.startswith("Usage: course build [OPTIONS] [DIRECTORY]")
    assert "Build the course site into build/." in shown.output and "Show this message and exit." in shown.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "--nope"], "错误：没有「--nope」这个选项。"),
        (["build", "--stirct"], "是不是想写 '--strict'？"),
        (["--nope"], "错误：没有「--nope」这个选项。"),  # an error of the group's own options, before --lang is read
        (["bild"], "错误：没有「bild」这个命令。 是不是想写 'build'？"),
        (["check", "--format", "xml"], "「xml」不是可选的值，可选：'text', 'json'。"),
        (["build", "/no/such/folder"], "「/no/such/folder」不存在。"),
        (["import", "gift"], "错误：缺少参数 'FILE'"),
    ],
)
def test_clicks_own_messages_are_chinese(runner, args, said):
    result = runner.invoke(main, args, env=ZH_LOCALE, prog_name="course")
    assert result.exit_code == 2
    assert said in result.output, result.output
    assert "查看帮助。" in result.output.splitlines()[1]
    assert "Usage:" not in result.output and "Try '" not in result.output and "Error:" not in result.output


def test_export_list_describes_the_formats_in_chinese(runner):
    from course.render.exporters import EXPORTERS

    shown = runner.invoke(main, ["export", "--list"], env=ZH_LOCALE, prog_name="course").output.splitlines()
    assert [line.split()[0] for line in shown] == list(EXPORTERS)
    assert all(CJK.search(line) for line in shown), shown
    assert "single-html  把整门课放进一个独立的 HTML 文件（适合微信、电子邮件和 U 盘）。" in shown
    english = runner.invoke(main, ["export", "--list"], env=EN_LOCALE, prog_name="course").output
    assert "The whole course in one self-contained HTML file (for WeChat, email and USB sticks)." in english


def test_the_click_catalog_is_complete_and_its_placeholders_are_clicks():
    """Every click message in the Chinese catalog is translated, and uses only the values click
    fills in (a Chinese sentence may leave one out: "目录" needs no "Directory" before a path)."""
    from babel.messages.pofile import read_po

    from course.i18n.catalog import LOCALE

    named = re.compile(r"\{(\w*)(?:![rsa])?\}")
    with (LOCALE / "zh_CN" / "LC_MESSAGES" / "click.po").open("rb") as source:
        catalog = read_po(source)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 60
    for message in entries:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(named.findall(i) for i in ids))
        for form in forms:
            assert form and not message.fuzzy, f"{message.id!r} is not translated"
            assert set(named.findall(form)) <= allowed, f"{form!r} uses a value click does not give"


def test_the_reports_lang_is_the_pages_not_the_command_lines(runner, tmp_path):
    """`course report --lang zh-CN` asks for a Chinese report page; the trainer's messages, click's
    own included, stay in the locale's language."""
    result = runner.invoke(main, ["report", "--lang", "zh-CN", "--nope"], env=EN_LOCALE, prog_name="course")
    assert result.exit_code == 2 and "Error: No such option '--nope'." in result.output, result.output


def test_a_link_out_of_the_course_is_named_in_chinese(make_course, tmp_path):
    course = make_course()
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Elsewhere\n", encoding="utf-8")
    (course / "modules" / "01-intro" / "02-elsewhere.md").symlink_to(outside)
    (course / "modules" / "01-intro" / "03-loop.md").symlink_to(course / "modules" / "01-intro" / "03-loop.md")
    shown = format_text(check(course, False).diagnostics, ZH)
    assert (
        "modules/01-intro/02-elsewhere.md:1:1: 错误: 这个链接指向课程文件夹以外的东西；请把它复制到课程里" in shown
    ), shown
    assert "modules/01-intro/03-loop.md:1:1: 错误: 这个符号链接绕成了一个圈，指不到任何文件；请删掉它" in shown, shown
