"""Kiosk printers: their settings, print jobs, referral slips, reprints, the print agent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from queue_server.api.deps import AppDep, Id, PrincipalDep, PublicUrl
from queue_server.api.device_schemas import (
    AgentJobOut,
    JobResultIn,
    PrinterIn,
    PrinterStatusIn,
    PrintJobOut,
    ReferralIn,
    ReprintIn,
)
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.schemas import DeviceOut
from queue_server.service import print_agent, printing

router = APIRouter(tags=["printing"])
E = ERROR_RESPONSES


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {k: E[k] for k in (401, 403, *codes)}


@router.put("/devices/{device_id}/printer", response_model=DeviceOut, responses=_errors(404, 422))
async def set_printer(
    device_id: Id, body: PrinterIn, app: AppDep, principal: PrincipalDep
) -> DeviceOut:
    """Give a kiosk its printer: a URL the server reaches, or agent:// (managers)."""
    device = await printing.configure_printer(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        device_id=device_id,
        printer=body.config(),
        clock=app.clock,
    )
    return DeviceOut.of(device, app.clock(), app.settings.heartbeat_seconds)


@router.delete("/devices/{device_id}/printer", response_model=DeviceOut, responses=_errors(404))
async def remove_printer(device_id: Id, app: AppDep, principal: PrincipalDep) -> DeviceOut:
    """The kiosk has no printer any more: it shows tickets on screen (managers)."""
    device = await printing.configure_printer(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        device_id=device_id,
        printer=None,
        clock=app.clock,
    )
    return DeviceOut.of(device, app.clock(), app.settings.heartbeat_seconds)


@router.get("/print-jobs/{job_id}", response_model=PrintJobOut, responses=_errors(404))
async def get_print_job(job_id: Id, app: AppDep, principal: PrincipalDep) -> PrintJobOut:
    """How a print job went (its kiosk, the front desk)."""
    return PrintJobOut.of(await printing.print_job(uow=app.uow, principal=principal, job_id=job_id))


@router.get(
    "/offices/{office_id}/print-jobs", response_model=list[PrintJobOut], responses=_errors(404)
)
async def list_print_jobs(office_id: Id, app: AppDep, principal: PrincipalDep) -> list[PrintJobOut]:
    """The office's latest 50 print jobs, newest first (front desk)."""
    jobs = await printing.recent_jobs(uow=app.uow, principal=principal, office_id=office_id)
    return [PrintJobOut.of(j) for j in jobs]


@router.post(
    "/services/{service_id}/referral-slip",
    response_model=PrintJobOut,
    status_code=201,
    responses=_errors(404, 409, 422, 429),
)
async def print_referral(
    service_id: Id, body: ReferralIn, app: AppDep, principal: PrincipalDep
) -> PrintJobOut:
    """Print where to go for a service the centre does not provide (kiosks)."""
    job = await printing.print_referral(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        service_id=service_id,
        language=body.language,
        clock=app.clock,
        rules=app.rules,
    )
    return PrintJobOut.of(job)


@router.post(
    "/tickets/{ticket_id}/print",
    response_model=PrintJobOut,
    status_code=201,
    responses=_errors(404, 409),
)
async def reprint(
    ticket_id: Id, body: ReprintIn, app: AppDep, principal: PrincipalDep, base_url: PublicUrl
) -> PrintJobOut:
    """Print a ticket again on a kiosk's printer, e.g. after a paper change (front desk)."""
    job = await printing.reprint_ticket(
        uow=app.uow,
        gateway=app.printers,
        principal=principal,
        ticket_id=ticket_id,
        device_id=body.device_id,
        public_url=base_url,
        clock=app.clock,
    )
    return PrintJobOut.of(job)


@router.post(
    "/print-agent/claim",
    response_model=AgentJobOut,
    responses={204: {"description": "Nothing to print"}, **_errors(422)},
)
async def agent_claim(
    app: AppDep,
    principal: PrincipalDep,
    wait: Annotated[float, Query(ge=0, le=25, description="Seconds to wait for a job")] = 0,
) -> AgentJobOut | Response:
    """The next job for the print agent of this kiosk, rendered for its printer (kiosks)."""
    claimed = await print_agent.claim_for_agent(
        uow=app.uow, gateway=app.printers, principal=principal, wait_seconds=wait, clock=app.clock
    )
    if claimed is None:
        return Response(status_code=204)
    return AgentJobOut.of(*claimed)


@router.post("/print-jobs/{job_id}/result", response_model=PrintJobOut, responses=_errors(404, 409))
async def agent_result(
    job_id: Id, body: JobResultIn, app: AppDep, principal: PrincipalDep
) -> PrintJobOut:
    """The print agent says whether the job printed and how its printer is (kiosks)."""
    job = await print_agent.report_job(
        uow=app.uow,
        principal=principal,
        job_id=job_id,
        printed=body.printed,
        status=body.status,
        clock=app.clock,
    )
    return PrintJobOut.of(job)


@router.post("/print-agent/status", status_code=204, responses=_errors())
async def agent_status(body: PrinterStatusIn, app: AppDep, principal: PrincipalDep) -> Response:
    """The print agent's periodic word on its printer (kiosks)."""
    await print_agent.report_printer(
        uow=app.uow, principal=principal, status=body.status, clock=app.clock
    )
    return Response(status_code=204)
