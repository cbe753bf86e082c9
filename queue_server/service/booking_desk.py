"""Use cases of appointments at the centre: a booked visitor's check-in (kiosk or
reception), the day's bookings for reception, the office's booking settings, and the
sweeps (bookings nobody came for, phone numbers past their retention)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from queue_server.domain.bookings import (
    Arrival,
    BookingRules,
    BookingStatus,
    format_code,
    normalise_code,
    queue_head_start,
)
from queue_server.domain.errors import BookingRefused, OfficeClosed
from queue_server.domain.events import ConfigChanged
from queue_server.domain.users import Principal, Role
from queue_server.service.bookings import BookingView, log_events, view_of
from queue_server.service.ports import Clock, UnitOfWorkFactory
from queue_server.service.tickets import TicketInfo, describe, may_issue, new_ticket, number_and_add

MANAGE_BOOKINGS = "налаштовувати попередній запис / configure appointments"


@dataclass(frozen=True)
class CheckedIn:
    info: TicketInfo
    view: BookingView
    late: bool


# --- arrival -------------------------------------------------------------------------


async def check_in(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, code: str, clock: Clock
) -> CheckedIn:
    """The visitor is here with the code (a kiosk, or reception for them). In time: a
    ticket served at the slot; later than the grace period: a normal live ticket. A second
    check-in with the same code returns the same ticket."""
    principal.require(may_issue(principal), office_id, "видавати талони / issue tickets")
    code = normalise_code(code)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        booking = await tx.bookings.by_code(code)
        office = await tx.offices.get(office_id)
        if booking.office_id != office_id:
            other = await tx.offices.get(booking.office_id)
            raise BookingRefused(
                code=format_code(code),
                reason_uk=f"він до іншого центру: {other.name_uk}, {other.address_uk}.",
                reason_en=f"it is for another centre: {other.name_en}, {other.address_en}.",
            )
        if booking.ticket_id is not None:
            ticket = await tx.tickets.get(booking.ticket_id)
            info = replace(await describe(tx, ticket, now), replayed=True)
            late = booking.status is BookingStatus.LATE
            return CheckedIn(info, await view_of(tx, booking), late=late)
        rules = await tx.bookings.rules(office_id)
        arrival = booking.check_in(rules, office, at=now)
        service = await tx.catalog.service(booking.service_id)
        service.ensure_issuable()
        # In time, the slot lies in the opening hours; a late visitor needs them now.
        if arrival is Arrival.LATE and not office.is_open(now):
            opening = office.next_opening(now)
            shown = office.local(opening).strftime("%d.%m.%Y %H:%M") if opening else "—"
            raise OfficeClosed(next_opening=shown)
        ticket = new_ticket(office, service, principal.actor, now, language=booking.language)
        if arrival is Arrival.IN_TIME:
            ticket.head_start = queue_head_start(rules, booking.start, now)
            ticket.booked_for = booking.start
        # A booked visitor's place was planned: only a late one counts against the cap.
        info = await number_and_add(tx, ticket, service, now, capped=arrival is Arrival.LATE)
        booking.arrived(ticket.id, arrival, at=now)
        await tx.bookings.save(booking)
        log_events(tx, booking)
        await tx.commit()
    view = BookingView(booking, office, service, rules)
    return CheckedIn(info, view, late=arrival is Arrival.LATE)


# --- reception and the manager ---------------------------------------------------------


async def day_bookings(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, day: date | None, clock: Clock
) -> list[BookingView]:
    """An office's bookings of a day (today by default), in time order: staff."""
    principal.require_roles(Role, office_id, "переглядати записи / view bookings")
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        rules = await tx.bookings.rules(office_id)
        listed = await tx.bookings.of_day(office_id, day or office.business_day(clock()))
        services = {s.id: s for s in await tx.catalog.services(office_id)}
    return [BookingView(b, office, services[b.service_id], rules, n) for b, n in listed]


async def booking_rules(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int
) -> BookingRules:
    principal.require_roles(Role, office_id, "переглядати записи / view bookings")
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        return await tx.bookings.rules(office_id)


async def set_booking_rules(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    changes: dict[str, object],
    clock: Clock,
) -> BookingRules:
    """Change an office's appointment settings (its managers; admins anywhere)."""
    principal.require_roles({Role.MANAGER, Role.ADMIN}, office_id, MANAGE_BOOKINGS)
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        current = await tx.bookings.rules(office_id)
        rules = BookingRules.from_dict(current.to_dict() | changes)
        await tx.bookings.save_rules(office_id, rules)
        changed = {k: v for k, v in rules.to_dict().items() if current.to_dict()[k] != v}
        if changed:
            tx.log(
                office_id,
                [
                    ConfigChanged(
                        at=clock(),
                        entity="booking",
                        entity_id=str(office_id),
                        action="updated",
                        changes=changed,
                    )
                ],
            )
        await tx.commit()
    return rules


# --- sweeps --------------------------------------------------------------------------


async def mark_missed(*, uow: UnitOfWorkFactory, clock: Clock) -> int:
    """Bookings nobody checked in for by the end of their window become no-shows."""
    now = clock()
    marked = 0
    async with uow(actor="system") as tx:
        for office in await tx.offices.all():
            rules = await tx.bookings.rules(office.id)
            before = now - timedelta(minutes=rules.grace_min)
            for booking in await tx.bookings.expected_before(office.id, before):
                booking.miss(at=now)
                await tx.bookings.save(booking)
                log_events(tx, booking)
                marked += 1
        await tx.commit()
    return marked


async def erase_contacts(*, uow: UnitOfWorkFactory, clock: Clock) -> int:
    """Erase booking phone numbers older than each office's retention."""
    now = clock()
    erased = 0
    async with uow(actor="system") as tx:
        for office in await tx.offices.all():
            rules = await tx.bookings.rules(office.id)
            before = now - timedelta(days=rules.contact_days)
            erased += await tx.bookings.erase_phones_before(office.id, before)
        await tx.commit()
    return erased
