"""docs/guide.md cannot rot: every example file in it is built, every terminal session in it is re-run.

How the guide marks its examples (the rules this test enforces):

* A fenced block whose info string names a file is a file of the guide's example course,
  the path relative to the course folder::

      ```yaml file=quizzes/01-finding.yaml
      ```markdown file=modules/01-finding/01-who-volunteers.md

  A later block for the same path REPLACES the earlier one, so the guide can show a file
  growing. With the word ``append`` after the path, the block is added to the END of the
  file as it stands at that point instead (the guide adds quiz questions one by one).

* With the word ``broken`` after the path, the block is a what-if example, not part of the
  course: a mistake, or a change tried out. The broken blocks that follow one another
  (no ```text session between them) form one example. It is applied to a copy of the
  FINISHED course, i.e. the good files as they stand at the end of the guide; ``append``
  appends to the finished version of that file.

* A ```text block whose first line is ``$ course ...`` is a terminal session: the command
  and its exact, complete output. ``course new`` runs in an empty folder. ``course check``,
  ``course build`` and ``course add`` run inside the course folder (as the guide tells
  trainers to), each in a fresh copy:

  - after broken blocks, on the finished course with that broken example applied. The
    example lasts until the next good file block or the next heading;
  - otherwise, on the course as it stands at that point of the guide.

  The output must equal the block line for line (only the build time "in 0.1s" may
  differ), so the diagnostics the guide shows are exactly what a trainer gets.
  Other ```text blocks (folder trees, a single message being explained) are not run.

* Every command the guide writes inline, `course ...`, must exist with the options it
  shows: the test runs it with ``--help`` added. (``course serve`` never stops, so this is
  all that is run of it.)

* The table of warning names lists exactly the codes the tool can warn with.

* A guide holds no pictures: for each picture a good lesson shows, the test puts a small
  PNG where the lesson expects it. A broken example's picture is not provided.

Finally the finished course must pass ``course check --strict`` with no problem at all and
build a page for every module and lesson in every language, each in its own translation.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from course.cli import main
from course.errors import WARNING_CODES
from course.load.sources import slug_of, split_front_matter, split_language

from .conftest import COURSES, ROOT

GUIDE = ROOT / "docs" / "guide.md"
PICTURE = (COURSES / "features" / "assets" / "square.png").read_bytes()
FLAGS = {"append", "broken"}
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
TIMING = re.compile(r" in \d+(\.\d+)?s$")
SUMMARY = re.compile(r"^(\d+) errors?, \d+ warnings?$")


@dataclass(frozen=True)
class FileBlock:
    line: int  # where the block's fence opens in the guide
    path: str
    text: str
    append: bool
    broken: bool


@dataclass(frozen=True)
class Session:
    line: int
    args: list[str]  # after `course`
    expected: list[str]
    good: dict[str, str]  # the good files at this point of the guide
    example: tuple[FileBlock, ...]  # the broken example it runs on (empty: runs on `good`)

    @property
    def id(self) -> str:
        return f"line{self.line}-" + re.sub(r"\W+", "-", " ".join(self.args)).strip("-")


def guide_items(text: str):
    """(line, info string, content) of every ``` block, and (line, None, title) of every heading."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        opening = re.match(r"^```(.*)$", lines[i])
        if not opening:
            if lines[i].startswith("#"):
                yield i + 1, None, lines[i]
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and lines[i] != "```":
            i += 1
        assert i < len(lines), f"docs/guide.md:{start + 1}: a ``` block is never closed"
        yield start + 1, opening.group(1).strip(), "\n".join(lines[start + 1 : i]) + "\n"
        i += 1


def with_block(files: dict[str, str], block: FileBlock) -> dict[str, str]:
    if block.append:
        assert block.path in files, f"docs/guide.md:{block.line}: appends to {block.path}, which is not shown before"
        return {**files, block.path: files[block.path] + block.text}
    return {**files, block.path: block.text}


def parse_guide() -> tuple[dict[str, str], list[Session]]:
    """The finished course's files, and every terminal session with what it runs on."""
    good: dict[str, str] = {}
    sessions: list[Session] = []
    example: list[FileBlock] = []
    after_session = False
    for line, info, content in guide_items(GUIDE.read_text(encoding="utf-8")):
        if info is None:  # a heading ends a broken example
            example, after_session = [], False
            continue
        words = info.split()
        path = next((w.removeprefix("file=") for w in words if w.startswith("file=")), None)
        if path is not None:
            flags = set(words[2:])
            assert words[1:2] == [f"file={path}"], f"docs/guide.md:{line}: write ```LANGUAGE file=PATH [flags]"
            assert flags <= FLAGS, f"docs/guide.md:{line}: unknown flag(s) {flags - FLAGS}"
            assert not Path(path).is_absolute() and ".." not in Path(path).parts, f"docs/guide.md:{line}: {path}"
            block = FileBlock(line, path, content, "append" in flags, "broken" in flags)
            if block.broken:
                example = [block] if after_session else [*example, block]
            else:
                example = []
                good = with_block(good, block)
            after_session = False
        elif words[:1] == ["text"] and content.startswith("$ course "):
            command, *expected = content.rstrip("\n").split("\n")
            args = shlex.split(command)[2:]
            sessions.append(Session(line, args, expected, dict(good), tuple(example)))
            after_session = True
    return good, sessions


FINISHED, SESSIONS = parse_guide()


def write_course(root: Path, files: dict[str, str], good: dict[str, str]) -> Path:
    """Write files, plus a picture for each one a good lesson shows that the guide does not provide."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, text in good.items():
        if rel.endswith(".md"):
            for target in IMAGE.findall(split_front_matter(text).body):
                picture = root / Path(rel).parent / target
                if "://" not in target and not picture.exists():
                    picture.parent.mkdir(parents=True, exist_ok=True)
                    picture.write_bytes(PICTURE)
    return root


def normalise(lines: list[str]) -> list[str]:
    return [TIMING.sub(" in 0.1s", line.rstrip()) for line in lines]


def test_guide_has_examples_and_sessions():
    assert {"course.yaml", "quizzes/01-finding.yaml", "quizzes/01-finding.zh-CN.yaml"} <= FINISHED.keys()
    assert any(s.example for s in SESSIONS), "no broken example is checked"
    assert any(s.args[:1] == ["new"] for s in SESSIONS)
    assert any(s.args[:1] == ["build"] for s in SESSIONS)


def test_every_broken_example_is_followed_by_its_session():
    checked = {block.line for s in SESSIONS for block in s.example}
    text = GUIDE.read_text(encoding="utf-8")
    broken = [line for line, info, _ in guide_items(text) if info and "broken" in info.split()]
    missing = [line for line in broken if line not in checked]
    assert not missing, (
        f"broken example(s) at docs/guide.md line(s) {missing} have no ```text $ course check after them"
    )


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: s.id)
def test_session_output_is_what_the_guide_shows(session, runner, tmp_path, monkeypatch):
    assert session.args[:1] in (["new"], ["check"], ["build"], ["add"]), f"docs/guide.md:{session.line}: cannot run"
    if session.args[0] == "new":
        monkeypatch.chdir(tmp_path)
    else:
        files = dict(FINISHED) if session.example else session.good
        for block in session.example:
            files = with_block(files, block)
        good = FINISHED if session.example else session.good
        monkeypatch.chdir(write_course(tmp_path / "course", files, good))
    result = runner.invoke(main, session.args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    got = normalise(result.output.rstrip("\n").split("\n"))
    assert got == normalise(session.expected), (
        f"docs/guide.md:{session.line}: `course {' '.join(session.args)}` prints something else"
    )
    summary = SUMMARY.match(got[-1]) if session.args[0] == "check" else None
    assert result.exit_code == (1 if summary and summary.group(1) != "0" else 0)


def test_finished_course_is_clean_and_builds_every_page_in_every_language(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(write_course(tmp_path / "course", FINISHED, FINISHED))
    checked = runner.invoke(main, ["check", "--strict"])
    assert checked.output == "0 errors, 0 warnings\n" and checked.exit_code == 0, checked.output
    built = runner.invoke(main, ["build"])
    assert built.exit_code == 0, built.output

    config = yaml.safe_load(FINISHED["course.yaml"])
    languages, default = config["languages"], config["languages"][0]
    assert len(languages) >= 2, "the finished course should show a translation"
    pages = [rel for rel in FINISHED if rel.startswith("modules/") and rel.endswith(".md")]
    sources = [rel for rel in pages if split_language(Path(rel).name, ".md")[1] is None]
    assert len(sources) >= 3
    for source in sources:
        module, name = Path(source).parts[1:3]
        stem = Path(name).stem
        url = f"{slug_of(module)}/{'index' if stem == 'index' else slug_of(stem)}.html"
        for lang in languages:
            rel = source if lang == default else source[: -len(".md")] + f".{lang}.md"
            assert rel in FINISHED, f"the guide shows no {lang} translation of {source}"
            body = split_front_matter(FINISHED[rel])
            title = yaml.safe_load(body.front_matter)["title"]
            html = (Path("build") / lang / url).read_text(encoding="utf-8")
            assert f"<h1>{escape(title)}</h1>" in html, f"build/{lang}/{url} does not show {rel}"
            for quiz_id in re.findall(r"^\[\[quiz: *([^\]\s]+) *\]\]$", body.body, re.MULTILINE):
                assert f'data-quiz="{quiz_id}"' in html, f"build/{lang}/{url} lacks quiz {quiz_id}"
    assert Path("build/index.html").is_file()
    for rel in FINISHED:
        if rel.startswith("quizzes/") and split_language(Path(rel).name, ".yaml")[1] is None:
            for lang in languages[1:]:
                assert rel.replace(".yaml", f".{lang}.yaml") in FINISHED, f"no {lang} translation of {rel}"


INLINE_COMMAND = re.compile(r"`(course [^`]+)`")


@pytest.mark.parametrize("command", sorted(set(INLINE_COMMAND.findall(GUIDE.read_text(encoding="utf-8")))))
def test_inline_command_exists(command, runner):
    result = runner.invoke(main, [*shlex.split(command)[1:], "--help"])
    assert result.exit_code == 0, f"docs/guide.md mentions `{command}`:\n{result.output}"


def test_warning_table_lists_every_warning_code():
    lines = GUIDE.read_text(encoding="utf-8").split("\n")
    start = lines.index("| Warning | What it means |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(re.match(r"^\| `([a-z-]+)` \|", line).group(1))
    assert sorted(rows) == sorted(WARNING_CODES), "docs/guide.md's table of warnings is out of date"
