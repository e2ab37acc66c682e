"""The ratios beside their targets (issue 8), on the terminal and as bench/results.md."""

from __future__ import annotations

import platform
import statistics
import sys
import time
from dataclasses import dataclass
from importlib import metadata

from bench.measure import Case


@dataclass
class Results:
    sizes: dict  # n -> {"cases": [Case], "warm": serve's rebuild times}
    startup: list[Case]
    flagship: list[Case]
    profile: dict | None
    big: dict | None  # n -> Run
    versions: dict
    runs: int
    started: float
    load_before: tuple
    load_after: tuple
    measured: str  # which code of ours: the working tree, or a commit (--code)


INCREMENTAL = (
    ("noop", "no-op rebuild", 0.02),
    ("lesson", "one lesson edited", 0.03),
    ("quiz", "one quiz edited", 0.03),
)


def _case(cases: list[Case], name: str) -> Case | None:
    found = next((c for c in cases if c.name == name), None)
    return found if found and found.ok else None


def _ratio(a: Case | None, b: Case | None):
    return a.median / b.median if a and b else None


def rows(r: Results) -> list[tuple[str, float | None, float | None, str, str]]:
    """(what, measured, target, unit, note); unit is "x" for a ratio, "MB" or "s"."""
    out = []
    for n, size in r.sizes.items():
        cases, warm = size["cases"], size["warm"]
        c = {case.name: _case(cases, case.name) for case in cases}
        cold = c["course build (cold)"]
        out += [
            (f"N={n}: cold build / floor", _ratio(cold, c["floor"]), 0.65, "x", ""),
            (f"N={n}: cold build / mkdocs build", _ratio(cold, c.get("mkdocs build")), 0.25, "x", _missing(r, "mkdocs")),
            (f"N={n}: cold build / mkdocs build (material)", _ratio(cold, c.get("mkdocs build (material)")), None, "x",
             _missing(r, "mkdocs-material")),
            (f"N={n}: cold build / zensical cold", _ratio(cold, c.get("zensical build -c (cold)")), 0.25, "x",
             _missing(r, "zensical")),
            (f"N={n}: zensical cached / zensical cold",
             _ratio(c.get("zensical build (cached)"), c.get("zensical build -c (cold)")), None, "x", "theirs, for scale"),
        ]  # fmt: skip
        for kind, label, target in INCREMENTAL:
            fresh = c[
                f"course build ({kind if kind != 'noop' else 'no-op'}{' edited' * (kind != 'noop')}, new process)"
            ]
            out.append((f"N={n}: {label} / cold, new `course build` process", _ratio(fresh, cold), target, "x", ""))
            if "seconds" in warm:
                ratio = statistics.median(warm["seconds"][kind]) / warm["seconds"]["cold"][0]
                files = statistics.median(warm["files_changed"][kind])
                out.append((f"N={n}: {label} / cold, in `course serve`'s process", ratio, target, "x",
                            f"{files:.0f} file(s) rewritten"))  # fmt: skip
            else:
                out.append(
                    (f"N={n}: {label} / cold, in `course serve`'s process", None, target, "x", warm.get("error", ""))
                )
        if cold:
            together = cold.tree_mb if cold.tree_mb is not None else cold.peak_mb
            out.append((f"N={n}: peak memory of the cold build, all its processes (MB)", together,
                        300 if n == 1000 else None, "MB", f"largest one process: {cold.peak_mb:.0f} MB"))  # fmt: skip
        if "live" in size:
            live = size["live"]
            value = statistics.median(live["seconds"]) if "seconds" in live else None
            note = (
                f"serve's rebuild itself: {statistics.median(s for s in live['rebuilt'] if s is not None):.2f} s"
                if live.get("rebuilt") and any(s is not None for s in live["rebuilt"])
                else live.get("error", "")
            )
            out.append((f"N={n}: serve: a saved lesson edit reaches the open page (browser)", value, 1.0, "s",
                        note))  # fmt: skip
    start = r.startup
    out.append(("`course --version` / `python -c \"import click\"`", _ratio(_case(start, start[0].name),
                _case(start, start[1].name)), 1.5, "x", ""))  # fmt: skip
    out.append(("flagship: cold build / floor", _ratio(_case(r.flagship, r.flagship[1].name),
                _case(r.flagship, r.flagship[0].name)), 0.65, "x", ""))  # fmt: skip
    if r.big:
        small, large = r.big.values()
        bound = "" if large.ok else f"did not finish ({large.note}): a lower bound"
        out.append(("time(N=10,000) / time(N=1,000), once each", large.seconds / small.seconds, 11, "x", bound))
        together = large.tree_mb if large.tree_mb is not None else large.peak_mb
        out.append(("N=10,000: peak memory, all its processes (MB)", together, 1024, "MB",
                    "; ".join(x for x in (bound, f"largest one process: {large.peak_mb:.0f} MB") if x)))  # fmt: skip
    else:
        out.append(("time(N=10,000) / time(N=1,000)", None, 11, "x", "run with --big"))
    if not any("live" in size for size in r.sizes.values()):
        out.append(("serve: a saved lesson edit reaches the open page", None, 1.0, "s", "not run (--live-size)"))
    return out


def _missing(r: Results, name: str) -> str:
    return "" if r.versions.get(name) else f"{name} did not install here"


def verdict(value, target, note: str) -> str:
    if value is None:
        return "not measured"
    if target is None:
        return ""
    met = value <= target
    return ("met" if met else "not met") + (" (lower bound)" if "lower bound" in note and not met else "")


def number(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit != "x":
        return f"{value:.0f} {unit}" if unit == "MB" else f"{value:.2f} {unit}"
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def target_text(target, unit: str) -> str:
    return "" if target is None else f"<= {target:g}" + ("x" if unit == "x" else f" {unit}")


def ratio_table(r: Results) -> str:
    lines = [f"{'measure':66} {'measured':>10} {'target':>10}  verdict"]
    for what, value, target, unit, note in rows(r):
        lines.append(f"{what:66} {number(value, unit):>10} {target_text(target, unit):>10}  "
                     f"{verdict(value, target, note)}" + (f"  ({note})" if note else ""))  # fmt: skip
    return "\n".join(lines)


def markdown(r: Results) -> str:
    from bench import report_md

    return report_md.render(r, rows(r), verdict, number, target_text, _machine(r))


def _machine(r: Results) -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    ours = {name: _version(name) for name in ("course", "Markdown", "pymdown-extensions", "Jinja2", "PyYAML", "nh3")}
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(r.started)),
        "minutes": (time.time() - r.started) / 60,
        "cpus": f"{len(__import__('os').sched_getaffinity(0))} ({cpu})",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]} on {platform.platform()}",
        "ours": ours,
        "tools": r.versions,
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
