"""Many visitors booking at the same moment, on SQLite and on PostgreSQL (there through two
app instances, as two hosts would): a slot is never given beyond its capacity, a phone
number never beyond its monthly cap, and every refusal is a 409 a person can act on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta

import pytest

from queue_server.domain.bookings import BookingRules
from queue_server.domain.errors import BookingLimitReached, SlotTaken
from queue_server.main import build_container
from queue_server.service import bookings
from queue_server.service.bookings import BookRequest
from queue_server.service.ports import UnitOfWorkFactory
from tests.conftest import Stack, settings_for
from tests.factories import MAIN, MONDAY_10_KYIV, PASSPORT

VISITORS = 24
SLOT = MONDAY_10_KYIV + timedelta(hours=2)  # 12:00 in Kyiv


@pytest.fixture
async def hosts(any_stack: Stack) -> AsyncIterator[Sequence[UnitOfWorkFactory]]:
    """The stack's units of work and, on PostgreSQL, those of a second app instance."""
    if any_stack.dialect != "postgres":
        yield [any_stack.uow]
        return
    other, db = build_container(settings_for(any_stack.url), any_stack.clock)
    try:
        yield [any_stack.uow, other.uow]
    finally:
        await db.dispose()


async def set_live_share(s: Stack, pct: int) -> None:
    async with s.uow() as tx:
        await tx.bookings.save_rules(MAIN, BookingRules(enabled=True, live_share_pct=pct))
        await tx.commit()


async def book_all(
    s: Stack, hosts: Sequence[UnitOfWorkFactory], starts: Sequence[datetime], phone: str = ""
) -> tuple[list[bookings.BookingView], list[BaseException]]:
    results = await asyncio.gather(
        *(
            bookings.book(
                uow=hosts[i % len(hosts)],
                request=BookRequest(MAIN, PASSPORT, start, phone=phone),
                clock=s.clock,
            )
            for i, start in enumerate(starts)
        ),
        return_exceptions=True,
    )
    ok = [r for r in results if isinstance(r, bookings.BookingView)]
    failed = [r for r in results if isinstance(r, BaseException)]
    return ok, failed


@pytest.mark.parametrize("live_share", [50, 0])
async def test_a_slot_is_never_given_beyond_its_capacity(
    any_stack: Stack, hosts: Sequence[UnitOfWorkFactory], live_share: int
) -> None:
    await set_live_share(any_stack, live_share)
    capacity = 1 if live_share == 50 else 2  # two administrators serve passports
    ok, failed = await book_all(any_stack, hosts, [SLOT] * VISITORS)
    assert len(ok) == capacity
    assert all(isinstance(f, SlotTaken) for f in failed), failed
    assert len({v.booking.code for v in ok}) == capacity
    async with any_stack.uow(write=False) as tx:
        assert await tx.bookings.taken(PASSPORT, SLOT, SLOT + timedelta(minutes=1)) == {
            SLOT: capacity
        }


async def test_a_phone_number_never_exceeds_its_monthly_cap(
    any_stack: Stack, hosts: Sequence[UnitOfWorkFactory]
) -> None:
    starts = [SLOT + timedelta(minutes=10 * i) for i in range(VISITORS)]
    ok, failed = await book_all(any_stack, hosts, starts, phone="+380671234567")
    assert len(ok) == BookingRules().per_phone_month
    assert all(isinstance(f, BookingLimitReached) for f in failed), failed


async def test_moving_into_a_slot_races_booking_it(
    any_stack: Stack, hosts: Sequence[UnitOfWorkFactory]
) -> None:
    s = any_stack
    later = SLOT + timedelta(hours=1)
    movers, _ = await book_all(s, hosts, [later + timedelta(minutes=10 * i) for i in range(6)])
    moves = [
        bookings.move(uow=hosts[i % len(hosts)], code=v.booking.code, start=SLOT, clock=s.clock)
        for i, v in enumerate(movers)
    ]
    books = [
        bookings.book(uow=hosts[i % len(hosts)], request=BookRequest(MAIN, PASSPORT, SLOT),
                      clock=s.clock)
        for i in range(6)
    ]  # fmt: skip
    results = await asyncio.gather(*moves, *books, return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, SlotTaken) for r in results if isinstance(r, BaseException))
    booked_new = sum(not isinstance(r, BaseException) for r in results[len(moves) :])
    async with s.uow(write=False) as tx:
        taken = await tx.bookings.taken(PASSPORT, SLOT, later + timedelta(hours=1))
    assert taken[SLOT] == 1
    assert sum(taken.values()) == len(movers) + booked_new  # a move frees its old slot
