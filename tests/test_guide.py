"""docs/guide.md and its Chinese version docs/guide.zh-CN.md cannot rot: every example file in them is
built, every terminal session in them is re-run in the guide's own trainer language (the English guide
under an English locale, the Chinese one under LANG=zh_CN.UTF-8), so each shows the messages its
readers really get.

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

  The output must equal the block line for line (only the build time, "in 0.1s" or
  "用时 0.1 秒", may differ), so the diagnostics the guide shows are exactly what a trainer gets.
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
from course.i18n.trainer import LOCALE_VARIABLES
from course.load.sources import slug_of, split_front_matter, split_language

from .conftest import COURSES, ROOT

# (guide, the trainer language its sessions run in, the locale that gives that language, its warning table's header)
GUIDES = (
    (ROOT / "docs" / "guide.md", "en", "en_GB.UTF-8", "| Warning | What it means |"),
    (ROOT / "docs" / "guide.zh-CN.md", "zh-CN", "zh_CN.UTF-8", "| 警告 | 含义 |"),
)
PICTURE = (COURSES / "features" / "assets" / "square.png").read_bytes()
FLAGS = {"append", "broken"}
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
# the build time, which may differ, in English and in Chinese, and what it is written as for comparing
TIMINGS = ((re.compile(r" in \d+(\.\d+)?s$"), " in 0.1s"), (re.compile(r"用时 \d+(\.\d+)? 秒$"), "用时 0.1 秒"))
SUMMARY = re.compile(r"^(\d+) errors?, \d+ warnings?$|^(\d+) 个错误，\d+ 个警告$")


@dataclass(frozen=True)
class FileBlock:
    line: int  # where the block's fence opens in the guide
    path: str
    text: str
    append: bool
    broken: bool


@dataclass(frozen=True)
class Session:
    where: str  # the guide's file name, for messages and test ids
    line: int
    args: list[str]  # after `course`
    expected: list[str]
    good: dict[str, str]  # the good files at this point of the guide
    example: tuple[FileBlock, ...]  # the broken example it runs on (empty: runs on `good`)

    @property
    def id(self) -> str:
        return f"{self.where}-line{self.line}-" + re.sub(r"\W+", "-", " ".join(self.args)).strip("-")


@dataclass(frozen=True)
class Guide:
    path: Path
    lang: str  # the trainer language its sessions show
    locale: str  # the LANG that gives a trainer that language
    warning_header: str  # the header row of its table of warnings
    text: str
    finished: dict[str, str]  # the finished course's files
    sessions: tuple[Session, ...]

    @property
    def name(self) -> str:
        return f"docs/{self.path.name}"


def guide_items(text: str, name: str):
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
        assert i < len(lines), f"{name}:{start + 1}: a ``` block is never closed"
        yield start + 1, opening.group(1).strip(), "\n".join(lines[start + 1 : i]) + "\n"
        i += 1


def with_block(files: dict[str, str], block: FileBlock, name: str) -> dict[str, str]:
    if block.append:
        assert block.path in files, f"{name}:{block.line}: appends to {block.path}, which is not shown before"
        return {**files, block.path: files[block.path] + block.text}
    return {**files, block.path: block.text}


def parse_guide(path: Path, lang: str, locale: str, warning_header: str) -> Guide:
    """The guide with its finished course's files and every terminal session with what it runs on."""
    name = f"docs/{path.name}"
    text = path.read_text(encoding="utf-8")
    good: dict[str, str] = {}
    sessions: list[Session] = []
    example: list[FileBlock] = []
    after_session = False
    for line, info, content in guide_items(text, name):
        if info is None:  # a heading ends a broken example
            example, after_session = [], False
            continue
        words = info.split()
        file = next((w.removeprefix("file=") for w in words if w.startswith("file=")), None)
        if file is not None:
            flags = set(words[2:])
            assert words[1:2] == [f"file={file}"], f"{name}:{line}: write ```LANGUAGE file=PATH [flags]"
            assert flags <= FLAGS, f"{name}:{line}: unknown flag(s) {flags - FLAGS}"
            assert not Path(file).is_absolute() and ".." not in Path(file).parts, f"{name}:{line}: {file}"
            block = FileBlock(line, file, content, "append" in flags, "broken" in flags)
            if block.broken:
                example = [block] if after_session else [*example, block]
            else:
                example = []
                good = with_block(good, block, name)
            after_session = False
        elif words[:1] == ["text"] and content.startswith("$ course "):
            command, *expected = content.rstrip("\n").split("\n")
            args = shlex.split(command)[2:]
            sessions.append(Session(name, line, args, expected, dict(good), tuple(example)))
            after_session = True
    return Guide(path, lang, locale, warning_header, text, good, tuple(sessions))


ALL_GUIDES = tuple(parse_guide(*guide) for guide in GUIDES)
BY_NAME = {guide.name: guide for guide in ALL_GUIDES}


def by_name(guide: Guide) -> str:
    return guide.name


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
    def timed(line: str) -> str:
        for timing, written in TIMINGS:
            line = timing.sub(written, line)
        return line

    return [timed(line.rstrip()) for line in lines]


def in_trainer_language(monkeypatch, guide: Guide) -> None:
    """The locale of a trainer who reads this guide: the tool picks its language from it."""
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", guide.locale)


def test_both_guides_are_there_and_link_each_other():
    english, chinese = (guide.text for guide in ALL_GUIDES)
    assert "[中文版](guide.zh-CN.md)" in english.split("\n## ")[0]
    assert "[English version](guide.md)" in chinese.split("\n## ")[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/guide.md" in readme and "docs/guide.zh-CN.md" in readme


@pytest.mark.parametrize("guide", ALL_GUIDES, ids=by_name)
def test_guide_has_examples_and_sessions(guide):
    languages = yaml.safe_load(guide.finished["course.yaml"])["languages"]
    assert languages[0] == guide.lang, f"{guide.name}: its example course is written in its readers' language"
    quiz = "quizzes/01-finding.yaml"
    assert {quiz, quiz.replace(".yaml", f".{languages[1]}.yaml")} <= guide.finished.keys()
    assert any(s.example for s in guide.sessions), "no broken example is checked"
    assert any(s.args[:1] == ["new"] for s in guide.sessions)
    assert any(s.args[:1] == ["build"] for s in guide.sessions)


@pytest.mark.parametrize("guide", ALL_GUIDES, ids=by_name)
def test_every_broken_example_is_followed_by_its_session(guide):
    checked = {block.line for s in guide.sessions for block in s.example}
    broken = [line for line, info, _ in guide_items(guide.text, guide.name) if info and "broken" in info.split()]
    missing = [line for line in broken if line not in checked]
    assert not missing, f"broken example(s) at {guide.name} line(s) {missing} have no ```text $ course check after them"


@pytest.mark.parametrize("session", [session for guide in ALL_GUIDES for session in guide.sessions], ids=lambda s: s.id)
def test_session_output_is_what_the_guide_shows(session, runner, tmp_path, monkeypatch):
    guide = BY_NAME[session.where]
    assert session.args[:1] in (["new"], ["check"], ["build"], ["add"]), f"{guide.name}:{session.line}: cannot run"
    in_trainer_language(monkeypatch, guide)
    if session.args[0] == "new":
        monkeypatch.chdir(tmp_path)
    else:
        files = dict(guide.finished) if session.example else session.good
        for block in session.example:
            files = with_block(files, block, guide.name)
        good = guide.finished if session.example else session.good
        monkeypatch.chdir(write_course(tmp_path / "course", files, good))
    result = runner.invoke(main, session.args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    got = normalise(result.output.rstrip("\n").split("\n"))
    assert got == normalise(session.expected), (
        f"{guide.name}:{session.line}: `course {' '.join(session.args)}` prints something else"
    )
    summary = SUMMARY.match(got[-1]) if session.args[0] == "check" else None
    assert result.exit_code == (1 if summary and (summary.group(1) or summary.group(2)) != "0" else 0)


@pytest.mark.parametrize("guide", ALL_GUIDES, ids=by_name)
def test_finished_course_is_clean_and_builds_every_page_in_every_language(guide, runner, tmp_path, monkeypatch):
    finished = guide.finished
    monkeypatch.chdir(write_course(tmp_path / "course", finished, finished))
    checked = runner.invoke(main, ["--lang", "en", "check", "--strict"])
    assert checked.output == "0 errors, 0 warnings\n" and checked.exit_code == 0, checked.output
    built = runner.invoke(main, ["build"])
    assert built.exit_code == 0, built.output

    config = yaml.safe_load(finished["course.yaml"])
    languages, default = config["languages"], config["languages"][0]
    assert len(languages) >= 2, "the finished course should show a translation"
    pages = [rel for rel in finished if rel.startswith("modules/") and rel.endswith(".md")]
    sources = [rel for rel in pages if split_language(Path(rel).name, ".md")[1] is None]
    assert len(sources) >= 3
    for source in sources:
        module, name = Path(source).parts[1:3]
        stem = Path(name).stem
        url = f"{slug_of(module)}/{'index' if stem == 'index' else slug_of(stem)}.html"
        for lang in languages:
            rel = source if lang == default else source[: -len(".md")] + f".{lang}.md"
            assert rel in finished, f"{guide.name} shows no {lang} translation of {source}"
            body = split_front_matter(finished[rel])
            title = yaml.safe_load(body.front_matter)["title"]
            html = (Path("build") / lang / url).read_text(encoding="utf-8")
            assert f"<h1>{escape(title)}</h1>" in html, f"build/{lang}/{url} does not show {rel}"
            for quiz_id in re.findall(r"^\[\[quiz: *([^\]\s]+) *\]\]$", body.body, re.MULTILINE):
                assert f'data-quiz="{quiz_id}"' in html, f"build/{lang}/{url} lacks quiz {quiz_id}"
    assert Path("build/index.html").is_file()
    for rel in finished:
        if rel.startswith("quizzes/") and split_language(Path(rel).name, ".yaml")[1] is None:
            for lang in languages[1:]:
                assert rel.replace(".yaml", f".{lang}.yaml") in finished, f"no {lang} translation of {rel}"


INLINE_COMMAND = re.compile(r"`(course [^`]+)`")


@pytest.mark.parametrize(
    "command", sorted({command for guide in ALL_GUIDES for command in INLINE_COMMAND.findall(guide.text)})
)
def test_inline_command_exists(command, runner):
    result = runner.invoke(main, [*shlex.split(command)[1:], "--help"])
    assert result.exit_code == 0, f"a guide mentions `{command}`:\n{result.output}"


@pytest.mark.parametrize("guide", ALL_GUIDES, ids=by_name)
def test_warning_table_lists_every_warning_code(guide):
    lines = guide.text.split("\n")
    start = lines.index(guide.warning_header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(re.match(r"^\| `([a-z-]+)` \|", line).group(1))
    assert sorted(rows) == sorted(WARNING_CODES), f"{guide.name}'s table of warnings is out of date"
