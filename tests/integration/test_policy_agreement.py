"""The call-next rule exists twice: a pure function and the SQL of the atomic claim.
Over random queues, on SQLite and on PostgreSQL, both always pick the same ticket."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from queue_server.adapters.orm import TicketRow
from queue_server.domain.policies import CallNextPolicy
from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.domain.users import Tier
from queue_server.main import build_container
from tests.conftest import Stack, fresh_database, seed, settings_for
from tests.factories import (
    ADMIN1,
    ADMIN2,
    CAPPED,
    COUNTER_1,
    COUNTER_2,
    MAIN,
    MONDAY_10_KYIV,
    PASSPORT,
    RESIDENCE,
    FakeClock,
    make_ticket,
)

POLICY = CallNextPolicy(secondary_penalty=timedelta(minutes=10))
NOW = MONDAY_10_KYIV + timedelta(minutes=30)  # some booked tickets' slots are still ahead
SERVICES = [PASSPORT, RESIDENCE, CAPPED]
_tokens = itertools.count()

ticket_specs = st.fixed_dictionaries(
    {
        "service_id": st.sampled_from(SERVICES),
        "minute": st.integers(0, 40),
        "head_start_min": st.sampled_from([0, 0, 20]),
        "status": st.sampled_from([TicketStatus.WAITING] * 4 + [TicketStatus.PARKED]),
        "target_counter_id": st.sampled_from([None, None, None, COUNTER_1, COUNTER_2]),
        "target_operator_id": st.sampled_from([None, None, None, ADMIN1, ADMIN2]),
        "booked_min": st.sampled_from([None, None, None, 20, 30, 40]),
    }
)
skill_maps = st.dictionaries(st.sampled_from(SERVICES), st.sampled_from(list(Tier)), max_size=3)


def build(spec: dict[str, object]) -> Ticket:
    minute, booked = spec.pop("minute"), spec.pop("booked_min")
    assert isinstance(minute, int)
    ticket = make_ticket(0, arrived=MONDAY_10_KYIV + timedelta(minutes=minute), **spec)  # type: ignore[arg-type]
    ticket.track_token = f"tok-{next(_tokens)}"
    if isinstance(booked, int):  # checked in for a slot at 10:20, 10:30 (now) or 10:40
        ticket.booked_for = MONDAY_10_KYIV + timedelta(minutes=booked)
        ticket.head_start = timedelta(minutes=60 + minute - booked)
    return ticket


@pytest.fixture(params=["sqlite", "postgres"])
def runner_stack(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[asyncio.Runner, Stack]]:
    """A seeded database and a private event loop for hypothesis' synchronous examples."""
    url = fresh_database(request.param, tmp_path, request)
    with asyncio.Runner() as runner:
        runner.run(seed(url))
        container, db = build_container(settings_for(url), FakeClock())
        yield runner, Stack(url, request.param, container, db, FakeClock())
        runner.run(db.dispose())


async def both_picks(
    s: Stack, queue: list[Ticket], tiers: dict[int, Tier]
) -> tuple[int | None, int | None]:
    async with s.uow() as tx:
        for ticket in queue:
            await tx.tickets.add(ticket)
        await tx.commit()
    async with s.uow() as tx:
        claimed = await tx.tickets.claim_next(
            MAIN,
            counter_id=COUNTER_1,
            operator_id=ADMIN1,
            tiers=tiers,
            secondary_penalty_ms=POLICY.secondary_penalty_ms,
            now=NOW,
            day=NOW.date(),
        )
    pure = POLICY.pick(queue, counter_id=COUNTER_1, operator_id=ADMIN1, tiers=tiers, now=NOW)
    async with s.db.begin() as conn:
        await conn.execute(delete(TicketRow))
    return (claimed.id if claimed else None), (pure.id if pure else None)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(ticket_specs, max_size=12), tiers=skill_maps)
def test_sql_and_pure_policy_pick_the_same_ticket(
    runner_stack: tuple[asyncio.Runner, Stack],
    specs: list[dict[str, object]],
    tiers: dict[int, Tier],
) -> None:
    runner, s = runner_stack
    queue = [build(dict(spec)) for spec in specs]
    sql_pick, pure_pick = runner.run(both_picks(s, queue, tiers))
    event("a ticket was picked" if pure_pick else "nobody to call")
    assert sql_pick == pure_pick
