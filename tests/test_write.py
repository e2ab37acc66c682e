"""The output folder: what a build did not write is kept, the swap leaves no moment without a
whole build (kills at random points prove it), and the same course builds to the same bytes
wherever and whenever it is built."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course.cli import main
from tests.conftest import COURSES

FOREIGN = {"CNAME": b"learn.example.org\n", "README.md": b"# Our site\n", "en/notes.txt": b"mine\n"}


def snapshot(folder: Path, skip=()) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(tuple(skip))
    }


def plant(out: Path) -> None:
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    for rel, data in FOREIGN.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)


def git_works(out: Path) -> bool:
    return subprocess.run(["git", "-C", str(out), "status", "--short"], capture_output=True).returncode == 0


def test_a_rebuild_keeps_what_it_did_not_write_and_says_so(runner, make_course, tmp_path):
    root, out = make_course(), tmp_path / "pub"
    assert runner.invoke(main, ["build", str(root), "-o", str(out)]).exit_code == 0
    plant(out)
    (root / "modules/01-intro/02-more.md").write_text("---\ntitle: More\nobjectives: [More]\n---\n\nMore.\n")
    result = runner.invoke(main, ["build", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kept what no build wrote in" in result.output and ".git/ (" in result.output
    assert all((out / rel).read_bytes() == data for rel, data in FOREIGN.items())
    assert git_works(out) and (out / "en/intro/more.html").is_file()
    # a page the course no longer has goes; the files of others stay
    (root / "modules/01-intro/02-more.md").unlink()
    assert runner.invoke(main, ["build", str(root), "-o", str(out)]).exit_code == 0
    assert not (out / "en/intro/more.html").exists()
    assert all((out / rel).read_bytes() == data for rel, data in FOREIGN.items()) and git_works(out)


def test_a_build_refuses_to_overwrite_a_file_it_did_not_write(runner, make_course, tmp_path):
    root, out = make_course(), tmp_path / "pub"
    runner.invoke(main, ["build", str(root), "-o", str(out)])
    (out / "en/intro/more.html").write_text("someone's page")
    (root / "modules/01-intro/02-more.md").write_text("---\ntitle: More\nobjectives: [More]\n---\n\nMore.\n")
    before = snapshot(out)
    result = runner.invoke(main, ["build", str(root), "-o", str(out)])
    assert result.exit_code == 2 and "en/intro/more.html was not written by a build" in result.output
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_leftovers_of_an_interrupted_build_are_cleaned_up(runner, make_course, tmp_path):
    root, out = make_course(), tmp_path / "pub"
    runner.invoke(main, ["build", str(root), "-o", str(out)])
    built = snapshot(out)
    # a kill between the two renames of a system without rename exchange strands the old build
    stranded = tmp_path / ".pub-old-abc123"
    stranded.mkdir()
    out.rename(stranded / "site")
    (tmp_path / ".pub-new-def456/en").mkdir(parents=True)
    (tmp_path / ".pub-new-def456/en/index.html").write_text("half")
    (tmp_path / "notes.txt").write_text("not ours")
    result = runner.invoke(main, ["build", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert snapshot(out) == built
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "notes.txt", "pub"]


def test_a_build_with_nothing_to_do_still_clears_what_a_killed_build_left(runner, make_course, tmp_path):
    root, out = make_course(), tmp_path / "pub"
    runner.invoke(main, ["build", str(root), "-o", str(out)])
    built = snapshot(out)
    (tmp_path / ".pub-new-def456/en").mkdir(parents=True)  # a build of the same course killed while writing
    (tmp_path / ".pub-new-def456/en/index.html").write_text("half")
    result = runner.invoke(main, ["build", str(root), "-o", str(out)])
    assert result.exit_code == 0 and "Nothing changed since the last build" in result.output, result.output
    assert snapshot(out) == built
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "pub"]


def _build_command(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "course", "build", str(root), "-o", str(out)]


@pytest.mark.slow
def test_killed_builds_always_leave_a_whole_build(tmp_path):
    """SIGKILL and SIGINT at random moments of a rebuild, the swap included: every time, the
    folder holds the previous build or the new one, whole, and the files of others."""
    variants = {}
    for name, extra in (("a", ""), ("b", "\nA sentence more, so every page of the tour changes.\n")):
        root = tmp_path / name
        shutil.copytree(COURSES / "features", root)
        lesson = root / "modules/01-basics/01-reading.md"
        lesson.write_text(lesson.read_text() + extra)
        (root / "course.yaml").write_text((root / "course.yaml").read_text() + "silence: [stale-translation]\n")
        reference = tmp_path / f"ref-{name}"
        subprocess.run(_build_command(root, reference), check=True, capture_output=True)
        variants[name] = (root, snapshot(reference))
    out = tmp_path / "site"
    subprocess.run(_build_command(variants["a"][0], out), check=True, capture_output=True)
    plant(out)
    started = time.perf_counter()
    subprocess.run(_build_command(variants["b"][0], out), check=True, capture_output=True)
    duration = time.perf_counter() - started
    current, outcomes = "b", {"old": 0, "new": 0}
    rng = random.Random(7)
    kills = 60
    # The first kills fall anywhere in a build; then each delay moves towards the moment the
    # outcome flips from old to new (later after an old one, earlier after a new one), so most
    # kills land around the swap, whatever the machine's load makes a build take.
    delay = 0.8 * duration
    for n in range(kills):
        target = "a" if current == "b" else "b"
        process = subprocess.Popen(
            _build_command(variants[target][0], out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.1, 1.2) * duration if n < 10 else delay * rng.uniform(0.97, 1.03))
        process.send_signal(signal.SIGKILL if n % 2 else signal.SIGINT)
        process.wait(timeout=60)
        seen = snapshot(out, skip=(".git/", *FOREIGN))
        now = next((v for v in "ab" if seen == variants[v][1]), None)
        assert now is not None, f"kill {n} left a build that is neither the old nor the new one"
        outcomes["new" if now == target else "old"] += 1
        delay *= 0.94 if now == target else 1.06
        current = now
        assert all((out / rel).read_bytes() == data for rel, data in FOREIGN.items()) and git_works(out)
    # both kinds of moment were hit: before the swap (old kept) and after it (new in place)
    assert outcomes["old"] >= 3 and outcomes["new"] >= 3, outcomes
    subprocess.run(_build_command(variants["a"][0], out), check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    print(f"\n{kills} kills: {outcomes['old']} left the previous build, {outcomes['new']} the new one")


@pytest.mark.slow
def test_the_same_course_builds_to_the_same_bytes_anywhere(tmp_path):
    """Two checkouts on different days (file times years apart), under different hash seeds."""
    outs = []
    for n, (seed, stamp) in enumerate((("1", 1_600_000_000), ("4242", 1_800_000_000))):
        root = tmp_path / f"checkout-{n}" / "course"
        shutil.copytree(COURSES / "features", root)
        for path in root.rglob("*"):
            os.utime(path, (stamp + len(path.name), stamp + len(path.name)))
        out = tmp_path / f"out-{n}"
        # no conversion cache: each build converts every text itself, under its own hash seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": str(stamp), "COURSE_CACHE_DIR": "off"}
        subprocess.run(_build_command(root, out), check=True, capture_output=True, env=env)
        outs.append(out)
    first, second = snapshot(outs[0]), snapshot(outs[1])
    assert first == second and len(first) > 20
    modes = [{p.relative_to(o): p.stat().st_mode for p in o.rglob("*")} for o in outs]
    assert modes[0] == modes[1]
