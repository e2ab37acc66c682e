"""The benchmark of issue 8: ratios measured side by side in one run, medians of interleaved runs.

    python bench/run.py                 # N = 300 and 1,000, the flagship, start-up, a profile (~1 h here)
    python bench/run.py --big           # also time(N = 10,000) / time(N = 1,000), once each
    python bench/run.py --sizes 50 --runs 1 --no-profile    # a quick try of the script itself

It makes bench/.venv (mkdocs, mkdocs-material, zensical, pyinstrument, py-spy) on first run,
generates the courses under bench/.work/ (each in a git repository of its own, as a trainer keeps
one), prints each ratio beside its target and writes bench/results.md. Every timing is a whole
process (`course build`, `mkdocs build`, …) except the rebuilds that `course serve` does, which
are timed inside one process, as serve runs them (bench/warm.py), and serve seen from a browser
(bench/live.py). Each build of ours has a conversion cache folder (COURSE_CACHE_DIR) of the
bench's: emptied before every cold build, so a cold build is cold."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import lighthouse, report, stages, tools  # noqa: E402
from bench.edits import edit_lesson, edit_quiz  # noqa: E402
from bench.measure import Case, interleave, run_process  # noqa: E402
from bench.synthetic import make_course, make_mkdocs  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
COURSE = [str(Path(PY).with_name("course"))] if Path(PY).with_name("course").exists() else [PY, "-m", "course"]
BIG_MEMORY = 12 * 2**30  # the N = 10,000 build may not take more of a shared 24 GB machine
OURS: dict | None = None  # the environment our processes run in (PYTHONPATH set by --code)


def code_env(rev: str | None, work: Path) -> tuple[dict | None, str]:
    """Run our tool from the working tree, or from a commit's course/ (exported with git archive),
    so a "before" can be measured while others change the code. -> (environment, what was measured)"""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev or "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    if rev is None:
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "course"],
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        return None, f"the working tree at {head}" + (" (course/ has uncommitted changes)" if dirty else "")
    target = work / "code" / head
    if not (target / "course").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", head, "course"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return {**os.environ, "PYTHONPATH": str(target)}, f"commit {head} (course/ exported to {target.relative_to(ROOT)})"


def cached(cache: Path) -> dict:
    """Our processes' environment with their conversion cache and build records in cache."""
    return {**(OURS or os.environ), "COURSE_CACHE_DIR": str(cache)}


def emptied(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    folders[-1].mkdir(parents=True)


def generate(course: Path, n: int) -> Path:
    """The course, committed in a git repository of its own: a trainer's course is kept in one, and
    the build notes the commit it is at (so a commit to the project's own repository, which holds
    bench/.work, must not count as a change of the course)."""
    make_course(course, n)
    git = ["git", "-C", str(course), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "generated"], check=True, env={**os.environ,
                   "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"})  # fmt: skip
    return course


def size_cases(n: int, work: Path, have: dict) -> tuple[list[Case], Path]:
    course, site = generate(work / f"n{n}" / "course", n), make_mkdocs(work / f"n{n}" / "mkdocs", n)
    out, cache = work / f"n{n}" / "build", work / f"n{n}" / "cache"
    counter = {"lesson": 0, "quiz": 0}
    env = cached(cache)

    def cold():  # no output, no conversion cache, no build record: the no-op and edits then use what it left
        emptied(out, cache)

    def edited(kind):
        def before():
            counter[kind] += 1
            (edit_lesson if kind == "lesson" else edit_quiz)(course, counter[kind])

        return before

    build = [*COURSE, "build", str(course), "-o", str(out)]
    cases = [
        Case("floor", [PY, str(BENCH / "floor.py"), str(course)], env=OURS),
        Case("course build (cold)", build, before=cold, env=env, tree=True),
        Case("course build (no-op, new process)", build, env=env, tree=True),
        Case("course build (lesson edited, new process)", build, before=edited("lesson"), env=env, tree=True),
        Case("course build (quiz edited, new process)", build, before=edited("quiz"), env=env, tree=True),
    ]
    env = tools.quiet_env()
    if have.get("mkdocs"):
        cases.append(Case("mkdocs build", [tools.tool("mkdocs"), "build", "-q", "-f", "mkdocs.yml"], cwd=str(site)))
    if have.get("mkdocs-material"):
        cases.append(Case("mkdocs build (material)", [tools.tool("mkdocs"), "build", "-q", "-f", "mkdocs-material.yml"],
                          cwd=str(site), env=env))  # fmt: skip
    if have.get("zensical"):
        zensical = [tools.tool("zensical"), "build", "-f", "zensical.yml"]
        cases.append(Case("zensical build -c (cold)", [*zensical, "-c"], cwd=str(site), env=env))
        cases.append(Case("zensical build (cached)", zensical, cwd=str(site), env=env))  # right after the cold one
    return cases, course


def warm(course: Path, rounds: int, log) -> dict:
    log(f"  serve's in-process rebuilds, {rounds} rounds")
    cache = course.parent / "cache-serve"
    emptied(cache)
    done = subprocess.run([PY, str(BENCH / "warm.py"), str(course), str(rounds)], capture_output=True, text=True,
                          env=cached(cache))  # fmt: skip
    if done.returncode:
        return {"error": done.stderr.strip()[-500:]}
    return json.loads(done.stdout)


def live(course: Path, rounds: int, log) -> dict:
    """`course serve` on the course, a lesson edit seen in Chromium (bench/live.py)."""
    log(f"  serve in a browser: a saved lesson edit to the page's new load, {rounds} rounds")
    cache = course.parent / "cache-serve"
    emptied(cache)
    done = subprocess.run([PY, str(BENCH / "live.py"), str(course), str(rounds), *COURSE], capture_output=True,
                          text=True, env=cached(cache))  # fmt: skip
    if done.returncode:
        return {"error": done.stderr.strip()[-500:]}
    result = json.loads(done.stdout)
    log(f"    first build {result['first_build']:.1f} s; edit to new load: "
        + ", ".join(f"{s:.2f} s" for s in result["seconds"]) + "; serve's rebuilds: "
        + ", ".join(f"{s:.2f} s" for s in result["rebuilt"] if s is not None))  # fmt: skip
    return result


def startup(rounds: int, log) -> list[Case]:
    cases = [Case("course --version", [*COURSE, "--version"], env=OURS),
             Case('python -c "import click"', [PY, "-c", "import click"], env=OURS)]  # fmt: skip
    interleave(cases, rounds, log)
    return cases


def flagship(work: Path, rounds: int, log) -> list[Case]:
    out, cache = work / "flagship-build", work / "flagship-cache"
    cases = [
        Case("flagship: floor", [PY, str(BENCH / "floor.py"), str(ROOT)], env=OURS),
        Case("flagship: course build (cold)", [*COURSE, "build", str(ROOT), "-o", str(out)],
             before=lambda: emptied(out, cache), env=cached(cache), tree=True),
    ]  # fmt: skip
    interleave(cases, rounds, log)
    return cases


def profile(n: int, work: Path, log, rate: int = 100) -> dict:
    """A cold build, then a build after one lesson edit with the cache it left (the warm case),
    each sampled by py-spy across the build's processes and counted by bench/stages.py."""
    course, out, cache = work / f"n{n}" / "course", work / f"n{n}" / "profile-build", work / f"n{n}" / "profile-cache"
    if not (course / "course.yaml").is_file():
        generate(course, n)
    results = {}
    for label in ("cold", "one lesson edited, cache warm"):
        log(f"profiling at N = {n}: {label} (py-spy)")
        if label == "cold":
            emptied(out, cache)
        else:
            edit_lesson(course, 900)  # a change no round makes
        raw, facts = work / f"profile-{n}-{label.split()[0]}.raw", work / "profile-facts.json"
        done = subprocess.run([tools.tool("py-spy"), "record", "--subprocesses", "--format", "raw", "-r", str(rate),
                               "-o", str(raw), "--", PY, str(BENCH / "stages.py"), str(course), str(out), str(facts)],
                              capture_output=True, text=True, env=cached(cache))  # fmt: skip
        if done.returncode:
            return {"error": done.stderr.strip()[-500:]}
        results[label] = {**stages.aggregate(raw, rate), **json.loads(facts.read_text()), "rate": rate}
    shutil.rmtree(out, ignore_errors=True)
    return {"lessons": n, "builds": results}


def big(work: Path, timeout: float, log, sizes=(1000, 10000)) -> dict:
    """One cold build at N = 1,000 and one at N = 10,000, back to back."""
    runs = {}
    for n in sizes:
        course, out, cache = work / f"n{n}" / "course", work / f"n{n}" / "build", work / f"n{n}" / "cache"
        if not (course / "course.yaml").is_file() or n == sizes[-1]:
            log(f"generating N = {n}")
            generate(course, n)
        emptied(out, cache)
        run = run_process([*COURSE, "build", str(course), "-o", str(out)], env=cached(cache), timeout=timeout,
                          memory_limit=BIG_MEMORY, tree=True)  # fmt: skip
        log(f"  N = {n:>6}: {run.seconds:8.1f} s  {run.peak_mb:7.0f} MB (largest process)  "
            f"{run.tree_mb or 0:7.0f} MB (all, PSS)  {run.note}")  # fmt: skip
        runs[n] = run
        shutil.rmtree(out, ignore_errors=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000", help="lesson counts, comma-separated [300,1000]")
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds; the median is reported [3]")
    parser.add_argument("--big", action="store_true", help="also time N = 10,000 against N = 1,000, once each")
    parser.add_argument("--big-timeout", type=float, default=3600, help="stop the N = 10,000 build there [3600 s]")
    parser.add_argument("--big-sizes", default="1000,10000", help=argparse.SUPPRESS)  # to try --big quickly
    parser.add_argument("--code", metavar="REV", help="measure our tool as it was at this commit [the working tree]")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profiles")
    parser.add_argument("--profile-sizes", default="300,1000", help="lesson counts profiled [300,1000]")
    parser.add_argument("--live-size", type=int, default=1000, help="course serve in a browser at this N (0: skip)")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md", help="where to write the results")
    args = parser.parse_args()
    work = BENCH / ".work"
    work.mkdir(exist_ok=True)

    def log(line: str) -> None:
        print(line, flush=True)

    global OURS
    OURS, measured = code_env(args.code, work)
    log(f"measuring {measured}")
    started, load_before = time.time(), os.getloadavg()
    versions = tools.ensure_tools(log)
    sizes = {}
    for n in [int(s) for s in args.sizes.split(",")]:
        log(f"N = {n}: generating, then {args.runs} interleaved rounds")
        cases, course = size_cases(n, work, versions)
        interleave(cases, args.runs, log)
        sizes[n] = {"cases": cases, "warm": warm(course, args.runs, log)}
        if n == args.live_size:
            sizes[n]["live"] = live(course, args.runs, log)
    log("start-up")
    start = startup(max(args.runs, 10), log)
    log("flagship")
    flag = flagship(work, args.runs, log)
    prof = None if args.no_profile else [profile(int(n), work, log) for n in args.profile_sizes.split(",")]
    results = report.Results(sizes, start, flag, prof, None, versions, args.runs, started, load_before,
                             os.getloadavg(), measured)  # fmt: skip
    if args.big:  # the results so far are kept, in case the long part has to be stopped
        args.out.write_text(lighthouse.kept(args.out, report.markdown(results)), encoding="utf-8")
        results.big = big(work, args.big_timeout, log, tuple(map(int, args.big_sizes.split(","))))
        results.load_after = os.getloadavg()
    print()
    print(report.ratio_table(results))
    args.out.write_text(lighthouse.kept(args.out, report.markdown(results)), encoding="utf-8")  # its section stays
    log(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
