"""Timing whole processes side by side: interleaved rounds, medians, peak memory of each child."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the child's own peak resident set (wait4), not the bench's
    ok: bool
    note: str = ""  # why it did not finish, when it did not


@dataclass
class Case:
    """One thing timed: a command, and what to do before each run (outside the clock)."""

    name: str
    command: list[str]
    before: object = None  # callable run before each timing
    cwd: str | None = None
    env: dict | None = None
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
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)


def run_process(command, cwd=None, env=None, timeout=None, memory_limit=None) -> Run:
    """Wall time and peak RSS of one child process. With a timeout, the child is stopped there;
    with memory_limit (bytes), it may not grow past it (a 2-core, 24 GB machine others share)."""

    def limit():
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    errors_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed below) not a pipe: a chatty child would fill one and stall
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=errors_file, preexec_fn=limit,
    )  # fmt: skip
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
    child.returncode = os.waitstatus_to_exitcode(status)
    errors_file.seek(0)
    errors = errors_file.read().decode(errors="replace")
    errors_file.close()
    ok = child.returncode == 0 and not note
    if not ok and not note:
        note = f"exit {child.returncode}: " + (errors.strip().splitlines() or [""])[-1][:200]
    return Run(seconds, usage.ru_maxrss / 1024, ok, note)


def interleave(cases: list[Case], rounds: int, log=print) -> None:
    """rounds x (every case once), A B C A B C …; a case that fails is dropped from later rounds."""
    for r in range(rounds):
        for case in cases:
            if case.runs and not case.runs[-1].ok:
                continue
            if case.before:
                case.before()
            run = run_process(case.command, case.cwd, case.env)
            case.runs.append(run)
            log(f"  round {r + 1}/{rounds}  {case.name:34} {run.seconds:8.2f} s  {run.peak_mb:7.0f} MB"
                + ("" if run.ok else f"  FAILED: {run.note}"))  # fmt: skip
