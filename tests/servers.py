"""Real server processes for tests: ``python -m uvicorn`` on free loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One server process on a fixed port and database; it can be stopped and restarted,
    as a power cut or a deployment would."""

    def __init__(self, database_url: str, log_dir: Path, name: str = "server", **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_dir = log_dir
        self.name = name
        self.env = (
            os.environ
            | {
                "QMS_DATABASE_URL": database_url,
                "QMS_SECRET_KEY": "test-secret",
                "QMS_DEMO": "0",
            }
            | env
        )
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, *, wait: bool = True) -> None:
        self.starts += 1
        suffix = f"-{self.starts}" if self.starts > 1 else ""
        with (self.log_dir / f"{self.name}{suffix}.log").open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "queue_server.main:create_app", "--factory",
                 "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        if wait:
            self.wait_healthy()

    def wait_healthy(self) -> None:
        assert self.proc is not None
        wait_healthy(self.url, self.proc)

    def kill(self) -> None:
        """``kill -9``: no shutdown, no flush, as a crash or a power cut would."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@contextmanager
def servers(database_url: str, count: int, log_dir: Path, **env: str) -> Iterator[list[str]]:
    """Start ``count`` server processes on one database; yields their base URLs."""
    started = [Server(database_url, log_dir, f"server-{i}", **env) for i in range(count)]
    try:
        for server in started:
            server.start(wait=False)
        for server in started:
            server.wait_healthy()
        yield [server.url for server in started]
    finally:
        for server in started:
            server.stop()


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server {url} exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"server {url} did not become healthy in {timeout}s")
