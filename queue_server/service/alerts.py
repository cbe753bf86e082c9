"""Use cases of reception alerts: a kiosk asks for help, the front desk sees and
acknowledges what needs a person (printer alerts are raised by the printing use cases)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from queue_server.domain.alerts import Alert, AlertKind
from queue_server.domain.users import FRONT_DESK, DeviceKind, Principal
from queue_server.service.ports import Clock, Device, UnitOfWorkFactory

SEE_ALERTS = "переглядати сповіщення / see alerts"


async def request_help(
    *, uow: UnitOfWorkFactory, principal: Principal, clock: Clock
) -> tuple[Alert, bool]:
    """«Потрібна допомога» at a kiosk; a second press while the first is open raises
    nothing new. Returns the alert and whether it is new."""
    principal.require(principal.is_device(DeviceKind.KIOSK), None, "кнопка допомоги / help")
    assert principal.office_id is not None
    async with uow(actor=principal.actor) as tx:
        existing = await tx.alerts.open_for(principal.id, AlertKind.HELP)
        if existing is not None:
            return existing, False
        device = await tx.devices.get(principal.id)
        alert = Alert(
            id=0,
            office_id=principal.office_id,
            kind=AlertKind.HELP,
            raised_at=clock(),
            device_id=principal.id,
            detail=device.name,
        )
        if not await tx.alerts.add(alert):
            existing = await tx.alerts.open_for(principal.id, AlertKind.HELP)
            assert existing is not None, "the unique index saw an open alert"
            return existing, False
        await tx.commit()
    return alert, True


async def open_alerts(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int
) -> Sequence[Alert]:
    """Alerts of the office nobody has acknowledged yet, oldest first."""
    principal.require_roles(FRONT_DESK, office_id, SEE_ALERTS)
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        return await tx.alerts.open_in(office_id)


async def acknowledge(
    *, uow: UnitOfWorkFactory, principal: Principal, alert_id: int, clock: Clock
) -> Alert:
    """Someone at the front desk has seen to the alert."""
    async with uow(actor=principal.actor) as tx:
        alert = await tx.alerts.get(alert_id)
        principal.require_roles(FRONT_DESK, alert.office_id, SEE_ALERTS)
        if alert.acknowledge(principal.actor, clock()):
            await tx.alerts.save(alert)
            await tx.commit()
    return alert


def offline_silence(heartbeat_seconds: float) -> timedelta:
    """A device silent for three heartbeats (and at least a minute) is offline."""
    return timedelta(seconds=max(60.0, 3 * heartbeat_seconds))


def is_silent(device: Device, now: datetime, silence: timedelta) -> bool:
    """Whether a device that reported before (and is not revoked) has been silent for
    longer than ``silence``: the rule of reception's offline alerts and the live load."""
    seen = device.last_seen_at
    return not device.revoked and seen is not None and now - seen > silence


async def raise_offline_alerts(*, uow: UnitOfWorkFactory, clock: Clock, silence: timedelta) -> int:
    """A device that reported before and has been silent for ``silence`` (a screen off,
    a kiosk without network) raises one alert per silence."""
    now = clock()
    raised = 0
    async with uow(actor="system") as tx:
        for office in await tx.offices.all():
            for device in await tx.auth.devices(office.id):
                seen = device.last_seen_at
                if seen is None or not is_silent(device, now, silence):
                    continue
                last = await tx.alerts.latest_for(device.id, AlertKind.OFFLINE)
                if last is not None and last.raised_at >= seen:
                    continue  # this silence was reported already (acknowledged or not)
                alert = Alert(
                    id=0,
                    office_id=office.id,
                    kind=AlertKind.OFFLINE,
                    raised_at=now,
                    device_id=device.id,
                    detail=device.name,
                )
                raised += await tx.alerts.add(alert)
        await tx.commit()
    return raised
