"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from queue_server import __version__
from queue_server.api.deps import AppDep
from queue_server.service.health import readiness

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", responses={503: {"description": "Database or event bus unavailable"}})
async def readyz(app: AppDep) -> JSONResponse:
    """The database answers and the event bus is connected (503 with what is missing)."""
    state = await readiness(uow=app.uow, bus=app.bus)
    body = {
        "status": "ready" if state.ready else "unavailable",
        "database": state.database,
        "bus": state.bus,
        "version": __version__,
    }
    headers = None if state.ready else {"Retry-After": "5"}
    return JSONResponse(body, status_code=200 if state.ready else 503, headers=headers)
