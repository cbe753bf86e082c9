"""Server processes under test: free ports, starting and stopping them (with their whole
process group), fresh PostgreSQL databases, and the problems their logs show."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx

from .config import PG_ADMIN_DSN, ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group (it was started in a session of its own)."""
    for sig, wait_s in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(wait_s)
    # Workers of a multi-process server may outlive their supervisor; end the group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _spawn(argv: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start a server in a session (process group) of its own, output into ``log_path``."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _log_tail(log_path: Path, chars: int = 2000) -> str:
    return log_path.read_text(errors="replace")[-chars:]


@contextlib.asynccontextmanager
async def running(
    argv: list[str], env: dict[str, str], port: int, log_path: Path
) -> AsyncIterator[Server]:
    """Start a server subprocess, wait for ``/healthz``, and always stop it afterwards."""
    base_url = f"http://127.0.0.1:{port}"
    process = _spawn(argv, env, log_path)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=2.0) as probe:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"server exited with {process.returncode}:\n{_log_tail(log_path)}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await probe.get("/healthz")).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not become healthy in 120 s")
                await asyncio.sleep(0.1)
        yield Server(base_url, process, log_path)
    finally:
        _stop(process)


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QMS_", "CEILING_"))}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def queue_server(database_url: str, workers: int, port: int) -> tuple[list[str], dict[str, str]]:
    env = base_env() | {
        "QMS_DATABASE_URL": database_url,
        "QMS_DEMO": "1",
        "QMS_KIOSK_TICKETS_PER_MINUTE": "600",  # a load generator, not a visitor
        "QMS_HOST": "127.0.0.1",
        "QMS_PORT": str(port),
        "QMS_WORKERS": str(workers),
    }
    return [sys.executable, "-m", "queue_server"], env


ACCESS_5XX = re.compile(r'HTTP/1\.[01]" 5\d\d')
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b(:.*)?$")
SHOWN = 300  # characters of a log line quoted in a report


def server_problems(log_path: Path) -> list[str]:
    """What went wrong according to a server's log: 5xx responses, tracebacks (with their
    exceptions) and ERROR lines."""
    if not log_path.exists():
        return []
    lines = log_path.read_text(errors="replace").splitlines()
    problems = []
    failed = [line for line in lines if ACCESS_5XX.search(line)]
    if failed:
        problems.append(f"{len(failed)} 5xx response(s), first: {failed[0][:SHOWN]}")
    tracebacks = sum(line.startswith(("Traceback", "ERROR:    Traceback")) for line in lines)
    if tracebacks:
        exceptions = dict.fromkeys(line[:SHOWN] for line in lines if EXCEPTION_LINE.match(line))
        problems.append(f"{tracebacks} traceback section(s); exceptions: {' / '.join(exceptions)}")
    errors = dict.fromkeys(
        line.strip()[:SHOWN]
        for line in lines
        if (line.startswith("ERROR") or " ERROR " in line) and "Traceback" not in line
    )
    problems += [f"logged: {line}" for line in errors]
    return problems


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards; yields its name."""
    name = f"bench_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield name
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
