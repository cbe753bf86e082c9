"""A ticket: staff view, the public tracking view, and every step of its life."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from queue_server.api.deps import AppDep, Id, PrincipalDep, TrackToken
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.rating_schemas import PhoneOut
from queue_server.api.schemas import CancelIn, FinishIn, RedirectIn, TicketOut
from queue_server.service import phone, tickets

router = APIRouter(tags=["tickets"])
STEP: dict[int | str, dict[str, Any]] = {k: ERROR_RESPONSES[k] for k in (401, 403, 404, 409, 422)}


@router.get("/tickets/{ticket_id}", response_model=TicketOut, responses=STEP)
async def get_ticket(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """A ticket with its position and estimate (staff of its office)."""
    info = await tickets.get_ticket(
        uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock
    )
    return TicketOut.of(info)


@router.get("/track/{track_token}", response_model=PhoneOut, responses={404: ERROR_RESPONSES[404]})
async def track(track_token: TrackToken, app: AppDep) -> PhoneOut:
    """Public: status, people ahead, estimate and window of the ticket behind a QR code,
    and whether it may be rated."""
    view = await phone.phone_view(
        uow=app.uow, track_token=track_token, clock=app.clock, rules=app.rating_rules
    )
    return PhoneOut.of_view(view)


@router.post("/tickets/{ticket_id}/recall", response_model=TicketOut, responses=STEP)
async def recall(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """Call the visitor again (past the recall limit: a no-show)."""
    return TicketOut.of(
        await tickets.recall(
            uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock, rules=app.rules
        )
    )


@router.post("/tickets/{ticket_id}/start", response_model=TicketOut, responses=STEP)
async def start(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """The visitor is at the window: service begins."""
    return TicketOut.of(
        await tickets.start(uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock)
    )


@router.post("/tickets/{ticket_id}/finish", response_model=TicketOut, responses=STEP)
async def finish(ticket_id: Id, body: FinishIn, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """Finish the service with its outcome (a refusal needs a note)."""
    return TicketOut.of(
        await tickets.finish(
            uow=app.uow,
            principal=principal,
            ticket_id=ticket_id,
            outcome=body.outcome,
            note=body.note,
            clock=app.clock,
        )
    )


@router.post("/tickets/{ticket_id}/no-show", response_model=TicketOut, responses=STEP)
async def no_show(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """The called visitor did not come."""
    return TicketOut.of(
        await tickets.no_show(
            uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock
        )
    )


@router.post("/tickets/{ticket_id}/redirect", response_model=TicketOut, responses=STEP)
async def redirect(
    ticket_id: Id, body: RedirectIn, app: AppDep, principal: PrincipalDep
) -> TicketOut:
    """Back into a queue: another service, counter or operator; keeps the arrival time."""
    return TicketOut.of(
        await tickets.redirect(
            uow=app.uow,
            principal=principal,
            ticket_id=ticket_id,
            request=tickets.RedirectRequest(**body.model_dump()),
            clock=app.clock,
        )
    )


@router.post("/tickets/{ticket_id}/park", response_model=TicketOut, responses=STEP)
async def park(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """Set the ticket aside."""
    return TicketOut.of(
        await tickets.park(uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock)
    )


@router.post("/tickets/{ticket_id}/unpark", response_model=TicketOut, responses=STEP)
async def unpark(ticket_id: Id, app: AppDep, principal: PrincipalDep) -> TicketOut:
    """Put a parked ticket back into its queue."""
    return TicketOut.of(
        await tickets.unpark(uow=app.uow, principal=principal, ticket_id=ticket_id, clock=app.clock)
    )


@router.post("/tickets/{ticket_id}/cancel", response_model=TicketOut, responses=STEP)
async def cancel(
    ticket_id: Id, app: AppDep, principal: PrincipalDep, body: CancelIn | None = None
) -> TicketOut:
    """Cancel a waiting or parked ticket (reception, managers)."""
    return TicketOut.of(
        await tickets.cancel(
            uow=app.uow,
            principal=principal,
            ticket_id=ticket_id,
            reason=body.reason if body else "",
            clock=app.clock,
        )
    )
