"""Opening counters, calling next, serving, redirecting: the use cases over SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from queue_server.adapters.orm import EventRow
from queue_server.domain.errors import (
    ConcurrentChange,
    CounterBusy,
    Forbidden,
    InvalidTransition,
    NotYourCounter,
)
from queue_server.domain.tickets import Outcome, TicketStatus
from queue_server.domain.users import Role
from queue_server.service import counters, tickets
from queue_server.service.counters import LeftTicket
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
    PASSPORT,
    RECEPTION,
    RESIDENCE,
    user,
)

A1 = user(ADMIN1, Role.ADMINISTRATOR)
A2 = user(ADMIN2, Role.ADMINISTRATOR)
A3 = user(ADMIN3, Role.ADMINISTRATOR)
DESK = user(RECEPTION, Role.RECEPTION)


async def issue(s: Stack, service_id: int = PASSPORT, **kw):  # type: ignore[no-untyped-def]
    info = await tickets.issue_ticket(
        uow=s.uow,
        principal=DESK,
        office_id=MAIN,
        request=IssueRequest(service_id, **kw),
        clock=s.clock,
    )
    return info.ticket


async def open_counter(s: Stack, who=A1, counter_id: int = COUNTER_1):  # type: ignore[no-untyped-def]
    return await counters.open_session(
        uow=s.uow, principal=who, counter_id=counter_id, clock=s.clock
    )


async def call_next(s: Stack, who=A1, counter_id: int = COUNTER_1):  # type: ignore[no-untyped-def]
    return await counters.call_next(
        uow=s.uow, principal=who, counter_id=counter_id, clock=s.clock, rules=s.container.rules
    )


def kw(s: Stack, who, tid: int):  # type: ignore[no-untyped-def]
    return {"uow": s.uow, "principal": who, "ticket_id": tid, "clock": s.clock}


class TestOpeningACounter:
    async def test_one_operator_per_counter_and_one_counter_per_operator(
        self, stack: Stack
    ) -> None:
        await open_counter(stack)
        with pytest.raises(CounterBusy):
            await open_counter(stack, A2)
        with pytest.raises(CounterBusy, match="window 1"):
            await open_counter(stack, A1, COUNTER_2)

    async def test_reopening_after_a_reload_resumes_the_session(self, stack: Stack) -> None:
        await open_counter(stack)
        counter = await open_counter(stack)
        assert counter.operator_id == ADMIN1

    async def test_reception_cannot_open_a_counter(self, stack: Stack) -> None:
        with pytest.raises(Forbidden):
            await open_counter(stack, DESK)


class TestCallNext:
    async def test_nobody_waiting_gives_none(self, stack: Stack) -> None:
        await open_counter(stack)
        assert await call_next(stack) is None

    async def test_calls_in_virtual_arrival_order(self, stack: Stack) -> None:
        await open_counter(stack)
        first = await issue(stack)
        stack.clock.advance(minutes=5)
        await issue(stack)
        stack.clock.advance(minutes=5)
        priority = await issue(stack, priority="disability")
        info = await call_next(stack)
        assert info is not None and info.ticket.id == priority.id
        assert info.counter_number == 1
        await tickets.start(**kw(stack, A1, priority.id))
        await tickets.finish(**kw(stack, A1, priority.id), outcome=Outcome.CONSULTATION, note="")
        info = await call_next(stack)
        assert info is not None and info.ticket.id == first.id

    async def test_only_services_of_the_operators_skills(self, stack: Stack) -> None:
        await open_counter(stack, A2, COUNTER_2)
        await issue(stack, PASSPORT)
        assert await call_next(stack, A2, COUNTER_2) is None

    async def test_a_counter_with_a_called_visitor_must_finish_first(self, stack: Stack) -> None:
        await open_counter(stack)
        await issue(stack)
        await issue(stack)
        await call_next(stack)
        with pytest.raises(CounterBusy):
            await call_next(stack)

    async def test_a_paused_counter_does_not_call(self, stack: Stack) -> None:
        await open_counter(stack)
        await issue(stack)
        await counters.pause(
            uow=stack.uow, principal=A1, counter_id=COUNTER_1, reason="обід", clock=stack.clock
        )
        with pytest.raises(CounterBusy, match="paused"):
            await call_next(stack)
        await counters.resume(uow=stack.uow, principal=A1, counter_id=COUNTER_1, clock=stack.clock)
        assert await call_next(stack) is not None

    async def test_someone_elses_counter(self, stack: Stack) -> None:
        await open_counter(stack)
        with pytest.raises(NotYourCounter):
            await call_next(stack, A3, COUNTER_1)


class TestServing:
    async def test_only_the_administrator_at_the_counter_serves_the_ticket(
        self, stack: Stack
    ) -> None:
        await open_counter(stack)
        await open_counter(stack, A3, COUNTER_3)
        ticket = await issue(stack)
        await call_next(stack)
        with pytest.raises(NotYourCounter):
            await tickets.start(**kw(stack, A3, ticket.id))
        with pytest.raises(Forbidden):
            await tickets.start(**kw(stack, DESK, ticket.id))

    async def test_redirect_to_another_counter(self, stack: Stack) -> None:
        await open_counter(stack)
        await open_counter(stack, A2, COUNTER_2)
        ticket = await issue(stack)
        await call_next(stack)
        info = await tickets.redirect(
            **kw(stack, A1, ticket.id),
            request=RedirectRequest(service_id=RESIDENCE, counter_id=COUNTER_3),
        )
        assert info.ticket.status is TicketStatus.WAITING
        assert await call_next(stack, A2, COUNTER_2) is None  # it waits for counter 3
        await open_counter(stack, A3, COUNTER_3)
        called = await call_next(stack, A3, COUNTER_3)
        assert called is not None and called.ticket.id == ticket.id

    async def test_reception_redirects_and_cancels_waiting_tickets(self, stack: Stack) -> None:
        ticket = await issue(stack)
        info = await tickets.redirect(
            **kw(stack, DESK, ticket.id), request=RedirectRequest(service_id=RESIDENCE)
        )
        assert info.ticket.service_id == RESIDENCE
        info = await tickets.cancel(**kw(stack, DESK, ticket.id), reason="пішов")
        assert info.ticket.status is TicketStatus.CANCELLED
        with pytest.raises(InvalidTransition):
            await tickets.cancel(**kw(stack, DESK, ticket.id), reason="")

    async def test_administrators_cannot_cancel(self, stack: Stack) -> None:
        ticket = await issue(stack)
        with pytest.raises(Forbidden):
            await tickets.cancel(**kw(stack, A1, ticket.id), reason="")

    async def test_parked_ticket_can_be_called_back_directly(self, stack: Stack) -> None:
        await open_counter(stack)
        ticket = await issue(stack)
        await call_next(stack)
        await tickets.park(**kw(stack, A1, ticket.id))
        info = await counters.call_ticket(
            uow=stack.uow,
            principal=A1,
            counter_id=COUNTER_1,
            ticket_id=ticket.id,
            clock=stack.clock,
        )
        assert info.ticket.status is TicketStatus.CALLED

    async def test_closing_with_a_visitor_asks_what_to_do(self, stack: Stack) -> None:
        await open_counter(stack)
        ticket = await issue(stack)
        await call_next(stack)
        with pytest.raises(CounterBusy):
            await counters.close_session(
                uow=stack.uow,
                principal=A1,
                counter_id=COUNTER_1,
                left_ticket=None,
                clock=stack.clock,
            )
        closed = await counters.close_session(
            uow=stack.uow,
            principal=A1,
            counter_id=COUNTER_1,
            left_ticket=LeftTicket.REQUEUE,
            clock=stack.clock,
        )
        assert closed.operator_id is None
        info = await tickets.get_ticket(
            uow=stack.uow, principal=DESK, ticket_id=ticket.id, clock=stack.clock
        )
        assert info.ticket.status is TicketStatus.WAITING

    async def test_a_stale_copy_cannot_overwrite_a_newer_change(self, stack: Stack) -> None:
        ticket = await issue(stack)
        async with stack.uow() as tx:
            stale = await tx.tickets.get(ticket.id)
        await tickets.cancel(**kw(stack, DESK, ticket.id), reason="")
        stale.park(None, at=stack.clock())
        with pytest.raises(ConcurrentChange):
            async with stack.uow() as tx:
                await tx.tickets.save(stale)


class TestEventLog:
    async def test_every_step_is_logged_in_order(self, stack: Stack) -> None:
        await open_counter(stack)
        ticket = await issue(stack)
        await call_next(stack)
        await tickets.recall(**kw(stack, A1, ticket.id), rules=stack.container.rules)
        await tickets.start(**kw(stack, A1, ticket.id))
        await tickets.finish(**kw(stack, A1, ticket.id), outcome=Outcome.RESULT_ISSUED, note="")
        async with stack.db.begin() as conn:
            rows = (await conn.execute(select(EventRow).order_by(EventRow.seq))).all()
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
        assert [r.type for r in rows] == [
            "counter.opened",
            "ticket.issued",
            "ticket.called",
            "ticket.recalled",
            "ticket.started",
            "ticket.finished",
        ]
        assert rows[2].data["counter_number"] == 1 and rows[2].data["number"] == "П-001"
        assert rows[1].actor == f"user:{RECEPTION}"

    async def test_published_after_commit(self, stack: Stack) -> None:
        seen = []

        async def listener(events):  # type: ignore[no-untyped-def]
            seen.extend(events)

        stack.container.bus.subscribe(listener)
        await issue(stack)
        assert [e.type for e in seen] == ["ticket.issued"]
        assert seen[0].seq == 1


class TestEndOfDay:
    async def test_yesterdays_queue_expires_and_today_starts_afresh(self, stack: Stack) -> None:
        from queue_server.service.days import expire_previous_days

        left = await issue(stack)
        stack.clock.advance(days=1)
        assert await expire_previous_days(uow=stack.uow, clock=stack.clock) == 1
        info = await tickets.get_ticket(
            uow=stack.uow, principal=DESK, ticket_id=left.id, clock=stack.clock
        )
        assert info.ticket.status is TicketStatus.EXPIRED
        assert (await issue(stack)).number == "П-001"
        assert await expire_previous_days(uow=stack.uow, clock=stack.clock) == 0


class TestQueueSnapshot:
    async def test_displays_see_no_operator_names(self, stack: Stack) -> None:
        from queue_server.domain.users import DeviceKind, Principal
        from queue_server.service.queries import queue_snapshot

        await open_counter(stack)
        display = Principal(kind="device", id=1, office_id=MAIN, device_kind=DeviceKind.DISPLAY)
        snap = await queue_snapshot(
            uow=stack.uow, principal=display, office_id=MAIN, clock=stack.clock
        )
        assert not snap.show_names
        staff = await queue_snapshot(
            uow=stack.uow, principal=DESK, office_id=MAIN, clock=stack.clock
        )
        assert staff.show_names
        assert staff.counters[0].operator_name == "Адміністратор 1"
