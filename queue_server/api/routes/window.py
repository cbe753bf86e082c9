"""The administrator's window and the reception desk: queues, a day, history, search;
and the whole office's air-raid pause."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from queue_server.api.deps import AppDep, Id, PrincipalDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.schemas import OfficeOut, TicketOut
from queue_server.api.window_schemas import (
    CounterQueueOut,
    DayOut,
    HistoryOut,
    PauseOfficeIn,
)
from queue_server.service import office_pause, window

router = APIRouter(tags=["window and reception"])
E = ERROR_RESPONSES
READ: dict[int | str, dict[str, Any]] = {k: E[k] for k in (401, 403, 404)}
CHANGE: dict[int | str, dict[str, Any]] = {k: E[k] for k in (401, 403, 404, 409)}


@router.get("/counters/{counter_id}/queue", response_model=CounterQueueOut, responses=READ)
async def counter_queue(counter_id: Id, app: AppDep, principal: PrincipalDep) -> CounterQueueOut:
    """The tickets my counter may call, next first (its administrator)."""
    queue = await window.counter_queue(
        uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock, rules=app.rules
    )
    return CounterQueueOut.of(queue)


@router.get("/counters/{counter_id}/day", response_model=DayOut, responses=READ)
async def my_day(counter_id: Id, app: AppDep, principal: PrincipalDep) -> DayOut:
    """Served today, average service time, paused time (the counter's administrator)."""
    day = await window.my_day(
        uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock
    )
    return DayOut.of(day)


@router.get("/tickets/{ticket_id}/history", response_model=list[HistoryOut], responses=READ)
async def ticket_history(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> list[HistoryOut]:
    """Every step of the ticket, oldest first (staff)."""
    entries = await window.ticket_history(uow=app.uow, principal=principal, ticket_id=ticket_id)
    return [HistoryOut.of(e) for e in entries]


@router.get("/offices/{office_id}/tickets", response_model=list[TicketOut], responses=READ)
async def find_tickets(
    office_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    number: Annotated[str, Query(min_length=1, max_length=20, examples=["П-012"])],
) -> list[TicketOut]:
    """Today's tickets with this number; "п12" finds П-012 (staff)."""
    found = await window.find_tickets(
        uow=app.uow, principal=principal, office_id=office_id, number=number, clock=app.clock
    )
    return [TicketOut.of(info) for info in found]


@router.post("/offices/{office_id}/pause", response_model=OfficeOut, responses=CHANGE)
async def pause_office(
    office_id: Id, app: AppDep, principal: PrincipalDep, body: PauseOfficeIn | None = None
) -> OfficeOut:
    """«Повітряна тривога»: no calls; displays show and speak the shelter message
    (reception, managers)."""
    office = await office_pause.pause_office(
        uow=app.uow,
        principal=principal,
        office_id=office_id,
        reason=body.reason if body else "air_raid",
        clock=app.clock,
    )
    return OfficeOut.of(office, app.clock())


@router.post("/offices/{office_id}/resume", response_model=OfficeOut, responses=CHANGE)
async def resume_office(office_id: Id, app: AppDep, principal: PrincipalDep) -> OfficeOut:
    """The all-clear: calls go on (reception, managers)."""
    office = await office_pause.resume_office(
        uow=app.uow, principal=principal, office_id=office_id, clock=app.clock
    )
    return OfficeOut.of(office, app.clock())
