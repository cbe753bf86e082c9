"""Issuing tickets: numbering, caps, hours, idempotency, permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from queue_server.domain.errors import (
    DailyCapReached,
    Forbidden,
    IdempotencyMismatch,
    NotFound,
    OfficeClosed,
    ServiceUnavailable,
)
from queue_server.domain.tickets import TicketStatus
from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.service import tickets
from queue_server.service.tickets import IssueRequest
from tests.conftest import Stack
from tests.factories import (
    ADMIN1,
    BRANCH,
    BRANCH_PASSPORT,
    CAPPED,
    ELSEWHERE,
    MAIN,
    PASSPORT,
    PAUSED,
    RECEPTION,
    RESIDENCE,
    user,
)

KIOSK = Principal(kind="device", id=1, office_id=MAIN, device_kind=DeviceKind.KIOSK)
DESK = user(RECEPTION, Role.RECEPTION)


async def issue(s: Stack, service_id: int = PASSPORT, *, office_id: int = MAIN, **kw):  # type: ignore[no-untyped-def]
    return await tickets.issue_ticket(
        uow=s.uow,
        principal=kw.pop("principal", KIOSK),
        office_id=office_id,
        request=IssueRequest(service_id=service_id, **kw),
        clock=s.clock,
    )


class TestNumbering:
    async def test_numbers_count_up_per_prefix(self, stack: Stack) -> None:
        numbers = [
            (await issue(stack, sid)).ticket.number for sid in (PASSPORT, PASSPORT, RESIDENCE)
        ]
        assert numbers == ["П-001", "П-002", "Р-001"]

    async def test_numbering_restarts_on_the_next_business_day(self, stack: Stack) -> None:
        await issue(stack)
        stack.clock.advance(days=1)
        info = await issue(stack)
        assert info.ticket.number == "П-001"

    async def test_the_ticket_knows_its_position(self, stack: Stack) -> None:
        await issue(stack)
        info = await issue(stack)
        assert info.position == 1
        assert info.ticket.status is TicketStatus.WAITING
        assert len(info.ticket.track_token) >= 20


class TestRefusals:
    async def test_daily_cap(self, stack: Stack) -> None:
        for _ in range(3):
            await issue(stack, CAPPED)
        with pytest.raises(DailyCapReached) as err:
            await issue(stack, CAPPED)
        assert "ліміт 3" in err.value.message("uk")
        # the refused attempt used no number
        stack.clock.advance(days=1)
        assert (await issue(stack, CAPPED)).ticket.number == "К-001"

    async def test_closed_office_names_the_next_opening(self, stack: Stack) -> None:
        stack.clock.advance(hours=10)  # Monday 20:00 in Kyiv: the branch closed at 17:00
        branch_kiosk = Principal(
            kind="device", id=2, office_id=BRANCH, device_kind=DeviceKind.KIOSK
        )
        with pytest.raises(OfficeClosed) as err:
            await issue(stack, BRANCH_PASSPORT, office_id=BRANCH, principal=branch_kiosk)
        assert "24.11.2026 08:00" in err.value.message("uk")

    async def test_inactive_and_referral_services(self, stack: Stack) -> None:
        with pytest.raises(ServiceUnavailable, match="temporarily"):
            await issue(stack, PAUSED)
        with pytest.raises(ServiceUnavailable) as err:
            await issue(stack, ELSEWHERE)
        assert "Пенсійний фонд" in err.value.message("uk")

    async def test_a_service_of_another_office(self, stack: Stack) -> None:
        with pytest.raises(NotFound):
            await issue(stack, BRANCH_PASSPORT)

    async def test_unknown_priority_category(self, stack: Stack) -> None:
        with pytest.raises(NotFound):
            await issue(stack, priority="astronaut")

    async def test_administrators_and_other_offices_kiosks_do_not_issue(self, stack: Stack) -> None:
        with pytest.raises(Forbidden):
            await issue(stack, principal=user(ADMIN1, Role.ADMINISTRATOR))
        other = Principal(kind="device", id=9, office_id=BRANCH, device_kind=DeviceKind.KIOSK)
        with pytest.raises(Forbidden):
            await issue(stack, principal=other)


class TestIdempotency:
    async def test_a_retried_request_returns_the_same_ticket(self, stack: Stack) -> None:
        first = await issue(stack, idempotency_key="tap-1")
        again = await issue(stack, idempotency_key="tap-1")
        assert again.ticket.id == first.ticket.id
        assert again.replayed and not first.replayed
        assert (await issue(stack, idempotency_key="tap-2")).ticket.number == "П-002"

    async def test_keys_are_per_caller(self, stack: Stack) -> None:
        a = await issue(stack, idempotency_key="k")
        b = await issue(stack, idempotency_key="k", principal=DESK)
        assert a.ticket.id != b.ticket.id

    async def test_a_key_reused_for_another_service_is_refused(self, stack: Stack) -> None:
        await issue(stack, idempotency_key="k")
        with pytest.raises(IdempotencyMismatch):
            await issue(stack, RESIDENCE, idempotency_key="k")


class TestPriority:
    async def test_priority_ticket_gets_the_head_start(self, stack: Stack) -> None:
        info = await issue(stack, priority="veteran", principal=DESK)
        assert info.ticket.head_start == timedelta(minutes=20)
        assert info.ticket.priority == "veteran"
