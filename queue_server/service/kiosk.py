"""What a kiosk needs to draw its screens: the catalogue, the most requested services and
whether its printer can print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from queue_server.domain.users import DeviceKind, Principal
from queue_server.service.ports import Clock, UnitOfWorkFactory
from queue_server.service.printing import PrinterView, printer_view
from queue_server.service.queries import Catalog, read_catalog

#: How many services the kiosk offers on its first screen, and the demand they are
#: ranked by.
POPULAR_COUNT = 8
DEMAND_DAYS = 28

__all__ = ["KioskHome", "PrinterView", "kiosk_home"]


@dataclass(frozen=True)
class KioskHome:
    device_id: int
    device_name: str
    catalog: Catalog
    popular: Sequence[int]  # service ids, most requested first
    printer: PrinterView


async def kiosk_home(*, uow: UnitOfWorkFactory, principal: Principal, clock: Clock) -> KioskHome:
    """The kiosk's start: its office's catalogue, the most requested services (those the
    manager marks popular first, then by the last four weeks' tickets) and its printer."""
    principal.require(principal.is_device(DeviceKind.KIOSK), None, "працювати як термінал / kiosk")
    assert principal.office_id is not None
    now = clock()
    async with uow(write=False) as tx:
        device = await tx.devices.get(principal.id)
        catalog = await read_catalog(tx, principal.office_id, now)
        since = catalog.office.business_day(now) - timedelta(days=DEMAND_DAYS)
        demand = await tx.tickets.demand(catalog.office.id, since)
    issuable = [s for s in catalog.services if s.active and s.referral is None]
    ranked = sorted(issuable, key=lambda s: (not s.popular, -demand.get(s.id, 0), s.position))
    return KioskHome(
        device_id=device.id,
        device_name=device.name,
        catalog=catalog,
        popular=[s.id for s in ranked[:POPULAR_COUNT]],
        printer=printer_view(device, now),
    )
