"""Appointments in SQL: bookings, the office's booking rules, the staffing of slots."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import (
    BookingRow,
    CounterRow,
    OfficeRow,
    SkillRow,
    TicketRow,
    UserRow,
)
from queue_server.adapters.ticket_store import next_seq_statement
from queue_server.domain.bookings import (
    HOLDING,
    Booking,
    BookingRules,
    BookingStatus,
    format_code,
)
from queue_server.domain.errors import BookingNotFound, ConcurrentChange, NotFound
from queue_server.domain.users import Role
from queue_server.service.ports import Staffing

_HOLDING = [s.value for s in HOLDING]
LOCK_KEY = "bookings"  # the daily_counters row every booking of an office's month locks


def booking_from_row(r: Any) -> Booking:
    return Booking(
        id=r.id,
        office_id=r.office_id,
        service_id=r.service_id,
        code=r.code,
        start=r.start,
        day=r.day,
        created_at=r.created_at,
        status=BookingStatus(r.status),
        phone=r.phone,
        language=r.language,
        ticket_id=r.ticket_id,
        closed_at=r.closed_at,
        version=r.version,
    )


def _values(b: Booking) -> dict[str, Any]:
    return {
        "service_id": b.service_id,
        "start": b.start,
        "day": b.day,
        "status": b.status.value,
        "phone": b.phone,
        "ticket_id": b.ticket_id,
        "closed_at": b.closed_at,
    }


class SqlBookings:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def rules(self, office_id: int) -> BookingRules:
        stored = (
            await self.conn.execute(select(OfficeRow.booking).where(OfficeRow.id == office_id))
        ).first()
        if stored is None:
            raise NotFound(what="ЦНАП / office", key=office_id)
        return BookingRules.from_dict(stored[0])

    async def save_rules(self, office_id: int, rules: BookingRules) -> None:
        await self.conn.execute(
            update(OfficeRow).where(OfficeRow.id == office_id).values(booking=rules.to_dict())
        )

    async def lock(self, office_id: int, month: date) -> None:
        # The same atomic upsert as ticket numbering: its row lock serialises every
        # booking of the office's month until commit (SQLite serialises all writers).
        params = {"office_id": office_id, "day": month, "key": LOCK_KEY}
        await self.conn.execute(next_seq_statement(self.conn.dialect.name), params)

    async def add(self, booking: Booking) -> None:
        values = _values(booking) | {
            "office_id": booking.office_id,
            "code": booking.code,
            "language": booking.language,
            "created_at": booking.created_at,
            "version": 0,
        }
        booking.id = (
            await self.conn.execute(insert(BookingRow).returning(BookingRow.id), values)
        ).scalar_one()

    async def code_exists(self, code: str) -> bool:
        stmt = select(BookingRow.id).where(BookingRow.code == code)
        return (await self.conn.execute(stmt)).first() is not None

    async def by_code(self, code: str) -> Booking:
        row = (await self.conn.execute(select(BookingRow).where(BookingRow.code == code))).first()
        if row is None:
            raise BookingNotFound(key=format_code(code))
        return booking_from_row(row)

    async def save(self, booking: Booking) -> None:
        result = await self.conn.execute(
            update(BookingRow)
            .where(BookingRow.id == booking.id, BookingRow.version == booking.version)
            .values(_values(booking) | {"version": booking.version + 1})
        )
        if result.rowcount != 1:
            raise ConcurrentChange(what="Запис / booking")
        booking.version += 1

    async def taken(
        self, service_id: int, start: datetime, end: datetime
    ) -> Mapping[datetime, int]:
        rows = await self.conn.execute(
            select(BookingRow.start, func.count())
            .where(
                BookingRow.service_id == service_id,
                BookingRow.start >= start,
                BookingRow.start < end,
                BookingRow.status.in_(_HOLDING),
            )
            .group_by(BookingRow.start)
        )
        return {at: count for at, count in rows}

    async def of_phone(self, phone: str, start: datetime, end: datetime) -> int:
        stmt = select(func.count()).where(
            BookingRow.phone == phone,
            BookingRow.start >= start,
            BookingRow.start < end,
            BookingRow.status.in_(_HOLDING),
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def of_day(self, office_id: int, day: date) -> Sequence[tuple[Booking, str | None]]:
        rows = await self.conn.execute(
            select(BookingRow, TicketRow.number)
            .outerjoin(TicketRow, TicketRow.id == BookingRow.ticket_id)
            .where(BookingRow.office_id == office_id, BookingRow.day == day)
            .order_by(BookingRow.start, BookingRow.id)
        )
        return [(booking_from_row(r), r.number) for r in rows]

    async def expected_before(self, office_id: int, before: datetime) -> Sequence[Booking]:
        rows = await self.conn.execute(
            select(BookingRow).where(
                BookingRow.office_id == office_id,
                BookingRow.status == BookingStatus.BOOKED.value,
                BookingRow.start < before,
            )
        )
        return [booking_from_row(r) for r in rows]

    async def erase_phones_before(self, office_id: int, before: datetime) -> int:
        result = await self.conn.execute(
            update(BookingRow)
            .where(
                BookingRow.office_id == office_id,
                BookingRow.start < before,
                BookingRow.phone != "",
            )
            .values(phone="")
        )
        return int(result.rowcount)

    async def tally(
        self, office_ids: Sequence[int], first: date, last: date
    ) -> Mapping[BookingStatus, int]:
        rows = await self.conn.execute(
            select(BookingRow.status, func.count())
            .where(
                BookingRow.office_id.in_(list(office_ids)),
                BookingRow.day >= first,
                BookingRow.day <= last,
            )
            .group_by(BookingRow.status)
        )
        return {BookingStatus(status): count for status, count in rows}

    async def staffing(self, office_id: int) -> Staffing:
        counters = (
            await self.conn.execute(select(func.count()).where(CounterRow.office_id == office_id))
        ).scalar_one()
        rows = await self.conn.execute(
            select(UserRow.roles, SkillRow.service_id)
            .join(SkillRow, SkillRow.user_id == UserRow.id)
            .where(UserRow.office_id == office_id, UserRow.active)
        )
        people = Tally(service_id for roles, service_id in rows if Role.ADMINISTRATOR in roles)
        return Staffing(counters=int(counters), administrators=dict(people))
