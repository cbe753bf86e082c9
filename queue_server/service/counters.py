"""Use cases at a counter: open and close it, call visitors, pause and resume."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from queue_server.domain.counters import Counter
from queue_server.domain.errors import CounterBusy, InvalidInput
from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.domain.users import CONFIGURERS, Principal, Role
from queue_server.service.ports import Clock, UnitOfWork, UnitOfWorkFactory
from queue_server.service.rules import QueueRules
from queue_server.service.tickets import TicketInfo, describe, ensure_office_calling


class LeftTicket(StrEnum):
    """What to do with a ticket still at a counter that is being closed."""

    REQUEUE = "requeue"  # back into its queue, keeping the arrival time
    NO_SHOW = "no_show"  # the called visitor never came


def _ensure_mine(principal: Principal, counter: Counter) -> None:
    principal.require_roles({Role.ADMINISTRATOR}, counter.office_id, "працювати у вікні / serve")
    counter.ensure_operated_by(principal.id)


async def my_counter(uow: UnitOfWork, principal: Principal, counter_id: int) -> Counter:
    """The counter, if the caller is the administrator working at it (else Forbidden)."""
    counter = await uow.counters.get(counter_id)
    _ensure_mine(principal, counter)
    return counter


async def open_session(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, clock: Clock
) -> Counter:
    """An administrator opens (or resumes working at) a counter."""
    async with uow(actor=principal.actor) as tx:
        counter = await tx.counters.get(counter_id)
        principal.require_roles(
            {Role.ADMINISTRATOR}, counter.office_id, "відкривати вікно / open a window"
        )
        elsewhere = await tx.counters.of_operator(principal.id)
        if elsewhere is not None and elsewhere.id != counter.id:
            raise CounterBusy(
                counter=counter.number,
                reason_uk=f"ви вже працюєте у вікні {elsewhere.number}; спершу закрийте його.",
                reason_en=f"you are already at window {elsewhere.number}; close it first.",
            )
        counter.open(principal.id, at=clock())
        if counter.events:
            await tx.counters.save(counter)
        await tx.commit()
        return counter


async def close_session(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    left_ticket: LeftTicket | None,
    clock: Clock,
) -> Counter:
    """The administrator (or a manager, for a forgotten window) closes the counter."""
    now = clock()
    async with uow(actor=principal.actor) as tx:
        counter = await tx.counters.get(counter_id)
        if principal.has_any(CONFIGURERS):
            principal.require_roles(CONFIGURERS, counter.office_id, "закривати вікно / close")
        else:
            _ensure_mine(principal, counter)
        if counter.current_ticket_id is not None and left_ticket is not None:
            ticket = await tx.tickets.get(counter.current_ticket_id)
            if left_ticket is LeftTicket.NO_SHOW:
                ticket.no_show(counter, at=now)
            else:
                ticket.redirect(ticket.service_id, counter, at=now, note="")
            await tx.tickets.save(ticket)
        counter.close(at=now)
        if counter.events:
            await tx.counters.save(counter)
        await tx.commit()
        return counter


async def call_next(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    clock: Clock,
    rules: QueueRules,
) -> TicketInfo | None:
    """Call the next visitor by the call-next policy; None when nobody waits."""
    async with uow(actor=principal.actor) as tx:
        counter = await my_counter(tx, principal, counter_id)
        counter.ensure_can_call()
        # The office (not only its pause): call-next claims the tickets of its business day.
        office = await tx.offices.get(counter.office_id)
        office.ensure_calling()
        tiers = await tx.users.skills(principal.id)
        ticket = await tx.tickets.claim_next(
            counter.office_id,
            counter_id=counter.id,
            operator_id=principal.id,
            tiers=tiers,
            secondary_penalty_ms=rules.policy.secondary_penalty_ms,
            now=(now := clock()),
            day=office.business_day(now),
        )
        if ticket is None:
            return None
        return await _call(tx, principal, ticket, counter, now)


async def call_ticket(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    ticket_id: int,
    clock: Clock,
) -> TicketInfo:
    """Call a particular waiting (or parked) ticket of the office to this counter."""
    async with uow(actor=principal.actor) as tx:
        counter = await my_counter(tx, principal, counter_id)
        await ensure_office_calling(tx, counter.office_id)
        ticket = await tx.tickets.get(ticket_id)
        if ticket.office_id != counter.office_id:
            raise InvalidInput(
                detail_uk="талон належить іншому ЦНАП",
                detail_en="the ticket belongs to another office",
            )
        now = clock()
        if ticket.status is TicketStatus.PARKED:
            ticket.unpark(at=now)
        return await _call(tx, principal, ticket, counter, now)


async def _call(
    tx: UnitOfWork, principal: Principal, ticket: Ticket, counter: Counter, now: datetime
) -> TicketInfo:
    ticket.call(counter, principal.id, at=now)
    await tx.tickets.save(ticket)
    await tx.counters.save(counter)
    info = await describe(tx, ticket, now)
    await tx.commit()
    return info


async def pause(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, reason: str, clock: Clock
) -> Counter:
    """A break at the counter, with its reason."""
    return await _change(
        uow, principal, counter_id, lambda c, now: c.pause(reason.strip(), at=now), clock
    )


async def resume(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, clock: Clock
) -> Counter:
    """Back from the break."""
    return await _change(uow, principal, counter_id, lambda c, now: c.resume(at=now), clock)


async def _change(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    change: Callable[[Counter, datetime], None],
    clock: Clock,
) -> Counter:
    async with uow_factory(actor=principal.actor) as tx:
        counter = await my_counter(tx, principal, counter_id)
        change(counter, clock())
        await tx.counters.save(counter)
        await tx.commit()
        return counter
