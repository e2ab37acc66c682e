"""Benchmarks, reported as ratios measured side by side in one run (medians of several runs).

    python bench/run.py            # 1,000-lesson synthetic course + the flagship

build / bare-markdown: our whole build (load, check, render every page, write) against
Python-Markdown alone converting the same lesson files with the same extensions.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import make_course  # noqa: E402
from course.build import build, check  # noqa: E402
from course.convert import EXTENSION_CONFIGS, EXTENSIONS  # noqa: E402

RUNS = 3


def median_seconds(fn) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_markdown(root: Path) -> None:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    for path in sorted(root.glob("modules/**/*.md")):
        md.reset()
        md.convert(path.read_text(encoding="utf-8"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        courses = {"synthetic (1,000 lessons)": make_course(tmp / "synthetic", 20, 50), "flagship": Path(".").resolve()}
        print(f"{'course':28} {'lessons':>8} {'build s':>8} {'bare md s':>10} {'ratio':>6}")
        for name, root in courses.items():
            lessons = len(list(root.glob("modules/**/*.md")))
            ours = median_seconds(lambda root=root: build(root, tmp / "out"))
            bare = median_seconds(lambda root=root: bare_markdown(root))
            print(f"{name:28} {lessons:>8} {ours:>8.2f} {bare:>10.2f} {ours / bare:>6.2f}")
        flagship = courses["flagship"]
        full = median_seconds(lambda: check(flagship))
        cache: dict = {}
        check(flagship, cache=cache)
        warm = median_seconds(lambda: check(flagship, cache=cache))
        print(f"\nserve: a rebuild of the flagship with unchanged texts cached takes {warm / full:.2f}x a full check "
              f"({warm:.2f}s vs {full:.2f}s here; the watcher polls every 0.25s)")  # fmt: skip


if __name__ == "__main__":
    main()
