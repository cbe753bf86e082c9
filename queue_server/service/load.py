"""The manager's live load: every window with its administrator, every queue, and what
needs attention now, for each office the caller sees (the alert rules: domain/load.py).

The figures of "today" (served, average service time, share served within the target
wait) are not counted here: they come from the report fold of ``domain/reports.py`` over
the office's business day, grouped by service and by administrator, so the live load and
the day report (``GET /reports?period=day``) can only show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from queue_server.domain.counters import Counter
from queue_server.domain.load import (
    LoadAlert,
    idle_alert,
    offline_alert,
    paused_seconds,
    state_since,
    wait_alert,
)
from queue_server.domain.offices import Office
from queue_server.domain.reports import (
    Figures,
    GroupBy,
    GroupKey,
    Pauses,
    Period,
    PeriodKind,
    ReportBuilder,
    TicketFact,
)
from queue_server.domain.services import Service
from queue_server.domain.users import CONFIGURERS, Principal
from queue_server.service.alerts import is_silent
from queue_server.service.ports import Clock, CounterMark, UnitOfWork, UnitOfWorkFactory

READ = "переглядати навантаження / view the live load"


@dataclass(frozen=True)
class CounterLoad:
    """A window now, with its administrator's day so far."""

    counter: Counter
    operator_name: str | None
    ticket_number: str | None
    ticket_status: str | None
    since: datetime | None  # when the current state began; None when closed
    today: Figures | None  # the administrator's figures of today; None when closed
    paused_seconds_today: int


@dataclass(frozen=True)
class ServiceLoad:
    """A service's queue now and its figures of today."""

    service: Service
    waiting: int
    longest_wait_s: int  # the oldest waiting ticket's wait, air-raid pauses excluded
    today: Figures | None  # None when the service had no ticket today

    @property
    def over_target(self) -> bool:
        return self.longest_wait_s > self.service.target_wait_min * 60


@dataclass(frozen=True)
class OfficeLoad:
    office: Office
    counters: Sequence[CounterLoad]
    services: Sequence[ServiceLoad]
    alerts: Sequence[LoadAlert]

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.services)


@dataclass(frozen=True)
class LiveLoad:
    at: datetime
    offices: Sequence[OfficeLoad]


async def live_load(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    clock: Clock,
    office_id: int | None,
    offline_after: timedelta,
) -> LiveLoad:
    """Every window, administrator and queue of one office or of every office the caller
    sees (managers: their office; a deployment-wide manager or admin: all), with alerts.

    Services are those with a queue now or tickets today (a centre has hundreds of
    services; the others have nothing to show).

    Alerts (conditions of now, never stored, so each clears by itself; domain/load.py):

    - ``wait_over_target``: a service's oldest waiting ticket has waited longer than the
      service's target, from its arrival to now minus the office's air-raid pauses;
    - ``idle_counter``: a window open, not on a break and without a visitor for more than
      2 minutes while a service its administrator has a skill for (any tier) has tickets
      waiting; never while the office is paused;
    - ``device_offline``: a device not revoked that reported before and has been silent
      longer than ``offline_after``, the threshold of reception's offline alerts
      (``service.alerts.offline_silence``, the rule ``service.alerts.is_silent``).
    """
    principal.require_roles(CONFIGURERS, office_id, READ)
    now = clock()
    async with uow(write=False) as tx:
        if office_id is not None:
            offices: Sequence[Office] = [await tx.offices.get(office_id)]
        else:
            offices = [o for o in await tx.offices.all() if principal.sees_office(o.id)]
        loads = [await _office_load(tx, office, now, offline_after) for office in offices]
    return LiveLoad(at=now, offices=loads)


@dataclass
class _Today:
    pauses: Pauses
    by_service: dict[GroupKey, Figures]
    by_operator: dict[GroupKey, Figures]


async def _today(tx: UnitOfWork, office: Office, now: datetime) -> _Today:
    """The day report's fold, by service and by administrator, in one pass over the day."""
    period = Period.of(PeriodKind.DAY, office.business_day(now))
    # The report's pause window: a day either side covers every time zone.
    start = datetime.combine(period.first - timedelta(days=1), time(0), tzinfo=UTC)
    end = datetime.combine(period.last + timedelta(days=2), time(0), tzinfo=UTC)
    pauses = Pauses(await tx.reports.pauses([office.id], start, end, now))
    zones = {office.id: office.zone}
    by_service = ReportBuilder(pauses, period=period, group_by=GroupBy.SERVICE, zones=zones)
    by_operator = ReportBuilder(pauses, period=period, group_by=GroupBy.OPERATOR, zones=zones)

    def both(facts: Iterable[TicketFact]) -> None:
        batch = list(facts)
        by_service.add(batch)
        by_operator.add(batch)

    await tx.reports.scan([office.id], period.first, period.last, both)
    return _Today(pauses, by_service.report().groups, by_operator.report().groups)


async def _office_load(
    tx: UnitOfWork, office: Office, now: datetime, offline_after: timedelta
) -> OfficeLoad:
    today = await _today(tx, office, now)
    queues = {q.service_id: q for q in await tx.tickets.queues(office.id)}
    services: list[ServiceLoad] = []
    for service in await tx.catalog.services(office.id):
        queue = queues.get(service.id)
        figures = today.by_service.get(service.id)
        if queue is None and figures is None:
            continue
        longest = 0.0
        if queue is not None:
            arrived, until = queue.oldest_arrived_at.timestamp(), now.timestamp()
            longest = max(0.0, until - arrived - today.pauses.overlap(office.id, arrived, until))
        services.append(ServiceLoad(service, queue.waiting if queue else 0, int(longest), figures))
    counters = await _counters(tx, office, today, now)

    alerts: list[LoadAlert | None] = []
    for s in sorted(services, key=lambda s: -s.longest_wait_s):
        alerts.append(
            wait_alert(
                office.id,
                service_id=s.service.id,
                name_uk=s.service.name_uk,
                name_en=s.service.name_en,
                longest_wait_s=s.longest_wait_s,
                target_wait_min=s.service.target_wait_min,
            )
        )
    operators = [c.counter.operator_id for c in counters if c.counter.operator_id is not None]
    skills = await tx.load.skills(operators)
    waiting = {service_id: q.waiting for service_id, q in queues.items()}
    for c in counters:
        if c.counter.operator_id is not None:
            alerts.append(
                idle_alert(
                    c.counter,
                    operator_name=c.operator_name or "",
                    since=c.since,
                    now=now,
                    skills=skills.get(c.counter.operator_id, frozenset()),
                    waiting=waiting,
                    office_paused=office.paused_since is not None,
                )
            )
    for device in sorted(await tx.auth.devices(office.id), key=lambda d: d.name.casefold()):
        if is_silent(device, now, offline_after) and device.last_seen_at is not None:
            silent = (now - device.last_seen_at).total_seconds()
            alerts.append(
                offline_alert(office.id, device_id=device.id, name=device.name, silent_s=silent)
            )
    return OfficeLoad(
        office=office,
        counters=counters,
        services=services,
        alerts=[a for a in alerts if a is not None],
    )


async def _counters(
    tx: UnitOfWork, office: Office, today: _Today, now: datetime
) -> list[CounterLoad]:
    """Every window with its visitor, since when, and its administrator's day."""
    midnight = office.local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    current = await tx.load.current_tickets(office.id)
    released = await tx.load.last_released(office.id, midnight)
    marks: dict[int, list[CounterMark]] = {}
    for mark in await tx.load.pause_marks(office.id, midnight):
        marks.setdefault(mark.counter_id, []).append(mark)
    counters: list[CounterLoad] = []
    for view in await tx.counters.views(office.id):
        c, operator = view.counter, view.counter.operator_id
        ticket = current.get(c.id)
        counters.append(
            CounterLoad(
                counter=c,
                operator_name=view.operator_name,
                ticket_number=view.ticket_number,
                ticket_status=view.ticket_status,
                since=state_since(
                    c,
                    called_at=ticket.called_at if ticket else None,
                    started_at=ticket.started_at if ticket else None,
                    released_at=released.get(c.id),
                ),
                today=None if operator is None else today.by_operator.get(operator, Figures()),
                paused_seconds_today=0
                if operator is None
                else paused_seconds(marks.get(c.id, ()), f"user:{operator}", now),
            )
        )
    return counters
