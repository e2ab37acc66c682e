"""What every importer shares: reading a bank's bytes as text, the bank as categories of questions,
and writing it as quiz YAML that `course check` reads like any other quiz file.

A question's name in the bank becomes its id (slugified, made unique), since question ids are the
learners' progress keys; Moodle's idnumber wins when it has one. Categories become one quiz file
each when the output is a folder, else one quiz whose file says which categories it merged."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import click
import yaml

from course.errors import CourseError, Diagnostic, Report
from course.i18n.trainer import msg
from course.load.schema import ID_PATTERN

LOSS = "import-loss"  # something of the bank that no quiz field holds, left out
ENCODING = "import-encoding"  # the file was not UTF-8 and was read in another encoding
CATEGORIES = "import-categories"  # several categories went into one quiz file


def warn(report: Report, path: str, line: int, message: str, code: str = LOSS) -> None:
    """A warning about the bank at path:line (the codes of an import are its own: a course's
    course.yaml cannot silence them, as they describe no course file)."""
    report.diagnostics.append(Diagnostic(path, line, 1, "warning", message, code))


@dataclass
class Category:
    name: str  # as the bank writes it: $course$/Top/Sub
    line: int
    questions: list[dict] = field(default_factory=list)  # quiz-file questions, each with "id" proposed
    idnumber: str = ""  # Moodle XML's category idnumber: the quiz id, when it is one
    lines: list[int] = field(default_factory=list)  # each question's line in the bank
    # each question's files that the bank holds (Moodle XML's <file>): its address after @@PLUGINFILE@@/ -> bytes
    files: list[dict] = field(default_factory=list)

    def add(self, question: dict, line: int, files: dict | None = None) -> None:
        self.questions.append(question)
        self.lines.append(line)
        self.files.append(files or {})

    @property
    def title(self) -> str:
        parts = [p for p in re.split(r"(?<!/)/(?!/)", self.name) if p and not p.startswith("$")]
        return parts[-1].replace("//", "/") if parts else ""


@dataclass
class Bank:
    categories: list[Category]

    def questions(self) -> list[dict]:
        return [q for c in self.categories for q in c.questions]

    def merged(self) -> Category:
        """Every category's questions in one."""
        first = self.categories[0]
        merged = Category(first.name, first.line, idnumber=first.idnumber)
        for c in self.categories:
            for question, line, files in zip(c.questions, c.lines, c.files, strict=True):
                merged.add(question, line, files)
        return merged


def read_text(path: Path, report: Report) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), else Windows-1252 or GB18030 with a
    warning naming the encoding read, so an accented or Chinese letter is never silently wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CourseError(
            [Diagnostic(str(path), 1, 1, "error", msg("cannot read the file ({why})", why=exc.strerror))]
        ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
    for encoding, name in (("cp1252", "Windows-1252"), ("gb18030", "GB18030")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warn(
            report,
            str(path),
            line,
            msg(
                "the file is not UTF-8 (from this line on); it was read as {encoding}: check its accented or"
                " non-Latin letters, and save it as UTF-8 for Moodle, which reads UTF-8 only",
                encoding=name,
            ),
            ENCODING,
        )
        return text
    raise CourseError([Diagnostic(str(path), line, 1, "error", msg("the file is not UTF-8 text; save it as UTF-8"))])


def slug(text: str) -> str:
    """An id from a name: ASCII letters, digits and hyphens ('Grant's tomb' -> grants-tomb)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def unique_ids(questions: list[dict]) -> None:
    """Each question's "id" made a valid id, unique among them (q-3 for a question with no usable name)."""
    seen: set[str] = set()
    for n, q in enumerate(questions, 1):
        wanted = q["id"] if re.match(ID_PATTERN, q.get("id") or "") else slug(q.get("id") or "")
        wanted = wanted or f"q-{n}"
        candidate, k = wanted, 2
        while candidate in seen:
            candidate, k = f"{wanted}-{k}", k + 1
        seen.add(candidate)
        q["id"] = candidate


@dataclass
class Written:
    files: list[Path]
    questions: int
    course_files: list[Path] = field(default_factory=list)  # the bank's images, put into the course


def write_bank(bank: Bank, source: str, out: Path, report: Report) -> Written:
    """Quiz files for the bank at out: one file (out ends in .yaml or .yml), or one per category in the
    folder out. Nothing is written when any file to write exists already."""
    categories = [c for c in bank.categories if c.questions]
    if not categories:
        raise CourseError([*report.sorted(), Diagnostic(source, 1, 1, "error", msg("no question could be imported"))])
    if out.suffix in (".yaml", ".yml"):
        merged = Bank(categories).merged()
        if len(categories) > 1:
            names = ", ".join(f"'{c.title or c.name}'" for c in categories)
            warn(
                report,
                source,
                categories[1].line,
                msg(
                    "the categories {names} go into one quiz; give -o a folder for a quiz file per category",
                    names=names,
                ),
                CATEGORIES,
            )
        quiz_id = categories[0].idnumber if len(categories) == 1 and _is_id(categories[0].idnumber) else ""
        plan = [(out, quiz_id or slug(out.stem) or "imported", merged.title or out.stem, merged)]
    else:
        plan, names = [], set()
        for c in categories:
            base = slug(c.title) or "imported"
            name, k = base, 2
            while name in names:
                name, k = f"{base}-{k}", k + 1
            names.add(name)
            plan.append((out / f"{name}.yaml", c.idnumber if _is_id(c.idnumber) else name, c.title or name, c))
    folder = out.parent if out.suffix in (".yaml", ".yml") else out
    # A quiz file in a course's quizzes/ folder can bring the bank's images along, into its assets/.
    assets = folder.parent / "assets" / (slug(Path(source).name.split(".")[0]) or "imported")
    course_files: dict[Path, bytes] = {}
    for _, _, _, category in plan:
        unique_ids(category.questions)
        for i, question in enumerate(category.questions):

            def warn_here(message: str, line: int = category.lines[i]) -> None:
                warn(report, source, line, message)

            place = assets / question["id"] if folder.name == "quizzes" else None
            category.questions[i] = place_files(question, category.files[i], place, course_files, warn_here)
    existing = [path for path in [*(p for p, *_ in plan), *course_files] if path.exists()]
    if existing:
        raise click.UsageError(
            msg("{path} exists already; an import never replaces a file: choose another -o", path=str(existing[0]))
        )
    for path, data in course_files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path, quiz_id, title, category in plan:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(quiz_yaml(quiz_id, title, source, category), encoding="utf-8")
    return Written([p for p, *_ in plan], len(bank.questions()), sorted(course_files))


_IMAGE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_LINK = re.compile(r"(?<!!)\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_EXTERNAL = re.compile(r"^(?:https?:|mailto:)", re.I)
PLUGINFILE = "@@PLUGINFILE@@/"


def place_files(value, held: dict, place: Path | None, course_files: dict, warn):
    """value (a question, or one of its texts) with its images and links to files put right: a file the
    bank holds (held: Moodle's @@PLUGINFILE@@ address -> bytes) goes to place, when the quiz goes into
    a course, and is linked from the quiz file (quizzes/X.yaml -> ../assets/...); any other image or
    file (one on the author's machine, or with nowhere to go) is replaced by its text and reported."""
    if isinstance(value, dict):
        return {k: place_files(v, held, place, course_files, warn) for k, v in value.items()}
    if isinstance(value, Pair):
        return Pair(place_files(v, held, place, course_files, warn) for v in value)
    if isinstance(value, list):
        return [place_files(v, held, place, course_files, warn) for v in value]
    if not isinstance(value, str):
        return value

    def placed(address: str) -> str | None:
        name = unquote(address[len(PLUGINFILE) :]) if address.startswith(PLUGINFILE) else ""
        if place is None or name not in held or not _safe_name(name):
            return None
        course_files[place / name] = held[name]
        relative = "/".join(place.parts[-3:])  # assets/<bank>/<question id>
        return f"../{relative}/{quote(name)}"

    def image(match: re.Match) -> str:
        if _EXTERNAL.match(match.group(2)):
            return match.group(0)
        target = placed(match.group(2))
        if target:
            return f"![{match.group(1)}]({target})"
        warn(msg("the image '{name}' is not carried into the course; its alt text stands in (copy the image"
                 " into the course's files and link it)", name=_name(match.group(2))))  # fmt: skip
        return match.group(1)

    def link(match: re.Match) -> str:
        if _EXTERNAL.match(match.group(2)) or match.group(2).startswith("#"):
            return match.group(0)
        target = placed(match.group(2))
        if target:
            return f"[{match.group(1)}]({target})"
        warn(msg("the link to '{name}' (a file, not carried into the course) is left out; its text stays",
                 name=_name(match.group(2))))  # fmt: skip
        return match.group(1)

    return _LINK.sub(link, _IMAGE.sub(image, value))


def _safe_name(name: str) -> bool:
    """A file name from the bank that stays inside its folder."""
    parts = name.split("/")
    return all(part and part not in (".", "..") and "\\" not in part for part in parts)


def _name(address: str) -> str:
    return unquote(address.replace(PLUGINFILE, ""))


def _is_id(text: str) -> bool:
    return bool(re.match(ID_PATTERN, text))


def quiz_yaml(quiz_id: str, title: str, source: str, category: Category) -> str:
    head = f"# Imported from {source}" + (f", category {category.name}" if category.name else "") + ".\n"
    head += "# Name this file after its module (quizzes/<module>.yaml) or add 'module: <module>'.\n"
    document = {"id": quiz_id, "title": title, "questions": category.questions}
    return head + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


class _Dumper(yaml.SafeDumper):
    """Texts of several lines as | blocks, the way a trainer writes them."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and not re.search(r"[ \t]\n|\n[ \t]*$|^\s", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class Pair(tuple):
    """A matching pair: written [left, right] on one line, as the docs write pairs."""


def _pair(dumper: yaml.SafeDumper, value: Pair):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Pair, _pair)
