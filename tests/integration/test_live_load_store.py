"""The live load's reads on SQLite and on PostgreSQL: when each window became free (after
a finish, a redirect, a ticket set aside, a break), today's breaks, a window's visitor."""

from __future__ import annotations

from datetime import timedelta

from queue_server.domain.tickets import Outcome
from queue_server.domain.users import Principal, Role
from queue_server.service import counters, tickets
from queue_server.service.load import CounterLoad, live_load
from queue_server.service.tickets import IssueRequest, RedirectRequest
from tests.conftest import Stack
from tests.factories import (
    ADMIN1,
    ADMIN2,
    ADMIN3,
    COUNTER_1,
    COUNTER_2,
    COUNTER_3,
    MAIN,
    MANAGER,
    PASSPORT,
    RECEPTION,
    RESIDENCE,
    user,
)

A1, A2, A3 = (user(a, Role.ADMINISTRATOR) for a in (ADMIN1, ADMIN2, ADMIN3))
DESK = user(RECEPTION, Role.RECEPTION)
BOSS = user(MANAGER, Role.MANAGER, office_id=None)


async def test_when_each_window_became_free_and_its_breaks(any_stack: Stack) -> None:
    s = any_stack
    start = s.clock()

    async def issue(service_id: int) -> int:
        info = await tickets.issue_ticket(
            uow=s.uow,
            principal=DESK,
            office_id=MAIN,
            request=IssueRequest(service_id),
            clock=s.clock,
        )
        return info.ticket.id

    async def call(who: Principal, counter_id: int, ticket_id: int) -> None:
        await counters.call_ticket(
            uow=s.uow, principal=who, counter_id=counter_id, ticket_id=ticket_id, clock=s.clock
        )

    for who, counter_id in ((A1, COUNTER_1), (A2, COUNTER_2), (A3, COUNTER_3)):
        await counters.open_session(uow=s.uow, principal=who, counter_id=counter_id, clock=s.clock)
    first, second, third = await issue(PASSPORT), await issue(RESIDENCE), await issue(PASSPORT)
    s.clock.advance(minutes=1)
    await call(A1, COUNTER_1, first)
    await call(A2, COUNTER_2, second)
    await call(A3, COUNTER_3, third)
    s.clock.advance(minutes=1)  # 2: window 1 finishes, window 2 redirects, window 3 parks
    await tickets.start(uow=s.uow, principal=A1, ticket_id=first, clock=s.clock)
    await tickets.finish(
        uow=s.uow, principal=A1, ticket_id=first, outcome=Outcome.OTHER, note="", clock=s.clock
    )
    s.clock.advance(minutes=1)  # 3
    await tickets.redirect(
        uow=s.uow,
        principal=A2,
        ticket_id=second,
        request=RedirectRequest(service_id=PASSPORT),
        clock=s.clock,
    )
    s.clock.advance(minutes=1)  # 4
    await tickets.park(uow=s.uow, principal=A3, ticket_id=third, clock=s.clock)
    s.clock.advance(minutes=1)  # 5: window 1 takes a break of 3 minutes
    await counters.pause(
        uow=s.uow, principal=A1, counter_id=COUNTER_1, reason="кава", clock=s.clock
    )
    s.clock.advance(minutes=3)  # 8
    await counters.resume(uow=s.uow, principal=A1, counter_id=COUNTER_1, clock=s.clock)
    await call(A1, COUNTER_1, second)
    s.clock.advance(minutes=1)  # 9

    load = await live_load(
        uow=s.uow, principal=BOSS, clock=s.clock, office_id=MAIN, offline_after=timedelta(1)
    )
    [office] = load.offices
    windows: dict[int, CounterLoad] = {c.counter.id: c for c in office.counters}
    at = lambda minutes: start + timedelta(minutes=minutes)  # noqa: E731
    assert windows[COUNTER_1].counter.state == "serving"
    assert windows[COUNTER_1].since == at(8)  # called at 8, not started
    assert windows[COUNTER_1].paused_seconds_today == 180
    assert windows[COUNTER_2].since == at(3)  # free since its redirect
    assert windows[COUNTER_3].since == at(4)  # free since it set its visitor aside
    assert windows[COUNTER_1].today is not None and windows[COUNTER_1].today.served == 1
