"""Use cases of kiosk printers: configure one, print tickets and referral slips, serve a
print agent, follow the printer's status and alert reception when it cannot print.

Printing is never inside a transaction: a job is queued and claimed in one, the bytes go
to the printer outside any, and the outcome is recorded in another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.alerts import Alert, AlertKind
from queue_server.domain.errors import (
    InvalidInput,
    NotFound,
    PrinterNotReady,
)
from queue_server.domain.events import PrinterConfigured, PrinterStatusChanged
from queue_server.domain.offices import Office
from queue_server.domain.printing import (
    FailReason,
    PrinterConfig,
    PrinterState,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
    ReferralSlipText,
    TicketSlipText,
    booking_note,
    priority_note,
)
from queue_server.domain.tickets import TicketStatus
from queue_server.domain.users import CONFIGURERS, FRONT_DESK, DeviceKind, Principal
from queue_server.service.ports import (
    Clock,
    Device,
    PrinterGateway,
    UnitOfWork,
    UnitOfWorkFactory,
)
from queue_server.service.rules import QueueRules
from queue_server.service.tickets import (
    RATE_WINDOW,
    IssueRequest,
    TicketInfo,
    describe,
    issue_ticket,
    refuse_if_too_fast,
)

REPRINTABLE = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED)
MANAGE_PRINTERS = "налаштовувати принтери / configure printers"
AS_KIOSK = "діяти як термінал / act as a kiosk"


@dataclass(frozen=True)
class PrinterView:
    """A kiosk's printer as the kiosk and reception act on it."""

    configured: bool
    status: str  # a PrinterStatus value, or "none" without a printer
    can_print: bool
    via_agent: bool = False


def printer_view(device: Device, now: datetime) -> PrinterView:
    if device.printer is None:
        return PrinterView(configured=False, status="none", can_print=False)
    status = device.printer_state.effective(device.printer, now)
    return PrinterView(
        configured=True,
        status=status.value,
        can_print=not status.blocks_printing,
        via_agent=device.printer.via_agent,
    )


@dataclass(frozen=True)
class IssuedTicket:
    info: TicketInfo
    job: PrintJob | None


def kiosk_of(principal: Principal) -> int:
    """The kiosk device id of the caller, who must be a kiosk."""
    principal.require(principal.is_device(DeviceKind.KIOSK), None, AS_KIOSK)
    return principal.id


# --- configuration and status --------------------------------------------------------


async def configure_printer(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    device_id: int,
    printer: PrinterConfig | None,
    clock: Clock,
) -> Device:
    """A manager gives a kiosk its printer (or takes it away)."""
    if printer is not None and not printer.via_agent:
        gateway.check(printer)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        device = await tx.devices.get(device_id)
        principal.require_roles(CONFIGURERS, device.office_id, MANAGE_PRINTERS)
        if device.kind is not DeviceKind.KIOSK:
            raise InvalidInput(
                detail_uk="принтер можна під'єднати лише до термінала",
                detail_en="only a kiosk can have a printer",
            )
        await tx.devices.set_printer(device_id, printer)
        url = printer.url if printer else ""
        tx.log(device.office_id, [PrinterConfigured(at=now, device_id=device_id, url=url)])
        await tx.commit()
    async with uow(write=False) as tx:
        return await tx.devices.get(device_id)


@dataclass(frozen=True)
class DeviceStatus:
    device: Device
    printer: PrinterView
    office: Office  # open, next opening, paused: what a kiosk tells arrivals


async def device_status(
    *, uow: UnitOfWorkFactory, gateway: PrinterGateway, principal: Principal, clock: Clock
) -> DeviceStatus:
    """A device's heartbeat: it is alive; a kiosk also learns whether it can print and
    whether its office is open or paused."""
    principal.require(principal.kind == "device", None, "лише для пристроїв / devices only")
    async with uow(write=False) as tx:
        device = await tx.devices.get(principal.id)
    fresh: PrinterStatus | None = None
    if device.printer is not None and not device.printer.via_agent:
        fresh = await gateway.status(device.printer)  # outside any transaction
    now = clock()
    async with uow(actor=principal.actor) as tx:
        await tx.auth.touch_device(device.id, now)
        if fresh is not None:
            await record_printer_state(tx, device, fresh, now)
        await tx.commit()
    async with uow(write=False) as tx:
        device = await tx.devices.get(principal.id)
        office = await tx.offices.get(device.office_id)
    return DeviceStatus(device, printer_view(device, clock()), office)


async def record_printer_state(
    tx: UnitOfWork, device: Device, status: PrinterStatus, now: datetime
) -> None:
    """Store a printer's status; a change is an event, a printer that cannot print an alert."""
    await tx.devices.set_printer_state(device.id, PrinterState(status, now))
    if status is not device.printer_state.status:
        tx.log(
            device.office_id,
            [PrinterStatusChanged(at=now, device_id=device.id, status=status.value)],
        )
    if status.blocks_printing and await tx.alerts.open_for(device.id, AlertKind.PRINTER) is None:
        alert = Alert(
            id=0,
            office_id=device.office_id,
            kind=AlertKind.PRINTER,
            raised_at=now,
            device_id=device.id,
            detail=status.value,
        )
        await tx.alerts.add(alert)


# --- tickets and slips -------------------------------------------------------------------


async def issue_and_print(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    office_id: int,
    request: IssueRequest,
    print_ticket: bool,
    public_url: str,
    clock: Clock,
    rules: QueueRules | None = None,
) -> IssuedTicket:
    """Issue a ticket and, at a kiosk whose printer can print, print it. A retried request
    returns the same ticket and the same job: a ticket never prints twice by itself."""
    info = await issue_ticket(
        uow=uow, principal=principal, office_id=office_id, request=request, clock=clock, rules=rules
    )
    return await print_issued(
        uow=uow,
        gateway=gateway,
        principal=principal,
        info=info,
        print_ticket=print_ticket,
        public_url=public_url,
        clock=clock,
    )


async def print_issued(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    info: TicketInfo,
    print_ticket: bool,
    public_url: str,
    clock: Clock,
) -> IssuedTicket:
    """Print a ticket just issued (or checked in) at a kiosk whose printer can print;
    a replayed request finds the job of the first one."""
    if not (print_ticket and principal.is_device(DeviceKind.KIOSK)):
        return IssuedTicket(info, None)
    job = await _job_for_ticket(uow, principal, info, public_url, clock)
    if job is not None:
        job = await _dispatch(uow, gateway, job, clock)
    return IssuedTicket(info, job)


async def _job_for_ticket(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    info: TicketInfo,
    public_url: str,
    clock: Clock,
) -> PrintJob | None:
    now = clock()
    async with uow_factory(actor=principal.actor) as tx:
        existing = await tx.print_jobs.of_ticket(info.ticket.id, principal.id)
        if existing is not None:
            return existing
        device = await tx.devices.get(principal.id)
        if not printer_view(device, now).can_print:
            return None  # the kiosk shows the ticket on screen instead
        job = PrintJob(
            id=0,
            office_id=device.office_id,
            device_id=device.id,
            ticket_id=info.ticket.id,
            slip=await _ticket_slip(tx, info, public_url),
            created_at=now,
            requested_by=principal.actor,
        )
        await tx.print_jobs.add(job)
        await tx.commit()
    return job


async def _ticket_slip(tx: UnitOfWork, info: TicketInfo, public_url: str) -> TicketSlipText:
    ticket, service = info.ticket, info.service
    en = ticket.language == "en"
    note = None
    if ticket.priority:
        category = await tx.catalog.priority(ticket.priority)
        note = priority_note(category.document_check, ticket.language)
    office = await tx.offices.get(ticket.office_id)
    booked = None
    if ticket.booked_for is not None:
        booked = booking_note(office.local(ticket.booked_for).strftime("%H:%M"), ticket.language)
    return TicketSlipText(
        office_name=office.name_uk,
        ticket_number=ticket.number,
        service_name=f"{service.name_uk} / {service.name_en}" if en else service.name_uk,
        issued_at=ticket.issued_at,
        timezone=office.timezone,
        people_ahead=info.position,
        wait_estimate=info.estimate.text(ticket.language) if info.estimate else None,
        track_url=f"{public_url.rstrip('/')}/t/{ticket.track_token}",
        language="en" if en else "uk",
        priority_note=note,
        booking_note=booked,
    )


async def print_referral(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    service_id: int,
    language: str,
    clock: Clock,
    rules: QueueRules | None = None,
) -> PrintJob:
    """Print where to go for a service the centre does not provide."""
    device_id = kiosk_of(principal)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        service = await tx.catalog.service(service_id)
        principal.require(True, service.office_id, AS_KIOSK)
        referral = service.referral
        if referral is None:
            raise InvalidInput(
                detail_uk=f"послугу «{service.name_uk}» надає сам центр, довідка не потрібна",
                detail_en=f"the centre itself provides “{service.name_en}”",
            )
        refuse_if_too_fast(
            await tx.print_jobs.count_since(device_id, now - RATE_WINDOW), rules or QueueRules()
        )
        device = await tx.devices.get(device_id)
        view = printer_view(device, now)
        if not view.can_print:
            raise PrinterNotReady(device=device.name, status=view.status)
        office = await tx.offices.get(service.office_id)
        en = language == "en"

        def both(uk: str, en_text: str) -> str:
            return f"{uk} / {en_text}" if en and en_text and en_text != uk else uk

        job = PrintJob(
            id=0,
            office_id=device.office_id,
            device_id=device_id,
            slip=ReferralSlipText(
                office_name=office.name_uk,
                service_name=both(service.name_uk, service.name_en),
                provider=both(referral.body_uk, referral.body_en),
                address=both(referral.address_uk, referral.address_en),
                phone=referral.phone,
                hours=both(referral.hours_uk, referral.hours_en),
                language="en" if en else "uk",
            ),
            created_at=now,
            requested_by=principal.actor,
        )
        await tx.print_jobs.add(job)
        await tx.commit()
    return await _dispatch(uow, gateway, job, clock)


async def reprint_ticket(
    *,
    uow: UnitOfWorkFactory,
    gateway: PrinterGateway,
    principal: Principal,
    ticket_id: int,
    device_id: int,
    public_url: str,
    clock: Clock,
) -> PrintJob:
    """Reception prints a ticket again on a kiosk's printer (never done automatically)."""
    now = clock()
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require_roles(FRONT_DESK, ticket.office_id, "передруковувати / reprint")
        device = await tx.devices.get(device_id)
        if device.office_id != ticket.office_id or device.kind is not DeviceKind.KIOSK:
            raise NotFound(what="термінал / kiosk", key=device_id)
        if ticket.status not in REPRINTABLE:
            raise ticket.refusal("reprint")
        view = printer_view(device, now)
        if not view.can_print:
            raise PrinterNotReady(device=device.name, status=view.status)
        info = await describe(tx, ticket, now)
        job = PrintJob(
            id=0,
            office_id=device.office_id,
            device_id=device.id,
            ticket_id=ticket.id,
            slip=await _ticket_slip(tx, info, public_url),
            created_at=now,
            requested_by=principal.actor,
        )
        await tx.print_jobs.add(job)
        await tx.commit()
    return await _dispatch(uow, gateway, job, clock)


async def _dispatch(
    uow_factory: UnitOfWorkFactory, gateway: PrinterGateway, job: PrintJob, clock: Clock
) -> PrintJob:
    """Print a queued job on a printer the server reaches; an agent's job stays queued."""
    if job.status is not PrintJobStatus.QUEUED:
        return job
    async with uow_factory(actor="system") as tx:
        device = await tx.devices.get(job.device_id)
        if device.printer is None or device.printer.via_agent:
            return job
        job = await tx.print_jobs.get(job.id)
        if job.status is not PrintJobStatus.QUEUED:
            return job  # a twin request took it
        job.claim(clock())
        await tx.print_jobs.save(job, was=PrintJobStatus.QUEUED)
        await tx.commit()
    printer = device.printer
    try:
        data = gateway.render(printer, job.slip)
    except (ValueError, OSError):
        printed, status = False, None
    else:
        printed, status = await gateway.deliver(printer, data)
    now = clock()
    async with uow_factory(actor="system") as tx:
        if status is None:
            job.give_up(FailReason.ERROR, now)
        else:
            job.finish(printed=printed, printer=status, at=now)
            await record_printer_state(tx, device, status, now)
        await tx.print_jobs.save(job, was=PrintJobStatus.SENDING)
        await tx.commit()
    return job


async def print_job(*, uow: UnitOfWorkFactory, principal: Principal, job_id: int) -> PrintJob:
    """A job as the kiosk that printed it, or the front desk, sees it."""
    async with uow(write=False) as tx:
        job = await tx.print_jobs.get(job_id)
    own = principal.is_device(DeviceKind.KIOSK) and principal.id == job.device_id
    principal.require(own or principal.has_any(FRONT_DESK), job.office_id, "друк / printing")
    return job


async def recent_jobs(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, limit: int = 50
) -> Sequence[PrintJob]:
    """The office's latest print jobs, newest first (front desk)."""
    principal.require_roles(FRONT_DESK, office_id, "друк / printing")
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        return await tx.print_jobs.recent(office_id, limit)
