"""The JSON contract of kiosks' printers, print jobs, the print agent and alerts."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from queue_server.api.schemas import Language, Model, RowId, TicketOut
from queue_server.domain.alerts import Alert
from queue_server.domain.printing import PrinterConfig, PrinterStatus, PrintJob
from queue_server.service.printing import DeviceStatus, IssuedTicket, PrinterView

Codepage = Literal["cp1251", "cp866", "cp1125"]  # domain.printing.CODEPAGES


class PrinterIn(Model):
    url: str = Field(
        min_length=1,
        max_length=300,
        description="agent:// (a print agent on the kiosk computer), tcp://host:9100, "
        "file:///dev/usb/lp0, usb://VID:PID, serial:///dev/ttyS0?baudrate=9600, dummy://",
        examples=["tcp://192.168.1.50:9100"],
    )
    codepage: Codepage = "cp1251"
    codepage_table: int | None = Field(
        default=None, ge=0, le=255, description="ESC t number when the printer differs"
    )
    paper_mm: Literal[58, 80] = 80
    raster: bool = Field(default=False, description="Print text as an image (no Cyrillic)")

    def config(self) -> PrinterConfig:
        return PrinterConfig(**self.model_dump())


class PrintJobOut(BaseModel):
    id: int
    kind: Literal["ticket", "referral"]
    status: Literal["queued", "sending", "printed", "failed"]
    reason: str = Field(description="Why it failed: paper_out, offline, no_report, error ...")
    device_id: int
    ticket_id: int | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: PrintJob) -> PrintJobOut:
        return cls(
            id=job.id,
            kind=job.kind,  # type: ignore[arg-type]
            status=job.status.value,
            reason=job.reason,
            device_id=job.device_id,
            ticket_id=job.ticket_id,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


class IssuedTicketOut(TicketOut):
    """A new ticket, with its print job when a kiosk asked to print it."""

    print_job: PrintJobOut | None = Field(
        default=None, description="null: nothing prints, show the ticket's QR code on screen"
    )

    @classmethod
    def issued(cls, issued: IssuedTicket) -> IssuedTicketOut:
        job = PrintJobOut.of(issued.job) if issued.job else None
        return cls.model_validate(TicketOut.of(issued.info).model_dump() | {"print_job": job})


class PrinterStateOut(BaseModel):
    configured: bool
    status: str = Field(description="ok, paper_low, paper_out, offline, unknown or none")
    can_print: bool

    @classmethod
    def of(cls, view: PrinterView) -> PrinterStateOut:
        return cls(configured=view.configured, status=view.status, can_print=view.can_print)


class OfficeStateOut(BaseModel):
    open_now: bool
    next_opening: datetime | None
    paused_since: datetime | None = Field(description="Air-raid pause: since when")


class DeviceMeOut(BaseModel):
    """What a device learns about itself and its office on each heartbeat."""

    id: int
    kind: str
    name: str
    office_id: int
    printer: PrinterStateOut
    office: OfficeStateOut

    @classmethod
    def of(cls, status: DeviceStatus, now: datetime) -> DeviceMeOut:
        device, office = status.device, status.office
        is_open = office.is_open(now)
        return cls(
            id=device.id,
            kind=device.kind.value,
            name=device.name,
            office_id=device.office_id,
            printer=PrinterStateOut.of(status.printer),
            office=OfficeStateOut(
                open_now=is_open,
                next_opening=None if is_open else office.next_opening(now),
                paused_since=office.paused_since,
            ),
        )


class ReferralIn(Model):
    language: Language = "uk"


class ReprintIn(Model):
    device_id: RowId = Field(description="The kiosk whose printer prints it")


class AgentJobOut(BaseModel):
    id: int
    kind: Literal["ticket", "referral"]
    data: str = Field(description="The ESC/POS bytes, base64")

    @classmethod
    def of(cls, job: PrintJob, data: bytes) -> AgentJobOut:
        return cls(id=job.id, kind=job.kind, data=base64.b64encode(data).decode())  # type: ignore[arg-type]


class JobResultIn(Model):
    printed: bool
    status: PrinterStatus


class PrinterStatusIn(Model):
    status: PrinterStatus


class AlertOut(BaseModel):
    id: int
    office_id: int
    kind: str = Field(description="help or printer")
    device_id: int | None
    detail: str
    raised_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None

    @classmethod
    def of(cls, a: Alert) -> AlertOut:
        return cls(
            id=a.id,
            office_id=a.office_id,
            kind=a.kind.value,
            device_id=a.device_id,
            detail=a.detail,
            raised_at=a.raised_at,
            acknowledged_at=a.acknowledged_at,
            acknowledged_by=a.acknowledged_by,
        )
