"""Lighthouse's mobile scores for the flagship's pages (issue 10): performance and accessibility.

Builds the flagship, serves it on 127.0.0.1 (a free port), runs Lighthouse (npm, pinned, installed
into bench/.work/lighthouse on first use) with Debian's chromium on each page a few times, and
writes the medians into their own section of bench/results.md (bench/run.py keeps that section
when it rewrites the file). Scores move a little from run to run on a shared machine: a
measure, not a test."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work" / "lighthouse"
LIGHTHOUSE = "lighthouse@12.8.2"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
    " --disable-background-networking --disable-component-update --disable-sync"
)
PAGES = [
    "en/index.html",
    "en/foundation/coming-to-delivery.html",
    "zh-CN/foundation/coming-to-delivery.html",
    "en/glossary/index.html",
    "zh-CN/glossary/index.html",
    "en/collaboration/quiz.html",
    "zh-CN/collaboration/quiz.html",
]
START, END = "<!-- lighthouse: written by bench/lighthouse.py -->", "<!-- /lighthouse -->"


def kept(results: Path, markdown: str) -> str:
    """markdown with the Lighthouse section of the results file it replaces carried over."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    found = re.search(re.escape(START) + ".*?" + re.escape(END), old, re.DOTALL)
    return markdown.rstrip("\n") + "\n\n" + found.group() + "\n" if found else markdown


def install() -> Path:
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(WORK), LIGHTHOUSE], check=True)
    return binary


def serve(folder: Path) -> tuple[socketserver.TCPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run (mobile emulation, its default): category scores 0-100 and key timings."""
    subprocess.run(
        [str(binary), url, "--only-categories=performance,accessibility,best-practices", "--output=json",
         f"--output-path={out}", "--quiet", f"--chrome-flags={CHROME_FLAGS}"],
        check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=300,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round(100 * v["score"]) for k, v in report["categories"].items()}
    audits = report["audits"]
    scores["fcp_ms"] = round(audits["first-contentful-paint"]["numericValue"])
    scores["lcp_ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    scores["tbt_ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["kb"] = round(audits["total-byte-weight"]["numericValue"] / 1024, 1)
    return scores


def section(rows: dict, runs: int, version: str, commit: str) -> str:
    lines = [
        START,
        "## Lighthouse, mobile (issue 10)",
        "",
        f"Lighthouse {version}, its default mobile emulation (a mid-range phone, slow 4G, 4x CPU slow-down),"
        f" Debian's chromium, the flagship at {commit} served on 127.0.0.1; median of {runs} runs a page."
        " Transfer is what Lighthouse counts (uncompressed: Python's http.server does not gzip).",
        "",
        "| page | performance | accessibility | best practices | first paint | largest paint | blocking | transfer |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, m in rows.items():
        lines.append(
            f"| `{page}` | {m['performance']} | {m['accessibility']} | {m['best-practices']} | {m['fcp_ms']} ms"
            f" | {m['lcp_ms']} ms | {m['tbt_ms']} ms | {m['kb']} KB |"
        )
    return "\n".join(lines + ["", END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    args = parser.parse_args()
    binary = install()
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    site = WORK / "site"
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "course", "build", str(ROOT), "-o", str(site)], check=True, cwd=ROOT)
    server, base = serve(site)
    rows = {}
    try:
        for page in PAGES:
            runs = [measure(binary, f"{base}/{page}", WORK / "report.json") for _ in range(args.runs)]
            rows[page] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(page, rows[page], flush=True)
    finally:
        server.shutdown()
        server.server_close()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    text = section(rows, args.runs, version, commit or "an unknown commit")
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    found = re.search(re.escape(START) + ".*?" + re.escape(END), old, re.DOTALL)
    new = old.replace(found.group(), text) if found else old.rstrip("\n") + "\n\n" + text + "\n"
    args.out.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
