"""Ratings from the pad and the phone; feedback review and the daily digest (managers)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from queue_server.api.deps import AppDep, Id, PrincipalDep, TrackToken
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.rating_schemas import (
    DigestOut,
    FeedbackOut,
    FeedbackPatch,
    PromptOut,
    RatingIn,
    RatingOut,
    StaffOut,
    Status,
    TrackRatingOut,
)
from queue_server.domain.ratings import FeedbackStatus
from queue_server.service import ratings

router = APIRouter(tags=["ratings"])
E = ERROR_RESPONSES


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {k: E[k] for k in codes}


@router.get("/track/{track_token}/rating", response_model=TrackRatingOut, responses=_errors(404))
async def phone_rating(track_token: TrackToken, app: AppDep) -> TrackRatingOut:
    """Public: whether the ticket behind the QR code has been rated."""
    rating = await ratings.rating_of(uow=app.uow, track_token=track_token)
    return TrackRatingOut(rated=rating is not None, rating=RatingOut.of(rating) if rating else None)


@router.post(
    "/track/{track_token}/rating",
    response_model=RatingOut,
    status_code=201,
    responses=_errors(404, 409, 422),
)
async def rate_from_phone(track_token: TrackToken, body: RatingIn, app: AppDep) -> RatingOut:
    """Public: rate the finished ticket behind the QR code, once."""
    rating = await ratings.rate_from_phone(
        uow=app.uow,
        track_token=track_token,
        given=body.given(),
        clock=app.clock,
        rules=app.rating_rules,
    )
    return RatingOut.of(rating)


@router.get(
    "/counters/{counter_id}/rating-prompt",
    response_model=PromptOut,
    responses={204: {"description": "Nothing to rate now"}, **_errors(401, 403, 404)},
)
async def rating_prompt(counter_id: Id, app: AppDep, principal: PrincipalDep) -> Any:
    """The ticket just finished at this window, for its rating pad (rating pads)."""
    prompt = await ratings.rating_prompt(
        uow=app.uow, principal=principal, counter_id=counter_id, clock=app.clock
    )
    if prompt is None:
        return Response(status_code=204)
    return PromptOut.of(*prompt)


@router.post(
    "/tickets/{ticket_id}/rating",
    response_model=RatingOut,
    status_code=201,
    responses=_errors(401, 403, 404, 409, 422),
)
async def rate_from_pad(
    ticket_id: Id, body: RatingIn, app: AppDep, principal: PrincipalDep
) -> RatingOut:
    """Rate the ticket just finished at the window (rating pads)."""
    rating = await ratings.rate_from_pad(
        uow=app.uow, principal=principal, ticket_id=ticket_id, given=body.given(), clock=app.clock
    )
    return RatingOut.of(rating)


@router.get(
    "/offices/{office_id}/feedback",
    response_model=list[FeedbackOut],
    responses=_errors(401, 403, 404),
)
async def feedback(
    office_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    status: Annotated[list[Status] | None, Query(description="Any of these statuses")] = None,
) -> list[FeedbackOut]:
    """Low scores, comments and complaints, newest first (managers; others: what is
    assigned to them)."""
    items = await ratings.feedback_list(
        uow=app.uow,
        principal=principal,
        office_id=office_id,
        statuses=[FeedbackStatus(s) for s in status] if status else tuple(FeedbackStatus),
    )
    return [FeedbackOut.of(i) for i in items]


@router.patch(
    "/feedback/{rating_id}", response_model=FeedbackOut, responses=_errors(401, 403, 404, 422)
)
async def review_feedback(
    rating_id: Id, body: FeedbackPatch, app: AppDep, principal: PrincipalDep
) -> FeedbackOut:
    """Assign the feedback (managers), move it on and answer it (managers, the assignee)."""
    changes: dict[str, Any] = {}
    if "assignee_id" in body.model_fields_set:
        changes["assignee_id"] = body.assignee_id
    item = await ratings.review_feedback(
        uow=app.uow,
        principal=principal,
        rating_id=rating_id,
        status=FeedbackStatus(body.status) if body.status else None,
        answer=body.answer,
        clock=app.clock,
        **changes,
    )
    return FeedbackOut.of(item)


@router.get(
    "/offices/{office_id}/feedback/digest",
    response_model=DigestOut,
    responses=_errors(401, 403, 404),
)
async def digest(
    office_id: Id,
    app: AppDep,
    principal: PrincipalDep,
    day: Annotated[date | None, Query(description="Default: yesterday")] = None,
) -> DigestOut:
    """A day's ratings by service and administrator, the loyalty index, and what still
    waits for an answer (managers)."""
    return DigestOut.of(
        await ratings.daily_digest(
            uow=app.uow, principal=principal, office_id=office_id, day=day, clock=app.clock
        )
    )


@router.get(
    "/offices/{office_id}/staff", response_model=list[StaffOut], responses=_errors(401, 403, 404)
)
async def staff(office_id: Id, app: AppDep, principal: PrincipalDep) -> list[StaffOut]:
    """Who works in the office (managers)."""
    users = await ratings.office_staff(uow=app.uow, principal=principal, office_id=office_id)
    return [StaffOut.of(u) for u in users]
