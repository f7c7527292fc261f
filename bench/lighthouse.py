"""`make lighthouse`: Lighthouse scores of the reader's pages under production settings.

Serves the demo (seed_demo, once, into .lighthouse/demo.sqlite3 unless
--database-url says otherwise) the way deploy/ does: gunicorn with the
production settings and deploy/gunicorn.conf.py, Varnish in front of it (when
installed), and deploy/nginx/journos.conf in front of that (gzip, media from
disk), with a private Redis, all on free loopback ports. Then runs Lighthouse
(the npm package pinned in bench/lighthouse/package.json, installed into
.lighthouse/ by `make lighthouse`) with Debian's Chromium on the home page, a
section, an article and search results, as a phone (Lighthouse's default
mobile emulation and throttling) and as a desktop, and prints each run's four
category scores, Largest Contentful Paint, Cumulative Layout Shift and bytes
transferred. Reports go to bench-results/ (Markdown and Lighthouse's JSON).

Scores vary a little from run to run on a busy machine (--runs 3 keeps the
median run of each page, by performance score).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.production import servers  # noqa: E402  (process helpers shared with the integration tests)

TOOLS = REPO / ".lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["mobile", "desktop"]
SEARCH_TERMS = "budget"

# The pages measured, found in the served database: (name, Python printing its path).
PAGES_CODE = """
import json
from journos.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.live().first()
article = home.lead_story or ArticlePage.objects.live().order_by("-first_published_at").first()
section = article.get_parent().specific if article else SectionPage.objects.live().first()
print(json.dumps({"home": "/", "section": section.url_path[len(home.url_path) - 1:],
                  "article": article.url_path[len(home.url_path) - 1:], "search": "/search/?q=%s"}))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LIGHTHOUSE_DATABASE_URL", ""),
        help="database to serve (default: .lighthouse/demo.sqlite3, seeded with the demo once)",
    )
    parser.add_argument("--reseed", action="store_true", help="load the demo again into the default database")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor (median kept)")
    parser.add_argument("--pages", default="home,section,article,search", help="comma-separated subset of pages")
    parser.add_argument("--form-factors", default="mobile,desktop", help="mobile, desktop or both")
    parser.add_argument("--out", default=str(REPO / "bench-results"), help="folder for the reports")
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def check_tools() -> None:
    missing = [tool for tool in ("node", "nginx", "redis-server") if not shutil.which(tool)]
    if not Path(CHROMIUM).exists():
        missing.append(f"chromium ({CHROMIUM})")
    if missing:
        sys.exit(f"Needed: {', '.join(missing)} (apt-get install -y nodejs npm chromium nginx redis-server)")
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse` (it installs it into .lighthouse/ with npm ci)")


def manage(args: list[str], env: dict) -> str:
    result = subprocess.run(
        [servers.PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(args, env: dict) -> dict:
    """The environment for the database served, with the demo loaded once into the default one."""
    if args.database_url:
        manage(["migrate", "--noinput", "-v0"], {**env, "DATABASE_URL": args.database_url})
        return {**env, "DATABASE_URL": args.database_url}
    database, media = TOOLS / "demo.sqlite3", TOOLS / "media"
    db_env = {**env, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(media)}
    if args.reseed or not database.exists():
        log("loading the demo into .lighthouse/demo.sqlite3 (once; --reseed to redo)")
        database.unlink(missing_ok=True)
        shutil.rmtree(media, ignore_errors=True)
        manage(["migrate", "--noinput", "-v0"], db_env)
        manage(["seed_demo"], db_env)
    else:
        manage(["migrate", "--noinput", "-v0"], db_env)
    return db_env


def start_stack(env: dict, workdir: Path) -> tuple[str, str, list]:
    """nginx (deploy/'s site) → Varnish (if installed) → gunicorn; the address readers would use.

    The private Redis (env["REDIS_URL"]) is already running."""
    processes = []
    nginx_port = servers.free_port()
    # The address readers use: the view and search-hit beacons refuse posts from any other origin.
    env["SITE_URL"] = f"http://127.0.0.1:{nginx_port}"
    env["TRUSTED_PROXY_COUNT"] = "2" if servers.VARNISHD.exists() else "1"
    gunicorn, app_port = servers.start_gunicorn(env, workdir)
    processes.append(gunicorn)
    backend_port = app_port
    if servers.VARNISHD.exists():
        varnish, backend_port = servers.start_varnish(app_port)
        processes.append(varnish)
    http_body, server_body = servers.deploy_nginx(backend_port)
    server_body = server_body.replace("/srv/journos/media/", str(Path(env["MEDIA_ROOT"]).resolve()) + "/")
    nginx, _ = servers.start_nginx(server_body, http_body, port=nginx_port)
    processes.append(nginx)
    return f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{app_port}", processes


def warm(url: str) -> None:
    """Ask twice, so image renditions and caches exist before Lighthouse measures (as on a live site)."""
    for _ in range(2):
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()


def lighthouse(url: str, form_factor: str, report: Path) -> dict:
    args = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form_factor == "desktop":
        args.append("--preset=desktop")
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(f"Lighthouse failed on {url} ({form_factor}):\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "scores": {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"].get("numericValue"),
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
        "bytes": audits["total-byte-weight"].get("numericValue"),
        "requests": len(audits.get("network-requests", {}).get("details", {}).get("items", [])),
        "failed": sorted(
            audit_id
            for name in CATEGORIES
            for ref in data["categories"][name]["auditRefs"]
            if ref["weight"] > 0
            and (audit_id := ref["id"])
            and audits[audit_id].get("score") is not None
            and audits[audit_id]["score"] < 0.9
        ),
    }


def median_run(runs: list[dict]) -> dict:
    performance = statistics.median_low([run["scores"]["performance"] for run in runs])
    return next(run for run in runs if run["scores"]["performance"] == performance)


def table(results: dict) -> str:
    lines = [
        "| Page | Form factor | Performance | Accessibility | Best practices | SEO | LCP | CLS | Bytes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (page, form_factor), run in results.items():
        scores = run["scores"]
        lines.append(
            f"| {page} | {form_factor} | {scores['performance']} | {scores['accessibility']} | "
            f"{scores['best-practices']} | {scores['seo']} | {run['lcp_ms'] / 1000:.1f} s | {run['cls']:.3f} | "
            f"{run['bytes'] / 1024:.0f} KB |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    check_tools()
    TOOLS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="journos-lighthouse-"))
    workdir.chmod(0o755)  # nginx workers read media as another user
    static_root = workdir / "static"
    env = servers.production_env(
        database_url="", redis_url="", prefix="lighthouse", workdir=workdir, static_root=static_root
    )
    env.update(GUNICORN_ACCESS_LOG="/dev/null", JOURNOS_LOG_LEVEL="WARNING", TASK_BACKEND="immediate")
    env["GUNICORN_TIMEOUT"] = "600"  # the first view of the demo's pages draws many renditions
    processes, results = [], {}
    reports = Path(args.out) / f"lighthouse-{datetime.now():%Y%m%d-%H%M%S}"
    try:
        redis, redis_port = servers.start_redis(workdir)  # production settings need one, even to migrate
        processes.append(redis)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        env = prepare_database(args, env)
        if "MEDIA_ROOT" in env and Path(env["MEDIA_ROOT"]).is_dir():
            for folder in [Path(env["MEDIA_ROOT"]), *Path(env["MEDIA_ROOT"]).rglob("*")]:
                if folder.is_dir():
                    folder.chmod(0o755)  # nginx's worker user serves the media itself
        paths = json.loads(manage(["shell", "--no-imports", "-c", PAGES_CODE], env).strip().splitlines()[-1])
        paths["search"] = paths["search"] % SEARCH_TERMS
        pages = [page for page in args.pages.split(",") if page in paths]
        form_factors = [factor for factor in args.form_factors.split(",") if factor in FORM_FACTORS]
        log("collectstatic")
        servers.collectstatic(static_root)
        log("starting gunicorn, Varnish and nginx")
        base, app, stack = start_stack(env, workdir)
        processes += stack
        for page in pages:
            log(f"making the image renditions of {paths[page]}")
            warm(app + paths[page])  # the first view of a page makes its renditions: slow, and not what is measured
            warm(base + paths[page])
        reports.mkdir(parents=True, exist_ok=True)
        for page in pages:
            for form_factor in form_factors:
                runs = []
                for number in range(args.runs):
                    log(f"{page} ({paths[page]}) {form_factor}, run {number + 1} of {args.runs}")
                    report = reports / f"{page}-{form_factor}-{number}.json"
                    runs.append(lighthouse(base + paths[page], form_factor, report))
                results[(page, form_factor)] = median_run(runs)
    finally:
        for process in reversed(processes):
            servers.stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    output = table(results)
    below = [
        f"- {page} {form_factor}: {', '.join(run['failed'])}"
        for (page, form_factor), run in results.items()
        if run["failed"]
    ]
    summary = f"Lighthouse {lighthouse_version()} · Chromium · production settings · {datetime.now():%Y-%m-%d %H:%M}"
    text = f"{summary}\n\n{output}\n"
    if below:
        text += "\nAudits below 0.9 (weighted):\n" + "\n".join(below) + "\n"
    (reports / "README.md").write_text(text)
    print(text)
    log(f"Lighthouse's JSON reports and this table: {reports}")


def lighthouse_version() -> str:
    package = TOOLS / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "?"


if __name__ == "__main__":
    main()
