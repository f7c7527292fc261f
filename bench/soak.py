"""`make soak`: the cluster (bench/cluster.py) driven at ~80% of its capacity while an editor publishes.

1. Starts the cluster with the demo site and measures its capacity through the balancer (wrk, the
   busiest pages: home, sections, articles; half of the requests as signed-in readers, which Varnish
   passes to the app servers).
2. Drives it at SOAK_LOAD (80%) of that for --minutes (10) with wrk's per-connection delay, while an
   editor publishes a changed headline every 10 seconds and both Varnish instances are watched for it.
3. Prints: requests and failed requests, each publish's time to show through both proxies (target
   ≤ 2 s), and the memory (RSS) of every process at the start, after one minute and at the end.

Loopback only, bounded in time; reports figures, asserts nothing (that is tests/production/test_cluster.py).
"""

import argparse
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import cluster as topology
from bench import wrk
from tests.production import servers

LOAD_SHARE = 0.8
PUBLISH_EVERY = 10
PAGES = ["/", "/politics/", "/business/", "/world/", "/technology/"]
NEWEST_ARTICLE = """
from journos.news.models import ArticlePage
print(ArticlePage.objects.live().order_by("-first_published_at").first().url)
"""
RETITLE = """
from journos.news.models import ArticlePage
article = ArticlePage.objects.live().order_by("-first_published_at").first()
article.title = "{title}"
article.save_revision().publish()
print(article.url)
"""
# wrk: take the pages in turn, half of them with a session cookie; `delay` (ms) paces each connection.
SCRIPT = """
local paths = {{{paths}}}
local n = 0
request = function()
  n = n + 1
  local headers = {{}}
  if n % 2 == 0 then headers["Cookie"] = "sessionid=soak" end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end
delay = function() return {delay} end
"""


def paced_load(url: str, seconds: int, connections: int, workdir: Path, delay_ms: int = 0) -> dict:
    """The pages in turn, half as signed-in readers; each connection waits `delay_ms` between requests."""
    script = workdir / f"load-{delay_ms}.lua"
    script.write_text(SCRIPT.format(paths=", ".join(f'"{path}"' for path in PAGES), delay=delay_ms))
    return wrk.run(url, connections=connections, seconds=seconds, script=str(script))


def rss_by_process(cluster) -> dict[str, int]:
    """KiB of resident memory of each started process and its children (gunicorn workers, Varnish's child)."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        children.setdefault(int(fields["PPid"]), []).append((int(status.parent.name), fields))
    memory = {}
    for process in [*cluster.processes, *(database.process for database in cluster.databases)]:
        name = Path(process.args[0]).name if process.args[0] != servers.PYTHON else " ".join(process.args[1:3])
        total, stack = 0, [process.pid]
        while stack:
            pid = stack.pop()
            for child, fields in children.get(pid, []):
                stack.append(child)
                total += int(fields.get("VmRSS", "0 kB").split()[0])
        own = Path(f"/proc/{process.pid}/status")
        if own.exists():
            total += int(
                next((line.split()[1] for line in own.read_text().splitlines() if line.startswith("VmRSS")), 0)
            )
        memory[f"{name} [{process.pid}]"] = total
    return memory


def own_rss(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # it stopped
        return 0
    return int(next((line.split()[1] for line in lines if line.startswith("VmRSS")), 0))


class Editor(threading.Thread):
    """Publishes a new headline every PUBLISH_EVERY seconds; times how long both proxies take to show it."""

    def __init__(self, cluster, until: float):
        super().__init__(daemon=True)
        self.cluster, self.until, self.delays, self.failures = cluster, until, [], 0

    def run(self):
        number = 0
        while time.monotonic() < self.until - PUBLISH_EVERY:
            started = time.monotonic()
            number += 1
            title = f"Soak headline number {number}"
            published = servers.run_django(RETITLE.format(title=title), self.cluster.env)
            if published.returncode:
                self.failures += 1
            else:
                self.delays.append(self.time_to_show(published.stdout.strip().splitlines()[-1], title))
            time.sleep(max(0.0, PUBLISH_EVERY - (time.monotonic() - started)))

    def time_to_show(self, path: str, title: str) -> float:
        shown, waited_from = set(), time.monotonic()
        while len(shown) < len(self.cluster.proxies) and time.monotonic() - waited_from < 30:
            for proxy in self.cluster.proxies:
                if proxy not in shown and title in fetch(proxy + path):
                    shown.add(proxy)
            time.sleep(0.05)
        return time.monotonic() - waited_from if len(shown) == len(self.cluster.proxies) else float("inf")


def warm_up(url: str, paths: list[str]) -> None:
    """Each page once, as on a live site: the first view of a page draws its pictures' renditions
    (AVIF, WebP and JPEG at two densities), which takes the app servers longer than a proxy waits."""
    for path in paths:
        for _ in range(20):  # a proxy gives up (503) before a slow first render ends: ask again
            try:
                with urllib.request.urlopen(url + path, timeout=120) as response:
                    response.read()
                break
            except OSError:
                time.sleep(1)


def pacing(url: str, connections: int, workdir: Path, target: float, full_load: dict) -> int:
    """The wait (ms) after each response that makes `connections` send `target` requests a second.

    Each connection sends one request every connections/target seconds: the wait is that less the
    time a request takes. That time grows with the load, so the first guess takes off the median at
    full load, and a 20-second trial at it corrects the guess by the rate it reached (the guess
    alone left the soak at 70% of capacity; a guess without taking off anything, at 64%).
    """
    period_ms = connections * 1000 / target
    guess = max(1, round(period_ms - full_load["p50"]))
    reached = paced_load(url, 20, connections, workdir, guess)["rps"]
    return max(1, round(guess + period_ms - connections * 1000 / reached))


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    if missing := topology.missing_programs():
        sys.exit(f"The soak needs: apt-get install -y {' '.join(missing)}")
    workdir = Path(tempfile.mkdtemp(prefix="journos-soak-"))
    print("Starting the cluster with the demo site…", flush=True)
    servers.collectstatic(workdir / "static")
    cluster = topology.start(workdir, workdir / "static", "call_command('seed_demo', verbosity=0)")
    try:
        # The article the editor retitles too: its first view under load took 14 s (renditions), late once.
        newest = servers.run_django(NEWEST_ARTICLE, cluster.env).stdout.strip().splitlines()[-1]
        warm_up(cluster.url, [*PAGES, newest])
        full_load = paced_load(cluster.url, 20, options.connections, workdir)
        target = full_load["rps"] * LOAD_SHARE
        delay_ms = pacing(cluster.url, options.connections, workdir, target, full_load)
        capacity = full_load["rps"]
        print(f"Capacity {capacity:.0f} req/s; soaking at {target:.0f} req/s for {options.minutes:g} min", flush=True)
        seconds = int(options.minutes * 60)
        editor = Editor(cluster, time.monotonic() + seconds)
        memory = {"start": rss_by_process(cluster)}
        result = {}
        paced = (cluster.url, seconds, options.connections, workdir, delay_ms)
        load = threading.Thread(target=lambda: result.update(paced_load(*paced)))
        load.start()
        editor.start()
        time.sleep(60)
        memory["1 min"] = rss_by_process(cluster)
        load.join()
        editor.join()
        memory["end"] = rss_by_process(cluster)
        report(result, editor, memory, target)
    finally:
        cluster.stop()


def report(load: dict, editor: Editor, memory: dict, target: float) -> None:
    shown = sorted(editor.delays)
    print(f"\nRequests: {load['requests']} ({load['rps']:.0f}/s, target {target:.0f}/s); failed: {load['failed']}")
    if shown:
        late = [str(number) for number, delay in enumerate(editor.delays, 1) if delay > 2]
        print(
            f"Publishes: {len(shown)} (+{editor.failures} failed); through both proxies in "
            f"median {shown[len(shown) // 2]:.2f} s, slowest {shown[-1]:.2f} s; "
            f"later than 2 s: {len(late)}{' (number ' + ', '.join(late) + ')' if late else ''}"
        )
    print("\n| process | RSS at start (MiB) | after 1 min | at the end | growth after 1 min |")
    print("| --- | --- | --- | --- | --- |")
    for name, start in memory["start"].items():
        minute, end = memory["1 min"].get(name, 0), memory["end"].get(name, 0)
        print(
            f"| {name} | {start / 1024:.0f} | {minute / 1024:.0f} | {end / 1024:.0f} | {(end - minute) / 1024:+.1f} |"
        )


if __name__ == "__main__":
    main()
