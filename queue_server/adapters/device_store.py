"""Devices with their printers, print jobs and reception alerts, in SQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import AlertRow, DeviceRow, PrintJobRow
from queue_server.domain.alerts import Alert, AlertKind
from queue_server.domain.errors import ConcurrentChange, NotFound
from queue_server.domain.printing import (
    PrinterConfig,
    PrinterState,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
    ReferralSlipText,
    SlipText,
    TicketSlipText,
)
from queue_server.domain.users import DeviceKind
from queue_server.service.ports import Device

if TYPE_CHECKING:
    from queue_server.adapters.unit_of_work import SqlUnitOfWork


def device_from_row(r: Any) -> Device:
    return Device(
        id=r.id,
        office_id=r.office_id,
        kind=DeviceKind(r.kind),
        name=r.name,
        revoked=r.revoked_at is not None,
        last_seen_at=r.last_seen_at,
        printer=PrinterConfig(**r.printer) if r.printer else None,
        printer_state=PrinterState(PrinterStatus(r.printer_status), r.printer_checked_at),
        zone=r.zone,
    )


class SqlDevices:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def get(self, device_id: int) -> Device:
        row = (await self.conn.execute(select(DeviceRow).where(DeviceRow.id == device_id))).first()
        if row is None:
            raise NotFound(what="пристрій / device", key=device_id)
        return device_from_row(row)

    async def set_printer(self, device_id: int, printer: PrinterConfig | None) -> None:
        await self.conn.execute(
            update(DeviceRow)
            .where(DeviceRow.id == device_id)
            .values(
                printer=printer.to_dict() if printer else None,
                printer_status=PrinterStatus.UNKNOWN.value,
                printer_checked_at=None,
            )
        )

    async def set_printer_state(self, device_id: int, state: PrinterState) -> None:
        await self.conn.execute(
            update(DeviceRow)
            .where(DeviceRow.id == device_id)
            .values(printer_status=state.status.value, printer_checked_at=state.checked_at)
        )


# --- print jobs ------------------------------------------------------------------------


def slip_to_json(slip: SlipText) -> dict[str, Any]:
    data = dataclasses.asdict(slip)
    if isinstance(slip, TicketSlipText):
        data["issued_at"] = slip.issued_at.isoformat()
        data["kind"] = "ticket"
    else:
        data["kind"] = "referral"
    return data


def slip_from_json(data: dict[str, Any]) -> SlipText:
    fields = {k: v for k, v in data.items() if k != "kind"}
    if data.get("kind") == "referral":
        return ReferralSlipText(**fields)
    fields["issued_at"] = datetime.fromisoformat(fields["issued_at"])
    return TicketSlipText(**fields)


def job_from_row(r: Any) -> PrintJob:
    return PrintJob(
        id=r.id,
        office_id=r.office_id,
        device_id=r.device_id,
        ticket_id=r.ticket_id,
        slip=slip_from_json(r.slip),
        created_at=r.created_at,
        requested_by=r.requested_by,
        status=PrintJobStatus(r.status),
        reason=r.reason,
        claimed_at=r.claimed_at,
        finished_at=r.finished_at,
    )


_NEXT_JOB = (
    select(PrintJobRow)
    .where(
        PrintJobRow.device_id == bindparam("device_id"),
        PrintJobRow.status == PrintJobStatus.QUEUED.value,
    )
    .order_by(PrintJobRow.id)
    .limit(1)
)


class SqlPrintJobs:
    def __init__(self, conn: Conn, uow: SqlUnitOfWork) -> None:
        self.conn = conn
        self.uow = uow

    async def add(self, job: PrintJob) -> None:
        job.id = (
            await self.conn.execute(
                insert(PrintJobRow)
                .values(
                    office_id=job.office_id,
                    device_id=job.device_id,
                    ticket_id=job.ticket_id,
                    kind=job.kind,
                    slip=slip_to_json(job.slip),
                    status=job.status.value,
                    reason=job.reason,
                    requested_by=job.requested_by,
                    created_at=job.created_at,
                    claimed_at=job.claimed_at,
                    finished_at=job.finished_at,
                )
                .returning(PrintJobRow.id)
            )
        ).scalar_one()

    async def get(self, job_id: int) -> PrintJob:
        row = (await self.conn.execute(select(PrintJobRow).where(PrintJobRow.id == job_id))).first()
        if row is None:
            raise NotFound(what="завдання друку / print job", key=job_id)
        return job_from_row(row)

    async def save(self, job: PrintJob, *, was: PrintJobStatus) -> None:
        result = await self.conn.execute(
            update(PrintJobRow)
            .where(PrintJobRow.id == job.id, PrintJobRow.status == was.value)
            .values(
                status=job.status.value,
                reason=job.reason,
                claimed_at=job.claimed_at,
                finished_at=job.finished_at,
            )
        )
        if result.rowcount != 1:
            raise ConcurrentChange(what=f"Завдання друку {job.id} / print job {job.id}")
        self.uow.log(job.office_id, job.events)
        job.events.clear()

    async def has_queued(self, device_id: int) -> bool:
        stmt = _NEXT_JOB.with_only_columns(PrintJobRow.id)
        return (await self.conn.execute(stmt, {"device_id": device_id})).first() is not None

    async def next_for(self, device_id: int) -> PrintJob | None:
        stmt = _NEXT_JOB
        if self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        row = (await self.conn.execute(stmt, {"device_id": device_id})).first()
        return job_from_row(row) if row else None

    async def of_ticket(self, ticket_id: int, device_id: int) -> PrintJob | None:
        stmt = (
            select(PrintJobRow)
            .where(PrintJobRow.ticket_id == ticket_id, PrintJobRow.device_id == device_id)
            .order_by(PrintJobRow.id)
            .limit(1)
        )
        row = (await self.conn.execute(stmt)).first()
        return job_from_row(row) if row else None

    async def count_since(self, device_id: int, since: datetime) -> int:
        stmt = select(func.count()).where(
            PrintJobRow.device_id == device_id, PrintJobRow.created_at >= since
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def claimed_before(self, before: datetime) -> Sequence[PrintJob]:
        stmt = select(PrintJobRow).where(
            PrintJobRow.status == PrintJobStatus.SENDING.value, PrintJobRow.claimed_at < before
        )
        return [job_from_row(r) for r in await self.conn.execute(stmt)]

    async def recent(self, office_id: int, limit: int) -> Sequence[PrintJob]:
        stmt = (
            select(PrintJobRow)
            .where(PrintJobRow.office_id == office_id)
            .order_by(PrintJobRow.id.desc())
            .limit(limit)
        )
        return [job_from_row(r) for r in await self.conn.execute(stmt)]


# --- alerts ----------------------------------------------------------------------------


def alert_from_row(r: Any) -> Alert:
    return Alert(
        id=r.id,
        office_id=r.office_id,
        kind=AlertKind(r.kind),
        raised_at=r.raised_at,
        device_id=r.device_id,
        detail=r.detail,
        acknowledged_at=r.acknowledged_at,
        acknowledged_by=r.acknowledged_by,
    )


class SqlAlerts:
    def __init__(self, conn: Conn, uow: SqlUnitOfWork) -> None:
        self.conn = conn
        self.uow = uow

    async def add(self, alert: Alert) -> bool:
        statement = (
            insert(AlertRow)
            .values(
                office_id=alert.office_id,
                device_id=alert.device_id,
                kind=alert.kind.value,
                detail=alert.detail,
                raised_at=alert.raised_at,
            )
            .returning(AlertRow.id)
        )
        try:
            async with self.conn.begin_nested():
                alert.id = (await self.conn.execute(statement)).scalar_one()
        except IntegrityError:
            return False  # another worker raised the same alert a moment ago
        alert.raised()
        self.uow.log(alert.office_id, alert.events)
        alert.events.clear()
        return True

    async def get(self, alert_id: int) -> Alert:
        row = (await self.conn.execute(select(AlertRow).where(AlertRow.id == alert_id))).first()
        if row is None:
            raise NotFound(what="сповіщення / alert", key=alert_id)
        return alert_from_row(row)

    async def save(self, alert: Alert) -> None:
        await self.conn.execute(
            update(AlertRow)
            .where(AlertRow.id == alert.id)
            .values(acknowledged_at=alert.acknowledged_at, acknowledged_by=alert.acknowledged_by)
        )
        self.uow.log(alert.office_id, alert.events)
        alert.events.clear()

    async def open_for(self, device_id: int, kind: AlertKind) -> Alert | None:
        return await self._last(device_id, kind, AlertRow.acknowledged_at.is_(None))

    async def latest_for(self, device_id: int, kind: AlertKind) -> Alert | None:
        return await self._last(device_id, kind)

    async def _last(self, device_id: int, kind: AlertKind, *where: Any) -> Alert | None:
        stmt = (
            select(AlertRow)
            .where(AlertRow.device_id == device_id, AlertRow.kind == kind.value, *where)
            .order_by(AlertRow.id.desc())
            .limit(1)
        )
        row = (await self.conn.execute(stmt)).first()
        return alert_from_row(row) if row else None

    async def open_in(self, office_id: int) -> Sequence[Alert]:
        stmt = (
            select(AlertRow)
            .where(AlertRow.office_id == office_id, AlertRow.acknowledged_at.is_(None))
            .order_by(AlertRow.id)
        )
        return [alert_from_row(r) for r in await self.conn.execute(stmt)]
