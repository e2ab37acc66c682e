"""Where a cold build's time goes, by stage: our build under pyinstrument, in a child process.

    python bench/stages.py COURSE_DIR OUT_DIR BENCH_SITE_PACKAGES   # prints JSON

pyinstrument lives in bench/.venv; its folder is appended to sys.path (after ours), so the build
runs on the project's own packages. Each sample's time goes to the innermost stage it is in.
(Not named profile.py: scripts in bench/ would then shadow the standard library's profile module.)"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --code may name other code

# (stage, file suffix, function): the innermost match on a sample's stack names its stage.
STAGES = [
    ("loading: YAML with positions", "course/yamlsource.py", None),
    ("loading: other (discovery, checks, model)", "course/load.py", "load_course"),
    ("Markdown: Python-Markdown convert", "markdown/core.py", "convert"),
    ("Markdown: nh3 sanitiser + link rewriting", "course/sanitize.py", "clean"),
    ("Markdown: limits, directives, links, bookkeeping", "course/markdown.py", None),
    ("Markdown: limits, directives, links, bookkeeping", "course/convert.py", None),
    ("quiz views (display order, answer key)", "course/quizview.py", "question_view"),
    ("templates: navigation (_nav.html)", "_nav.html", None),
    ("templates: quiz markup (_quiz.html, _question.html)", "_quiz.html", None),
    ("templates: page (base, lesson, home, …)", "jinja2/environment.py", "render"),
    ("site map: navigation lists", "course/render.py", "navigation"),
    ("anchor ids scanned from finished pages", "course/render.py", "render"),
    ("writing: temp folder, swap", "course/write.py", "write_site"),
]


def stage_of(stack: list) -> tuple[str, bool]:
    """The stage of the innermost matching frame, and whether a quiz is being rendered."""
    in_quiz = any(f.function == "quiz_html" for f in stack)
    for frame in reversed(stack):
        for name, suffix, function in STAGES:
            if (frame.file_path or "").endswith(suffix) and (function is None or frame.function == function):
                return name, in_quiz
    return "other (start-up, imports, CLI, render loop)", in_quiz


def walk(frame, stack, totals: Counter, quiz: Counter) -> None:
    stack.append(frame)
    own = frame.time - sum(child.time for child in frame.children)  # counted once, whatever the tree's shape
    if own > 0:
        name, in_quiz = stage_of(stack)
        totals[name] += own
        if in_quiz and name.startswith("Markdown"):
            quiz[name] += own
    for child in frame.children:
        walk(child, stack, totals, quiz)
    stack.pop()


def main(root: Path, out: Path) -> dict:
    started = time.perf_counter()
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    import markdown

    from course.build import build

    conversions: Counter = Counter()
    original = markdown.Markdown.convert

    def counted(self, text):
        """Counts each conversion by what asked for it, read from the caller's stack."""
        names, frame = set(), sys._getframe(1)
        while frame:
            names.add(frame.f_code.co_name)
            frame = frame.f_back
        conversions["quiz texts" if "quiz_html" in names else "pages and other texts"] += 1
        return original(self, text)

    markdown.Markdown.convert = counted
    build(root, out)
    session = profiler.stop()
    totals: Counter = Counter()
    quiz: Counter = Counter()
    walk(session.root_frame(), [], totals, quiz)
    return {
        "lessons": len(list(root.glob("modules/*.md"))),
        "seconds": time.perf_counter() - started,
        "sampled": sum(totals.values()),
        "stages": dict(totals.most_common()),
        "quiz_markdown": dict(quiz),
        "conversions": dict(conversions.most_common()),
        "text": profiler.output_text(unicode=True, color=False, show_all=False),
    }


if __name__ == "__main__":
    sys.path.append(sys.argv[3])
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
