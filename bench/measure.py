"""Timing whole processes side by side: interleaved rounds, medians, peak memory of each child."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest peak resident set of one process of the child's tree (wait4)
    ok: bool
    note: str = ""  # why it did not finish, when it did not
    tree_mb: float | None = None  # the peak of the tree's processes together (PSS, sampled), when asked


@dataclass
class Case:
    """One thing timed: a command, and what to do before each run (outside the clock)."""

    name: str
    command: list[str]
    before: object = None  # callable run before each timing
    cwd: str | None = None
    env: dict | None = None
    tree: bool = False  # also sample the memory of the child's whole tree (a build with its conversion pool)
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def spread(self) -> float:
        """(slowest - fastest) / median: how much this machine moved the runs about."""
        times = [r.seconds for r in self.runs]
        return (max(times) - min(times)) / self.median if self.median else 0.0

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def tree_mb(self) -> float | None:
        sampled = [r.tree_mb for r in self.runs if r.tree_mb is not None]
        return max(sampled) if sampled else None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)


def _children() -> dict[int, list[int]]:
    """parent pid -> child pids, from /proc (this kernel has no /proc/PID/task/TID/children)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_pss_mb(pid: int) -> float:
    """The proportional set size of pid and all its descendants, added up: what the machine gives
    the build as a whole (a page shared by two processes counts half in each, so no double count)."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo += tree.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
    return total / 1024


class _TreeSampler(threading.Thread):
    """Samples the tree's memory every PERIOD while the main thread waits on the child."""

    PERIOD = 0.25

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.PERIOD):
            self.peak = max(self.peak, tree_pss_mb(self.pid))


def run_process(command, cwd=None, env=None, timeout=None, memory_limit=None, tree=False) -> Run:
    """Wall time and peak RSS of one child process. With a timeout, the child is stopped there;
    with memory_limit (bytes), it may not grow past it (a 2-core, 24 GB machine others share);
    with tree, the memory of its whole process tree is sampled too."""

    def limit():
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    errors_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed below) not a pipe: a chatty child would fill one and stall
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=errors_file, preexec_fn=limit,
    )  # fmt: skip
    sampler = _TreeSampler(child.pid) if tree else None
    if sampler:
        sampler.start()
    note = ""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG if timeout else 0)
        if pid:
            break
        if not note and time.perf_counter() - started > timeout:
            child.kill()
            note = f"stopped after {timeout:.0f} s"
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if sampler:
        sampler.done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    errors_file.seek(0)
    errors = errors_file.read().decode(errors="replace")
    errors_file.close()
    ok = child.returncode == 0 and not note
    if not ok and not note:
        note = f"exit {child.returncode}: " + (errors.strip().splitlines() or [""])[-1][:200]
    return Run(seconds, usage.ru_maxrss / 1024, ok, note, sampler.peak if sampler else None)


def interleave(cases: list[Case], rounds: int, log=print) -> None:
    """rounds x (every case once), A B C A B C …; a case that fails is dropped from later rounds."""
    for r in range(rounds):
        for case in cases:
            if case.runs and not case.runs[-1].ok:
                continue
            if case.before:
                case.before()
            run = run_process(case.command, case.cwd, case.env, tree=case.tree)
            case.runs.append(run)
            log(f"  round {r + 1}/{rounds}  {case.name:34} {run.seconds:8.2f} s  {run.peak_mb:7.0f} MB"
                + ("" if run.ok else f"  FAILED: {run.note}"))  # fmt: skip
