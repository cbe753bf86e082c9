"""The load generator's HTTP side: one keep-alive client per concurrent user, POSTs
that report transport errors as a status, error tallies, and logins."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from .config import API, ERROR_SAMPLES, PASSWORD

Clients = Sequence[httpx.AsyncClient]


@dataclass
class Errors:
    """Unexpected responses and transport errors, with a few samples."""

    count: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def add(self, what: str, status: int | str, body: str = "") -> None:
        self.count += 1
        self.by_status[str(status)] += 1
        if len(self.samples) < ERROR_SAMPLES:
            self.samples.append(f"{what}: {status} {body[:300]}")

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "by_status": dict(self.by_status), "samples": self.samples}


async def post(
    client: httpx.AsyncClient, url: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> tuple[int | str, httpx.Response | None]:
    """POST, returning the status, or the exception's name on a transport error."""
    try:
        response = await client.post(url, json=body, headers=headers)
    except httpx.HTTPError as exc:
        return type(exc).__name__, None
    return response.status_code, response


async def warm_up(clients: Clients) -> None:
    """Open every client's keep-alive connection before anything is timed."""
    await asyncio.gather(*(c.get("/healthz") for c in clients))


@contextlib.asynccontextmanager
async def http_clients(base_url: str, count: int) -> AsyncIterator[list[httpx.AsyncClient]]:
    """``count`` clients of one keep-alive connection each, one per concurrent user.

    One client per user rather than one shared pool: httpx's pool gets quadratically
    slower with the number of connections and waiting requests (at 50 it capped this
    machine at about a quarter of the throughput), which would measure the client."""
    async with contextlib.AsyncExitStack() as stack:
        yield [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=base_url,
                    limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                    timeout=httpx.Timeout(60.0),
                )
            )
            for _ in range(count)
        ]


async def login(client: httpx.AsyncClient, username: str) -> str:
    response = await client.post(
        f"{API}/auth/login", json={"username": username, "password": PASSWORD}
    )
    response.raise_for_status()
    return str(response.json()["token"])
