"""The text `course add` writes for the trainer to replace, per language.

Apart from create.py, and importing nothing of the tool: the loader (load/placeholders.py) reads it to
warn about a page or quiz that still holds it, and must not import the scaffolding (which imports the
loader) to do so."""

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
