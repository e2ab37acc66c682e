"""Find a course's files and split Markdown front matter, keeping line numbers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from course.formats.limits import MAX_FILE_BYTES, size_text
from course.i18n.trainer import msg
from course.load.schema import LANG_PATTERN
from course.load.yamlsource import YamlProblem, decode_utf8

NUMBERED = re.compile(r"^(\d+)[-_](.+)$")


@dataclass(frozen=True)
class SourceFile:
    """A Markdown or YAML file: its base name without language and the language."""

    path: str  # relative to the course root, with '/'
    stem: str  # '01-public-service' for '01-public-service.zh-CN.md'
    lang: str | None  # None for the source (default-language) file


@dataclass(frozen=True)
class ModuleFiles:
    name: str  # folder or file stem, e.g. '02-foundation'
    path: str
    single: bool
    files: tuple[SourceFile, ...]  # index and lessons, every language


def order_key(name: str):
    match = NUMBERED.match(name)
    return (0, int(match.group(1)), name) if match else (1, 0, name)


def slug_of(name: str) -> str:
    match = NUMBERED.match(name)
    return match.group(2) if match else name


def split_language(filename: str, suffix: str) -> tuple[str, str | None]:
    """'01-x.zh-CN.md' -> ('01-x', 'zh-CN'); '01-x.md' -> ('01-x', None)."""
    stem = filename[: -len(suffix)]
    base, dot, lang = stem.rpartition(".")
    if dot and re.match(LANG_PATTERN, lang):
        return base, lang
    return stem, None


def link_problems(root: Path) -> list[tuple[str, str]]:
    """(path, message) for each symbolic link under modules/ and quizzes/ that discovery skips:
    one that leads out of the course folder (a course must not publish files from elsewhere on
    the disk) and one that leads round in a loop (it names no file at all)."""
    found = []
    for name in ("modules", "quizzes"):
        folder = root / name
        candidates = [folder, *sorted(folder.rglob("*"))] if folder.is_dir() else [folder]
        for path in candidates:
            if not path.is_symlink():
                continue
            rel = path.relative_to(root).as_posix()
            if _resolved(path) is None:
                found.append((rel, msg("this symbolic link leads round in a loop and names no file; remove it")))
            elif not _inside(root, path):
                found.append(
                    (rel, msg("this is a link to something outside the course folder; copy it into the course instead"))
                )
    return found


def _resolved(path: Path) -> Path | None:
    """The real path, or None for a symbolic link loop (RuntimeError before Python 3.13, OSError after)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _inside(root: Path, path: Path) -> bool:
    real = _resolved(path)
    return real is not None and real.is_relative_to(root.resolve())


def read_text(root: Path, rel: str, split_hint: str) -> str:
    """A course file's text. Raises YamlProblem when it cannot be read, is larger than
    MAX_FILE_BYTES (read no further: the file may be huge) or is not UTF-8."""
    try:
        with open(root / rel, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
            size = max(len(raw), os.fstat(f.fileno()).st_size)
    except OSError as exc:
        raise YamlProblem(msg("cannot read file: {why}", why=exc.strerror)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            msg(
                "file is {size}, more than the limit of {most} for one file; {hint}",
                size=size_text(size),
                most=size_text(MAX_FILE_BYTES),
                hint=split_hint,
            )
        )
    return decode_utf8(raw)


def discover_modules(root: Path) -> list[ModuleFiles]:
    folder = root / "modules"
    if not folder.is_dir():
        return []
    found: dict[str, ModuleFiles] = {}
    singles: dict[str, list[SourceFile]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not _inside(root, entry):
            continue
        rel = entry.relative_to(root).as_posix()
        if entry.is_dir():
            files = tuple(
                SourceFile(f.relative_to(root).as_posix(), *split_language(f.name, ".md"))
                for f in sorted(entry.iterdir(), key=lambda f: order_key(f.name))
                if f.is_file() and f.suffix == ".md" and not f.name.startswith(".") and _inside(root, f)
            )
            found[entry.name] = ModuleFiles(entry.name, rel, False, files)
        elif entry.suffix == ".md":
            stem, lang = split_language(entry.name, ".md")
            singles.setdefault(stem, []).append(SourceFile(rel, stem, lang))
    for stem, files in singles.items():
        source = next((f for f in files if f.lang is None), files[0])
        found.setdefault(stem, ModuleFiles(stem, source.path, True, tuple(files)))
    return [found[name] for name in sorted(found, key=order_key)]


def discover_quizzes(root: Path) -> list[SourceFile]:
    folder = root / "quizzes"
    if not folder.is_dir():
        return []
    result = []
    for f in sorted(folder.rglob("*")):
        if f.is_file() and f.suffix in (".yaml", ".yml") and not f.name.startswith(".") and _inside(root, f):
            stem, lang = split_language(f.name, f.suffix)
            result.append(SourceFile(f.relative_to(root).as_posix(), stem, lang))
    return result


@dataclass(frozen=True)
class MarkdownSource:
    front_matter: str | None
    front_line: int  # file line of the first front-matter line
    body: str
    body_line: int  # file line of the first body line


def split_front_matter(text: str) -> MarkdownSource:
    """Separate the YAML block between the leading '---' lines from the body.

    Raises ValueError (with the 1-based line) when the block is never closed."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return MarkdownSource(None, 0, text, 1)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return MarkdownSource("\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2)
    raise ValueError(msg("front matter starts with '---' on line 1 but is never closed; add a '---' line after it"))
