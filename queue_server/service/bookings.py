"""Use cases of appointments for the visitor: what can be booked, booking, and finding,
cancelling and moving a booking by its code (the centre's side is in booking_desk.py).

Every booking of an office's month takes the same lock first (see
``BookingRepository.lock``), so the capacity and per-phone checks that follow read a
state nobody else is changing: a slot is never given twice, under any number of workers.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from queue_server.domain.bookings import (
    Booking,
    BookingRules,
    Slot,
    day_slots,
    new_code,
    normalise_code,
    normalise_phone,
    slot_minutes,
)
from queue_server.domain.errors import (
    BookingLimitReached,
    InvalidInput,
    NotFound,
    ServiceUnavailable,
    SlotTaken,
)
from queue_server.domain.events import BookingMade
from queue_server.domain.offices import Office
from queue_server.domain.services import Service
from queue_server.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class BookingView:
    """A booking with the names a visitor or reception reads beside it."""

    booking: Booking
    office: Office
    service: Service
    rules: BookingRules
    ticket_number: str | None = None  # once checked in (reception's list)


@dataclass(frozen=True)
class DayOffer:
    day: date
    free: int


@dataclass(frozen=True)
class BookRequest:
    office_id: int
    service_id: int
    start: datetime
    phone: str = ""
    language: str = "uk"


# --- what can be booked ------------------------------------------------------------------


def _not_bookable(service: Service, uk: str, en: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        service_uk=service.name_uk, service_en=service.name_en, reason_uk=uk, reason_en=en
    )


async def _open_office(tx: UnitOfWork, office_id: int) -> tuple[Office, BookingRules]:
    office = await tx.offices.get(office_id)
    rules = await tx.bookings.rules(office_id)
    if not rules.enabled:
        raise NotFound(what="попередній запис у ЦНАП / appointments at office", key=office_id)
    return office, rules


async def _bookable_service(tx: UnitOfWork, office: Office, service_id: int) -> Service:
    service = await tx.catalog.service(service_id)
    if service.office_id != office.id:
        raise NotFound(what="послуга / service", key=service_id)
    service.ensure_issuable()
    if not service.bookable:
        raise _not_bookable(
            service,
            "на неї не ведеться попередній запис. Візьміть талон у терміналі.",
            "it cannot be booked ahead. Please take a ticket at the kiosk.",
        )
    return service


def _local_midnight(office: Office, day: date) -> datetime:
    return datetime.combine(day, time(0), office.zone)


async def _slots(
    tx: UnitOfWork,
    office: Office,
    service: Service,
    rules: BookingRules,
    days: Sequence[date],
    now: datetime,
) -> dict[date, list[Slot]]:
    """The future slots of ``days`` with what is taken of each."""
    staffing = await tx.bookings.staffing(office.id)
    counters = staffing.serving(service.id)
    minutes = slot_minutes(service.avg_service_min)
    taken = await tx.bookings.taken(
        service.id,
        _local_midnight(office, min(days)),
        _local_midnight(office, max(days) + timedelta(days=1)),
    )
    result: dict[date, list[Slot]] = {}
    for day in days:
        plan = day_slots(
            office, day, minutes=minutes, counters=counters, live_share_pct=rules.live_share_pct
        )
        result[day] = [replace(s, taken=taken.get(s.start, 0)) for s in plan if s.start > now]
    return result


def _bookable_days(office: Office, rules: BookingRules, now: datetime) -> list[date]:
    today = office.business_day(now)
    last = rules.last_day(office, now)
    return [today + timedelta(days=i) for i in range((last - today).days + 1)]


async def booking_offices(*, uow: UnitOfWorkFactory) -> list[tuple[Office, BookingRules]]:
    """Offices that take appointments."""
    async with uow(write=False) as tx:
        offices = await tx.offices.all()
        ruled = [(o, await tx.bookings.rules(o.id)) for o in offices]
    return [(o, r) for o, r in ruled if r.enabled]


async def bookable_services(
    *, uow: UnitOfWorkFactory, office_id: int
) -> tuple[Office, list[Service]]:
    """The services of an office that can be booked, in the kiosk's order."""
    async with uow(write=False) as tx:
        office, _rules = await _open_office(tx, office_id)
        services = await tx.catalog.services(office_id)
    usable = [s for s in services if s.bookable and s.active and s.referral is None]
    return office, sorted(usable, key=lambda s: (s.position, s.id))


async def free_days(
    *, uow: UnitOfWorkFactory, office_id: int, service_id: int, clock: Clock
) -> list[DayOffer]:
    """Every day open for booking with its free places (0: full or closed)."""
    now = clock()
    async with uow(write=False) as tx:
        office, rules = await _open_office(tx, office_id)
        service = await _bookable_service(tx, office, service_id)
        slots = await _slots(tx, office, service, rules, _bookable_days(office, rules, now), now)
    return [DayOffer(day, sum(s.free for s in day_slots)) for day, day_slots in slots.items()]


async def free_slots(
    *, uow: UnitOfWorkFactory, office_id: int, service_id: int, day: date, clock: Clock
) -> list[Slot]:
    """The slots of a day still ahead, with their free places."""
    now = clock()
    async with uow(write=False) as tx:
        office, rules = await _open_office(tx, office_id)
        service = await _bookable_service(tx, office, service_id)
        if day not in _bookable_days(office, rules, now):
            return []
        return (await _slots(tx, office, service, rules, [day], now))[day]


# --- booking, cancelling, moving ------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_bounds(office: Office, day: date) -> tuple[datetime, datetime]:
    first = _month_start(day)
    days = calendar.monthrange(first.year, first.month)[1]
    return _local_midnight(office, first), _local_midnight(office, first + timedelta(days=days))


async def _take_slot(
    tx: UnitOfWork,
    office: Office,
    service: Service,
    rules: BookingRules,
    start: datetime,
    now: datetime,
) -> date:
    """Check that ``start`` is a free slot of the service now; its local day."""
    day = office.business_day(start)
    when = office.local(start).strftime("%d.%m.%Y %H:%M")
    if day not in _bookable_days(office, rules, now) or start <= now:
        raise InvalidInput(
            detail_uk=f"на {when} записатися не можна: оберіть час зі списку вільних",
            detail_en=f"{when} cannot be booked: choose a time from the list of free ones",
        )
    slot = next(
        (
            s
            for s in (await _slots(tx, office, service, rules, [day], now))[day]
            if s.start == start
        ),
        None,
    )
    if slot is None:
        raise InvalidInput(
            detail_uk=f"о {when} немає прийому з цієї послуги: оберіть час зі списку",
            detail_en=f"there is no appointment time at {when} for this service",
        )
    if slot.free <= 0:
        raise SlotTaken(when=when)
    return day


async def _check_phone(
    tx: UnitOfWork, office: Office, rules: BookingRules, phone: str, day: date
) -> None:
    if not phone:
        return
    start, end = _month_bounds(office, day)
    if await tx.bookings.of_phone(phone, start, end) >= rules.per_phone_month:
        raise BookingLimitReached(limit=rules.per_phone_month)


async def book(*, uow: UnitOfWorkFactory, request: BookRequest, clock: Clock) -> BookingView:
    """Book a slot (anyone, no login); the code in the result is the visitor's key."""
    now = clock()
    phone = normalise_phone(request.phone)
    start = request.start
    if start.tzinfo is None:
        raise InvalidInput(
            detail_uk="час запису має містити часовий пояс",
            detail_en="the booked time must include its time zone",
        )
    async with uow(actor="visitor") as tx:
        office, rules = await _open_office(tx, request.office_id)
        await tx.bookings.lock(office.id, _month_start(office.business_day(start)))
        service = await _bookable_service(tx, office, request.service_id)
        day = await _take_slot(tx, office, service, rules, start, now)
        await _check_phone(tx, office, rules, phone, day)
        booking = Booking(
            id=0,
            office_id=office.id,
            service_id=service.id,
            code=await _fresh_code(tx),
            start=start,
            day=day,
            created_at=now,
            phone=phone,
            language=request.language,
        )
        await tx.bookings.add(booking)
        tx.log(
            office.id,
            [
                BookingMade(
                    at=now, booking_id=booking.id, service_id=service.id, start=start.isoformat()
                )
            ],
        )
        await tx.commit()
    return BookingView(booking, office, service, rules)


async def _fresh_code(tx: UnitOfWork) -> str:
    for _ in range(CODE_ATTEMPTS):
        code = new_code()
        if not await tx.bookings.code_exists(code):
            return code
    raise AssertionError("five random 8-digit codes in a row were taken")


async def view_of(tx: UnitOfWork, booking: Booking) -> BookingView:
    """A booking with its office, service and rules, read in the caller's transaction."""
    office = await tx.offices.get(booking.office_id)
    service = await tx.catalog.service(booking.service_id)
    return BookingView(booking, office, service, await tx.bookings.rules(office.id))


async def find(*, uow: UnitOfWorkFactory, code: str) -> BookingView:
    """A booking by its code (the visitor's page)."""
    async with uow(write=False) as tx:
        return await view_of(tx, await tx.bookings.by_code(normalise_code(code)))


def log_events(tx: UnitOfWork, booking: Booking) -> None:
    """Hand the booking's new events to the transaction's log."""
    tx.log(booking.office_id, booking.events)
    booking.events.clear()


async def cancel(*, uow: UnitOfWorkFactory, code: str, clock: Clock) -> BookingView:
    """Cancel by code; the slot is free again at once."""
    now = clock()
    async with uow(actor="visitor") as tx:
        booking = await tx.bookings.by_code(normalise_code(code))
        booking.cancel(at=now)
        await tx.bookings.save(booking)
        log_events(tx, booking)
        view = await view_of(tx, booking)
        await tx.commit()
    return view


async def move(*, uow: UnitOfWorkFactory, code: str, start: datetime, clock: Clock) -> BookingView:
    """Move a booking to another free time of the same service; the code stays."""
    now = clock()
    async with uow(actor="visitor") as tx:
        booking = await tx.bookings.by_code(normalise_code(code))
        office, rules = await _open_office(tx, booking.office_id)
        months = {_month_start(booking.day), _month_start(office.business_day(start))}
        for month in sorted(months):  # always in the same order: no deadlock
            await tx.bookings.lock(office.id, month)
        booking = await tx.bookings.by_code(booking.code)  # as it is under the lock
        booking.ensure_changeable(now)
        service = await _bookable_service(tx, office, booking.service_id)
        if start == booking.start:
            raise InvalidInput(
                detail_uk="це той самий час, що й у записі", detail_en="that is the booked time"
            )
        day = await _take_slot(tx, office, service, rules, start, now)
        if _month_start(day) != _month_start(booking.day):
            await _check_phone(tx, office, rules, booking.phone, day)
        booking.move(service.id, start, day, at=now)
        await tx.bookings.save(booking)
        log_events(tx, booking)
        await tx.commit()
    return BookingView(booking, office, service, rules)
