"""The conversion work of a cold build, split by kind of text, on one core, without the cache:

    COURSE_CACHE_DIR=off python bench/texts.py COURSE_DIR      # prints JSON

The texts are those the build converts ahead in its process pool (course/link/book.py's prefetch:
every page body, and every quiz text that is not plain), each converted once by convert() as a
worker does (the plain quiz texts, given back without Python-Markdown, are left out). Beside
them, the floor's own work on the same lessons (bench/floor.py), in the same process, so the
three figures can be set side by side. CPU seconds of this process, so another engineer's test run
on the machine moves them less than it moves wall time. Not part of run.py: run it by hand."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code


def main(root: Path) -> dict:
    from bench.floor import convert_all
    from course.convert.text import convert
    from course.errors import Report
    from course.link.book import _quiz_texts
    from course.load.course import load_course

    course = load_course(root, Report())
    pages = [(page.body_md, page.source, page.body_line, False, lang) for lang in course.languages
             for m in course.modules for page in (m.index[lang], *(ls.pages[lang] for ls in m.lessons))]  # fmt: skip
    quiz = _quiz_texts(course)
    seconds = {}
    for name, keys in (("page bodies", pages), ("quiz texts that need Python-Markdown", quiz)):
        started = time.process_time()
        for key in keys:
            convert(*key)
        seconds[name] = (len(keys), time.process_time() - started)
    started = time.process_time()
    convert_all(root)
    seconds["the floor (bench/floor.py's work)"] = (len(pages), time.process_time() - started)
    return {name: {"texts": n, "cpu_seconds": round(s, 2)} for name, (n, s) in seconds.items()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), indent=1))
