"""Text that `course add` writes for the trainer to replace ("Write the lesson here."): a page or a
quiz that still holds it checks clean otherwise, and would reach learners as it is."""

from __future__ import annotations

import functools

import yaml

from course.errors import Position, Report
from course.i18n.trainer import msg

# What `course add` writes, in the course's main language (English for any other).
PLACEHOLDERS = {
    "en": {
        "module_summary": "What this module covers.",
        "module_body": "An overview of the module.",
        "first_lesson": "First lesson",
        "objective": "What the learner will be able to do",
        "lesson_summary": "One sentence shown in the module's list of lessons.",
        "lesson_body": "Write the lesson here.",
        "named": "  (file names take English letters only, so this one is {name}: rename it to an English word"
        " if you like; the title can be in any language)",
    },
    "zh-CN": {
        "module_summary": "本模块讲些什么。",
        "module_body": "本模块的概览。",
        "first_lesson": "第一课",
        "objective": "学完本课，学员能够做到什么",
        "lesson_summary": "显示在模块课时列表里的一句话简介。",
        "lesson_body": "在这里写课时正文。",
        "named": "  （文件名只能用英文字母，所以命名为 {name}；可以改成有意义的英文名，标题仍可用中文）",
    },
}


QUIZ_TEMPLATE = """\
# yaml-language-server: $schema=../schemas/quiz.schema.json
# Question types: single, multiple, true_false, fill_blank, matching, ordering, reflection.
# See docs/guide.md of the course tool for an example of each.
id: __ID__
title: Check your understanding
questions:
  - id: first-question          # keep ids stable: learners' progress is stored under them
    type: single
    prompt: Write the question here.
    options:
      - text: The right answer
        correct: true
        feedback: Why it is right.
      - text: A plausible wrong answer
        feedback: Why it is wrong.
    explanation: Shown after answering, whatever the answer.
"""

QUIZ_TEMPLATE_ZH = """\
# yaml-language-server: $schema=../schemas/quiz.schema.json
# 题型：single（单选）、multiple（多选）、true_false（判断）、fill_blank（填空）、
# matching（配对）、ordering（排序）、reflection（反思）。每种题型的写法见课程工具的培训师指南。
id: __ID__
title: 自测题
questions:
  - id: first-question          # 题目 id 不要改：学员的进度按它保存
    type: single
    prompt: 在这里写题目。
    options:
      - text: 正确的选项
        correct: true
        feedback: 为什么它是对的。
      - text: 看起来合理、其实不对的选项
        feedback: 为什么它不对。
    explanation: 作答后显示的解析，无论对错都会显示。
"""


_PAGE_KEYS = ("module_summary", "module_body", "objective", "lesson_summary", "lesson_body")
_QUIZ_KEYS = ("prompt", "text", "feedback", "explanation")


@functools.cache
def placeholder_texts() -> frozenset[str]:
    found = {texts[key] for texts in PLACEHOLDERS.values() for key in _PAGE_KEYS}
    for template in (QUIZ_TEMPLATE, QUIZ_TEMPLATE_ZH):
        for question in yaml.safe_load(template)["questions"]:
            found.update(str(question[k]) for k in _QUIZ_KEYS if k in question)
            for option in question.get("options", ()):
                found.update(str(option[k]) for k in _QUIZ_KEYS if k in option)
    return frozenset(found)


def warn_placeholder(report: Report, pos: Position, text: str) -> None:
    report.warning(
        pos,
        msg("'{text}' is the text `course add` wrote for you to replace: write your own here", text=text),
        "placeholder",
    )


def check_page_placeholders(rel: str, body: str, body_line: int, meta: dict, doc, report: Report) -> None:
    texts = placeholder_texts()
    for n, line in enumerate(body.split("\n")):
        if line.strip() in texts:
            warn_placeholder(report, Position(rel, body_line + n, len(line) - len(line.lstrip()) + 1), line.strip())
    if doc is None:
        return
    if isinstance(meta.get("summary"), str) and meta["summary"].strip() in texts:
        line, col = doc.text_at("summary")
        warn_placeholder(report, Position(rel, line, col), meta["summary"].strip())
    for i, objective in enumerate(meta.get("objectives") or ()):
        if isinstance(objective, str) and objective.strip() in texts:
            line, col = doc.text_at("objectives", i)
            warn_placeholder(report, Position(rel, line, col), objective.strip())


def check_quiz_placeholders(doc, report: Report) -> None:
    """Every text of a quiz file that is still a placeholder, at its own line and column."""
    texts = placeholder_texts()

    def walk(value, path: tuple) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, (*path, i))
        elif isinstance(value, str) and value.strip() in texts:
            line, col = doc.text_at(*path)
            warn_placeholder(report, Position(doc.path, line, col), value.strip())

    walk(doc.data, ())
