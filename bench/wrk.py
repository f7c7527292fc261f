"""One way to run wrk and read its report, for the bench, the soak and the cluster test."""

import re
import subprocess


def run(url: str, *, connections: int, seconds: int, script: str | None = None, headers=()) -> dict:
    """wrk with 2 threads: requests, requests/s, p50 and p99 (ms), failed requests (non-2xx/3xx, socket errors)."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    text = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 120).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": latency_ms(re.search(r"\s50%\s+([\d.]+\w+)", text).group(1)),
        "p99": latency_ms(re.search(r"\s99%\s+([\d.]+\w+)", text).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "failed": (int(non_2xx.group(1)) if non_2xx else 0)
        + sum(map(int, socket_errors.groups()) if socket_errors else ()),
        "connections": connections,
    }


def latency_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
