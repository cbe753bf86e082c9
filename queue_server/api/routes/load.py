"""The manager's live load: every window, administrator and queue, and what needs attention."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from queue_server.api.deps import MAX_ID, AppDep, PrincipalDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.load_schemas import LiveLoadOut
from queue_server.service.alerts import offline_silence
from queue_server.service.load import live_load

router = APIRouter(tags=["live load"])
OfficeParam = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="One office; else every office the caller sees")
]


@router.get(
    "/load", response_model=LiveLoadOut, responses={k: ERROR_RESPONSES[k] for k in (401, 403, 404)}
)
async def load(app: AppDep, principal: PrincipalDep, office_id: OfficeParam = None) -> LiveLoadOut:
    """Managers: each window, administrator and queue now, today's figures, and alerts."""
    return LiveLoadOut.of(
        await live_load(
            uow=app.uow,
            principal=principal,
            clock=app.clock,
            office_id=office_id,
            offline_after=offline_silence(app.settings.heartbeat_seconds),
        )
    )
