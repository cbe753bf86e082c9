"""Read-only use cases: offices, the service catalogue, the live queue snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.offices import Office
from queue_server.domain.services import Category, PriorityCategory, Service
from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.service.ports import Clock, CounterView, RecentCall, UnitOfWorkFactory

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

    def services_of(self, category_id: int) -> list[Service]:
        return [s for s in self.services if s.category_id == category_id]


async def office_catalog(*, uow: UnitOfWorkFactory, office_id: int) -> Catalog:
    """Spheres with their services and cards, and the priority categories (public)."""
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        return Catalog(
            office=office,
            categories=await tx.catalog.categories(office_id),
            services=await tx.catalog.services(office_id),
            priorities=await tx.catalog.priorities(),
        )


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
        return QueueSnapshot(
            office=office,
            at=now,
            lines=sorted(lines, key=lambda line: line.service.position),
            counters=await tx.counters.views(office_id),
            recent_calls=await tx.tickets.recent_calls(office_id, RECENT_CALLS),
            show_names=principal.kind == "user",
        )
