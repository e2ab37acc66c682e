"""Where a build's time goes, by stage: our build sampled by py-spy, the conversion pool's workers too.

    py-spy record --subprocesses --format raw -o RAW -- python bench/stages.py COURSE_DIR OUT_DIR FACTS_JSON

runs one `course build` in this process, as the CLI does, and writes FACTS_JSON: how many texts the
build asked for and where each came from (the process pool, Python-Markdown in this process, the
disk cache, or given back as plain text), and the wall time of each phase. aggregate(RAW) then
gives each sample to the innermost stage on its stack. py-spy counts only samples where a thread
is running, so the seconds are CPU seconds of all the build's processes together, not wall time.
(Not named profile.py: scripts in bench/ would then shadow the standard library's profile module.)"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code

QUIZ_PARTIALS = ("_quiz.html", "_question.html", *(p.name for p in (Path(__file__).parents[1] / "course" / "templates"
                 / "questions").glob("*.html")))  # fmt: skip
CONTEXT = [  # a frame anywhere on the stack names the stage, whatever runs inside it
    ("quiz texts found ahead (each quiz view made once more)", "course/link/book.py", "_quiz_texts"),
]
# (stage, files, function or None): the innermost matching frame on a sample's stack names its
# stage. A file ending in "/" is a folder; the files of the flat layout before the stage subpackages
# come after the new ones.
STAGES = [
    (
        "templates: compiling them (Jinja's lexer, parser, compiler)",
        (
            "jinja2/lexer.py",
            "jinja2/parser.py",
            "jinja2/compiler.py",
            "jinja2/visitor.py",
            "jinja2/optimizer.py",
            "jinja2/idtracking.py",
        ),
        None,
    ),
    ("templates: navigation (_nav.html)", ("_nav.html",), None),
    ("templates: quiz markup (_quiz.html, _question.html, questions/)", QUIZ_PARTIALS, None),
    ("templates: page (base, lesson, home, …)", (".html",), None),
    ("Markdown: Python-Markdown convert", ("markdown/core.py",), "convert"),
    ("Markdown: nh3 sanitiser", ("course/convert/sanitize.py", "course/sanitize.py"), None),
    (
        "Markdown: our wrapper (plain-text test, limits, quiz slots, facts)",
        ("course/convert/text.py", "course/convert/limits.py", "course/markdown.py", "course/convert.py"),
        None,
    ),
    ("conversion cache: SQLite, JSON, hashing (convert/cache.py)", ("course/convert/cache.py",), None),
    ("linking: links, anchors, placeholders (link/resolve.py)", ("course/link/resolve.py",), None),
    ("quiz views (display order, answer key)", ("course/questions/", "course/quizview.py"), None),
    ("book: freezing (course/book.py)", ("course/book.py",), None),
    ("book: the rest of make_book (link/book.py)", ("course/link/",), None),
    ("loading: YAML with positions", ("course/load/yamlsource.py", "course/yamlsource.py"), None),
    ("build record: state of the inputs (load/inputs.py)", ("course/load/inputs.py",), None),
    ("loading: other (discovery, checks, git, model)", ("course/load/", "course/load.py"), None),
    ("rendering: the site loop, page assembly (render/)", ("course/render/", "course/render.py"), None),
    ("writing: files, the build record (write/)", ("course/write/", "course/write.py"), None),
    ("process pool: workers' start, texts and results passed", ("multiprocessing/", "concurrent/futures/"), None),
    ("start-up: imports", ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>"), None),
]
OTHER = "other (CLI, standard library, render loop glue)"


def _parts(frame: str) -> tuple[str, str]:
    """'Markdown.convert (markdown/core.py:374)' -> ('convert', 'markdown/core.py')."""
    function, _, where = frame.rpartition(" (")
    return function.rsplit(".", 1)[-1], where.rstrip(")").rsplit(":", 1)[0]


def _in(file: str, places: tuple[str, ...]) -> bool:
    return any(f"/{place}" in f"/{file}" if place.endswith("/") else file.endswith(place) for place in places)


def stage_of(frames: list[str]) -> str:
    parts = [_parts(f) for f in frames]
    for name, suffix, function in CONTEXT:
        if any(_in(file, (suffix,)) and f == function for f, file in parts):
            return name
    for depth in range(len(parts) - 1, -1, -1):
        function, file = parts[depth]
        if function == "<module>" and depth > 0:  # a module's own code runs as it is imported
            return "start-up: imports"
        for name, places, wanted in STAGES:
            if _in(file, places) and (wanted is None or function == wanted):
                return name
    return OTHER


def aggregate(raw: Path, rate: int) -> dict:
    """py-spy's raw output ('process A;process B;frame;frame count' per line) by stage, in CPU
    seconds, and how much of each ran in the pool's workers (two process frames or more deep)."""
    totals: Counter = Counter()
    workers: Counter = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        depth = sum(1 for f in frames if f.startswith("process "))
        name = stage_of([f for f in frames if not f.startswith("process ")])
        totals[name] += int(count) / rate
        if depth >= 3:  # the build, its forkserver, a worker
            workers[name] += int(count) / rate
    return {"stages": dict(totals.most_common()), "workers": dict(workers), "sampled": sum(totals.values())}


def main(root: Path, out: Path) -> dict:
    """One build as `course build` runs it, with counts and phase times noted on the way."""
    started = time.perf_counter()
    from course import build as build_module
    from course.convert import cache, text
    from course.link import book, resolve
    from course.load import course as load
    from course.render import exporters

    asked: Counter = Counter()  # texts the book asked for, by kind
    made: Counter = Counter()  # where each conversion came from
    phases: Counter = Counter()  # wall seconds

    def kind(source: str) -> str:
        return "quiz texts" if source.endswith((".yaml", ".yml")) else "pages and other texts"

    def timed(phase, function):
        def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[phase] += time.perf_counter() - begun

        return wrapper

    render, prefetch, markdown, get = (resolve.MarkdownRenderer.render, resolve.MarkdownRenderer.prefetch,
                                       text.convert_markdown, cache.DiskCache.get)  # fmt: skip

    def counted_render(self, text_, source, *args, **kwargs):
        asked[kind(source)] += 1
        return render(self, text_, source, *args, **kwargs)

    def counted_prefetch(self, keys):
        begun = time.perf_counter()
        prefetch(self, keys)
        phases["of it, converting ahead in the process pool"] += time.perf_counter() - begun
        made.update(f"{kind(k[1])}: converted in the process pool" for k in self.prefetched)

    def counted_markdown(text_, source, *args, **kwargs):
        made[f"{kind(source)}: converted by Python-Markdown in the build's process"] += 1
        return markdown(text_, source, *args, **kwargs)

    def counted_get(self, key):
        found = get(self, key)
        if found is not None:
            made["read from the disk cache"] += 1
        return found

    resolve.MarkdownRenderer.render, resolve.MarkdownRenderer.prefetch = counted_render, counted_prefetch
    text.convert_markdown, cache.DiskCache.get = counted_markdown, counted_get
    load.load_course = timed("loading the course (load_course)", load.load_course)
    book.make_book = timed("the book: converting and linking (make_book)", book.make_book)
    exporters.EXPORTERS["site"] = timed("rendering and writing the site", exporters.EXPORTERS["site"])
    result = build_module.build(root, out)
    seconds = time.perf_counter() - started
    plain = sum(asked.values()) - sum(made.values())
    return {
        "seconds": seconds,
        "unchanged": result.unchanged,
        "phases": dict(phases),
        "asked": dict(asked),
        "made": dict(made.most_common()),
        "plain or repeated (no conversion)": plain,
    }


if __name__ == "__main__":
    facts = main(Path(sys.argv[1]), Path(sys.argv[2]))
    Path(sys.argv[3]).write_text(json.dumps(facts, indent=1), encoding="utf-8")
