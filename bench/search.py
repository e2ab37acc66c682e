"""The benchmark of issue 10, item 1: our search beside Pagefind, on the same built sites, side by side.

    python bench/search.py              # the flagship (recall) and N = 1,000 (size, query time); ~5 min here
    python bench/search.py --n 100      # a quick try of the script itself

Pagefind (pip `pagefind[bin]` and `pagefind[extended]`, the extended binary being the one that
segments Chinese) is installed into bench/.venv on first run, never into the project's venv, and
is only the reference: nothing of it ships. Each site is built by our tool, copied, and indexed by
Pagefind over the same <main> region our index reads (--root-selector main). Both are then
queried in the same headless Chromium, over http://127.0.0.1 (Pagefind fetches its files, so it
cannot run from file://; ours would run there too):

- size: every file of each index on disk, raw and gzipped (Pagefind's own files are already
  gzipped: their gzip figure is the bytes as they are), and what one query made the browser load;
- time: from a query to a ranked list with the snippets of the first 20 results, the first query
  of a fresh page (index files loaded) and then the median of the others;
- recall on the flagship: for 20 English and 20 Chinese queries a learner would type, each with
  the page(s) that answer it (QUERIES), the share whose page is among the first 5 results, and
  among the first 10, and the mean reciprocal rank.

The figures go into bench/results.md, in a section of their own (replaced on each run)."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import words  # noqa: E402
from bench.synthetic import make_course  # noqa: E402
from bench.tools import VENV, _base_python  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work" / "search"
RESULTS = BENCH / "results.md"
PAGEFIND = ("pagefind[bin]==1.5.2", "pagefind[extended]==1.5.2")
SECTION = "## Search: ours beside Pagefind (issue 10)"
SHOWN = 20  # results whose snippets a query waits for, as our page shows them

# A learner's queries on the flagship, each with the pages that answer it (relative to the
# language folder); a query counts as found when one of them is among the first k results.
QUERIES = {
    "en": [
        ("free lunch", ["cases/free-lunch.html", "foundation/free-lunch-grassroots-to-policy.html"]),
        ("chatdong", ["cases/seoul-chatdong.html", "foundation/coming-to-delivery.html"]),
        ("Shenyang", ["cases/social-management-models.html", "innovation/social-management-models.html"]),
        ("grid administration", ["cases/grid-administration.html", "innovation/grid-and-internet-plus.html"]),
        ("Internet Plus", ["cases/internet-plus.html", "innovation/grid-and-internet-plus.html"]),
        ("elderly care", ["cases/purchased-elderly-care.html", "foundation/government-purchase-of-services.html"]),
        ("Dobong ordinance", ["cases/dobong-ordinance.html", "innovation/rules-and-barriers.html"]),
        ("Gangdong", ["cases/gangdong-support-center.html", "collaboration/intermediaries.html"]),
        ("Hangzhou", ["cases/hangzhou-platforms.html", "collaboration/government-platforms.html"]),
        ("Alibaba Tencent", ["cases/online-giving-platforms.html", "collaboration/enterprises-and-online-giving.html"]),
        ("UNDP seminar", ["cases/undp-new-media-seminar.html"]),
        ("new media toolkit", ["action/new-media-toolkit.html", "cases/undp-new-media-seminar.html"]),
        (
            "five questions",
            ["action/five-questions.html", "worksheets/five-questions.html", "cases/five-questions-workshop.html"],
        ),  # fmt: skip
        ("practice path", ["action/practice-path.html"]),
        ("connection", ["action/connection.html"]),
        ("CSR", ["collaboration/enterprises-and-online-giving.html"]),
        ("cooperation map", ["worksheets/cooperation-map.html"]),
        ("service statement", ["worksheets/service-statement.html"]),
        ("one-day workshop", ["facilitator/one-day-workshop.html"]),
        ("innovation as a system", ["innovation/innovation-as-a-system.html"]),
    ],
    "zh-CN": [
        ("免费午餐", ["cases/free-lunch.html", "foundation/free-lunch-grassroots-to-policy.html"]),
        ("邓飞", ["cases/free-lunch.html", "foundation/free-lunch-grassroots-to-policy.html"]),
        ("沈阳模式", ["cases/social-management-models.html", "innovation/social-management-models.html"]),
        ("网格化管理", ["cases/grid-administration.html", "innovation/grid-and-internet-plus.html"]),
        ("互联网+", ["cases/internet-plus.html", "innovation/grid-and-internet-plus.html"]),
        ("养老服务", ["cases/purchased-elderly-care.html", "foundation/government-purchase-of-services.html"]),
        ("道峰区", ["cases/dobong-ordinance.html", "innovation/rules-and-barriers.html"]),
        ("江东区", ["cases/gangdong-support-center.html", "collaboration/intermediaries.html"]),
        ("杭州", ["cases/hangzhou-platforms.html", "collaboration/government-platforms.html"]),
        ("阿里巴巴", ["cases/online-giving-platforms.html", "collaboration/enterprises-and-online-giving.html"]),
        ("开发计划署", ["cases/undp-new-media-seminar.html"]),
        ("新媒体工具箱", ["action/new-media-toolkit.html", "cases/undp-new-media-seminar.html"]),
        (
            "五个问题",
            ["action/five-questions.html", "worksheets/five-questions.html", "cases/five-questions-workshop.html"],
        ),  # fmt: skip
        ("实践路径", ["action/practice-path.html"]),
        ("连接", ["action/connection.html"]),
        ("企业社会责任", ["collaboration/enterprises-and-online-giving.html"]),
        ("合作地图", ["worksheets/cooperation-map.html"]),
        ("服务说明", ["worksheets/service-statement.html"]),
        ("一天工作坊", ["facilitator/one-day-workshop.html"]),
        ("供给意识", ["foundation/delivery-awareness.html", "foundation/index.html"]),
    ],
}


def synthetic_queries(count: int = 20, seed: int = 10) -> list[str]:
    """Queries for the generated course: pairs of its English words, and its Chinese words."""
    rng = random.Random(seed)
    content = [w for w in words.ENGLISH if w not in words.CONNECTORS]
    return [f"{rng.choice(content)} {rng.choice(content)}" for _ in range(count)] + rng.sample(words.CHINESE, count)


# ---- making the sites ----


def ensure_pagefind(log=print) -> tuple[Path, str]:
    """bench/.venv's python with Pagefind installed (made as bench/tools.py makes it), and its version."""
    python = VENV / "bin" / "python"
    if not python.is_file():
        log(f"making {VENV} (once)")
        subprocess.run([_base_python(), "-m", "venv", str(VENV)], check=True)
    version = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('pagefind_bin_extended'))"],
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    if version != PAGEFIND[0].rsplit("==", 1)[1]:
        log(f"installing {', '.join(PAGEFIND)} into bench/.venv")
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PAGEFIND], check=True)
        version = PAGEFIND[0].rsplit("==", 1)[1]
    return python, version


def build_site(source: Path, out: Path) -> float:
    """Build source with our tool (this working tree's code) into out; the seconds it took."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COURSE_CACHE_DIR": str(WORK / "cache")}
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "course", "build", str(source), "-o", str(out)], check=True, env=env,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - start


INDEX_TIME = """
import sys, time
from pathlib import Path
from course.build import check
from course.render.search import search_files
if __name__ == "__main__":
    book = check(Path(sys.argv[1]), render=False).book
    start, cpu = time.perf_counter(), time.process_time()
    files = search_files(book)
    print(time.perf_counter() - start, time.process_time() - cpu)
"""


def index_seconds(source: Path) -> tuple[float, float]:
    """(wall, CPU) seconds our build spends making the search index (one process, the conversions cached)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COURSE_CACHE_DIR": str(WORK / "cache")}
    script = WORK / "index_time.py"
    script.write_text(INDEX_TIME, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(source)], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def pagefind_site(python: Path, site: Path, out: Path) -> float:
    """A copy of site with Pagefind's index in _pagefind/, and blank pages per language to query it from."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(site, out)
    start = time.perf_counter()
    subprocess.run([str(python), "-m", "pagefind", "--site", str(out), "--output-subdir", "_pagefind",
                    "--root-selector", "main", "--silent"], check=True)  # fmt: skip
    seconds = time.perf_counter() - start
    for lang in ("en", "zh-CN"):
        (out / f"_bench-{lang}.html").write_text(f'<!DOCTYPE html><html lang="{lang}"><title>bench</title></html>\n')
    return seconds


def sizes(files: list[Path], already_gzipped: bool = False) -> tuple[int, int, int]:
    """(files, raw bytes, gzipped bytes) of an index."""
    raw = sum(p.stat().st_size for p in files)
    packed = raw if already_gzipped else sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in files)
    return len(files), raw, packed


def our_files(site: Path, lang: str) -> list[Path]:
    return sorted(p for p in (site / "search").glob(f"{lang}*.js") if p.name.startswith((f"{lang}.", f"{lang}-")))


def pagefind_files(site: Path) -> list[Path]:
    """What Pagefind's search reads: its script, wasm, metadata, index chunks and fragments (not its UI)."""
    folder = site / "_pagefind"
    return sorted(p for p in folder.rglob("*") if p.is_file() and "-ui." not in p.name and "component" not in p.name
                  and "highlight" not in p.name)  # fmt: skip


# ---- querying in Chromium ----


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[str, socketserver.TCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


OURS_QUERY = """async (query) => {
  const status = document.querySelector('.search-status');
  const input = document.querySelector('#search-q');
  const before = status.textContent;
  const start = performance.now();
  input.value = query;
  document.querySelector('.search-form').dispatchEvent(new Event('submit', {cancelable: true}));
  while (status.textContent === before || status.textContent === '') { await new Promise(r => setTimeout(r, 1)); }
  const ms = performance.now() - start;
  const hrefs = Array.from(document.querySelectorAll('.search-results a.search-hit')).map(a => a.getAttribute('href'));
  return [ms, hrefs];
}"""

PAGEFIND_QUERY = """async ([query, shown]) => {
  if (!window.pf) { window.pf = await import('/_pagefind/pagefind.js'); await window.pf.init(); }
  const start = performance.now();
  const search = await window.pf.search(query);
  const data = await Promise.all(search.results.slice(0, shown).map(r => r.data()));
  const ms = performance.now() - start;
  return [ms, data.map(d => d.url), search.results.length];
}"""


def run_queries(ours: str, theirs: str, lang: str, queries: list[str]) -> dict:
    """Each query on our search page and on Pagefind, in one Chromium: times, result addresses, bytes loaded."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    out = {"ours": {"ms": [], "urls": [], "bytes": []}, "pagefind": {"ms": [], "urls": [], "bytes": []}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, base, first in (("ours", ours, f"{lang}/search.html"), ("pagefind", theirs, f"_bench-{lang}.html")):
            page = browser.new_page()
            loaded: list[int] = []
            page.on("requestfinished", functools.partial(_count_index_bytes, loaded))
            page.goto(f"{base}/{first}")  # our page loads the language's index file itself: counted with query 1
            page.wait_for_load_state("load")
            for query in queries:
                if name == "ours":
                    ms, urls = page.evaluate(OURS_QUERY, query)
                    urls = [unquote(u.split("#")[0]) for u in urls]
                else:
                    ms, urls, _ = page.evaluate(PAGEFIND_QUERY, [query, SHOWN])
                    urls = [unquote(urlparse(u).path).lstrip("/").split("/", 1)[-1] for u in urls]
                    urls = [u + "index.html" if u.endswith("/") or not u else u for u in urls]  # its pretty URLs
                out[name]["ms"].append(ms)
                out[name]["urls"].append(urls)
                out[name]["bytes"].append(sum(loaded))
                del loaded[:]
            page.close()
        browser.close()
    return out


def _count_index_bytes(loaded: list[int], request) -> None:
    if "/search/" in request.url or "/_pagefind/" in request.url:  # an index's files, not the page's own
        loaded.append((request.sizes() or {}).get("responseBodySize", 0))


def recall(found: list[list[str]], expected: list[list[str]], k: int) -> float:
    return sum(any(u in want for u in got[:k]) for got, want in zip(found, expected, strict=True)) / len(expected)


def mrr(found: list[list[str]], expected: list[list[str]]) -> float:
    total = 0.0
    for got, want in zip(found, expected, strict=True):
        ranks = [i for i, u in enumerate(got) if u in want]
        total += 1 / (ranks[0] + 1) if ranks else 0
    return total / len(expected)


def timing(ms: list[float]) -> str:
    rest = ms[1:] or ms
    return f"{ms[0]:.0f} ms first, {statistics.median(rest):.1f} ms median, {max(rest):.0f} ms worst"


# ---- the report ----


def loads(sizes: list[int]) -> str:
    """What the browser fetched for the first query of a fresh page (the page itself not counted),
    and for all the queries together (a file once fetched is not fetched again)."""
    return f"{kb(sizes[0])}, {kb(sum(sizes))}"


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} KB" if n >= 10_000 else f"{n / 1000:,.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="lessons of the generated course (default 1,000)")
    args = parser.parse_args()
    shutil.rmtree(WORK / "cache", ignore_errors=True)  # cold builds: no conversion cache, no record of a build
    WORK.mkdir(parents=True, exist_ok=True)
    python, version = ensure_pagefind()
    lines = [SECTION, ""]
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    lines.append(f"Measured by `python bench/search.py` at {head.stdout.strip()}, against Pagefind {version} (the "
                 "extended binary, which segments Chinese), both indexing `<main>` of the same built pages and "
                 "queried in the same headless Chromium over http://127.0.0.1. Sizes are every file of an index; "
                 "a query's time runs from the query to a ranked list with the snippets of the first "
                 f"{SHOWN} results.")  # fmt: skip
    lines.append("")

    # the flagship: recall
    flagship = build_and_index(python, ROOT, "flagship", log=print)
    lines += ["### Recall on the flagship (20 English and 20 Chinese queries, `QUERIES` in bench/search.py)", ""]
    lines += ["| | queries | found in the first 5 | first 10 | mean reciprocal rank | query time | loaded: first query, all |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    misses = []
    for lang, table in QUERIES.items():
        queries = [q for q, _ in table]
        expected = [want for _, want in table]
        got = run_queries(flagship["ours_url"], flagship["pf_url"], lang, queries)
        for name in ("ours", "pagefind"):
            found = got[name]["urls"]
            lines.append(f"| {name}, {lang} | {len(queries)} | {recall(found, expected, 5):.0%} | "
                         f"{recall(found, expected, 10):.0%} | {mrr(found, expected):.2f} | {timing(got[name]['ms'])} | "
                         f"{loads(got[name]['bytes'])} |")  # fmt: skip
            misses += [f"{name}, {lang}: “{q}” (first: {', '.join(f[:3]) or 'nothing'})"
                       for q, want, f in zip(queries, expected, found, strict=True) if not any(u in want for u in f[:5])]  # fmt: skip
    lines.append("")
    if misses:
        lines += ["Not in the first 5:", "", *[f"- {m}" for m in misses], ""]
    lines += size_table(flagship, ("en", "zh-CN"), "the flagship (49 pages a language)")
    flagship["stop"]()

    # N lessons: size and time
    course = WORK / f"synthetic-{args.n}"
    make_course(course, args.n)
    big = build_and_index(python, course, f"synthetic-{args.n}", log=print)
    queries = synthetic_queries()
    got = run_queries(big["ours_url"], big["pf_url"], "en", queries)
    lines += size_table(big, ("en",), f"N = {args.n:,} (the seeded generated course; one language, a fifth of its "
                        "lessons in Chinese)")  # fmt: skip
    lines += [f"### Query time at N = {args.n:,} (20 two-word English and 20 Chinese queries from the generator's words)",
              "", "| | query time | results shown (median) | loaded: first query, all |", "|---|---|---|---|"]  # fmt: skip
    for name in ("ours", "pagefind"):
        counts = [len(u) for u in got[name]["urls"]]
        lines.append(f"| {name} | {timing(got[name]['ms'])} | {statistics.median(counts):.0f} shown | "
                     f"{loads(got[name]['bytes'])} |")  # fmt: skip
    wall, cpu = index_seconds(course)
    lines += ["", f"Index time at N = {args.n:,}: our whole build {big['build']:.1f} s, of which making the index "
              f"{wall:.1f} s ({cpu:.1f} s of CPU; timed alone, in one process); Pagefind's indexing of the built "
              f"pages {big['pf_seconds']:.1f} s.", ""]  # fmt: skip
    big["stop"]()
    write_section("\n".join(lines))
    print("\n".join(lines))


def build_and_index(python: Path, source: Path, name: str, log=print) -> dict:
    site = WORK / name / "build"
    log(f"building {name}")
    seconds = build_site(source, site)
    log(f"indexing {name} with Pagefind")
    theirs = WORK / name / "pagefind"
    pf_seconds = pagefind_site(python, site, theirs)
    ours_url, ours_server = serve(site)
    pf_url, pf_server = serve(theirs)

    def stop():
        for server in (ours_server, pf_server):
            server.shutdown()
            server.server_close()

    return {"site": site, "theirs": theirs, "build": seconds, "pf_seconds": pf_seconds, "ours_url": ours_url,
            "pf_url": pf_url, "stop": stop}  # fmt: skip


def size_table(made: dict, langs, what: str) -> list[str]:
    lines = [f"### Index size, {what}", "", "| | files | raw | gzipped | the one file every query loads first |",
             "|---|---|---|---|---|"]  # fmt: skip
    for lang in langs:
        files = our_files(made["site"], lang)
        n, raw, packed = sizes(files)
        first = made["site"] / "search" / f"{lang}.js"
        lines.append(f"| ours, {lang} | {n} | {kb(raw)} | {kb(packed)} | {lang}.js: {kb(first.stat().st_size)} raw, "
                     f"{kb(len(gzip.compress(first.read_bytes(), 9, mtime=0)))} gzipped |")  # fmt: skip
    n, raw, _ = sizes(pagefind_files(made["theirs"]), already_gzipped=True)
    lines.append(
        f"| Pagefind, every language | {n} | {kb(raw)} as stored (already gzipped) | {kb(raw)} | "
        "pagefind.js, its wasm and the language's metadata |"
    )
    lines.append("")
    return lines


def write_section(text: str) -> None:
    """bench/results.md with the search section replaced (or added at the end)."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    before, found, after = current.partition(SECTION)
    if found:
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) > 1 else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n" + after, encoding="utf-8")


if __name__ == "__main__":
    main()
