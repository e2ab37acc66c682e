"""`course new`: a small course that builds and checks clean, teaching the formats."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import click
import yaml

from course.errors import did_you_mean
from course.i18n.trainer import msg
from course.load.jsonschema import write_schemas
from course.load.langtag import course_language_problem
from course.load.placeholders import PLACEHOLDERS, QUIZ_TEMPLATE, QUIZ_TEMPLATE_ZH
from course.load.sources import NUMBERED, slug_of, split_front_matter

TEMPLATES = Path(__file__).parent  # one sample course per language: en/, zh-CN/


def new_course(directory: Path, title: str, language: str) -> list[Path]:
    problem = course_language_problem(language)
    if problem:
        raise click.UsageError(
            msg("'{lang}' cannot be a course language: {problem}; use one such as en or zh-CN", lang=language,
                problem=problem)
        )  # fmt: skip
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(msg("{folder} is not empty; choose a new folder", folder=directory))
    # The id keys learners' saved progress: a title without Latin letters falls back to the
    # folder name, then to a hash of the title, never to one id shared by many courses.
    digest = hashlib.sha1(title.encode()).hexdigest()[:8]
    course_id = slugify(title, "") or slugify(directory.resolve().name, "") or f"course-{digest}"
    template = TEMPLATES / language if (TEMPLATES / language).is_dir() else TEMPLATES / "en"
    created = []
    for source in sorted(template.rglob("*")):
        if source.is_dir() or source.name.startswith(".") or "__pycache__" in source.parts:
            continue
        target = directory / source.relative_to(template)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        text = text.replace("__ID__", course_id).replace("__TITLE__", _yaml_text(title)).replace("__LANG__", language)
        target.write_text(text, encoding="utf-8")
        created.append(target)
    created += write_schemas(directory / "schemas")
    return created


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(title: str, fallback: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")
    return slug if re.search(r"[a-z]", slug) else fallback  # "平台2" gives "2": not a name


def _next_number(names: list[str]) -> int:
    numbers = [int(m.group(1)) for m in (NUMBERED.match(n) for n in names) if m]
    return max(numbers, default=0) + 1


def _require_course(root: Path) -> None:
    if not (root / "course.yaml").is_file():
        raise click.UsageError(
            msg("{folder} has no course.yaml; run this inside a course folder or pass --dir", folder=root)
        )


def _find_module(root: Path, module: str) -> Path:
    """The module folder named by its folder name, its name without the number, or its title."""
    folder = root / "modules"
    candidates = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    for path in candidates:
        if module in (path.name, slug_of(path.name), _title_of(path)):
            return path
    names = [p.name for p in candidates]
    raise click.UsageError(
        msg(
            "no module '{name}' in modules/{hint}; the modules are: {modules}",
            name=module,
            hint=did_you_mean(module, names),
            modules=", ".join(names) or msg("none yet"),
        )
    )


def _title_of(folder: Path) -> str | None:
    try:
        front = split_front_matter((folder / "index.md").read_text(encoding="utf-8")).front_matter
        data = yaml.safe_load(front) if front else None
    except (OSError, ValueError, yaml.YAMLError):  # ValueError: a number too long to convert
        return None
    return str(data.get("title")) if isinstance(data, dict) and data.get("title") else None


def _placeholders(root: Path) -> dict:
    try:
        data = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8")) or {}
        languages = data.get("languages") or ["en"]
        main = str(languages[0])
    except (OSError, ValueError, yaml.YAMLError, AttributeError, TypeError, IndexError):
        main = "en"  # course check reports what is wrong with course.yaml (a number too long, …)
    return PLACEHOLDERS["zh-CN"] if main.lower().startswith("zh") else PLACEHOLDERS["en"]


def add_module(root: Path, title: str) -> list[Path]:
    """modules/NN-slug/ with an overview and a first lesson, numbered after the last module."""
    _require_course(root)
    text = _placeholders(root)
    existing = [p.name for p in (root / "modules").iterdir()] if (root / "modules").is_dir() else []
    number = _next_number(existing)
    folder = root / "modules" / f"{number:02d}-{slugify(title, f'module-{number}')}"
    folder.mkdir(parents=True)
    index = folder / "index.md"
    index.write_text(
        f"---\ntitle: {_yaml_text(title)}\nsummary: {text['module_summary']}\n---\n\n{text['module_body']}\n",
        encoding="utf-8",
    )
    lesson = add_lesson(root, folder.name, text["first_lesson"])[0]
    return [index, lesson]


def add_lesson(root: Path, module: str, title: str) -> list[Path]:
    """NN-slug.md in the module's folder, numbered after its last lesson."""
    _require_course(root)
    text = _placeholders(root)
    folder = _find_module(root, module)
    number = _next_number([p.name for p in folder.iterdir()])
    path = folder / f"{number:02d}-{slugify(title, f'lesson-{number}')}.md"
    path.write_text(
        f"---\ntitle: {_yaml_text(title)}\nobjectives:\n  - {text['objective']}\nduration: 10\n"
        f"summary: {text['lesson_summary']}\n---\n\n{text['lesson_body']}\n",
        encoding="utf-8",
    )
    return [path]


def add_quiz(root: Path, module: str) -> list[Path]:
    """quizzes/<module folder>.yaml with one example question; when the module has that quiz
    already, its next one: quizzes/<module folder>-2.yaml (then -3 ...), with an id of its own."""
    _require_course(root)
    folder = _find_module(root, module)
    n = 1
    while (path := root / "quizzes" / (f"{folder.name}.yaml" if n == 1 else f"{folder.name}-{n}.yaml")).exists():
        n += 1
    path.parent.mkdir(exist_ok=True)
    chinese = _placeholders(root) is PLACEHOLDERS["zh-CN"]
    template = QUIZ_TEMPLATE_ZH if chinese else QUIZ_TEMPLATE
    quiz_id = f"{slug_of(folder.name)}-check" + (f"-{n}" if n > 1 else "")
    path.write_text(template.replace("__ID__", quiz_id), encoding="utf-8")
    return [path]


def name_note(root: Path, title: str, path: Path) -> str | None:
    """A line telling the trainer why a file got a made-up name (the title had no Latin letters)."""
    if re.search(r"[A-Za-z]", title):
        return None
    return _placeholders(root)["named"].format(name=path.name)
