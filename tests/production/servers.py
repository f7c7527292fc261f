"""Start and stop the real servers the production tests need, on free loopback ports."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

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
    """Stop one process we started, by its PID (its whole process group)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)
    except ProcessLookupError:
        pass


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


def start_varnish(workdir: Path, backend_port: int) -> tuple[subprocess.Popen, int]:
    """varnishd in the foreground (-F) with deploy/'s VCL pointed at our backend."""
    port = free_port()
    vcl = (REPO / "deploy/varnish/default.vcl").read_text()
    vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
    (workdir / "default.vcl").write_text(vcl)
    args = [
        str(VARNISHD), "-F", "-a", f"127.0.0.1:{port}", "-f", str(workdir / "default.vcl"),
        "-n", str(workdir / "varnish"), "-P", str(workdir / "varnish.pid"), "-s", "malloc,64m",
        "-T", "none", "-p", "ban_lurker_sleep=0.1",
    ]  # fmt: skip
    process = start(args, log=workdir / "varnish.log", cwd=workdir)
    wait_for_port(port, process)
    return process, port
