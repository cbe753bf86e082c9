"""The end of a business day: tickets left in the queue expire."""

from __future__ import annotations

from queue_server.service.ports import Clock, UnitOfWorkFactory


async def expire_previous_days(*, uow: UnitOfWorkFactory, clock: Clock) -> int:
    """Expire waiting and parked tickets of earlier business days; returns how many."""
    now = clock()
    expired = 0
    async with uow(actor="system") as tx:
        for office in await tx.offices.all():
            for ticket in await tx.tickets.unfinished_before(office.id, office.business_day(now)):
                ticket.expire(at=now)
                await tx.tickets.save(ticket)
                expired += 1
        await tx.commit()
    return expired
