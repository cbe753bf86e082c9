"""Offices, their service catalogue, their live queue, issuing tickets, devices."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_server.api.deps import AppDep, Id, IdempotencyKey, PrincipalDep, PublicUrl
from queue_server.api.device_schemas import IssuedTicketOut
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.schemas import (
    CatalogOut,
    DeviceIn,
    DeviceIssuedOut,
    DeviceOut,
    OfficeOut,
    QueueOut,
    TicketIn,
)
from queue_server.service import auth, printing, queries, tickets

router = APIRouter(tags=["offices"])
E = ERROR_RESPONSES


@router.get("/offices", response_model=list[OfficeOut])
async def list_offices(app: AppDep) -> list[OfficeOut]:
    """Every office of the deployment, with whether it is open now."""
    now = app.clock()
    return [OfficeOut.of(o, now) for o in await queries.list_offices(uow=app.uow)]


@router.get("/offices/{office_id}/services", response_model=CatalogOut, responses={404: E[404]})
async def office_services(office_id: Id, app: AppDep) -> CatalogOut:
    """Spheres with their services and information cards, and the priority categories."""
    catalog = await queries.office_catalog(uow=app.uow, office_id=office_id, clock=app.clock)
    return CatalogOut.of(catalog, app.clock())


@router.get(
    "/offices/{office_id}/queue",
    response_model=QueueOut,
    responses={401: E[401], 403: E[403], 404: E[404]},
)
async def office_queue(office_id: Id, app: AppDep, principal: PrincipalDep) -> QueueOut:
    """Waiting per service, every counter and the last calls."""
    snap = await queries.queue_snapshot(
        uow=app.uow, principal=principal, office_id=office_id, clock=app.clock
    )
    return QueueOut.of(snap)


@router.post(
    "/offices/{office_id}/tickets",
    response_model=IssuedTicketOut,
    status_code=201,
    responses={k: E[k] for k in (401, 403, 404, 409, 422, 429)},
)
async def issue_ticket(
    office_id: Id,
    body: TicketIn,
    response: Response,
    app: AppDep,
    principal: PrincipalDep,
    base_url: PublicUrl,
    idempotency_key: IdempotencyKey = None,
) -> IssuedTicketOut:
    """Issue a ticket (kiosk devices, reception, managers); a kiosk may print it."""
    issued = await printing.issue_and_print(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        office_id=office_id,
        request=tickets.IssueRequest(
            service_id=body.service_id,
            priority=body.priority,
            language=body.language,
            note=body.note,
            idempotency_key=idempotency_key,
            document_seen=body.document_seen,
        ),
        print_ticket=body.print,
        public_url=base_url,
        clock=app.clock,
        rules=app.rules,
    )
    if issued.info.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return IssuedTicketOut.issued(issued)


@router.get(
    "/offices/{office_id}/devices",
    response_model=list[DeviceOut],
    responses={k: E[k] for k in (401, 403)},
)
async def list_devices(office_id: Id, app: AppDep, principal: PrincipalDep) -> list[DeviceOut]:
    """Kiosks, displays and rating pads of the office (managers)."""
    devices = await auth.list_devices(uow=app.uow, principal=principal, office_id=office_id)
    now, heartbeat = app.clock(), app.settings.heartbeat_seconds
    return [DeviceOut.of(d, now, heartbeat) for d in devices]


@router.post(
    "/offices/{office_id}/devices",
    response_model=DeviceIssuedOut,
    status_code=201,
    responses={k: E[k] for k in (401, 403, 404, 422)},
)
async def register_device(
    office_id: Id, body: DeviceIn, app: AppDep, principal: PrincipalDep
) -> DeviceIssuedOut:
    """Register a device; its token is in this response only (managers)."""
    issued = await auth.register_device(
        uow=app.uow,
        principal=principal,
        office_id=office_id,
        kind=body.kind,
        name=body.name,
        clock=app.clock,
    )
    return DeviceIssuedOut(**DeviceOut.of(issued.device).model_dump(), token=issued.token)


@router.delete(
    "/devices/{device_id}",
    response_model=DeviceOut,
    responses={k: E[k] for k in (401, 403, 404)},
)
async def revoke_device(device_id: Id, app: AppDep, principal: PrincipalDep) -> DeviceOut:
    """Revoke a device's token (managers)."""
    device = await auth.revoke_device(
        uow=app.uow, principal=principal, device_id=device_id, clock=app.clock
    )
    return DeviceOut.of(device)
