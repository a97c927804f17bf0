"""The site served by gunicorn on a free loopback port, and plain GETs to it: what bench/bench.py,
bench/loadtest.py and tests/test_freshness.py share.

The environment drops every DJANGO_ variable of the caller and sets DEBUG off, a throwaway secret key, the
database, 127.0.0.1 as the only host, and cookies that plain http on loopback may carry.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def site_environment(database_url: str, static_root: str | None = None, **extra: str) -> dict:
    """With `static_root`, the settings are bench.settings, which collect the static files there."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    if static_root:
        env.update(DJANGO_SETTINGS_MODULE="bench.settings", BENCH_STATIC_ROOT=static_root)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # throwaway
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_COOKIES="0",  # plain http on loopback
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes  # empty when not kept
    size: int


def get(port: int, path: str, headers: dict | None = None, timeout: float = 60, keep_body: bool = True) -> Answer:
    """GET over loopback, reading the body as it streams (kept, or only counted)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        parts, size = [], 0
        while chunk := response.read(65536):
            size += len(chunk)
            if keep_body:
                parts.append(chunk)
        return Answer(response.status, dict(response.getheaders()), b"".join(parts), size)
    finally:
        connection.close()


def start_gunicorn(
    env: dict, port: int, log_file: Path, workers: int = 2, timeout: int = 300, worker_class: str | None = "sync"
) -> subprocess.Popen:
    """gunicorn with `workers` workers on 127.0.0.1:`port`, once it answers /robots.txt. Sync workers unless
    `worker_class` is None: then gunicorn.conf.py's, as deployed (threaded)."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "tracker.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--timeout={timeout}",
        "--graceful-timeout=5",
        f"--error-logfile={log_file}",
    ]
    if worker_class:
        command += [f"--worker-class={worker_class}", "--threads=1"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/robots.txt", timeout=5).status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log_file}")
        time.sleep(0.2)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer within 30 s; see {log_file}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
