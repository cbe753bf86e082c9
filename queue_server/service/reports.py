"""Reports for managers: one period, one or every office, a breakdown, and its labels."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from queue_server.domain.bookings import BookingTally
from queue_server.domain.errors import InvalidInput
from queue_server.domain.offices import Office
from queue_server.domain.reports import (
    GroupBy,
    GroupKey,
    Pauses,
    Period,
    PeriodKind,
    Report,
    ReportBuilder,
)
from queue_server.domain.users import CONFIGURERS, Principal
from queue_server.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

READ = "переглядати звіти / read reports"
WEEKDAYS_UK = ("понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота", "неділя")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NOT_CALLED = ("не викликано", "not called")


@dataclass(frozen=True)
class Label:
    uk: str
    en: str


@dataclass
class ReportView:
    """A report with the offices it covers and a label for every group."""

    report: Report
    offices: list[Office]
    labels: dict[GroupKey, Label]
    bookings: BookingTally = field(default_factory=BookingTally)

    def ordered_groups(self) -> list[GroupKey]:
        """Groups in reading order: by time for days and hours, else by name."""
        keys = list(self.report.groups)
        if self.report.group_by in (GroupBy.DAY, GroupBy.HOUR, GroupBy.WEEKDAY):
            return sorted(keys, key=lambda k: (k is None, str(k).zfill(10)))
        return sorted(keys, key=lambda k: (k is None, self.labels[k].uk.casefold()))


async def visible_offices(
    tx: UnitOfWork, principal: Principal, office_id: int | None
) -> list[Office]:
    """The offices a report covers: the one asked for, or every office the caller sees."""
    principal.require_roles(CONFIGURERS, office_id, READ)
    if office_id is not None:
        return [await tx.offices.get(office_id)]
    return [o for o in await tx.offices.all() if principal.sees_office(o.id)]


async def make_report(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    clock: Clock,
    kind: PeriodKind,
    day: date | None,
    last: date | None = None,
    group_by: GroupBy,
    office_id: int | None = None,
) -> ReportView:
    """The figures of the period of ``kind`` holding ``day`` (today by default), in total,
    by ``group_by``, per day and by time of day."""
    async with uow(write=False) as tx:
        offices = await visible_offices(tx, principal, office_id)
        if not offices:
            raise InvalidInput(detail_uk="немає ЦНАП для звіту", detail_en="no office to report on")
        period = Period.of(kind, day or offices[0].business_day(clock()), last)
        ids = [o.id for o in offices]
        # Pauses are clipped per ticket; a day either side covers every time zone.
        start = datetime.combine(period.first - timedelta(days=1), time(0), tzinfo=UTC)
        end = datetime.combine(period.last + timedelta(days=2), time(0), tzinfo=UTC)
        pauses = Pauses(await tx.reports.pauses(ids, start, end, clock()))
        builder = ReportBuilder(
            pauses, period=period, group_by=group_by, zones={o.id: o.zone for o in offices}
        )
        await tx.reports.scan(ids, period.first, period.last, builder.add)
        # Sorting a year's waits for the percentiles takes a while: beside the event loop.
        report = await asyncio.to_thread(builder.report)
        labels = await _labels(tx, report, offices)
        booked = BookingTally.of(await tx.bookings.tally(ids, period.first, period.last))
    return ReportView(report=report, offices=offices, labels=labels, bookings=booked)


async def _labels(tx: UnitOfWork, report: Report, offices: list[Office]) -> dict[GroupKey, Label]:
    by = report.group_by
    labels: dict[GroupKey, Label] = {}
    for key in report.groups:
        if by is GroupBy.OFFICE:
            office = next(o for o in offices if o.id == key)
            labels[key] = Label(office.name_uk, office.name_en)
        elif by is GroupBy.SERVICE:
            assert isinstance(key, int)
            service = await tx.catalog.service(key)
            labels[key] = Label(service.name_uk, service.name_en)
        elif by is GroupBy.OPERATOR:
            if key is None:
                labels[key] = Label(*NOT_CALLED)
            else:
                assert isinstance(key, int)
                name = (await tx.users.get(key)).display_name
                labels[key] = Label(name, name)
        elif by is GroupBy.HOUR:
            assert isinstance(key, int)
            text = f"{key:02d}:00–{(key + 1) % 24:02d}:00"
            labels[key] = Label(text, text)
        elif by is GroupBy.WEEKDAY:
            assert isinstance(key, int)
            labels[key] = Label(WEEKDAYS_UK[key], WEEKDAYS_EN[key])
        else:
            labels[key] = Label(str(key), str(key))
    return labels
