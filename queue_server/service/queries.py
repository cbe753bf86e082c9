"""Read-only use cases: offices, the service catalogue, the live queue snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from queue_server.domain.offices import Office
from queue_server.domain.services import (
    CAP_COUNTER_PREFIX,
    Category,
    PriorityCategory,
    Service,
    cap_counter,
)
from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.service.ports import (
    Clock,
    CounterView,
    RecentCall,
    UnitOfWork,
    UnitOfWorkFactory,
)

RECENT_CALLS = 10


async def list_offices(*, uow: UnitOfWorkFactory) -> Sequence[Office]:
    """Every office of the deployment (public)."""
    async with uow(write=False) as tx:
        return await tx.offices.all()


@dataclass(frozen=True)
class Catalog:
    office: Office
    categories: Sequence[Category]
    services: Sequence[Service]
    priorities: Sequence[PriorityCategory]
    tickets_left: Mapping[int, int] = field(default_factory=dict)  # capped services, today

    def services_of(self, category_id: int) -> list[Service]:
        return [s for s in self.services if s.category_id == category_id]


async def read_catalog(tx: UnitOfWork, office_id: int, now: datetime) -> Catalog:
    """The office's catalogue, read in the caller's transaction, with what is left today
    of each capped service."""
    office = await tx.offices.get(office_id)
    services = await tx.catalog.services(office_id)
    used = await tx.tickets.day_counts(office_id, office.business_day(now), CAP_COUNTER_PREFIX)
    return Catalog(
        office=office,
        categories=await tx.catalog.categories(office_id),
        services=services,
        priorities=await tx.catalog.priorities(),
        tickets_left={
            s.id: max(0, s.daily_cap - used.get(cap_counter(s.id), 0))
            for s in services
            if s.daily_cap is not None
        },
    )


async def office_catalog(*, uow: UnitOfWorkFactory, office_id: int, clock: Clock) -> Catalog:
    """Spheres with their services and cards, and the priority categories (public)."""
    async with uow(write=False) as tx:
        return await read_catalog(tx, office_id, clock())


@dataclass(frozen=True)
class QueueLine:
    service: Service
    waiting: int
    longest_wait_s: int

    @property
    def above_target(self) -> bool:
        return self.longest_wait_s > self.service.target_wait_min * 60


@dataclass(frozen=True)
class QueueSnapshot:
    office: Office
    at: datetime
    lines: Sequence[QueueLine]
    counters: Sequence[CounterView]
    recent_calls: Sequence[RecentCall]
    show_names: bool


async def queue_snapshot(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, clock: Clock
) -> QueueSnapshot:
    """Waiting per service, every counter and the last calls (staff and displays)."""
    principal.require(
        principal.has_any(Role) or principal.is_device(DeviceKind.DISPLAY),
        office_id,
        "переглядати чергу / view the queue",
    )
    now = clock()
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        services = {s.id: s for s in await tx.catalog.services(office_id)}
        lines = [
            QueueLine(
                service=services[q.service_id],
                waiting=q.waiting,
                longest_wait_s=max(0, int((now - q.oldest_arrived_at).total_seconds())),
            )
            for q in await tx.tickets.queues(office_id)
        ]
        # Today's calls only: numbers restart each day, so yesterday's "П-001 → 1" on a
        # board would send today's П-001 to a window before it is called.
        today = office.business_day(now)
        calls = await tx.tickets.recent_calls(office_id, RECENT_CALLS)
        return QueueSnapshot(
            office=office,
            at=now,
            lines=sorted(lines, key=lambda line: line.service.position),
            counters=await tx.counters.views(office_id),
            recent_calls=[c for c in calls if office.business_day(c.at) == today],
            show_names=principal.kind == "user",
        )
