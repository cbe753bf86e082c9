"""The air-raid pause («Повітряна тривога»): one action stops the whole office, one resumes.

While an office is paused nobody is called to a window, every display shows and speaks the
shelter message, and kiosks tell arrivals the centre is paused (tickets are still issued,
so nobody loses their place). The pause and its length are events in the office's log;
reports leave the paused time out of the waits.
"""

from __future__ import annotations

from queue_server.domain.offices import Office
from queue_server.domain.users import FRONT_DESK, Principal
from queue_server.service.ports import Clock, UnitOfWorkFactory

AIR_RAID = "air_raid"
PAUSE_OFFICE = "призупиняти роботу центру / pause the office"


async def pause_office(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, reason: str, clock: Clock
) -> Office:
    """Pause the whole office now (reception, managers)."""
    principal.require_roles(FRONT_DESK, office_id, PAUSE_OFFICE)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        office = await tx.offices.get(office_id)
        event = office.pause(now, reason)
        await tx.offices.set_paused(office_id, office.paused_since)
        tx.log(office_id, [event])
        await tx.commit()
    return office


async def resume_office(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, clock: Clock
) -> Office:
    """The all-clear: calls may go on (reception, managers)."""
    principal.require_roles(FRONT_DESK, office_id, PAUSE_OFFICE)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        office = await tx.offices.get(office_id)
        event = office.resume(now)
        await tx.offices.set_paused(office_id, None)
        tx.log(office_id, [event])
        await tx.commit()
    return office
