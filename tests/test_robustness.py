"""A hundred and fifty mangled copies of a real course: every one is checked without a traceback."""

from __future__ import annotations

import random
import shutil

import pytest

from course.build import check
from course.cli import main

from .conftest import COURSES, MINIMAL

MUTATIONS = ("truncate", "drop_line", "repeat_line", "indent", "dedent", "colon", "quote", "bracket", "bytes", "empty")


def mangle(text: bytes, how: str, rng: random.Random) -> bytes:
    lines = text.split(b"\n")
    i = rng.randrange(len(lines))
    if how == "truncate":
        return text[: rng.randrange(len(text) + 1)]
    if how == "drop_line":
        return b"\n".join(lines[:i] + lines[i + 1 :])
    if how == "repeat_line":
        return b"\n".join(lines[: i + 1] + lines[i:])
    if how == "indent":
        lines[i] = b"   " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i].lstrip()
    elif how in ("colon", "quote", "bracket"):
        mark = {"colon": b": ", "quote": b'"', "bracket": b"["}[how]
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + mark + lines[i][at:]
    elif how == "bytes":
        lines[i] = lines[i] + bytes([rng.randrange(128, 256)])
    elif how == "empty":
        return b""
    return b"\n".join(lines)


@pytest.mark.slow
def test_mangled_courses_never_raise(tmp_path):
    rng = random.Random(20261122)
    source = COURSES / "features"
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.suffix in (".md", ".yaml"))
    for n in range(150):
        root = tmp_path / f"c{n}"
        shutil.copytree(source, root)
        for _ in range(rng.choice((1, 1, 2, 3))):
            rel = rng.choice(files)
            how = rng.choice(MUTATIONS)
            (root / rel).write_bytes(mangle((root / rel).read_bytes(), how, rng))
        checked = check(root)  # must return diagnostics, never raise
        for diagnostic in checked.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.col >= 1 and (root / diagnostic.path).exists(), diagnostic
        shutil.rmtree(root)


# --- inputs that used to escape as a traceback ----------------------------------------------

LONG = "1" * 5000  # past Python's 4,300-digit limit for converting a text to int
LONG_NUMBERS = {
    "course.yaml": ({"course.yaml": MINIMAL["course.yaml"] + f"pass_mark: {LONG}\n"}, "course.yaml:7:12"),
    "front matter": (
        {"modules/01-intro/01-start.md": f"---\ntitle: Start\nduration: {LONG}\n---\nHello.\n"},
        "modules/01-intro/01-start.md:3:11",
    ),
    "quiz": (
        {"quizzes/01-intro.yaml": MINIMAL["quizzes/01-intro.yaml"] + f"    points: {LONG}\n"},
        "quizzes/01-intro.yaml:9:13",
    ),
    "quiz text": (
        {"quizzes/01-intro.yaml": MINIMAL["quizzes/01-intro.yaml"] + f"    hint: 0x{LONG}\n"},
        "quizzes/01-intro.yaml:9:11",
    ),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("where", LONG_NUMBERS, ids=list(LONG_NUMBERS))
def test_a_number_of_thousands_of_digits_is_a_diagnostic(runner, make_course, command, where):
    changes, located = LONG_NUMBERS[where]
    root = make_course(changes)
    result = runner.invoke(main, [command, str(root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    (line,) = [line for line in result.output.splitlines() if line.startswith(f"{located}: error: ")]
    assert "a number of 5000 digits is too long (at most 100); put it in quotes if it is text" in line
    assert "Traceback" not in result.output and not (root / "build").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_symbolic_link_loop_is_a_diagnostic(runner, make_course, command):
    root = make_course()
    (root / "modules/02-a").symlink_to("02-b")  # 02-a -> 02-b -> 02-a
    (root / "modules/02-b").symlink_to("02-a")
    (root / "modules/01-intro/02-self.md").symlink_to("02-self.md")
    (root / "quizzes/02-a.yaml").symlink_to("02-a.yaml")
    result = runner.invoke(main, [command, str(root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    loops = sorted(line.split(": ")[0] for line in result.output.splitlines() if "leads round in a loop" in line)
    assert loops == [
        "modules/01-intro/02-self.md:1:1",
        "modules/02-a:1:1",
        "modules/02-b:1:1",
        "quizzes/02-a.yaml:1:1",
    ], result.output
    assert "Traceback" not in result.output


def test_a_looping_modules_folder_is_a_diagnostic(runner, make_course):
    root = make_course()
    shutil.rmtree(root / "modules")
    (root / "modules").symlink_to("modules")
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "modules:1:1: error: this symbolic link leads round in a loop" in result.output
