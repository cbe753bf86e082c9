"""The timed phases: issuing tickets, and call cycles (call-next -> start -> finish) by
administrators on a queue topped up beforehand."""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from .clients import Clients, Errors, login, post, warm_up
from .config import API, COUNTERS, DEMO_DATA, OFFICE_ID, TOP_UP_CONCURRENCY, TOP_UP_MARGIN
from .metrics import Latency, Meter, Usage


@dataclass
class IssueResult:
    concurrency: int
    requests: int
    ok: int
    seconds: float
    per_second: float
    latency: Latency
    errors: dict[str, Any]
    cpu: Usage


async def issue(
    clients: Clients,
    path: str,
    headers: dict[str, str],
    service_ids: Sequence[int],
    deadline_s: float,
    issued: Counter[int] | None = None,
) -> tuple[int, float, list[float], Errors]:
    """Issue one ticket per entry of ``service_ids``, all clients at once.

    Returns (tickets issued, seconds, latencies of every request, errors); successful
    tickets are counted per service into ``issued``."""
    jobs = iter(service_ids)
    latencies: list[float] = []
    errors = Errors()
    ok = 0
    start = time.perf_counter()
    stop_at = start + deadline_s

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal ok
        for service_id in jobs:
            if time.perf_counter() > stop_at:
                return
            t0 = time.perf_counter()
            status, response = await post(client, path, {"service_id": service_id}, headers)
            latencies.append(time.perf_counter() - t0)
            if status == 201:
                ok += 1
                if issued is not None:
                    issued[service_id] += 1
            else:
                errors.add("issue", status, response.text if response is not None else "")

    await asyncio.gather(*(client_loop(c) for c in clients))
    return ok, time.perf_counter() - start, latencies, errors


async def run_issue_phase(
    clients: Clients,
    meter: Meter,
    path: str,
    headers: dict[str, str],
    service_ids: Sequence[int],
    total: int,
    deadline_s: float,
    issued: Counter[int] | None = None,
) -> IssueResult:
    """``total`` tickets, round-robin over ``service_ids``, one client per concurrent user."""
    jobs = [service_ids[i % len(service_ids)] for i in range(total)]
    # Untimed: warms the server's code paths (and statement caches) on every connection.
    await warm_up(clients)
    await issue(clients, path, headers, jobs[: max(20, 2 * len(clients))], deadline_s, issued)
    async with meter.measure() as cpu:
        ok, seconds, latencies, errors = await issue(
            clients, path, headers, jobs, deadline_s, issued
        )
    return IssueResult(
        concurrency=len(clients),
        requests=len(latencies),
        ok=ok,
        seconds=seconds,
        per_second=ok / seconds if seconds else 0.0,
        latency=Latency.of(latencies),
        errors=errors.as_dict(),
        cpu=cpu,
    )


@dataclass
class Admin:
    username: str
    counter_id: int
    token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class CycleResult:
    concurrency: int
    workers: int
    cycles: int
    seconds: float
    per_second: float
    requests_per_second: float
    call_next: Latency
    start: Latency
    finish: Latency
    cycle: Latency
    no_content: int
    waiting_before: int
    errors: dict[str, Any]
    cpu: Usage


class Budget:
    """Cycles still to run, shared by the administrators; closes at the deadline."""

    def __init__(self, cycles: int, deadline_s: float) -> None:
        self.left = cycles
        self.stop_at = time.perf_counter() + deadline_s

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() > self.stop_at:
            return False
        self.left -= 1
        return True

    def give_back(self) -> None:
        self.left += 1


async def serve_cycles(
    clients: Clients, admins: Sequence[Admin], budget: Budget
) -> tuple[int, dict[str, list[float]], int, Errors]:
    """Every administrator runs call-next -> start -> finish until the budget is spent; a
    204 (nobody left this administrator can serve) ends that administrator's loop.

    Returns (cycles, latencies per step and of whole cycles, 204s, errors)."""
    steps: dict[str, list[float]] = {"call_next": [], "start": [], "finish": [], "cycle": []}
    errors = Errors()
    done = 0
    no_content = 0

    async def admin_loop(admin: Admin, client: httpx.AsyncClient) -> None:
        nonlocal done, no_content
        while budget.take():
            t0 = time.perf_counter()
            status, response = await post(
                client, f"{API}/counters/{admin.counter_id}/call-next", None, admin.headers
            )
            t1 = time.perf_counter()
            steps["call_next"].append(t1 - t0)
            if status == 204:
                no_content += 1
                budget.give_back()
                return
            if status != 200 or response is None:
                errors.add("call-next", status, response.text if response is not None else "")
                continue
            ticket_id = response.json()["id"]
            last = t1
            for step, body in (("start", None), ("finish", {"outcome": "consultation"})):
                status, response = await post(
                    client, f"{API}/tickets/{ticket_id}/{step}", body, admin.headers
                )
                now = time.perf_counter()
                steps[step].append(now - last)
                last = now
                if status != 200:
                    errors.add(step, status, response.text if response is not None else "")
                    break
            else:
                steps["cycle"].append(last - t0)
                done += 1

    await asyncio.gather(*(admin_loop(a, c) for a, c in zip(admins, clients, strict=False)))
    return done, steps, no_content, errors


def read_skills() -> dict[str, list[str]]:
    """Primary service codes of every demo user (empty if the demo file cannot be read)."""
    try:
        data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        u["username"]: list(u.get("skills", {}).get("primary", [])) for u in data.get("users", [])
    }


def top_up_plan(
    admins: Sequence[Admin],
    cycles: int,
    code_to_id: dict[str, int],
    issuable: Sequence[int],
    waiting: Counter[int],
) -> list[int]:
    """Service ids to issue so each administrator's primary services hold about
    ``TOP_UP_MARGIN`` times its share of the cycles (plus its warm-up cycle)."""
    skills = read_skills()
    share = math.ceil(cycles / len(admins)) + 1
    need: Counter[int] = Counter()
    for admin in admins:
        own = [code_to_id[c] for c in skills.get(admin.username, []) if c in code_to_id]
        own = own or list(issuable)  # skills unknown: any service may do
        per_service = math.ceil(share * TOP_UP_MARGIN / len(own))
        for service_id in own:
            need[service_id] += per_service
    missing = {s: max(0, wanted - waiting[s]) for s, wanted in need.items()}
    plan: list[int] = []
    while any(missing.values()):  # round-robin over the services, like real arrivals
        for service_id, left in missing.items():
            if left:
                plan.append(service_id)
                missing[service_id] = left - 1
    return plan


async def run_cycle_phase(
    clients: Clients,
    meter: Meter,
    reception: dict[str, str],
    catalog: list[dict[str, Any]],
    issuable: Sequence[int],
    waiting: Counter[int],
    concurrency: int,
    cycles: int,
    deadline_s: float,
) -> CycleResult:
    """Top the queue up (untimed), open the counters, then time ``cycles`` call cycles by
    ``min(concurrency, 12)`` administrators, one client each."""
    workers = min(concurrency, COUNTERS)
    admins = [Admin(f"admin{n:02d}", n) for n in range(1, workers + 1)]
    code_to_id = {s["code"]: s["id"] for s in catalog if s["id"] in set(issuable)}
    plan = top_up_plan(admins, cycles, code_to_id, issuable, waiting)
    top_up = await issue(
        clients[:TOP_UP_CONCURRENCY],
        f"{API}/offices/{OFFICE_ID}/tickets",
        reception,
        plan,
        deadline_s,
        waiting,
    )
    if top_up[3].count:
        raise RuntimeError(f"topping up the queue failed: {top_up[3].samples}")
    clients = clients[:workers]  # administrator k uses client k
    for admin in admins:  # untimed: logins are argon2-bound by design
        admin.token = await login(clients[0], admin.username)
        status, response = await post(
            clients[0], f"{API}/counters/{admin.counter_id}/session", None, admin.headers
        )
        if status != 200:
            body = response.text if response is not None else ""
            raise RuntimeError(f"{admin.username} cannot open counter: {status} {body}")
    await warm_up(clients)
    await serve_cycles(clients, admins, Budget(workers, deadline_s))  # one warm-up cycle each
    waiting_before = sum(waiting.values()) - workers
    async with meter.measure() as cpu:
        start = time.perf_counter()
        budget = Budget(cycles, deadline_s)
        done, steps, no_content, errors = await serve_cycles(clients, admins, budget)
        seconds = time.perf_counter() - start
    requests = sum(len(steps[s]) for s in ("call_next", "start", "finish"))
    return CycleResult(
        concurrency=concurrency,
        workers=workers,
        cycles=done,
        seconds=seconds,
        per_second=done / seconds if seconds else 0.0,
        requests_per_second=requests / seconds if seconds else 0.0,
        call_next=Latency.of(steps["call_next"]),
        start=Latency.of(steps["start"]),
        finish=Latency.of(steps["finish"]),
        cycle=Latency.of(steps["cycle"]),
        no_content=no_content,
        waiting_before=waiting_before,
        errors=errors.as_dict(),
        cpu=cpu,
    )
