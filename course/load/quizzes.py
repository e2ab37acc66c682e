"""Attach quiz files to their modules, with their translations and their warnings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from course.errors import Position, Report, did_you_mean
from course.i18n.trainer import msg
from course.load.config import CourseConfig
from course.load.freshness import warn_if_stale
from course.load.quizfile import check_translation, load_quiz
from course.load.sources import discover_quizzes
from course.model import Module, Quiz
from course.questions.types import QUESTION_TYPES


def load_quizzes(
    root: Path, modules: list[Module], config: CourseConfig, report: Report, broken: frozenset | set = frozenset()
) -> tuple[dict, set, bool]:
    """module slug -> its quizzes (a tuple of {lang: Quiz}, ordered by file name), the modules some
    quiz file is named after (even a broken one), and whether a quiz file could not be read at all.
    The quizzes of broken modules (names and slugs of modules left out for their errors) are not
    checked against a module."""
    names = {Path(m.source).stem: m.slug for m in modules} | {m.slug: m.slug for m in modules}
    by_stem = defaultdict(list)
    for f in discover_quizzes(root):
        by_stem[f.stem].append(f)
    result: dict[str, list] = defaultdict(list)
    quiz_ids: dict[str, Position] = {}
    default = config.languages[0]
    claimed = {module for stem in by_stem if (module := _named_module(stem, names))}
    unreadable = False
    for stem, files in sorted(by_stem.items()):
        source = next((f for f in files if f.lang is None), None)
        if source is None:
            report.error(
                Position(files[0].path), msg("translation without a source: add quizzes/{stem}.yaml", stem=stem)
            )
            continue
        errors_before = len(report.errors)
        loaded = load_quiz(root, source.path, default, config, report)
        if loaded is None:
            unreadable = True
            continue
        clean = len(report.errors) == errors_before
        quiz, positions = loaded
        module = names.get(quiz.module) if quiz.module else _named_module(stem, names)
        if module is None and _named_module(quiz.module or stem, {name: name for name in broken}):
            continue
        if module is None:
            where = positions["__module__"] if quiz.module else Position(source.path)
            wanted = quiz.module or stem
            report.error(
                where,
                msg(
                    "quiz belongs to no module: there is no module '{name}'{hint}; name the file after its module"
                    " (MODULE.yaml, or MODULE-anything.yaml for more quizzes) or set 'module:' to one of: {modules}",
                    name=wanted,
                    hint=did_you_mean(wanted, names),
                    modules=", ".join(sorted({Path(m.source).stem for m in modules})),
                ),
            )
            continue
        where = positions["__quiz__"]
        if quiz.id in quiz_ids:
            first = quiz_ids[quiz.id]
            report.error(
                where,
                msg(
                    "duplicate quiz id '{id}': {first} has it too; give each quiz its own id",
                    id=quiz.id,
                    first=":".join(map(str, (first.path, first.line, first.col))),
                ),
            )
            continue
        quiz_ids[quiz.id] = where
        if clean:  # warnings about a file with errors would only add noise
            _quiz_warnings(quiz, positions, report)
        versions = {default: replace(quiz, module=module)}
        for lang in config.languages[1:]:
            tf = next((f for f in files if f.lang == lang), None)
            if tf is None:
                report.warning(
                    Position(source.path),
                    msg("no {lang} translation of this quiz; add quizzes/{stem}.{lang}.yaml", lang=lang, stem=stem),
                    "missing-translation",
                )
                versions[lang] = replace(quiz, lang=lang, module=module)
                continue
            translated = load_quiz(root, tf.path, lang, config, report)
            warn_if_stale(root, source.path, tf.path, report)
            if translated is not None:
                aligned = check_translation(quiz, positions, translated[0], translated[1], report)
                versions[lang] = replace(aligned, module=module)
            else:  # reported; the source stands in so the rest can still be checked
                versions[lang] = replace(quiz, lang=lang, module=module)
        for f in files:
            if f.lang is not None and f.lang not in config.languages:
                report.error(
                    Position(f.path), msg("'{lang}' is not one of the course languages{hint}", lang=f.lang, hint="")
                )
        result[module].append(versions)  # by_stem is walked in file-name order
    return {slug: tuple(found) for slug, found in result.items()}, claimed, unreadable


def _named_module(stem: str, names: dict) -> str | None:
    """The module a quiz file's name names: MODULE (its file name or slug), or MODULE-anything for
    a module's further quizzes (the longest module name that fits), else None."""
    if stem in names:
        return names[stem]
    fits = [name for name in names if stem.startswith(name + "-")]
    return names[max(fits, key=len)] if fits else None


def _quiz_warnings(quiz: Quiz, positions: dict, report: Report) -> None:
    for q in quiz.questions:
        pos = positions[q.id]
        declared = QUESTION_TYPES[q.type]
        if declared.scored and not q.explanation_md:  # a reflection's model answer is its explanation
            report.warning(pos, msg("question '{id}' has no explanation", id=q.id), "no-explanation")
        if any(not o.feedback_md for o in q.options):
            report.warning(pos, msg("question '{id}' has an option without feedback", id=q.id), "no-feedback")
        if declared.feedback_expected and not q.feedback:
            report.warning(pos, msg("question '{id}' has no feedback", id=q.id), "no-feedback")
