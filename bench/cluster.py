"""`make cluster`: docs/scaling.md's reference topology, started on this machine's loopback.

    HAProxy → Varnish ×2 → gunicorn ×2 (app servers, each with its own settings and task worker)
            → PgBouncer → PostgreSQL primary, and a streaming replica for anonymous reads; Redis.

Each piece is Debian's own (haproxy, varnish, pgbouncer, postgresql, redis) with its own folder,
port and PID; every app server purges both Varnish instances. tests/production/test_cluster.py starts
it with a little content; `make cluster` with the demo site, until Ctrl-C.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import wrk
from tests.production import servers

HAPROXY, PGBOUNCER = Path("/usr/sbin/haproxy"), Path("/usr/sbin/pgbouncer")
APP_SERVERS = 2


def missing_programs() -> list[str]:
    programs = {"haproxy": HAPROXY, "pgbouncer": PGBOUNCER, "varnish": servers.VARNISHD}
    return [package for package, path in programs.items() if not path.exists()]


def cluster_vcl(app_ports: list[int]) -> str:
    """deploy/varnish/default.vcl with one backend per app server, taken in turn, a failed fetch retried."""
    vcl = (servers.REPO / "deploy/varnish/default.vcl").read_text()
    backend = re.search(r"backend default \{.*?\n\}\n", vcl, flags=re.DOTALL).group(0)
    backends = "".join(
        backend.replace("backend default", f"backend app{number}").replace('.port = "8000";', f'.port = "{port}";')
        for number, port in enumerate(app_ports, 1)
    )
    director = "".join(f"    apps.add_backend(app{number});\n" for number in range(1, len(app_ports) + 1))
    vcl = vcl.replace(
        backend, backends + "\nsub vcl_init {\n    new apps = directors.round_robin();\n" + director + "}\n"
    )
    vcl = vcl.replace("import std;", "import std;\nimport directors;")
    vcl = vcl.replace("sub vcl_recv {\n", "sub vcl_recv {\n    set req.backend_hint = apps.backend();\n", 1)
    # An app server that just went away: the next one answers, before the probes mark it sick.
    retry = "    if (bereq.retries < 2 && !bereq.is_bgfetch) {\n        return (retry);\n    }\n"
    vcl = vcl.replace("sub vcl_backend_error {\n", "sub vcl_backend_error {\n" + retry, 1)
    return vcl.replace(".interval = 5s;", ".interval = 1s;")  # a server gone is taken out within ~3 s


def haproxy_config(port: int, proxy_ports: list[int], workdir: Path) -> str:
    proxies = "".join(f"    server varnish{n} 127.0.0.1:{p} check\n" for n, p in enumerate(proxy_ports, 1))
    return f"""global
    maxconn 4000
    pidfile {workdir}/haproxy.pid
defaults
    mode http
    option forwardfor
    retries 2
    option redispatch
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend www
    bind 127.0.0.1:{port}
    default_backend proxies
backend proxies
    balance roundrobin
    # Is Varnish there? (It watches the app servers itself, and moves to the other when one goes away.)
    default-server inter 1s fall 2 rise 2
{proxies}"""


def pgbouncer_config(port: int, primary: int, replica: int, workdir: Path) -> str:
    (workdir / "userlist.txt").write_text('"postgres" ""\n')
    return f"""[databases]
journos = host=127.0.0.1 port={primary} dbname=journos
journos_replica = host=127.0.0.1 port={replica} dbname=journos
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir = {workdir}
auth_type = trust
auth_file = {workdir}/userlist.txt
pool_mode = session
max_client_conn = 400
default_pool_size = 40
ignore_startup_parameters = extra_float_digits,options
pidfile = {workdir}/pgbouncer.pid
logfile = {workdir}/pgbouncer.log
"""


@dataclass
class Cluster:
    workdir: Path
    env: dict = field(default_factory=dict)  # the app servers' common settings
    url: str = ""  # the balancer
    proxies: list[str] = field(default_factory=list)
    apps: list[str] = field(default_factory=list)
    app_ports: list[int] = field(default_factory=list)
    bouncer_port: int = 0
    app_processes: list = field(default_factory=list)
    processes: list = field(default_factory=list)
    databases: list = field(default_factory=list)

    def stop_app(self, number: int) -> None:
        """Stop app server `number` (1 or 2), as a machine going down would."""
        servers.stop(self.app_processes[number - 1])

    def stop(self) -> None:
        for process in reversed(self.processes):
            servers.stop(process)
        for database in reversed(self.databases):
            database.remove()


def start(workdir: Path, static_root: Path, content: str, extra_env: dict | None = None) -> Cluster:
    """Start every piece, `content` (Python run in Django) loaded on the primary; stop() ends them all.

    `extra_env`: more settings for the app servers and workers (an SMTP server, say).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(workdir=workdir)
    try:
        start_databases(cluster)
        redis, redis_port = servers.start_redis(workdir)
        cluster.processes.append(redis)
        proxy_ports = [servers.free_port() for _ in range(APP_SERVERS)]
        bouncer = cluster.bouncer_port
        cluster.env = servers.production_env(
            database_url=f"postgres://postgres@127.0.0.1:{bouncer}/journos",
            redis_url=f"redis://127.0.0.1:{redis_port}/0",
            prefix="journos-cluster",
            workdir=workdir,
            static_root=static_root,
        )
        cluster.env |= {
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{bouncer}/journos_replica",
            "FRONTEND_CACHE_URL": ",".join(f"http://127.0.0.1:{port}" for port in proxy_ports),
            "TRUSTED_PROXY_COUNT": "2",  # HAProxy, then Varnish
            **(extra_env or {}),
        }
        setup = f"from django.core.management import call_command\ncall_command('migrate')\n{content}"
        loaded = servers.run_django(setup, cluster.env, timeout=600)
        if loaded.returncode:
            raise RuntimeError(f"Could not load the content: {loaded.stderr[-3000:]}")
        start_app_servers(cluster)
        for port in proxy_ports:
            varnish, _ = servers.start_varnish(0, port=port, vcl=cluster_vcl(cluster.app_ports))
            cluster.processes.append(varnish)
            cluster.proxies.append(f"http://127.0.0.1:{port}")
        start_balancer(cluster, proxy_ports)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def start_databases(cluster: Cluster) -> None:
    primary = servers.PrivatePostgres()
    cluster.databases.append(primary)
    primary.start()
    primary.createdb("journos")
    replica = servers.PrivatePostgres(primary=primary)
    cluster.databases.append(replica)
    replica.start()
    folder = Path(tempfile.mkdtemp(prefix="journos-pgbouncer-"))
    user = "postgres" if os.geteuid() == 0 else None  # PgBouncer refuses to run as root
    port = servers.free_port()
    (folder / "pgbouncer.ini").write_text(pgbouncer_config(port, primary.port, replica.port, folder))
    if user:
        for path in (folder, *folder.iterdir()):
            shutil.chown(path, user)
    process = subprocess.Popen(
        [str(PGBOUNCER), str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "stderr.log").open("ab"),
        user=user,
        start_new_session=True,
    )
    process.workdir = folder
    cluster.processes.append(process)
    servers.wait_for_port(port, process)
    cluster.bouncer_port = port


def start_app_servers(cluster: Cluster) -> None:
    for number in range(1, APP_SERVERS + 1):
        env = cluster.env | {"GUNICORN_CONTROL_SOCKET": str(cluster.workdir / f"app{number}.ctl")}
        app, port = servers.start_gunicorn(env, cluster.workdir, f"app{number}")
        cluster.app_processes.append(app)
        cluster.processes += [app, servers.start_worker(env, cluster.workdir, f"worker{number}")]
        cluster.apps.append(f"http://127.0.0.1:{port}")
        cluster.app_ports.append(port)


def start_balancer(cluster: Cluster, proxy_ports: list[int]) -> None:
    port = servers.free_port()
    config = cluster.workdir / "haproxy.cfg"
    config.write_text(haproxy_config(port, proxy_ports, cluster.workdir))
    process = servers.start([str(HAPROXY), "-db", "-f", str(config)], log=cluster.workdir / "haproxy.log")
    cluster.processes.append(process)
    servers.wait_for_port(port, process)
    cluster.url = f"http://127.0.0.1:{port}"


def throughput_report(workdir: Path, static_root: Path, seconds: int = 10) -> str:
    """`make bench`'s cluster row: uncached article throughput through the balancer, two app servers vs one."""
    cluster = start(workdir, static_root, "call_command('seed_demo', verbosity=0)")
    try:
        code = "from journos.news.models import ArticlePage\nprint(ArticlePage.objects.live().last().url)"
        url = cluster.url + servers.run_django(code, cluster.env).stdout.strip().splitlines()[-1]
        session = ["Cookie: sessionid=bench"]  # Varnish passes it: every request is rendered by an app server
        two = best_run(url, seconds, session)
        cluster.stop_app(2)
        time.sleep(5)  # Varnish's probes take the stopped server out
        one = best_run(url, seconds, session)
    finally:
        cluster.stop()
    return "\n".join(
        [
            "",
            "### Cluster: uncached article through HAProxy and Varnish, two app servers vs one",
            "",
            "| app servers | requests/s | p50 ms | p99 ms | failed |",
            "| --- | --- | --- | --- | --- |",
            *(
                f"| {n} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p99']:.0f} | {r['failed']} |"
                for n, r in ((2, two), (1, one))
            ),
            "",
            f"Two app servers give {two['rps'] / one['rps']:.2f}× one's throughput. On this 2-core machine "
            "every piece (balancer, proxies, both app servers, PgBouncer, PostgreSQL, wrk) shares the same "
            "cores, so this shows what the extra tier costs, not the capacity a second machine adds.",
            "",
        ]
    )


def best_run(url: str, seconds: int, headers: list[str]) -> dict:
    """The best of 4 and 8 connections, counting only requests that succeeded."""
    request = urllib.request.Request(url, headers=dict(header.split(": ", 1) for header in headers))
    with urllib.request.urlopen(request, timeout=30) as response:  # fails loudly unless the page answers 200
        response.read()
    runs = [wrk.run(url, connections=connections, seconds=seconds, headers=headers) for connections in (4, 8)]
    return max(runs, key=lambda run: run["rps"] * (1 - run["failed"] / max(run["requests"], 1)))


def main() -> None:
    if missing := missing_programs():
        sys.exit(f"The cluster needs: apt-get install -y {' '.join(missing)}")
    workdir = Path(tempfile.mkdtemp(prefix="journos-cluster-"))
    static_root = workdir / "static"
    print("Collecting static files, starting PostgreSQL ×2, PgBouncer, Redis, gunicorn ×2, Varnish ×2, HAProxy…")
    servers.collectstatic(static_root)
    cluster = start(workdir, static_root, "call_command('seed_demo')")
    print(f"\nThe site, through the balancer: {cluster.url}/")
    print(f"Varnish: {', '.join(cluster.proxies)}; app servers: {', '.join(cluster.apps)}; logs in {workdir}")
    print("Ctrl-C stops everything.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
