"""When a course file last changed: inside git, its commit time, found by one `git log` per
check, and "now" for a file that differs from what HEAD holds, whatever merges made HEAD."""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from course.build import check
from course.load import freshness
from tests.conftest import write_course

DAY = 86_400
START = 1_600_000_000  # commit dates in 2020, far from the time the test runs
COURSE = {
    "course.yaml": "id: m\ntitle: M\nlanguages: [en, zh-CN]\n",
    "modules/01-intro/01-start.md": "---\ntitle: Start\nobjectives: [Begin]\n---\n\nHello.\n",
    "modules/01-intro/01-start.zh-CN.md": "---\ntitle: 开始\nobjectives: [开始]\n---\n\n你好。\n",
    "quizzes/01-intro.yaml": "id: intro\nquestions:\n  - {id: q, type: true_false, prompt: Yes?, answer: true,"
    " explanation: It is.}\n",
    "quizzes/01-intro.zh-CN.yaml": "id: intro\nquestions:\n  - {id: q, type: true_false, prompt: 是吗？,"
    " answer: true, explanation: 是。}\n",
}


SETUP = "COURSE_TEST_GIT_SETUP"  # marks the test's own git commands, which git_calls does not count


class Repo:
    """A git repository whose commits carry the dates a test gives them, and none of the
    user's own git settings."""

    def __init__(self, top: Path):
        self.top, self.clock = top, START
        top.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", SETUP: "1"}
        self("init", "-q", "-b", "main")

    def __call__(self, *args: str, check: bool = True) -> str:
        command = ["git", "-C", str(self.top), "-c", "user.email=a@b", "-c", "user.name=a", *args]
        return subprocess.run(command, check=check, capture_output=True, text=True, env=self.env).stdout

    def commit(self, message: str, days: float = 1, *extra: str) -> int:
        """Commit what is staged, `days` after the last commit; its commit time."""
        self.clock += int(days * DAY)
        stamp = f"@{self.clock} +0000"
        env = {**self.env, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp}
        command = ["git", "-C", str(self.top), "-c", "user.email=a@b", "-c", "user.name=a"]
        subprocess.run([*command, "commit", "-q", "--allow-empty", "-m", message, *extra], check=True, env=env)
        return self.clock


def stale(root: Path) -> list[str]:
    return [d.path for d in check(root).diagnostics if d.code == "stale-translation"]


@pytest.fixture
def git_calls(monkeypatch):
    """Every git command the tool starts (whether through subprocess.run, check_output or
    Popen itself), as its arguments after `-C <folder>`."""
    calls = []

    class Counted(subprocess.Popen):
        def __init__(self, args, *rest, **kwargs):
            command = [str(a) for a in ([args] if isinstance(args, (str, bytes, os.PathLike)) else args)]
            if Path(command[0]).name == "git" and SETUP not in (kwargs.get("env") or os.environ):
                calls.append(command[command.index("-C") + 2 :] if "-C" in command else command[1:])
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Counted)
    freshness.forget()
    yield calls
    freshness.forget()


def test_a_check_asks_git_once(tmp_path, git_calls):
    """One check, one git command, however many files and translations it compares; the dev
    server forgets the answer before each rebuild, so each of its checks asks once again."""
    repo = Repo(tmp_path / "repo")
    root = write_course(repo.top / "courses/mine", COURSE)  # the course is not the repository's top
    repo("add", "-A")
    repo.commit("translations first")
    for rel in ("modules/01-intro/01-start.md", "quizzes/01-intro.yaml"):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    repo("add", "-A")
    repo.commit("sources changed after")
    for path in root.rglob("*.zh-CN.*"):  # file times say otherwise; commit times count
        os.utime(path, (time.time() + 60, time.time() + 60))
    assert stale(root) == ["modules/01-intro/01-start.zh-CN.md", "quizzes/01-intro.zh-CN.yaml"]
    assert len(git_calls) == 1 and git_calls[0][0] == "log", git_calls
    freshness.forget()
    assert stale(root) == ["modules/01-intro/01-start.zh-CN.md", "quizzes/01-intro.zh-CN.yaml"]
    assert len(git_calls) == 2, git_calls


def test_commit_times_count_whatever_the_files_are_named_and_an_edit_counts_as_now(tmp_path, git_calls):
    names = {"modules/01-intro/01-start.md": "modules/01-intro/01-开始.md",
             "modules/01-intro/01-start.zh-CN.md": "modules/01-intro/01-开始.zh-CN.md"}  # fmt: skip
    repo = Repo(tmp_path / "repo")
    root = write_course(repo.top, {names.get(rel, rel): text for rel, text in COURSE.items()})
    repo("add", "-A")
    repo.commit("all")
    lesson = root / names["modules/01-intro/01-start.md"]
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    repo("add", "-A")
    repo.commit("the lesson changed")
    # git quotes such names unless asked not to; here only the commit times tell the order
    os.utime(lesson, (START, START))
    assert stale(root) == [names["modules/01-intro/01-start.zh-CN.md"]]
    translation = root / names["modules/01-intro/01-start.zh-CN.md"]
    translation.write_text(translation.read_text(encoding="utf-8") + "\n更多。\n", encoding="utf-8")
    os.utime(translation, (START, START))  # saved, not committed: its bytes differ from HEAD's
    freshness.forget()
    assert stale(root) == []


def times(root: Path) -> dict[str, float]:
    freshness.forget()
    return {
        p.relative_to(root).as_posix(): freshness.changed_at(root, p.relative_to(root).as_posix())
        for folder in freshness.WATCHED
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_a_file_as_head_holds_it_keeps_its_commit_time_whatever_merges_made_head(tmp_path, git_calls):
    """Merges that keep one side's version, resolve a conflict by hand, or bring nothing of the
    course: a file whose bytes are HEAD's has the time of the last commit that changed it."""
    repo = Repo(tmp_path / "repo")
    root = repo.top / "course"
    write = {"a": "a0\n", "b": "b0\n", "c": "c0\n"}
    for name, text in write.items():
        write_course(root, {f"modules/{name}.md": text})
    repo("add", "-A")
    repo.commit("start")
    repo("checkout", "-q", "-b", "side")
    for name in "abc":
        (root / f"modules/{name}.md").write_text(f"{name}-side\n")
    repo("add", "-A")
    side = repo.commit("side changes all three", days=5)  # dated after main's change below
    repo("checkout", "-q", "main")
    for name in "ac":
        (root / f"modules/{name}.md").write_text(f"{name}-main\n")
    repo("add", "-A")
    main = repo.commit("main changes a and c", days=-3)
    repo("merge", "-q", "--no-commit", "-X", "ours", "side", check=False)
    (root / "modules/c.md").write_text("c-by-hand\n")  # a conflict resolved by hand
    repo("add", "-A")
    merged = repo.commit("merge: a as main had it, b from side, c by hand", days=4)
    (repo.top / "README").write_text("not the course\n")
    repo("add", "README")
    repo.commit("outside the course")
    assert (root / "modules/a.md").read_text() == "a-main\n" and (root / "modules/b.md").read_text() == "b-side\n"
    # c.md's content is the merge's, so the newest ordinary commit that changed it stands
    assert times(root) == {"modules/a.md": side, "modules/b.md": side, "modules/c.md": side}
    assert main < side < merged and len(git_calls) == 1
    before = time.time()
    (root / "modules/a.md").write_text("a-side\n")  # what side had: still not what HEAD holds
    edited = times(root)
    assert edited["modules/a.md"] >= before and edited["modules/b.md"] == side


def reference(repo: Repo, root: Path, prefix: str) -> dict[str, float | str]:
    """What each file's time should be, from git commands the tool does not use: "now" when
    its bytes differ from `git ls-tree HEAD`'s blob, else the newest non-merge commit's time."""
    committed = {}
    for entry in repo("ls-tree", "-r", "-z", "HEAD", "--", prefix).split("\0"):
        if entry:
            meta, name = entry.split("\t", 1)
            committed[name.removeprefix(prefix)] = meta.split()[2]
    logged: dict[str, float] = {}
    log = repo("log", "--date-order", "--no-merges", "--no-renames", "-z", "--format=%x01%ct", "--name-only", "--",
               *(prefix + w for w in freshness.WATCHED))  # fmt: skip
    for block in log.split("\x01")[1:]:  # "<time>\0\n<name>\0<name>\0"
        stamp, _, names = block.partition("\0")
        for name in filter(None, names.lstrip("\n").split("\0")):
            logged.setdefault(name.removeprefix(prefix), float(stamp))
    expected: dict[str, float | str] = {}
    for folder in freshness.WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                same = committed.get(rel) == freshness.blob_id(path.read_bytes())
                expected[rel] = logged.get(rel, path.stat().st_mtime) if same else "now"
    return expected


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_random_histories_of_branches_and_merges_agree_with_git_ls_tree(tmp_path, git_calls, seed):
    rng = random.Random(seed)
    repo = Repo(tmp_path / "repo")
    root = repo.top / "course"
    files = [f"modules/0{i}/{n}.md" for i in range(3) for n in "xy"] + ["quizzes/q.yaml"]
    for rel in files:
        write_course(root, {rel: f"{rel} 0\n"})
    repo("add", "-A")
    repo.commit("start")
    branches = ["main"]
    for step in range(24):
        action = rng.choice(["edit", "edit", "edit", "branch", "merge", "switch"])
        if action == "branch":
            branches.append(f"b{step}")
            repo("checkout", "-q", "-b", branches[-1])
        elif action == "switch":
            repo("checkout", "-q", rng.choice(branches))
        elif action == "merge":
            repo("merge", "-q", "--no-commit", "-X", rng.choice(["ours", "theirs"]), rng.choice(branches), check=False)
            if rng.random() < 0.5:
                (root / rng.choice(files)).write_text(f"resolved {step}\n")
            repo("add", "-A")
            repo.commit(f"merge {step}", rng.uniform(-2, 3))  # dates out of order, as clocks and rebases make them
        else:
            for rel in rng.sample(files, rng.randint(1, 3)):
                (root / rel).write_text(f"{rel} {step}\n")
            repo("add", "-A")
            repo.commit(f"edit {step}", rng.uniform(-2, 3))
    repo("checkout", "-q", "main")
    repo("merge", "-q", "--no-commit", "-X", "theirs", branches[-1], check=False)
    repo("add", "-A")
    repo.commit("last merge")
    edited, reverted = rng.sample(files, 2)  # not committed: a new text, and the first one back
    (root / edited).write_text("new\n")
    (root / reverted).write_text(f"{reverted} 0\n")
    before = time.time()
    found = {rel: "now" if at >= before else at for rel, at in times(root).items()}
    assert found == reference(repo, root, "course/")
    assert "now" in found.values() and len(set(found.values())) > 2  # the histories are not trivial
    assert len(git_calls) == 1
