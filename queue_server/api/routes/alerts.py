"""A device's own heartbeat and help button; reception's alerts."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_server.api.deps import AppDep, Id, PrincipalDep
from queue_server.api.device_schemas import AlertOut, DeviceMeOut
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.service import alerts, printing

router = APIRouter(tags=["devices"])
E = ERROR_RESPONSES


@router.get("/devices/me", response_model=DeviceMeOut, responses={401: E[401], 403: E[403]})
async def device_me(app: AppDep, principal: PrincipalDep) -> DeviceMeOut:
    """A device's heartbeat: it is alive, and a kiosk learns whether it can print."""
    status = await printing.device_status(
        uow=app.uow, gateway=app.printers, principal=principal, clock=app.clock
    )
    return DeviceMeOut.of(status, app.clock())


@router.post(
    "/devices/me/help",
    response_model=AlertOut,
    status_code=201,
    responses={200: {"description": "Help was already asked for"}, 401: E[401], 403: E[403]},
)
async def ask_for_help(app: AppDep, principal: PrincipalDep, response: Response) -> AlertOut:
    """«Потрібна допомога» at a kiosk: reception is alerted (kiosks)."""
    alert, new = await alerts.request_help(uow=app.uow, principal=principal, clock=app.clock)
    if not new:
        response.status_code = 200
    return AlertOut.of(alert)


@router.get(
    "/offices/{office_id}/alerts",
    response_model=list[AlertOut],
    responses={k: E[k] for k in (401, 403, 404)},
)
async def open_alerts(office_id: Id, app: AppDep, principal: PrincipalDep) -> list[AlertOut]:
    """Help requests and printer problems nobody has acknowledged yet (front desk)."""
    found = await alerts.open_alerts(uow=app.uow, principal=principal, office_id=office_id)
    return [AlertOut.of(a) for a in found]


@router.post(
    "/alerts/{alert_id}/ack", response_model=AlertOut, responses={k: E[k] for k in (401, 403, 404)}
)
async def acknowledge(alert_id: Id, app: AppDep, principal: PrincipalDep) -> AlertOut:
    """Someone has seen to the alert (front desk)."""
    return AlertOut.of(
        await alerts.acknowledge(
            uow=app.uow, principal=principal, alert_id=alert_id, clock=app.clock
        )
    )
