"""Use cases of a ticket's life: issue, look up, and every step after the call."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from queue_server.domain import events as ev
from queue_server.domain.counters import Counter
from queue_server.domain.errors import (
    DailyCapReached,
    IdempotencyMismatch,
    InvalidInput,
    NotFound,
    OfficeClosed,
)
from queue_server.domain.estimates import WaitEstimate, estimate_wait, typical_service_minutes
from queue_server.domain.services import Service
from queue_server.domain.tickets import AT_COUNTER, Outcome, Ticket, TicketStatus, format_number
from queue_server.domain.users import FRONT_DESK, DeviceKind, Principal, Role
from queue_server.service.ports import Clock, IdempotencyRace, UnitOfWork, UnitOfWorkFactory
from queue_server.service.rules import QueueRules

ESTIMATE_HISTORY = timedelta(days=14)


@dataclass(frozen=True)
class IssueRequest:
    service_id: int
    priority: str | None = None
    language: str = "uk"
    note: str = ""
    idempotency_key: str | None = None


@dataclass(frozen=True)
class TicketInfo:
    """A ticket with what a visitor or an administrator wants to know about it now."""

    ticket: Ticket
    service: Service
    position: int
    estimate: WaitEstimate | None
    counter_number: int | None
    replayed: bool = False


def _format_local(at: datetime | None) -> str:
    return at.strftime("%d.%m.%Y %H:%M") if at else "—"


async def describe(uow: UnitOfWork, ticket: Ticket, now: datetime) -> TicketInfo:
    """Position, estimate and counter of a ticket, read in the caller's transaction."""
    service = await uow.catalog.service(ticket.service_id)
    position = await uow.tickets.position(ticket)
    estimate = None
    if ticket.status is TicketStatus.WAITING:
        counters = await uow.counters.open_serving(ticket.office_id, ticket.service_id)
        if counters:
            recent = await uow.tickets.recent_service_minutes(
                ticket.service_id, now - ESTIMATE_HISTORY
            )
            minutes = typical_service_minutes(recent, service.avg_service_min)
            estimate = estimate_wait(position, counters, minutes)
    counter_number = None
    if ticket.status in AT_COUNTER and ticket.counter_id is not None:
        counter_number = (await uow.counters.get(ticket.counter_id)).number
    return TicketInfo(ticket, service, position, estimate, counter_number)


def _may_issue(principal: Principal) -> bool:
    return principal.is_device(DeviceKind.KIOSK) or principal.has_any(FRONT_DESK)


async def issue_ticket(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    request: IssueRequest,
    clock: Clock,
) -> TicketInfo:
    """Issue a ticket at a kiosk or the reception desk; a repeated Idempotency-Key
    returns the ticket issued for it the first time."""
    principal.require(_may_issue(principal), office_id, "видавати талони / issue tickets")
    key = f"{principal.actor}:{request.idempotency_key}" if request.idempotency_key else None
    for _attempt in range(3):
        try:
            return await _issue_once(uow, principal, office_id, request, key, clock)
        except IdempotencyRace:
            continue  # the twin request committed first: the next attempt returns its ticket
    raise AssertionError("unreachable: an idempotent replay always finds the first ticket")


async def _issue_once(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    request: IssueRequest,
    key: str | None,
    clock: Clock,
) -> TicketInfo:
    now = clock()
    async with uow_factory(actor=principal.actor) as uow:
        if key is not None:
            existing = await uow.tickets.by_idempotency_key(key)
            if existing is not None:
                if existing.office_id != office_id or existing.service_id != request.service_id:
                    raise IdempotencyMismatch()
                return replace(await describe(uow, existing, now), replayed=True)
        office = await uow.offices.get(office_id)
        service = await uow.catalog.service(request.service_id)
        if service.office_id != office_id:
            raise NotFound(what="послуга / service", key=request.service_id)
        service.ensure_issuable()
        if not office.is_open(now):
            opening = office.next_opening(now)
            raise OfficeClosed(next_opening=_format_local(opening))
        head_start = timedelta(0)
        if request.priority:
            head_start += (await uow.catalog.priority(request.priority)).head_start
        day = office.business_day(now)
        if service.daily_cap is not None:
            issued = await uow.tickets.next_seq(office_id, f"cap:{service.id}", day)
            if issued > service.daily_cap:
                raise DailyCapReached(
                    service_uk=service.name_uk, service_en=service.name_en, cap=service.daily_cap
                )
        seq = await uow.tickets.next_seq(office_id, f"prefix:{service.prefix}", day)
        ticket = Ticket(
            id=0,
            office_id=office_id,
            service_id=service.id,
            number=format_number(service.prefix, seq),
            business_day=day,
            track_token=secrets.token_urlsafe(18),
            issued_at=now,
            arrived_at=now,
            priority=request.priority,
            head_start=head_start,
            language=request.language,
            note=request.note.strip(),
        )
        ticket.events.append(
            ev.TicketIssued(
                at=now,
                number=ticket.number,
                service_id=service.id,
                priority=request.priority,
                language=request.language,
                issued_by=principal.actor,
            )
        )
        await uow.tickets.add(ticket, idempotency_key=key)
        info = await describe(uow, ticket, now)
        await uow.commit()
        return info


async def get_ticket(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """A ticket as staff see it."""
    async with uow(actor=principal.actor, write=False) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require_roles(Role, ticket.office_id, "переглядати талони / view tickets")
        return await describe(tx, ticket, clock())


async def track_ticket(*, uow: UnitOfWorkFactory, track_token: str, clock: Clock) -> TicketInfo:
    """A ticket as its visitor follows it from the phone (public, by unguessable token)."""
    async with uow(write=False) as tx:
        ticket = await tx.tickets.by_track_token(track_token)
        return await describe(tx, ticket, clock())


# --- steps at the window -------------------------------------------------------------


async def _at_my_counter(uow: UnitOfWork, principal: Principal, ticket: Ticket) -> Counter:
    """The counter the ticket is at, which must be the calling administrator's."""
    principal.require_roles({Role.ADMINISTRATOR}, ticket.office_id, "обслуговувати / serve")
    if ticket.counter_id is None or ticket.status not in AT_COUNTER | {TicketStatus.PARKED}:
        # Not at any counter: let the state machine name the problem.
        return Counter(id=0, office_id=ticket.office_id, number=0)
    counter = await uow.counters.get(ticket.counter_id)
    counter.ensure_operated_by(principal.id)
    return counter


async def _finish_step(uow: UnitOfWork, ticket: Ticket, counter: Counter) -> None:
    await uow.tickets.save(ticket)
    if counter.id:
        await uow.counters.save(counter)


async def recall(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock, rules: QueueRules
) -> TicketInfo:
    """Call the same visitor again; past the limit they become a no-show."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await _at_my_counter(tx, principal, ticket)
        ticket.recall(counter, at=clock(), limit=rules.recall_limit)
        await _finish_step(tx, ticket, counter)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def start(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """The visitor came to the window; service begins."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        await _at_my_counter(tx, principal, ticket)
        ticket.start(at=clock())
        await tx.tickets.save(ticket)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def finish(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    ticket_id: int,
    outcome: Outcome,
    note: str,
    clock: Clock,
) -> TicketInfo:
    """Service is over, with its outcome."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await _at_my_counter(tx, principal, ticket)
        ticket.finish(counter, outcome, note, at=clock())
        await _finish_step(tx, ticket, counter)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def no_show(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """The called visitor did not come."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await _at_my_counter(tx, principal, ticket)
        ticket.no_show(counter, at=clock())
        await _finish_step(tx, ticket, counter)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


# --- steps in the queue --------------------------------------------------------------


async def _front_desk_or_my_counter(
    uow: UnitOfWork, principal: Principal, ticket: Ticket, action: str
) -> Counter | None:
    """Reception and managers act on tickets in the queue; an administrator on the
    ticket at (or parked from) their own counter. Returns that counter, if any."""
    if ticket.status in AT_COUNTER or (
        ticket.status is TicketStatus.PARKED and not principal.has_any(FRONT_DESK)
    ):
        counter = await _at_my_counter(uow, principal, ticket)
        return counter if counter.id else None
    principal.require_roles(FRONT_DESK, ticket.office_id, action)
    return None


@dataclass(frozen=True)
class RedirectRequest:
    service_id: int | None = None
    counter_id: int | None = None
    operator_id: int | None = None
    keep_arrival: bool = True
    note: str = ""


async def redirect(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    ticket_id: int,
    request: RedirectRequest,
    clock: Clock,
) -> TicketInfo:
    """Send a ticket to another service, counter or operator, back into the queue."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await _front_desk_or_my_counter(
            tx, principal, ticket, "перенаправляти / redirect"
        )
        service_id = request.service_id or ticket.service_id
        service = await tx.catalog.service(service_id)
        if service.office_id != ticket.office_id:
            raise NotFound(what="послуга / service", key=service_id)
        service.ensure_issuable()
        if request.counter_id is not None:
            target = await tx.counters.get(request.counter_id)
            if target.office_id != ticket.office_id:
                raise NotFound(what="вікно / counter", key=request.counter_id)
        if request.operator_id is not None:
            user = await tx.users.get(request.operator_id)
            if Role.ADMINISTRATOR not in user.roles or user.office_id not in (
                None,
                ticket.office_id,
            ):
                raise InvalidInput(
                    detail_uk="перенаправити можна лише адміністраторові цього ЦНАП",
                    detail_en="a ticket can be redirected only to an administrator of this office",
                )
        ticket.redirect(
            service.id,
            counter,
            at=clock(),
            to_counter_id=request.counter_id,
            to_operator_id=request.operator_id,
            keep_arrival=request.keep_arrival,
            note=request.note,
        )
        await tx.tickets.save(ticket)
        if counter is not None:
            await tx.counters.save(counter)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def park(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """Set a ticket aside: from the queue (reception) or from the window (administrator)."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await _front_desk_or_my_counter(tx, principal, ticket, "відкладати / park")
        ticket.park(counter, at=clock())
        await tx.tickets.save(ticket)
        if counter is not None:
            await tx.counters.save(counter)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def unpark(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """Put a parked ticket back into the queue with its original arrival time."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        await _front_desk_or_my_counter(tx, principal, ticket, "повертати в чергу / unpark")
        ticket.unpark(at=clock())
        await tx.tickets.save(ticket)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info


async def cancel(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, reason: str, clock: Clock
) -> TicketInfo:
    """Cancel a waiting or parked ticket (reception and managers)."""
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require_roles(FRONT_DESK, ticket.office_id, "скасовувати талони / cancel tickets")
        ticket.cancel(at=clock(), reason=reason)
        await tx.tickets.save(ticket)
        info = await describe(tx, ticket, clock())
        await tx.commit()
        return info
