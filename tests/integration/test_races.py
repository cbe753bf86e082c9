"""Races between people at the same moment, on SQLite and on PostgreSQL: exactly one wins,
the others get a 409 they can act on, and nothing is half-written."""

from __future__ import annotations

import asyncio

from queue_server.domain.errors import Conflict
from queue_server.domain.ratings import RatingInput
from queue_server.domain.tickets import Outcome, TicketStatus
from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.service import alerts, auth, counters, ratings, tickets
from queue_server.service.tickets import IssueRequest
from tests.conftest import Stack
from tests.factories import (
    ADMIN1,
    ADMIN3,
    COUNTER_1,
    COUNTER_2,
    COUNTER_3,
    MAIN,
    PASSPORT,
    RECEPTION,
    user,
)

A1 = user(ADMIN1, Role.ADMINISTRATOR)
A3 = user(ADMIN3, Role.ADMINISTRATOR)
DESK = user(RECEPTION, Role.RECEPTION)


def outcomes(results: list[object]) -> tuple[list[object], list[BaseException]]:
    ok = [r for r in results if not isinstance(r, BaseException)]
    failed = [r for r in results if isinstance(r, BaseException)]
    for f in failed:
        assert isinstance(f, Conflict), repr(f)
    return ok, failed


async def test_one_administrator_opening_two_counters_at_once(any_stack: Stack) -> None:
    s = any_stack
    results = await asyncio.gather(
        *(
            counters.open_session(uow=s.uow, principal=A1, counter_id=c, clock=s.clock)
            for c in (COUNTER_1, COUNTER_2)
        ),
        return_exceptions=True,
    )
    ok, failed = outcomes(results)
    assert (len(ok), len(failed)) == (1, 1)


async def test_two_administrators_taking_one_counter(any_stack: Stack) -> None:
    s = any_stack
    results = await asyncio.gather(
        *(
            counters.open_session(uow=s.uow, principal=who, counter_id=COUNTER_1, clock=s.clock)
            for who in (A1, A3)
        ),
        return_exceptions=True,
    )
    ok, failed = outcomes(results)
    assert (len(ok), len(failed)) == (1, 1)


async def test_a_ticket_called_by_two_windows_at_once_goes_to_one(any_stack: Stack) -> None:
    s = any_stack
    info = await tickets.issue_ticket(
        uow=s.uow, principal=DESK, office_id=MAIN, request=IssueRequest(PASSPORT), clock=s.clock
    )
    for who, counter in ((A1, COUNTER_1), (A3, COUNTER_3)):
        await counters.open_session(uow=s.uow, principal=who, counter_id=counter, clock=s.clock)
    results = await asyncio.gather(
        counters.call_ticket(
            uow=s.uow, principal=A1, counter_id=COUNTER_1, ticket_id=info.ticket.id, clock=s.clock
        ),
        counters.call_next(
            uow=s.uow, principal=A3, counter_id=COUNTER_3, clock=s.clock, rules=s.container.rules
        ),
        return_exceptions=True,
    )
    ok, _ = outcomes(results)
    called = [r for r in ok if r is not None]
    assert len(called) == 1
    async with s.uow() as tx:
        ticket = await tx.tickets.get(info.ticket.id)
        c1, c3 = await tx.counters.get(COUNTER_1), await tx.counters.get(COUNTER_3)
    assert ticket.status is TicketStatus.CALLED
    holders = [c for c in (c1, c3) if c.current_ticket_id == ticket.id]
    assert [c.id for c in holders] == [ticket.counter_id]


async def test_many_presses_of_a_kiosks_help_button_at_once_raise_one_alert(
    any_stack: Stack,
) -> None:
    s = any_stack
    manager = user(1, Role.MANAGER)
    issued = await auth.register_device(
        uow=s.uow,
        principal=manager,
        office_id=MAIN,
        kind=DeviceKind.KIOSK,
        name="Кіоск",
        clock=s.clock,
    )
    kiosk = Principal(
        kind="device", id=issued.device.id, office_id=MAIN, device_kind=DeviceKind.KIOSK
    )
    results = await asyncio.gather(
        *(alerts.request_help(uow=s.uow, principal=kiosk, clock=s.clock) for _ in range(8))
    )
    assert len({alert.id for alert, _ in results}) == 1
    assert sum(new for _, new in results) == 1
    assert len(await alerts.open_alerts(uow=s.uow, principal=manager, office_id=MAIN)) == 1


async def test_the_pad_and_the_phone_rating_one_ticket_at_once_store_one_rating(
    any_stack: Stack,
) -> None:
    s = any_stack
    info = await tickets.issue_ticket(
        uow=s.uow,
        principal=DESK,
        office_id=MAIN,
        request=IssueRequest(service_id=PASSPORT),
        clock=s.clock,
    )
    await counters.open_session(uow=s.uow, principal=A1, counter_id=COUNTER_1, clock=s.clock)
    t = info.ticket.id
    await counters.call_ticket(
        uow=s.uow, principal=A1, counter_id=COUNTER_1, ticket_id=t, clock=s.clock
    )
    await tickets.start(uow=s.uow, principal=A1, ticket_id=t, clock=s.clock)
    await tickets.finish(
        uow=s.uow, principal=A1, ticket_id=t, outcome=Outcome.OTHER, note="", clock=s.clock
    )
    pad = Principal(kind="device", id=99, office_id=MAIN, device_kind=DeviceKind.RATING_PAD)
    given = RatingInput(score=4)
    attempts = [
        ratings.rate_from_pad(uow=s.uow, principal=pad, ticket_id=t, given=given, clock=s.clock)
        for _ in range(4)
    ] + [
        ratings.rate_from_phone(
            uow=s.uow,
            track_token=info.ticket.track_token,
            given=given,
            clock=s.clock,
            rules=ratings.RatingRules(),
        )
        for _ in range(4)
    ]
    ok, failed = outcomes(await asyncio.gather(*attempts, return_exceptions=True))
    assert (len(ok), len(failed)) == (1, 7)
