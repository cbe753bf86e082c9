"""Use cases of a kiosk's print agent: it claims the kiosk's jobs rendered for its
printer (long poll), says how each went, and reports the printer's status; jobs it
claimed and never reported fail after a lease (never printed again by themselves)."""

from __future__ import annotations

import asyncio
import time

from queue_server.domain.errors import InvalidInput
from queue_server.domain.printing import (
    AGENT_LEASE,
    FailReason,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
)
from queue_server.domain.users import Principal
from queue_server.service.ports import Clock, PrinterGateway, UnitOfWorkFactory
from queue_server.service.printing import (
    PrinterView,
    kiosk_of,
    printer_view,
    record_printer_state,
)

AGENT_POLL_SECONDS = 0.5


async def claim_for_agent(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    wait_seconds: float,
    clock: Clock,
) -> tuple[PrintJob, bytes] | None:
    """The next job of the agent's kiosk, rendered for its printer; waits up to
    ``wait_seconds`` for one (long poll)."""
    device_id = kiosk_of(principal)
    deadline = time.monotonic() + wait_seconds
    while True:
        # Look first without the write lock: on SQLite it would hold up every kiosk.
        async with uow(write=False) as tx:
            device = await tx.devices.get(device_id)
            if device.printer is None or not device.printer.via_agent:
                raise InvalidInput(
                    detail_uk="принтер цього термінала не налаштовано на агент друку (agent://)",
                    detail_en="this kiosk's printer is not set up for a print agent (agent://)",
                )
            waiting = await tx.print_jobs.has_queued(device_id)
        if not waiting:
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(AGENT_POLL_SECONDS)
            continue
        async with uow(actor=principal.actor) as tx:
            job = await tx.print_jobs.next_for(device_id)
            if job is not None:
                job.claim(clock())
                await tx.print_jobs.save(job, was=PrintJobStatus.QUEUED)
                await tx.commit()
                try:
                    return job, gateway.render(device.printer, job.slip)
                except (ValueError, OSError):
                    await _give_up(uow, job, FailReason.ERROR, clock)


async def report_job(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    job_id: int,
    printed: bool,
    status: PrinterStatus,
    clock: Clock,
) -> PrintJob:
    """The agent says how a job it claimed went."""
    device_id = kiosk_of(principal)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        job = await tx.print_jobs.get(job_id)
        principal.require(job.device_id == device_id, None, "звітувати про чужий друк / report")
        was = job.status
        job.finish(printed=printed, printer=status, at=now)
        await tx.print_jobs.save(job, was=was)
        await record_printer_state(tx, await tx.devices.get(device_id), status, now)
        await tx.commit()
    return job


async def report_printer(
    *, uow: UnitOfWorkFactory, principal: Principal, status: PrinterStatus, clock: Clock
) -> PrinterView:
    """The agent's periodic word on its printer (and that the kiosk computer is alive)."""
    device_id = kiosk_of(principal)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        device = await tx.devices.get(device_id)
        await record_printer_state(tx, device, status, now)
        await tx.auth.touch_device(device_id, now)
        await tx.commit()
    async with uow(write=False) as tx:
        return printer_view(await tx.devices.get(device_id), now)


async def _give_up(
    uow_factory: UnitOfWorkFactory, job: PrintJob, reason: FailReason, clock: Clock
) -> None:
    async with uow_factory(actor="system") as tx:
        was = job.status
        job.give_up(reason, clock())
        await tx.print_jobs.save(job, was=was)
        await tx.commit()


async def fail_unreported_jobs(*, uow: UnitOfWorkFactory, clock: Clock) -> int:
    """Jobs an agent claimed and never reported are failed (reception may reprint)."""
    now = clock()
    async with uow(actor="system") as tx:
        jobs = await tx.print_jobs.claimed_before(now - AGENT_LEASE)
        for job in jobs:
            job.give_up(FailReason.NO_REPORT, now)
            await tx.print_jobs.save(job, was=PrintJobStatus.SENDING)
        await tx.commit()
    return len(jobs)
