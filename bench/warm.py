"""Rebuilds the way `course serve` does them, in one process with its Markdown cache, as a child:

    python bench/warm.py COURSE_DIR ROUNDS      # prints JSON: seconds of each rebuild

The first rebuild fills the cache (that is serve's start, the cold one); then ROUNDS times, in
turn: nothing changed, one lesson edited, one quiz edited. Each rebuild is what DevServer.rebuild
does (course/serve/preview.py): forget file times, check with the conversions kept in memory
between rebuilds (with that cache, check uses neither the disk cache nor the process pool: serve's
first rebuild converts everything in its own process), write only the files whose bytes changed."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code
from bench.edits import edit_lesson, edit_quiz  # noqa: E402
from course.build import check  # noqa: E402

try:  # the stage subpackages
    from course.load import freshness
    from course.serve.preview import sync_site
except ImportError:  # the flat layout before them
    from course import freshness  # noqa: E402
    from course.serve import sync_site  # noqa: E402


def rebuild(root: Path, cache: dict, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    freshness.forget()
    checked = check(root, cache=cache)
    if not checked.ok:
        raise SystemExit("\n".join(d.format() for d in checked.diagnostics))
    changed = sync_site(checked.site, out)
    return time.perf_counter() - started, len(changed)


def main(root: Path, rounds: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    cache: dict = {}
    try:
        first, _ = rebuild(root, cache, out)
        times: dict[str, list] = {"cold": [first], "noop": [], "lesson": [], "quiz": []}
        changed: dict[str, list] = {"noop": [], "lesson": [], "quiz": []}
        for n in range(rounds):
            for kind, edit in (("noop", None), ("lesson", edit_lesson), ("quiz", edit_quiz)):
                if edit:
                    edit(root, n)
                seconds, files = rebuild(root, cache, out)
                times[kind].append(seconds)
                changed[kind].append(files)
        return {"seconds": times, "files_changed": changed}
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), int(sys.argv[2]))))
