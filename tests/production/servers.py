"""Start and stop the real servers the production tests need, on free loopback ports."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from glob import glob
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
VARNISHD = Path("/usr/sbin/varnishd")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listening on port {port} after {timeout}s")


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{condition} still false after {timeout}s")
        time.sleep(0.1)


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def stop(process: subprocess.Popen | None, timeout: float = 10.0) -> None:
    """Stop one process we started, by its PID (its whole process group), and remove its folder."""
    if process is None:
        return
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
        except ProcessLookupError:
            pass
    if getattr(process, "workdir", None):
        shutil.rmtree(process.workdir, ignore_errors=True)


def start(args: list[str], *, env: dict | None = None, log: Path, cwd: Path = REPO) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stop() ends its children too
    )


def start_redis(workdir: Path, port: int | None = None) -> tuple[subprocess.Popen, int]:
    port = port or free_port()
    args = [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", str(port)]
    process = start([*args, "--save", "", "--appendonly", "no"], log=workdir / "redis.log", cwd=workdir)
    wait_for_port(port, process)
    return process, port


def start_varnish(
    backend_port: int, port: int | None = None, purgers: list[str] | None = None, vcl: str | None = None
) -> tuple[subprocess.Popen, int]:
    """varnishd in the foreground (-F) with deploy/'s VCL pointed at our backend (and, if given, other purgers).

    `vcl`, if given, is used instead (bench/cluster.py's, with several backends).
    """
    port = port or free_port()
    if vcl is None:
        vcl = (REPO / "deploy/varnish/default.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    if purgers:
        entries = "".join(f"    {address};\n" for address in purgers)
        vcl = re.sub(r"acl purgers \{.*?\}", "acl purgers {\n" + entries + "}", vcl, flags=re.DOTALL)
    # varnishd's child drops privileges: its folder must be readable by others (pytest's tmp_path is not).
    workdir = Path(tempfile.mkdtemp(prefix="journos-varnish-"))
    workdir.chmod(0o755)
    (workdir / "default.vcl").write_text(vcl)
    args = [
        str(VARNISHD), "-F", "-a", f"127.0.0.1:{port}", "-f", str(workdir / "default.vcl"),
        "-n", str(workdir / "varnish"), "-P", str(workdir / "varnish.pid"), "-s", "malloc,64m", "-T", "none",
    ]  # fmt: skip
    process = start(args, log=workdir / "varnish.log", cwd=workdir)
    process.workdir = workdir  # removed by stop()
    try:
        wait_for_port(port, process)
    except RuntimeError:
        stop(process)
        raise
    return process, port


def shared_database_url(connection, workdir: Path) -> str:
    """A DATABASE_URL under which other processes see what this test committed.

    PostgreSQL: the test database itself. SQLite: the in-memory test database
    is copied to a file (after the test has written what it needs).
    """
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    import sqlite3

    path = workdir / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


def production_env(*, database_url: str, redis_url: str, prefix: str, workdir: Path, static_root: Path) -> dict:
    """Environment for the app's processes: production settings, on loopback, over plain HTTP."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="journos.settings.production",
        SECRET_KEY="integration-test-secret-key-that-is-long-enough-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SITE_URL="http://localhost",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(workdir / "media"),
        GUNICORN_ACCESS_LOG=str(workdir / "access.log"),
    )
    return env


def collectstatic(static_root: Path) -> None:
    env = production_env(
        database_url="sqlite:///unused.sqlite3",
        redis_url="redis://127.0.0.1:1/0",
        prefix="collectstatic",
        workdir=static_root,
        static_root=static_root,
    )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True, timeout=600
    )


def start_gunicorn(
    env: dict, workdir: Path, name: str = "gunicorn", app: str = "journos.wsgi", ready_path: str = "/healthz"
) -> tuple[subprocess.Popen, int]:
    """gunicorn with deploy/'s settings serving `app` (the bench also serves its bare Django "hello" this way)."""
    port = free_port()
    args = [PYTHON, "-m", "gunicorn", "-c", str(REPO / "deploy/gunicorn.conf.py"), app]
    process = start(args, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, log=workdir / f"{name}.log")
    wait_for_http(f"http://127.0.0.1:{port}{ready_path}")
    return process, port


def start_worker(env: dict, workdir: Path, name: str = "worker") -> subprocess.Popen:
    args = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return start(args, env=env, log=workdir / f"{name}.log")


def run_django(code: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run Python in another Django process with the given environment (like an editor's request)."""
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_nginx(server_body: str, http_body: str = "", port: int | None = None) -> tuple[subprocess.Popen, int]:
    """Debian's nginx serving one `server` whose body (locations, headers) is `server_body`, on a free port.

    `http_body` goes in the `http` block before the server (zones of limit_req and limit_conn, say).
    """
    if not shutil.which("nginx"):
        pytest.fail("nginx is needed for this test: apt-get install -y nginx")
    workdir = Path(tempfile.mkdtemp(prefix="journos-nginx-"))
    workdir.chmod(0o755)
    port = port or free_port()
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "".join(f"    {kind}_temp_path {workdir}/tmp-{kind};\n" for kind in kinds)
    (workdir / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n    include /etc/nginx/mime.types;\n{temp_paths}{http_body}"
        f"    server {{\n    listen 127.0.0.1:{port};\n{server_body}    }}\n}}\n"
    )
    process = start(["nginx", "-c", str(workdir / "nginx.conf")], log=workdir / "nginx.log", cwd=workdir)
    process.workdir = workdir  # removed by stop()
    wait_for_port(port, process)
    return process, port


def deploy_nginx(varnish_port: int) -> tuple[str, str]:
    """deploy/nginx/journos.conf as (http_body, server_body) for start_nginx, over plain HTTP to our Varnish.

    Its top-level directives (limit zones), and the TLS server's body without
    listen, server_name and ssl_* lines.
    """
    conf = (REPO / "deploy/nginx/journos.conf").read_text().replace("127.0.0.1:6081", f"127.0.0.1:{varnish_port}")
    http_body, servers, depth = [], [], 0
    for line in conf.splitlines(keepends=True):
        stripped = line.strip()
        if depth == 0 and stripped.startswith("server {"):
            servers.append([])
        elif depth == 0 and stripped and not stripped.startswith("#"):
            http_body.append("    " + line)
        elif depth >= 1 and not (depth == 1 and stripped.startswith(("listen", "server_name", "ssl_", "}"))):
            servers[-1].append(line)
        depth += line.count("{") - line.count("}")
    tls_server = next(body for body in servers if any("proxy_pass" in line for line in body))
    return "".join(http_body), "".join(tls_server)


def postgres_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is needed for this test (apt-get install -y postgresql)")
    return found[-1]


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free port, run as the postgres user when we are root.

    Given a `primary`, a streaming replica of it (pg_basebackup -R), read-only, following its writes.
    """

    def __init__(self, primary: "PrivatePostgres | None" = None):
        self.workdir = Path(tempfile.mkdtemp(prefix="journos-postgres-"))
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.workdir, self.user)
        data = str(self.workdir / "data")
        if primary is None:
            self.run([postgres_bin("initdb"), "-D", data, "-U", "postgres", "-A", "trust"])
        else:
            source = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
            self.run([postgres_bin("pg_basebackup"), *source, "-D", data, "-R", "-X", "stream"])
        self.process = None

    def run(self, args):
        subprocess.run(args, check=True, capture_output=True, user=self.user, timeout=120)

    def url(self, database: str = "journos") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def createdb(self, name: str) -> None:
        self.run([postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])

    def sql(self, statement: str, database: str = "journos") -> str:
        args = [postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]
        return subprocess.run([*args, "-tAc", statement], check=True, capture_output=True, text=True).stdout.strip()

    def start(self):
        args = [postgres_bin("postgres"), "-D", str(self.workdir / "data"), "-p", str(self.port)]
        args += ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.workdir}"]
        log = (self.workdir / "postgres.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=log, user=self.user, start_new_session=True)
        wait_for_port(self.port, self.process)
        ready = [postgres_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        wait_until(lambda: subprocess.run(ready).returncode == 0, timeout=60)  # listening, but maybe still starting

    def stop(self):
        """A fast shutdown (SIGINT): open connections are cut, as when the server goes down."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(30)

    def remove(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
