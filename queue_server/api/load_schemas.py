"""The JSON contract of the manager's live load. The figures of today are rounded exactly
as the report's (``FiguresOut``), so the page and the day report show the same numbers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from queue_server.api.report_schemas import FiguresOut
from queue_server.domain.counters import CounterState
from queue_server.domain.load import LoadAlert, LoadAlertKind
from queue_server.service.load import CounterLoad, LiveLoad, OfficeLoad, ServiceLoad


class CounterLoadOut(BaseModel):
    id: int
    number: int
    name_uk: str
    name_en: str
    zone: str
    state: CounterState = Field(description="closed, open (free), serving or paused")
    operator_id: int | None
    operator_name: str | None
    ticket_number: str | None
    ticket_status: str | None = Field(description="called or serving")
    since: datetime | None = Field(
        description="When the state began: the ticket's call or start, the break, or the "
        "window's opening or last visitor (free)"
    )
    served_today: int | None = Field(description="The administrator's, as the day report")
    service_avg_today: float | None = Field(description="Minutes, one decimal")
    paused_seconds_today: int | None = Field(description="The administrator's breaks here")
    paused_reason: str | None

    @classmethod
    def of(cls, load: CounterLoad) -> CounterLoadOut:
        c, figures = load.counter, load.today
        shown = None if figures is None else FiguresOut.of(figures)
        return cls(
            id=c.id,
            number=c.number,
            name_uk=c.name_uk,
            name_en=c.name_en,
            zone=c.zone,
            state=c.state,
            operator_id=c.operator_id,
            operator_name=load.operator_name,
            ticket_number=load.ticket_number,
            ticket_status=load.ticket_status,
            since=load.since,
            served_today=None if shown is None else shown.served,
            service_avg_today=None if shown is None else shown.service_avg,
            paused_seconds_today=None if c.operator_id is None else load.paused_seconds_today,
            paused_reason=c.paused_reason,
        )


class ServiceLoadOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    prefix: str
    waiting: int
    longest_wait_min: float = Field(description="The oldest waiting ticket, pauses excluded")
    target_wait_min: int
    over_target: bool
    served_today: int
    within_target_pct_today: float | None = Field(description="As the day report")

    @classmethod
    def of(cls, load: ServiceLoad) -> ServiceLoadOut:
        s = load.service
        shown = None if load.today is None else FiguresOut.of(load.today)
        return cls(
            id=s.id,
            name_uk=s.name_uk,
            name_en=s.name_en,
            prefix=s.prefix,
            waiting=load.waiting,
            longest_wait_min=round(load.longest_wait_s / 60, 1),
            target_wait_min=s.target_wait_min,
            over_target=load.over_target,
            served_today=0 if shown is None else shown.served,
            within_target_pct_today=None if shown is None else shown.within_target_pct,
        )


class LoadAlertOut(BaseModel):
    kind: LoadAlertKind
    office_id: int
    service_id: int | None = None
    counter_id: int | None = None
    device_id: int | None = None
    message_uk: str
    message_en: str

    @classmethod
    def of(cls, alert: LoadAlert) -> LoadAlertOut:
        return cls(
            kind=alert.kind,
            office_id=alert.office_id,
            service_id=alert.service_id,
            counter_id=alert.counter_id,
            device_id=alert.device_id,
            message_uk=alert.message_uk,
            message_en=alert.message_en,
        )


class OfficeLoadOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    paused_since: datetime | None = Field(description="An air-raid pause, since when")
    waiting: int
    counters: list[CounterLoadOut]
    services: list[ServiceLoadOut]
    alerts: list[LoadAlertOut]

    @classmethod
    def of(cls, load: OfficeLoad) -> OfficeLoadOut:
        o = load.office
        return cls(
            id=o.id,
            name_uk=o.name_uk,
            name_en=o.name_en,
            paused_since=o.paused_since,
            waiting=load.waiting,
            counters=[CounterLoadOut.of(c) for c in load.counters],
            services=[ServiceLoadOut.of(s) for s in load.services],
            alerts=[LoadAlertOut.of(a) for a in load.alerts],
        )


class LiveLoadOut(BaseModel):
    at: datetime = Field(description="The server's time of these figures")
    offices: list[OfficeLoadOut]

    @classmethod
    def of(cls, load: LiveLoad) -> LiveLoadOut:
        return cls(at=load.at, offices=[OfficeLoadOut.of(o) for o in load.offices])
