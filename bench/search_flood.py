"""The bench row "article p95 while 20 clients flood search" (bench/run.py; docs/benchmark.md).

deploy/'s whole chain on loopback: nginx (deploy/nginx/journos.conf, its
search limits included) → Varnish (deploy/varnish/default.vcl) → gunicorn
(deploy/gunicorn.conf.py, full-page cache off, TRUSTED_PROXY_COUNT=2). 20 wrk
connections send searches of random words through nginx (none is in any
cache: each runs a full-text search unless something refuses it), while another
wrk measures an uncached article straight from gunicorn, as the bench's
"uncached origin" rows do; the quiet p95 is the same wrk without the flood,
measured before and after it.
"""

import re
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.production import servers

BENCH = Path(__file__).resolve().parent
FLOOD_CONNECTIONS = 20
ARTICLE_CONNECTIONS = 4
TARGET_RATIO = 3


def measure(env: dict, workdir: Path, article_path: str, duration: int) -> dict:
    """Quiet article p95, the same under the flood, and what the flood's requests were answered."""
    env = {**env, "PAGE_CACHE": "off", "TRUSTED_PROXY_COUNT": "2"}
    processes = []
    try:
        gunicorn, app_port = servers.start_gunicorn(env, workdir, "flood-origin")
        processes.append(gunicorn)
        varnish, varnish_port = servers.start_varnish(app_port)
        processes.append(varnish)
        http_body, server_body = servers.deploy_nginx(varnish_port)
        nginx, nginx_port = servers.start_nginx(server_body, http_body)
        processes.append(nginx)
        article = f"http://127.0.0.1:{app_port}{article_path}"
        for _ in range(3):  # warm: fragments cached, as on a site that is up
            urllib.request.urlopen(article, timeout=60).read()
        before = article_run(article, duration)
        flood = subprocess.Popen(
            wrk_args(f"http://127.0.0.1:{nginx_port}", FLOOD_CONNECTIONS, duration + 2, "flood_search.lua"),
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(1)  # the flood is at full strength before the measurement starts
        during = article_run(article, duration)
        flooded = parse_statuses(flood.communicate(timeout=duration + 60)[0])
        drain(article, before["p95"])
        after = article_run(article, duration)
    finally:
        for process in reversed(processes):
            servers.stop(process)
    quiet = (before["p95"] + after["p95"]) / 2
    return {"quiet": quiet, "before": before, "after": after, "during": during, "flood": flooded}


def drain(url: str, quiet_ms: float, longest: float = 60) -> None:
    """Wait for the searches already queued in front of gunicorn: until the article answers as when quiet."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(url, timeout=60).read()
        if (time.monotonic() - started) * 1000 <= quiet_ms:
            return
        time.sleep(0.5)


def article_run(url: str, duration: int) -> dict:
    result = subprocess.run(
        wrk_args(url, ARTICLE_CONNECTIONS, duration, "p95.lua"), capture_output=True, text=True, timeout=duration + 60
    )
    text = result.stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    timeouts = re.search(r"timeout (\d+)", text)
    return {
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "p95": float(re.search(r"^p95_ms ([\d.]+)$", text, flags=re.MULTILINE).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def wrk_args(url: str, connections: int, duration: int, script: str) -> list[str]:
    threads = min(2, connections)
    # A generous timeout: a request wrk gives up on would be left out of the percentiles.
    args = [f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(BENCH / script), url]
    return ["wrk", *args]


def parse_statuses(text: str) -> dict:
    return {status: int(count) for status, count in re.findall(r"^status (\d+|other) (\d+)$", text, re.MULTILINE)}


def report(result: dict) -> list[str]:
    quiet, during = result["quiet"], result["during"]["p95"]
    ratio = during / quiet if quiet else float("nan")
    flood = ", ".join(f"{count} × {status}" for status, count in sorted(result["flood"].items())) or "none"
    met = "MET " if ratio <= TARGET_RATIO else "MISSED"
    return [
        "",
        "## Article p95 while 20 clients flood search",
        "",
        f"{FLOOD_CONNECTIONS} wrk connections send searches of two random words (results page and live "
        "results, each new to every cache) through deploy/'s nginx → Varnish → gunicorn (page cache off); "
        f"meanwhile wrk measures the uncached article straight from that gunicorn at {ARTICLE_CONNECTIONS} "
        "connections. Quiet: the same measurement before the flood, and after it once the searches it left "
        "queued have run.",
        "",
        "| article | p95 ms | requests/s | errors | timeouts |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {label} | {result[key]['p95']:.1f} | {result[key]['rps']:.0f} | {result[key]['errors']} "
            f"| {result[key]['timeouts']} |"
            for label, key in (("quiet, before", "before"), ("while 20 clients flood search", "during"))
            + (("quiet, after", "after"),)
        ),
        "",
        f"The flood's answers: {flood}.",
        "",
        f"- {met} article p95 while 20 clients flood search: {during:.1f} ms, {ratio:.1f}× the quiet "
        f"{quiet:.1f} ms (target ≤ {TARGET_RATIO}×)",
    ]
