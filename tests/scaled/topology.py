"""The scaled deployment on 127.0.0.1 without Docker: PostgreSQL, Redis, two or more app
processes and nginx in front, each a real process from Debian's and PyPI's packages.

nginx runs the repository's own ``deploy/nginx/qms.conf.template`` (the file the
docker-compose nginx uses), rendered with this topology's ports. A private Redis and, for
the restart test, a private PostgreSQL cluster belong to one test alone, so stopping them
disturbs nobody else.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import redis

from tests.conftest import IN_CI
from tests.servers import ROOT, Server, free_port

TEMPLATE = ROOT / "deploy" / "nginx" / "qms.conf.template"
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


def need_program(name: str, path: str | None = None) -> str:
    """The program's path; a missing one skips the test, or fails it in CI."""
    import pytest

    found = path if path and Path(path).exists() else shutil.which(name)
    if found is None:
        message = f"{name} is not installed (Debian package: see .ci/run)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``${NAME}`` the way the nginx image's envsubst does: only the names given."""
    return re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


class Nginx:
    """nginx in the foreground on a free port, in front of ``upstreams``."""

    def __init__(self, upstreams: list[str], directory: Path) -> None:
        self.binary = need_program("nginx", "/usr/sbin/nginx")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.directory = directory
        self.upstreams = upstreams
        self.proc: subprocess.Popen[bytes] | None = None

    def config(self) -> Path:
        servers = "\n    ".join(
            f"server {u.removeprefix('http://')} max_fails=1 fail_timeout=2s;"
            for u in self.upstreams
        )
        site = render(
            TEMPLATE.read_text(),
            {
                "QMS_UPSTREAM_SERVERS": servers,
                "QMS_NGINX_LISTEN": f"127.0.0.1:{self.port}",
                "QMS_STATIC_ROOT": str(ROOT),
            },
        )
        d = self.directory
        (d / "site.conf").write_text(site)
        main = d / "nginx.conf"
        main.write_text(
            f"""daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    include {d}/site.conf;
}}
"""
        )
        return main

    def start(self) -> None:
        main = self.config()
        check = subprocess.run(
            [self.binary, "-t", "-c", str(main), "-e", str(self.directory / "error.log")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen(
            [self.binary, "-c", str(main), "-e", str(self.directory / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.directory / "error.log").read_text()
            try:
                httpx.get(f"{self.url}/healthz", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise TimeoutError("nginx did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


class PrivateRedis:
    """A Redis server of this test alone, so that restarting it disturbs nobody else."""

    def __init__(self, directory: Path) -> None:
        need_program("redis-server")
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.2).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise TimeoutError("private redis did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class PrivatePostgres:
    """A PostgreSQL cluster of one test (initdb in a temporary folder, trust auth), so it
    can be stopped and started again. Run as the ``postgres`` user when we are root."""

    def __init__(self) -> None:
        if not PG_BIN:
            need_program("initdb")  # fails in CI, skips elsewhere
        self.bin = PG_BIN[-1] if PG_BIN else Path("/usr/bin")
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="qms-pg-"))
        self.data = self.directory / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        self.proc: subprocess.Popen[bytes] | None = None
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [*self.as_user, str(self.bin / "postgres"), "-D", str(self.data),
             "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.directory}", "-c", "fsync=off",
             "-c", "max_connections=100"],
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / "postgres.log").open("ab"),
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "postgres exited"
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise TimeoutError("private postgres did not start")

    def stop(self) -> None:
        """A fast shutdown (as ``systemctl restart postgresql`` does): sessions are cut."""
        if self.proc is not None:
            # To the postmaster itself (runuser does not pass SIGINT on): a fast shutdown,
            # which cuts every session (SIGTERM would wait for the clients to leave).
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(postmaster, signal.SIGINT)
            self.proc.wait(timeout=20)
            self.proc = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class Topology:
    nginx: Nginx
    workers: list[Server]

    @property
    def url(self) -> str:
        return self.nginx.url

    @property
    def database_url(self) -> str:
        return self.workers[0].env["QMS_DATABASE_URL"]


@contextmanager
def topology(database_url: str, redis_url: str, log_dir: Path, workers: int = 2,
             **env: str) -> Iterator[Topology]:  # fmt: skip
    """``workers`` app processes on one database and Redis, nginx in front."""
    started = [
        Server(database_url, log_dir, f"worker-{i}", QMS_REDIS_URL=redis_url, **env)
        for i in range(workers)
    ]
    nginx = Nginx([s.url for s in started], log_dir / "nginx")
    (log_dir / "nginx").mkdir(exist_ok=True)
    try:
        for server in started:
            server.start(wait=False)
        for server in started:
            server.wait_healthy()
        nginx.start()
        yield Topology(nginx, started)
    finally:
        nginx.stop()
        for server in started:
            server.stop()
