"""The static site under a class's load, and the LRS under a burst of statements (issue 13, item 5).

    python bench/load.py                 # the flagship on nginx at 100, 1,000 and 5,000 connections; Ralph's burst
    python bench/load.py --seconds 5 --connections 100   # a quick try

Everything runs on 127.0.0.1 and is bounded: wrk runs a fixed time per step, the burst posts a fixed
number of statements. The flagship is built into bench/.work/load/site and served by Debian's nginx
(run as this user, temp paths under bench/.work/load) with gzip on and cache headers: pages are
revalidated (ETag), assets kept for an hour (their names carry no content hash yet, so a longer life
would keep an old course.css after an update). Ralph runs with its filesystem backend, as the tests
start it. The figures go into their own section of bench/results.md, which this script rewrites and
run.py leaves alone."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.classgen import class_statements  # noqa: E402
from tests.nginx import Nginx, Tuning  # noqa: E402
from tests.ralph import Ralph  # noqa: E402

WORK = BENCH / ".work" / "load"
RESULTS = BENCH / "results.md"
BEGIN, END = "<!-- load: written by bench/load.py -->", "<!-- /load -->"
# A host for a class: many connections, gzip, and cache headers that let hashed assets be reused.
TUNING = Tuning(
    connections=8192,
    main="worker_rlimit_nofile 16384;\n",
    http="""\
    sendfile on;
    keepalive_requests 100000;
    gzip on;
    gzip_comp_level 5;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml;
    etag on;
""",
    listen=" backlog=8192",
    server="""\
        location /assets/ { add_header Cache-Control "public, max-age=3600"; }
        location / { add_header Cache-Control "no-cache"; }
""",
)


def serve_site(site: Path) -> Nginx:
    folder = WORK / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    nginx = Nginx(site, folder, TUNING)
    try:
        nginx.start()
    except RuntimeError as e:
        raise SystemExit(str(e)) from None
    return nginx


def wrk(url: str, connections: int, seconds: int) -> dict:
    threads = 2
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{max(connections, threads)}", f"-d{seconds}s", "--latency",
                           "-H", "Accept-Encoding: gzip", url], capture_output=True, text=True, timeout=seconds + 60)  # fmt: skip
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "connections": connections,
        "rps": rps,
        "p99_ms": float(p99[1]) * scale[p99[2]] if p99 else None,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx": int(non2xx[1]) if non2xx else 0,
    }


def burst(ralph: Ralph, statements: list[dict], batch: int, workers: int) -> dict:
    """Post the statements in batches from several threads at once; statements per second accepted."""
    import base64

    token = base64.b64encode(f"{ralph.user}:{ralph.password}".encode()).decode()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
        "Authorization": f"Basic {token}",
    }
    batches = [statements[i : i + batch] for i in range(0, len(statements), batch)]
    accepted, failed, lock = [0], [0], threading.Lock()

    def post(chunk):
        request = urllib.request.Request(ralph.endpoint + "statements", json.dumps(chunk).encode(), headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                ok = response.status in (200, 204)
        except OSError:
            ok = False
        with lock:
            (accepted if ok else failed)[0] += len(chunk)

    def work(mine):
        for chunk in mine:
            post(chunk)

    start = time.perf_counter()
    pool = [threading.Thread(target=work, args=(batches[i::workers],)) for i in range(workers)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - start
    return {"batch": batch, "workers": workers, "statements": len(statements), "accepted": accepted[0],
            "failed": failed[0], "seconds": seconds, "per_second": accepted[0] / seconds}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", default="100,1000,5000")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--statements", type=int, default=6000, help="statements in each of Ralph's bursts")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    site = WORK / "site"
    subprocess.run([sys.executable, "-m", "course", "build", str(ROOT), "-o", str(site)], check=True, cwd=ROOT,
                   capture_output=True)  # fmt: skip
    lesson = next(p for p in sorted((site / "en").rglob("*.html")) if p.parent != site / "en")
    load = os.getloadavg()[0]
    nginx = serve_site(site)
    pages = []
    try:
        for path in ("en/index.html", lesson.relative_to(site).as_posix(), "assets/course.js"):
            for n in (int(c) for c in args.connections.split(",")):
                result = wrk(f"http://127.0.0.1:{nginx.port}/{path}", n, args.seconds)
                result["path"] = path
                pages.append(result)
                print(json.dumps(result))
    finally:
        nginx.stop()
    (WORK / "ralph").mkdir(exist_ok=True)
    shutil.rmtree(WORK / "ralph", ignore_errors=True)
    (WORK / "ralph").mkdir()
    ralph = Ralph(WORK / "ralph")
    bursts = []
    try:
        made = list(class_statements(ROOT, learners=args.statements // 40 + 1, organisations=20))
        pool = iter(range(0, len(made), args.statements // 3))
        for batch, workers in ((1, 8), (50, 4), (500, 2)):
            start = next(pool, 0)
            result = burst(ralph, made[start : start + args.statements // 3], batch, workers)
            bursts.append(result)
            print(json.dumps(result))
    finally:
        ralph.stop()
    write_results(pages, bursts, load, args.seconds)


def write_results(pages: list[dict], bursts: list[dict], load: float, seconds: int) -> None:
    lines = [BEGIN, "", "## Load: the flagship on nginx, statements into Ralph (issue 13)", "",
             f"`python bench/load.py`: wrk 2 threads, {seconds} s a step, `Accept-Encoding: gzip`, on 127.0.0.1; "
             f"nginx 2 workers; load average {load:.1f} when it began (the machine's 2 cores are shared: read the "
             "figures as a floor).", "",
             "| page | connections | requests/s | p99 latency | socket errors | non-2xx |", "|---|---|---|---|---|---|"]  # fmt: skip
    for r in pages:
        p99 = "–" if r["p99_ms"] is None else f"{r['p99_ms']:.1f} ms"
        lines.append(
            f"| `{r['path']}` | {r['connections']:,} | {r['rps']:,.0f} | {p99} | {r['socket_errors']} | {r['non_2xx']} |"
        )
    lowest = min(r["rps"] for r in pages if r["path"].endswith(".html"))
    # A class hour: 12,000 learners each open some 15 pages; at the start of a live session most
    # arrive within five minutes and each first visit fetches a page and its two assets.
    hour = 12_000 * 15 / 3600
    start = 12_000 * 3 / 300
    lines += ["", f"A class of 12,000 learners each reading some 15 pages in an hour asks for {hour:.0f} pages a second on "
              f"average; all of them arriving within five minutes, each fetching a page and its two assets, ask for "
              f"{start:.0f} requests a second. The slowest page step above served {lowest:,.0f} a second, "
              f"{lowest / start:,.0f} times that peak, from one 2-core machine.", "",
              "| Ralph burst | statements | accepted | failed | seconds | statements/s |", "|---|---|---|---|---|---|"]  # fmt: skip
    for b in bursts:
        lines.append(f"| {b['batch']} a request, {b['workers']} at once | {b['statements']:,} | {b['accepted']:,} | "
                     f"{b['failed']:,} | {b['seconds']:.1f} | {b['per_second']:,.0f} |")  # fmt: skip
    single = next(b["per_second"] for b in bursts if b["batch"] == 1)
    need = 12_000 * 45 / 3600
    lines += ["", f"Pages send one statement a request; a class of 12,000 sends some 45 each in an hour, {need:.0f} a second "
              f"on average. Ralph's filesystem backend took {single:,.0f} a second one at a time here. It is a test "
              "backend (one JSON file, appended): production runs Ralph on ClickHouse or Elasticsearch (or another "
              "LRS), which is where a class's peak belongs.", "", END]  # fmt: skip
    text = RESULTS.read_text() if RESULTS.exists() else ""
    block = "\n".join(lines) + "\n"
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
