"""The bench row "1,000 readers polling a live blog through Varnish" (bench/run.py; docs/benchmark.md).

gunicorn (deploy/gunicorn.conf.py, full-page cache off, so every request that
reaches it is a render) behind Varnish (deploy/varnish/default.vcl). wrk keeps
1,000 connections asking for a live blog's updates JSON as fast as they can
(far more often than 1,000 readers polling every LIVE_BLOG_POLL_SECONDS would)
for several poll intervals, while an editor publishes one update per interval.
The origin's access log counts the renders of the JSON: each publish purges it
(journos.core.caching) and Varnish fetches it once for everyone, so the origin
renders it at most once per interval however many readers poll.
"""

import re
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.production import servers

READERS = 1000
POLL_SECONDS = 5
INTERVALS = 4

# A published live blog to poll (created once in the bench database); prints its path and id.
SETUP = """
from wagtail.rich_text import RichText
from journos.news.models import ArticleAuthor, AuthorPage, LiveBlogPage, SectionPage
live = LiveBlogPage.objects.live().order_by("pk").first()
if live is None:
    section = SectionPage.objects.live().order_by("path").first()
    live = LiveBlogPage(
        title="Bench: live coverage",
        slug="bench-live-coverage",
        standfirst="Updates as they come, for the bench.",
        body=[("paragraph", RichText("<p>The bench polls this page's updates.</p>"))],
    )
    live.article_authors.add(ArticleAuthor(author=AuthorPage.objects.live().order_by("pk").first()))
    section.add_child(instance=live)
    live.save_revision().publish()
print(live.get_url_parts()[2], live.pk)
"""

# An editor publishing one update in the middle of each poll interval.
PUBLISH = """
import time
from wagtail.rich_text import RichText
from journos.news.models import LiveBlogEntry, LiveBlogPage
start = time.monotonic()
print("ready", flush=True)
for number in range({count}):
    time.sleep(max(0, start + (number + 0.5) * {seconds} - time.monotonic()))  # mid-interval, on a fixed beat
    live = LiveBlogPage.objects.get(pk={pk})
    body = [("paragraph", RichText("<p>News.</p>"))]
    live.entries.add(LiveBlogEntry(headline=f"Bench update {{number}}", body=body))
    live.save_revision().publish()
    print("published", number, flush=True)
"""


def measure(env: dict, workdir: Path, *, readers=READERS, seconds=POLL_SECONDS, intervals=INTERVALS) -> dict:
    access_log = workdir / "live-access.log"
    env = {**env, "PAGE_CACHE": "off", "LIVE_BLOG_POLL_SECONDS": str(seconds), "GUNICORN_ACCESS_LOG": str(access_log)}
    path, pk = servers.run_django(SETUP, env).stdout.split()[-2:]
    varnish_port = servers.free_port()
    env["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{varnish_port}"  # publishes purge this Varnish
    processes = []
    try:
        gunicorn, app_port = servers.start_gunicorn(env, workdir, "live-origin")
        processes.append(gunicorn)
        varnish, _ = servers.start_varnish(app_port, port=varnish_port)
        processes.append(varnish)
        url = f"http://127.0.0.1:{varnish_port}{path}updates/"
        for _ in range(3):
            urllib.request.urlopen(url, timeout=30).read()

        publisher = servers.start(
            [
                servers.PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                PUBLISH.format(count=intervals, seconds=seconds, pk=pk),
            ],
            env=env,
            log=workdir / "live-publisher.log",
        )
        processes.append(publisher)
        wait_for_line(workdir / "live-publisher.log", "ready", publisher)
        renders_before = count_renders(access_log, path)
        wrk = subprocess.run(
            # Two seconds past the intervals: the last publish's purge and refetch fall inside the run.
            ["wrk", "-t2", f"-c{readers}", f"-d{seconds * intervals + 2}s", "--latency", url],
            capture_output=True,
            text=True,
            timeout=seconds * intervals + 120,
        )
        publisher.wait(timeout=120)
        renders = count_renders(access_log, path) - renders_before
        published = (workdir / "live-publisher.log").read_text().count("published ")
    finally:
        for process in reversed(processes):
            servers.stop(process)
    text = wrk.stdout
    requests = int(_search(r"(\d+) requests in", text) or 0)
    non_2xx = int(_search(r"Non-2xx or 3xx responses:\s+(\d+)", text) or 0)
    socket_errors = _search(r"Socket errors: ([^\n]+)", text)
    return {
        "readers": readers,
        "seconds": seconds,
        "intervals": intervals,
        "requests": requests,
        "rps": float(_search(r"Requests/sec:\s+([\d.]+)", text) or 0),
        "errors": non_2xx,
        "socket_errors": socket_errors,
        "published": published,
        "renders": renders,
        "path": f"{path}updates/",
    }


def count_renders(access_log: Path, path: str) -> int:
    if not access_log.exists():
        return 0
    return access_log.read_text().count(f"GET {path}updates/ ")


def wait_for_line(log: Path, text: str, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in (log.read_text() if log.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the publisher did not start:\n{log.read_text() if log.exists() else ''}")
        time.sleep(0.2)


def _search(pattern: str, text: str):
    found = re.search(pattern, text)
    return found.group(1) if found else None


def report(result: dict) -> list[str]:
    intervals = result["intervals"]
    per_interval = result["renders"] / intervals
    errors = f", {result['errors']} non-2xx" if result["errors"] else ""
    if result["socket_errors"]:
        errors += f", socket errors: {result['socket_errors']}"
    met = per_interval <= 1
    return [
        "",
        "## A live blog polled by 1,000 readers through Varnish (bench/live_blog_polling.py)",
        "",
        f"wrk keeps {result['readers']} connections asking for {result['path']} through Varnish for "
        f"{intervals} poll intervals of {result['seconds']} s, as fast as they can, while an editor publishes an "
        "update each interval (each publish purges the JSON). The origin (full-page cache off) counts what "
        "reaches it in its access log.",
        "",
        "| readers | poll interval | requests served | requests/s | updates published | origin renders "
        "| renders per interval |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {result['readers']} | {result['seconds']} s | {result['requests']}{errors} | {result['rps']:.0f} "
        f"| {result['published']} | {result['renders']} | {per_interval:.2f} |",
        "",
        f"- {'MET ' if met else 'MISSED'} live blog updates JSON: origin renders per poll interval with "
        f"{result['readers']} readers: {per_interval:.2f} (target ≤ 1)",
    ]
