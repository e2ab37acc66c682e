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
                memory = f"{case.peak_mb:.0f} MB" + (f" ({case.tree_mb:.0f} MB all)" if case.tree_mb else "")
                lines.append(f"| {label}: {case.name} | {case.median:.2f} | {runs} | {case.spread:.0%} | {memory} |")
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
        live = size.get("live")
        if live and "seconds" in live:
            runs = ", ".join(f"{s:.2f}" for s in live["seconds"])
            rebuilt = ", ".join("?" if s is None else f"{s:.2f}" for s in live["rebuilt"])
            lines.append(f"| N={n}: `course serve` in Chromium, lesson saved -> page loaded again | "
                         f"{statistics.median(live['seconds']):.2f} | {runs} (serve's rebuilds: {rebuilt}; its first"
                         f" build {live['first_build']:.1f} s) | | |")  # fmt: skip
    if r.big:
        for n, run in r.big.items():
            memory = f"{run.peak_mb:.0f} MB" + (f" ({run.tree_mb:.0f} MB all)" if run.tree_mb else "")
            lines.append(f"| --big: N={n} cold build, once | {run.seconds:.1f} | {run.note} | | {memory} |")
    if spreads:
        lines += [
            "",
            f"**Noise.** The machine has 2 cores and is shared with other engineers' test runs. The spread"
            f" (slowest minus fastest run, over the median) of a case was {statistics.median(spreads):.0%} at the"
            f" median and {max(spreads):.0%} at worst. Interleaving puts each drift on both sides of a ratio;"
            " a ratio within about that spread of its target is not a clear verdict either way."
            ' Peak RSS is the largest single process of a run (wait4); "all" is the proportional set size of'
            " the build and its conversion pool together, sampled every 0.25 s.",
        ]
    for profile in r.profile or []:
        lines += _profile(profile)
    return "\n".join(lines) + "\n"


def _load(avg: tuple) -> str:
    return " / ".join(f"{x:.2f}" for x in avg)


PHASES = ("loading the course (load_course)", "the book: converting and linking (make_book)",
          "of it, converting ahead in the process pool", "rendering and writing the site")  # fmt: skip


def _profile(p: dict) -> list[str]:
    if "error" in p:
        return ["", f"## Profile at N={p.get('lessons', '?')}: failed", "", f"    {p['error']}"]
    lines = []
    for label, b in p["builds"].items():
        total = b["sampled"]
        lines += [
            "",
            f"## Profile: `course build` at N={p['lessons']}, {label}, sampled by py-spy ({b['seconds']:.1f} s wall"
            f" under the profiler, {total:.1f} CPU s sampled over all its processes)",
            "",
            "Each sample goes to the innermost stage on its stack (bench/stages.py); py-spy counts only running"
            " threads, so these are CPU seconds, the pool's workers included. The raw samples are in"
            " bench/.work/.",
            "",
            "| stage | CPU s | share | of it, in the pool's workers |",
            "|---|---:|---:|---:|",
        ]
        for stage, seconds in b["stages"].items():
            worker = b["workers"].get(stage)
            lines.append(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} | {f'{worker:.2f}' if worker else ''} |")
        phases = sorted(b["phases"].items(), key=lambda kv: PHASES.index(kv[0]) if kv[0] in PHASES else 99)
        lines += ["", f"Wall time by phase (of {b['seconds']:.1f} s): "
                  + "; ".join(f"{k} {v:.1f} s" for k, v in phases) + "."]  # fmt: skip
        lines += ["", "Texts the book asked for: " + ", ".join(f"{k} {v:,}" for k, v in b["asked"].items())
                  + ". Where their HTML came from: " + ", ".join(f"{k} {v:,}" for k, v in b["made"].items())
                  + f", the rest ({b['plain or repeated (no conversion)']:,}) plain text given back as it is."]  # fmt: skip
    return lines
