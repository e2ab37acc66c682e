"""bench/results.md: the ratio table, the raw medians behind it, the machine and the noise."""

from __future__ import annotations

import statistics
import sys


def render(r, rows, verdict, fmt, target_text, machine: dict) -> str:
    met = [verdict(v, t, n) for _, v, t, _, n in rows if t is not None and v is not None]
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py"
        + "".join(f" {a}" for a in sys.argv[1:])
        + "`; see bench/README.md for what each"
        " ratio means. Every figure below comes from this one run. Times are whole processes unless the row says"
        " `course serve`'s process.",
        "",
        f"- code measured: {r.measured}",
        f"- date: {machine['date']}, the run took {machine['minutes']:.0f} min",
        f"- CPUs: {machine['cpus']}; load average before {_load(r.load_before)}, after {_load(r.load_after)}",
        f"- Python: {machine['python']}",
        "- ours: " + ", ".join(f"{k} {v}" for k, v in machine["ours"].items()),
        "- comparison tools (bench/.venv): "
        + ", ".join(f"{k} {v or 'did not install'}" for k, v in machine["tools"].items()),
        f"- medians of {r.runs} interleaved rounds (every case once per round, in turn)",
        "",
        f"## Ratios against the targets of issue 8 ({met.count('met')} of {len(met)} measured targets met)",
        "",
        "| measure | measured | target | verdict | note |",
        "|---|---:|---:|---|---|",
    ]
    for what, value, target, unit, note in rows:
        lines.append(f"| {what} | {fmt(value, unit)} | {target_text(target, unit)} | "
                     f"{verdict(value, target, note)} | {note} |")  # fmt: skip
    lines += ["", "## The medians behind them", "", "| case | median s | runs (s) | spread | peak RSS |",
              "|---|---:|---|---:|---:|"]  # fmt: skip
    spreads = []
    groups = [(f"N={n}", size["cases"]) for n, size in r.sizes.items()]
    groups += [("start-up", r.startup), ("flagship", r.flagship)]
    for label, cases in groups:
        for case in cases:
            if not case.runs:
                continue
            runs = ", ".join(f"{run.seconds:.2f}" + ("" if run.ok else f" ({run.note})") for run in case.runs)
            if case.ok:
                spreads.append(case.spread)
                lines.append(f"| {label}: {case.name} | {case.median:.2f} | {runs} | {case.spread:.0%} | "
                             f"{case.peak_mb:.0f} MB |")  # fmt: skip
            else:
                lines.append(f"| {label}: {case.name} | failed | {runs} | | |")
    for n, size in r.sizes.items():
        warm = size["warm"]
        if "seconds" in warm:
            seconds = warm["seconds"]
            lines.append(f"| N={n}: `course serve` first (cold) rebuild, in process | {seconds['cold'][0]:.2f} | | | |")
            for kind in ("noop", "lesson", "quiz"):
                runs = ", ".join(f"{s:.2f}" for s in seconds[kind])
                files = ", ".join(str(f) for f in warm["files_changed"][kind])
                lines.append(f"| N={n}: `course serve` rebuild, {kind}, in process | "
                             f"{statistics.median(seconds[kind]):.2f} | {runs} (files rewritten: {files}) | | |")  # fmt: skip
    if r.big:
        for n, run in r.big.items():
            lines.append(f"| --big: N={n} cold build, once | {run.seconds:.1f} | {run.note} | | {run.peak_mb:.0f} MB |")
    if spreads:
        lines += [
            "",
            f"**Noise.** The machine has 2 cores and is shared with other engineers' test runs. The spread"
            f" (slowest minus fastest run, over the median) of a case was {statistics.median(spreads):.0%} at the"
            f" median and {max(spreads):.0%} at worst. Interleaving puts each drift on both sides of a ratio;"
            " a ratio within about that spread of its target is not a clear verdict either way.",
        ]
    if r.profile and "stages" in r.profile:
        lines += _profile(r.profile)
    return "\n".join(lines) + "\n"


def _load(avg: tuple) -> str:
    return " / ".join(f"{x:.2f}" for x in avg)


def _profile(p: dict) -> list[str]:
    total = p["sampled"]
    lines = [
        "",
        f"## Profile: a cold `course build` at N={p['lessons']} under pyinstrument ({p['seconds']:.1f} s with the profiler)",
        "",
        "Each sample goes to the innermost stage on its stack. bench/.work/profile.txt has the whole tree.",
        "",
        "| stage | seconds | share | of it, inside quizzes |",
        "|---|---:|---:|---:|",
    ]
    for stage, seconds in p["stages"].items():
        quiz = p["quiz_markdown"].get(stage)
        lines.append(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} | {f'{quiz:.2f} s' if quiz else ''} |")
    conversions = p["conversions"]
    lines += [
        "",
        f"Separate Markdown conversions: {sum(conversions.values()):,} — "
        + ", ".join(f"{kind}: {count:,}" for kind, count in conversions.items())
        + ".",
    ]
    return lines
