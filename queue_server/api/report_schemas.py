"""The JSON contract of reports; the same rounded numbers feed the CSV and XLSX exports."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from queue_server.domain.bookings import BookingTally
from queue_server.domain.reports import SLOT_MINUTES, Figures
from queue_server.service.reports import ReportView


def _minutes(value: float | None) -> float | None:
    """Minutes as shown everywhere: one decimal."""
    return None if value is None else round(value, 1)


class RefusalOut(BaseModel):
    reason: str
    count: int


class FiguresOut(BaseModel):
    """Every figure of a group of tickets; docs/reports.md defines each one."""

    visitors: int
    served: int
    no_shows: int
    cancelled: int
    expired: int
    in_progress: int
    redirects: int
    called: int
    within_target: int
    wait_avg: float | None = Field(description="Minutes, pauses excluded")
    wait_median: float | None
    wait_p90: float | None
    service_avg: float | None
    service_p90: float | None
    within_target_pct: float | None = Field(description="Percent of called tickets")
    outcomes: dict[str, int]
    refusals: list[RefusalOut]
    ratings: int
    rating_avg: float | None
    loyalty: float | None

    @classmethod
    def of(cls, f: Figures) -> FiguresOut:
        share = f.within_target_share
        return cls(
            visitors=f.visitors,
            served=f.served,
            no_shows=f.no_shows,
            cancelled=f.cancelled,
            expired=f.expired,
            in_progress=f.in_progress,
            redirects=f.redirects,
            called=f.called,
            within_target=f.within_target,
            wait_avg=_minutes(f.wait_avg),
            wait_median=_minutes(f.wait_median),
            wait_p90=_minutes(f.wait_p90),
            service_avg=_minutes(f.service_avg),
            service_p90=_minutes(f.service_p90),
            within_target_pct=None if share is None else round(share * 100, 1),
            outcomes=f.outcomes,
            refusals=[RefusalOut(reason=r, count=n) for r, n in f.refusals.items()],
            ratings=f.ratings,
            rating_avg=None if f.rating_avg is None else round(f.rating_avg, 1),
            loyalty=None if f.loyalty is None else round(f.loyalty, 1),
        )


class PeriodOut(BaseModel):
    kind: str
    first: date
    last: date
    days: int


class OfficeRefOut(BaseModel):
    id: int
    name_uk: str
    name_en: str


class GroupOut(BaseModel):
    key: str
    label_uk: str
    label_en: str
    figures: FiguresOut


class DayOut(BaseModel):
    day: date
    figures: FiguresOut


class SlotOut(BaseModel):
    slot: str = Field(description="Local start of the 30-minute interval, HH:MM")
    tickets: int


class BookingsOut(BaseModel):
    """Appointments for the period's days, by what became of them."""

    made: int
    arrived: int = Field(description="Checked in in time")
    late: int = Field(description="Came after the grace period: a live ticket")
    missed: int = Field(description="Never came (no-show)")
    cancelled: int
    expected: int = Field(description="Still ahead")
    no_show_pct: float | None = Field(description="Missed of arrived + late + missed")

    @classmethod
    def of(cls, t: BookingTally) -> BookingsOut:
        pct = None if t.no_show_pct is None else round(t.no_show_pct, 1)
        return cls(
            made=t.made,
            arrived=t.arrived,
            late=t.late,
            missed=t.missed,
            cancelled=t.cancelled,
            expected=t.expected,
            no_show_pct=pct,
        )


class ReportOut(BaseModel):
    period: PeriodOut
    offices: list[OfficeRefOut]
    group_by: str
    total: FiguresOut
    groups: list[GroupOut]
    by_day: list[DayOut]
    load: list[SlotOut]
    heatmap: list[list[int]] = Field(description="Tickets issued: [weekday 0=Mon][hour 0..23]")
    bookings: BookingsOut

    @classmethod
    def of(cls, view: ReportView) -> ReportOut:
        r, p = view.report, view.report.period
        return cls(
            period=PeriodOut(kind=p.kind.value, first=p.first, last=p.last, days=p.days),
            offices=[
                OfficeRefOut(id=o.id, name_uk=o.name_uk, name_en=o.name_en) for o in view.offices
            ],
            group_by=r.group_by.value,
            total=FiguresOut.of(r.total),
            groups=[
                GroupOut(
                    key="" if key is None else str(key),
                    label_uk=view.labels[key].uk,
                    label_en=view.labels[key].en,
                    figures=FiguresOut.of(r.groups[key]),
                )
                for key in view.ordered_groups()
            ],
            by_day=[DayOut(day=d, figures=FiguresOut.of(f)) for d, f in r.by_day.items()],
            load=[
                SlotOut(slot=f"{i * SLOT_MINUTES // 60:02d}:{i * SLOT_MINUTES % 60:02d}", tickets=n)
                for i, n in enumerate(r.load)
            ],
            heatmap=r.heatmap,
            bookings=BookingsOut.of(view.bookings),
        )
