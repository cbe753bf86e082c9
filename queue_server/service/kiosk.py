"""What a kiosk needs to draw its screens: the catalogue, the most requested services and
whether its printer can print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from queue_server.domain.users import DeviceKind, Principal
from queue_server.service.ports import Clock, UnitOfWorkFactory
from queue_server.service.queries import Catalog, office_catalog

#: How many services the kiosk offers on its first screen.
POPULAR_COUNT = 8


@dataclass(frozen=True)
class PrinterView:
    """The kiosk's printer as the kiosk acts on it."""

    configured: bool
    status: str  # ok | paper_low | paper_out | offline | unknown | none
    can_print: bool


@dataclass(frozen=True)
class KioskHome:
    device_id: int
    device_name: str
    catalog: Catalog
    popular: Sequence[int]  # service ids, most requested first
    printer: PrinterView


async def kiosk_home(*, uow: UnitOfWorkFactory, principal: Principal, clock: Clock) -> KioskHome:
    """The kiosk's start: its office's catalogue, popular services and printer."""
    principal.require(principal.is_device(DeviceKind.KIOSK), None, "працювати як термінал / kiosk")
    assert principal.office_id is not None
    catalog = await office_catalog(uow=uow, office_id=principal.office_id)
    issuable = [s for s in catalog.services if s.active and s.referral is None]
    popular = [s.id for s in sorted(issuable, key=lambda s: (not s.popular, s.position))]
    return KioskHome(
        device_id=principal.id,
        device_name="",
        catalog=catalog,
        popular=popular[:POPULAR_COUNT],
        printer=PrinterView(configured=False, status="none", can_print=False),
    )
