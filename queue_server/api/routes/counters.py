"""A counter (вікно): its session, calls, pauses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from queue_server.api.deps import AppDep, Id, PrincipalDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.schemas import CounterOut, PauseIn, TicketOut
from queue_server.service import counters
from queue_server.service.counters import LeftTicket

router = APIRouter(prefix="/counters", tags=["counters"])
STEP: dict[int | str, dict[str, Any]] = {k: ERROR_RESPONSES[k] for k in (401, 403, 404, 409, 422)}


@router.post("/{counter_id}/session", response_model=CounterOut, responses=STEP)
async def open_session(counter_id: Id, app: AppDep, principal: PrincipalDep) -> CounterOut:
    """An administrator opens the counter (or resumes it after a reload)."""
    return CounterOut.of(
        await counters.open_session(
            uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock
        )
    )


@router.delete("/{counter_id}/session", response_model=CounterOut, responses=STEP)
async def close_session(
    counter_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    current_ticket: Annotated[
        LeftTicket | None,
        Query(description="What to do with a ticket still at the counter: requeue or no_show"),
    ] = None,
) -> CounterOut:
    """Close the counter; a ticket still at it needs ``current_ticket``."""
    return CounterOut.of(
        await counters.close_session(
            uow=app.uow,
            principal=principal,
            counter_id=counter_id,
            left_ticket=current_ticket,
            clock=app.clock,
        )
    )


@router.post(
    "/{counter_id}/call-next",
    response_model=TicketOut,
    responses={**STEP, 204: {"description": "Nobody is waiting for this counter"}},
)
async def call_next(counter_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut | Response:
    """Call the next visitor by the call-next policy."""
    info = await counters.call_next(
        uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock, rules=app.rules
    )
    return Response(status_code=204) if info is None else TicketOut.of(info)


@router.post("/{counter_id}/call/{ticket_id}", response_model=TicketOut, responses=STEP)
async def call_ticket(
    counter_id: Id, ticket_id: Id, app: AppDep, principal: PrincipalDep
) -> TicketOut:
    """Call a particular waiting or parked ticket to this counter."""
    return TicketOut.of(
        await counters.call_ticket(
            uow=app.uow,
            principal=principal,
            counter_id=counter_id,
            ticket_id=ticket_id,
            clock=app.clock,
        )
    )


@router.post("/{counter_id}/pause", response_model=CounterOut, responses=STEP)
async def pause(counter_id: Id, body: PauseIn, app: AppDep, principal: PrincipalDep) -> CounterOut:
    """Pause the counter with a reason (break, lunch, technical problem ...)."""
    return CounterOut.of(
        await counters.pause(
            uow=app.uow,
            principal=principal,
            counter_id=counter_id,
            reason=body.reason,
            clock=app.clock,
        )
    )


@router.post("/{counter_id}/resume", response_model=CounterOut, responses=STEP)
async def resume(counter_id: Id, app: AppDep, principal: PrincipalDep) -> CounterOut:
    """Resume after a pause."""
    return CounterOut.of(
        await counters.resume(
            uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock
        )
    )
