"""Use cases of a ticket's life: issue, look up, and every step after the call."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
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
    OfficePaused,
    TooManyRequests,
)
from queue_server.domain.estimates import WaitEstimate, estimate_wait, typical_service_minutes
from queue_server.domain.offices import Office
from queue_server.domain.services import Service, cap_counter
from queue_server.domain.tickets import AT_COUNTER, Outcome, Ticket, TicketStatus, format_number
from queue_server.domain.users import FRONT_DESK, DeviceKind, Principal, Role
from queue_server.service.ports import Clock, IdempotencyRace, UnitOfWork, UnitOfWorkFactory
from queue_server.service.rules import QueueRules

ESTIMATE_HISTORY = timedelta(days=14)
RATE_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class IssueRequest:
    service_id: int
    priority: str | None = None
    language: str = "uk"
    note: str = ""
    idempotency_key: str | None = None
    document_seen: bool = False  # reception checked the priority document


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


async def describe(
    uow: UnitOfWork, ticket: Ticket, now: datetime, service: Service | None = None
) -> TicketInfo:
    """Position, estimate and counter of a ticket, read in the caller's transaction."""
    if service is None or service.id != ticket.service_id:
        service = await uow.catalog.service(ticket.service_id)
    position = await uow.tickets.position(ticket)
    estimate = None
    if ticket.status is TicketStatus.WAITING:
        estimator = await wait_estimator(uow, service, now)
        estimate = estimator(position) if estimator else None
    counter_number = None
    if ticket.status in AT_COUNTER and ticket.counter_id is not None:
        counter_number = (await uow.counters.get(ticket.counter_id)).number
    return TicketInfo(ticket, service, position, estimate, counter_number)


async def wait_estimator(
    uow: UnitOfWork, service: Service, now: datetime
) -> Callable[[int], WaitEstimate | None] | None:
    """The wait estimate of the service's tickets by people ahead; None when no open
    counter serves it now (then nobody can say)."""
    counters = await uow.counters.open_serving(service.office_id, service.id)
    if not counters:
        return None
    recent = await uow.tickets.recent_service_minutes(service.id, now - ESTIMATE_HISTORY)
    minutes = typical_service_minutes(recent, service.avg_service_min)
    return lambda ahead: estimate_wait(ahead, counters, minutes)


def may_issue(principal: Principal) -> bool:
    return principal.is_device(DeviceKind.KIOSK) or principal.has_any(FRONT_DESK)


async def issue_ticket(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    request: IssueRequest,
    clock: Clock,
    rules: QueueRules | None = None,
) -> TicketInfo:
    """Issue a ticket at a kiosk or the reception desk; a repeated Idempotency-Key
    returns the ticket issued for it the first time."""
    principal.require(may_issue(principal), office_id, "видавати талони / issue tickets")
    key = f"{principal.actor}:{request.idempotency_key}" if request.idempotency_key else None
    for _attempt in range(3):
        try:
            return await _issue_once(
                uow, principal, office_id, request, key, clock, rules or QueueRules()
            )
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
    rules: QueueRules,
) -> TicketInfo:
    now = clock()
    async with uow_factory(actor=principal.actor) as uow:
        if key is not None:
            existing = await uow.tickets.by_idempotency_key(key)
            if existing is not None:
                if existing.office_id != office_id or existing.service_id != request.service_id:
                    raise IdempotencyMismatch()
                return replace(await describe(uow, existing, now), replayed=True)
        if principal.kind == "device":
            recent = await uow.tickets.issued_by_since(principal.actor, now - RATE_WINDOW)
            refuse_if_too_fast(recent, rules)
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
        ticket = new_ticket(office, service, principal.actor, now, language=request.language)
        ticket.priority = request.priority
        ticket.head_start = head_start
        ticket.note = request.note.strip()
        ticket.document_seen = bool(request.priority and request.document_seen) and (
            principal.has_any(FRONT_DESK)
        )
        info = await number_and_add(uow, ticket, service, now, idempotency_key=key)
        await uow.commit()
        return info


def new_ticket(
    office: Office, service: Service, actor: str, now: datetime, *, language: str
) -> Ticket:
    """A ticket arriving now, not yet numbered."""
    return Ticket(
        id=0,
        office_id=office.id,
        service_id=service.id,
        number="",
        business_day=office.business_day(now),
        track_token=secrets.token_urlsafe(18),
        issued_at=now,
        arrived_at=now,
        language=language,
        issued_by=actor,
    )


async def number_and_add(
    uow: UnitOfWork,
    ticket: Ticket,
    service: Service,
    now: datetime,
    *,
    idempotency_key: str | None = None,
    capped: bool = True,
) -> TicketInfo:
    """Number a new ticket (within the service's daily cap when ``capped``) and add it;
    the caller commits. Returns what the visitor is told: position and estimate."""
    # Reads first: the numbering below locks the day's counter row until commit.
    info = await describe(uow, ticket, now, service)
    office_id, day = ticket.office_id, ticket.business_day
    if capped and service.daily_cap is not None:
        issued = await uow.tickets.next_seq(office_id, cap_counter(service.id), day)
        if issued > service.daily_cap:
            raise DailyCapReached(
                service_uk=service.name_uk, service_en=service.name_en, cap=service.daily_cap
            )
    seq = await uow.tickets.next_seq(office_id, f"prefix:{service.prefix}", day)
    ticket.number = format_number(service.prefix, seq)
    ticket.events.append(
        ev.TicketIssued(
            at=now,
            number=ticket.number,
            service_id=service.id,
            priority=ticket.priority,
            language=ticket.language,
            issued_by=ticket.issued_by,
        )
    )
    await uow.tickets.add(ticket, idempotency_key=idempotency_key)
    return info


async def ensure_office_calling(tx: UnitOfWork, office_id: int) -> None:
    """Refuse calls while the office is paused (an air-raid alert)."""
    if await tx.offices.paused_since(office_id) is not None:
        raise OfficePaused()


def refuse_if_too_fast(recent: int, rules: QueueRules) -> None:
    """Refuse a device that asks faster than a visitor could (tickets, slips per minute)."""
    if recent >= rules.kiosk_per_minute:
        raise TooManyRequests(retry_after=int(RATE_WINDOW.total_seconds()))


async def get_ticket(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """A ticket as staff see it."""
    async with uow(actor=principal.actor, write=False) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require_roles(Role, ticket.office_id, "переглядати талони / view tickets")
        return await describe(tx, ticket, clock())


# --- steps ---------------------------------------------------------------------------

Step = Callable[[UnitOfWork, Ticket, Counter | None, datetime], Awaitable[None]]
Gate = Callable[[UnitOfWork, Principal, Ticket], Awaitable[Counter | None]]


async def _run_step(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    ticket_id: int,
    clock: Clock,
    gate: Gate,
    step: Step,
) -> TicketInfo:
    """One step of a ticket in one transaction: load it, let ``gate`` check the caller
    (and find the counter involved), apply ``step``, save what changed."""
    async with uow_factory(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        counter = await gate(tx, principal, ticket)
        held = counter.current_ticket_id if counter else None
        now = clock()
        await step(tx, ticket, counter, now)
        await tx.tickets.save(ticket)
        if counter is not None and counter.current_ticket_id != held:
            await tx.counters.save(counter)
        info = await describe(tx, ticket, now)
        await tx.commit()
        return info


def _action(name: str) -> Gate:
    """An administrator acting on the ticket at (or parked from) their own counter."""

    async def gate(uow: UnitOfWork, principal: Principal, ticket: Ticket) -> Counter:
        principal.require_roles({Role.ADMINISTRATOR}, ticket.office_id, "обслуговувати / serve")
        if ticket.counter_id is None or ticket.status not in AT_COUNTER | {TicketStatus.PARKED}:
            raise ticket.refusal(name)
        counter = await uow.counters.get(ticket.counter_id)
        counter.ensure_operated_by(principal.id)
        return counter

    return gate


def _queue_action(name: str, action: str) -> Gate:
    """Reception and managers act on tickets in the queue; an administrator on the
    ticket at (or parked from) their own counter."""
    at_counter = _action(name)

    async def gate(uow: UnitOfWork, principal: Principal, ticket: Ticket) -> Counter | None:
        if ticket.status in AT_COUNTER or (
            ticket.status is TicketStatus.PARKED and not principal.has_any(FRONT_DESK)
        ):
            return await at_counter(uow, principal, ticket)
        principal.require_roles(FRONT_DESK, ticket.office_id, action)
        return None

    return gate


def _at(counter: Counter | None) -> Counter:
    assert counter is not None, "a window step always has its counter"
    return counter


async def recall(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock, rules: QueueRules
) -> TicketInfo:
    """Call the same visitor again; past the limit they become a no-show."""

    async def step(tx: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        await ensure_office_calling(tx, t.office_id)
        t.recall(_at(c), at=now, limit=rules.recall_limit)

    return await _run_step(uow, principal, ticket_id, clock, _action("recall"), step)


async def start(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """The visitor came to the window; service begins."""

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.start(at=now)

    return await _run_step(uow, principal, ticket_id, clock, _action("start"), step)


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

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.finish(_at(c), outcome, note, at=now)

    return await _run_step(uow, principal, ticket_id, clock, _action("finish"), step)


async def no_show(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """The called visitor did not come."""

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.no_show(_at(c), at=now)

    return await _run_step(uow, principal, ticket_id, clock, _action("no-show"), step)


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

    async def step(tx: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        service = await tx.catalog.service(request.service_id or t.service_id)
        if service.office_id != t.office_id:
            raise NotFound(what="послуга / service", key=service.id)
        service.ensure_issuable()
        if request.counter_id is not None:
            target = await tx.counters.get(request.counter_id)
            if target.office_id != t.office_id:
                raise NotFound(what="вікно / counter", key=request.counter_id)
        if request.operator_id is not None:
            user = await tx.users.get(request.operator_id)
            foreign = user.office_id not in (None, t.office_id)
            if Role.ADMINISTRATOR not in user.roles or foreign:
                raise InvalidInput(
                    detail_uk="перенаправити можна лише адміністраторові цього ЦНАП",
                    detail_en="a ticket can be redirected only to an administrator of this office",
                )
        t.redirect(
            service.id,
            c,
            at=now,
            to_counter_id=request.counter_id,
            to_operator_id=request.operator_id,
            keep_arrival=request.keep_arrival,
            note=request.note,
        )

    gate = _queue_action("redirect", "перенаправляти / redirect")
    return await _run_step(uow, principal, ticket_id, clock, gate, step)


async def park(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """Set a ticket aside: from the queue (reception) or from the window (administrator)."""

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.park(c, at=now)

    gate = _queue_action("park", "відкладати / park")
    return await _run_step(uow, principal, ticket_id, clock, gate, step)


async def unpark(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, clock: Clock
) -> TicketInfo:
    """Put a parked ticket back into the queue with its original arrival time."""

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.unpark(at=now)

    gate = _queue_action("unpark", "повертати в чергу / unpark")
    return await _run_step(uow, principal, ticket_id, clock, gate, step)


async def cancel(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int, reason: str, clock: Clock
) -> TicketInfo:
    """Cancel a waiting or parked ticket (reception and managers)."""

    async def gate(_: UnitOfWork, p: Principal, t: Ticket) -> None:
        p.require_roles(FRONT_DESK, t.office_id, "скасовувати талони / cancel tickets")

    async def step(_: UnitOfWork, t: Ticket, c: Counter | None, now: datetime) -> None:
        t.cancel(at=now, reason=reason)

    return await _run_step(uow, principal, ticket_id, clock, gate, step)
