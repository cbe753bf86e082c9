"""A month of activity with known figures, driven through the real use cases, and every
report figure checked against the values worked out by hand below.

November 2026 has 21 working days (Mon–Fri). Each of them, in Kyiv time:

    09:00  P1 (passport) and D1 (residence, target wait 10 min) issued at reception
    09:10  admin1 calls P1 (wait 10), starts 09:11, finishes 09:31 documents_accepted (20 min)
    09:20  admin2 calls D1 (wait 20), starts 09:21, finishes 09:26 consultation (5 min)
    09:40  P1 rated 5, would recommend 10; D1 rated 4, would recommend 8
    10:00  P2 (passport) issued; admin1 calls it 10:30 (wait 30), no-show at 10:35
    11:00  D2 (residence) issued; cancelled 11:05
    16:00  P3 (passport) issued; never called: expired when the next day begins
  Mondays (5: 2, 9, 16, 23, 30):
    12:00  P4 (passport) issued; called 12:05 (wait 5), starts 12:06, refused 12:16 (10 min),
           reason "немає паспорта"
  Fridays (4: 6, 13, 20, 27):
    13:00  D3 (residence) issued; admin2 calls it 13:02 and redirects it to passport 13:03
           (keeping its arrival); admin1 calls it 13:10 (wait 10), starts 13:10, finishes
           13:30 result_issued (20 min)
  Tuesday 10 November: an air-raid alert pauses the office 09:05–09:08, so that day P1
  waits 7 and D1 waits 17 minutes.

By hand: visitors 21·5 + 5 + 4 = 114; served 21 + 21 + 5 + 4 = 51; no-shows, cancelled,
expired 21 each; redirects 4. Waits of the 72 called tickets: 5 ×5, 7 ×1, 10 ×24 (P1 on 20
days, D3 on 4), 17 ×1, 20 ×20, 30 ×21; sum 1319, average 18.3; median (36th and 37th) 20;
90th percentile (65th) 30. Within target: P1 21 + P4 5 + D3 4 (passport by then, 15 min)
= 30 of 72 = 41.7%. Service times of the 51 served: 5 ×21, 10 ×5, 20 ×25; sum 655,
average 12.8, 90th percentile (46th) 20. Ratings 42, average 4.5; loyalty index: 21
promoters, 21 passives, (21 − 0) / 42 = 50.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from queue_server.adapters.demo import load_data
from queue_server.domain.ratings import RatingInput
from queue_server.domain.reports import GroupBy, PeriodKind
from queue_server.domain.tickets import Outcome
from queue_server.domain.users import Role
from queue_server.main import build_container
from queue_server.service import counters, office_pause, ratings, tickets
from queue_server.service.days import expire_previous_days
from queue_server.service.reports import ReportView, make_report
from queue_server.service.tickets import IssueRequest, RedirectRequest
from tests.conftest import Stack, fresh_database, settings_for
from tests.factories import (
    ADMIN1,
    ADMIN2,
    COUNTER_1,
    COUNTER_2,
    MAIN,
    MANAGER,
    PASSPORT,
    PASSWORD,
    RECEPTION,
    RESIDENCE,
    FakeClock,
    office_data,
    user,
)

KYIV = ZoneInfo("Europe/Kyiv")
A1 = user(ADMIN1, Role.ADMINISTRATOR)
A2 = user(ADMIN2, Role.ADMINISTRATOR)
DESK = user(RECEPTION, Role.RECEPTION)
BOSS = user(MANAGER, Role.MANAGER, office_id=None)
REFUSAL = "немає паспорта"
AIR_RAID_DAY = date(2026, 11, 10)


class Month:
    """Drives one working day after another through the use cases."""

    def __init__(self, s: Stack) -> None:
        self.s = s

    def at(self, day: date, hhmm: str) -> None:
        h, m = map(int, hhmm.split(":"))
        self.s.clock.now = datetime(day.year, day.month, day.day, h, m, tzinfo=KYIV).astimezone(UTC)

    async def issue(self, day: date, hhmm: str, service_id: int):  # type: ignore[no-untyped-def]
        self.at(day, hhmm)
        info = await tickets.issue_ticket(
            uow=self.s.uow,
            principal=DESK,
            office_id=MAIN,
            request=IssueRequest(service_id),
            clock=self.s.clock,
        )
        return info.ticket

    async def call(self, day: date, hhmm: str, who, counter_id: int, expected: int) -> None:  # type: ignore[no-untyped-def]
        self.at(day, hhmm)
        info = await counters.call_next(
            uow=self.s.uow,
            principal=who,
            counter_id=counter_id,
            clock=self.s.clock,
            rules=self.s.container.rules,
        )
        assert info is not None and info.ticket.id == expected

    async def serve(  # type: ignore[no-untyped-def]
        self, day: date, start: str, end: str, who, ticket_id: int, outcome: Outcome, note: str = ""
    ) -> None:
        self.at(day, start)
        await tickets.start(uow=self.s.uow, principal=who, ticket_id=ticket_id, clock=self.s.clock)
        self.at(day, end)
        await tickets.finish(
            uow=self.s.uow,
            principal=who,
            ticket_id=ticket_id,
            outcome=outcome,
            note=note,
            clock=self.s.clock,
        )

    async def rate(self, token: str, score: int, recommend: int) -> None:
        await ratings.rate_from_phone(
            uow=self.s.uow,
            track_token=token,
            given=RatingInput(score=score, recommend=recommend),
            clock=self.s.clock,
            rules=self.s.container.rating_rules,
        )

    async def day(self, day: date) -> None:
        s = self.s
        self.at(day, "08:00")
        await expire_previous_days(uow=s.uow, clock=s.clock)
        p1 = await self.issue(day, "09:00", PASSPORT)
        d1 = await self.issue(day, "09:00", RESIDENCE)
        if day == AIR_RAID_DAY:
            self.at(day, "09:05")
            await office_pause.pause_office(
                uow=s.uow, principal=DESK, office_id=MAIN, reason="тривога", clock=s.clock
            )
            self.at(day, "09:08")
            await office_pause.resume_office(
                uow=s.uow, principal=DESK, office_id=MAIN, clock=s.clock
            )
        await self.call(day, "09:10", A1, COUNTER_1, p1.id)
        await self.serve(day, "09:11", "09:31", A1, p1.id, Outcome.DOCUMENTS_ACCEPTED)
        await self.call(day, "09:20", A2, COUNTER_2, d1.id)
        await self.serve(day, "09:21", "09:26", A2, d1.id, Outcome.CONSULTATION)
        self.at(day, "09:40")
        await self.rate(p1.track_token, 5, 10)
        await self.rate(d1.track_token, 4, 8)
        p2 = await self.issue(day, "10:00", PASSPORT)
        await self.call(day, "10:30", A1, COUNTER_1, p2.id)
        self.at(day, "10:35")
        await tickets.no_show(uow=s.uow, principal=A1, ticket_id=p2.id, clock=s.clock)
        d2 = await self.issue(day, "11:00", RESIDENCE)
        self.at(day, "11:05")
        await tickets.cancel(uow=s.uow, principal=DESK, ticket_id=d2.id, reason="", clock=s.clock)
        if day.weekday() == 0:
            p4 = await self.issue(day, "12:00", PASSPORT)
            await self.call(day, "12:05", A1, COUNTER_1, p4.id)
            await self.serve(day, "12:06", "12:16", A1, p4.id, Outcome.REFUSED, REFUSAL)
        if day.weekday() == 4:
            d3 = await self.issue(day, "13:00", RESIDENCE)
            await self.call(day, "13:02", A2, COUNTER_2, d3.id)
            self.at(day, "13:03")
            await tickets.redirect(
                uow=s.uow,
                principal=A2,
                ticket_id=d3.id,
                request=RedirectRequest(service_id=PASSPORT, keep_arrival=True),
                clock=s.clock,
            )
            await self.call(day, "13:10", A1, COUNTER_1, d3.id)
            await self.serve(day, "13:10", "13:30", A1, d3.id, Outcome.RESULT_ISSUED)
        await self.issue(day, "16:00", PASSPORT)


@pytest.fixture(params=["sqlite", "postgres"])
async def november(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The test office after November 2026, on each database."""
    data = office_data()
    data["catalog"][0]["services"][1]["target_wait_min"] = 10  # the residence certificate
    url = fresh_database(request.param, tmp_path, request)
    clock = FakeClock()
    container, db = build_container(settings_for(url), clock)
    await load_data(db, container.hasher, data, password=PASSWORD)
    s = Stack(url=url, dialect=request.param, container=container, db=db, clock=clock)
    month = Month(s)
    month.at(date(2026, 11, 2), "08:00")
    for who, counter_id in ((A1, COUNTER_1), (A2, COUNTER_2)):
        await counters.open_session(uow=s.uow, principal=who, counter_id=counter_id, clock=s.clock)
    day = date(2026, 11, 1)
    while day.month == 11:
        if day.weekday() < 5:
            await month.day(day)
        day += timedelta(days=1)
    month.at(date(2026, 12, 1), "08:00")
    await expire_previous_days(uow=s.uow, clock=s.clock)
    yield s
    await db.dispose()


async def report(s: Stack, group_by: GroupBy = GroupBy.SERVICE, **kw) -> ReportView:  # type: ignore[no-untyped-def]
    return await make_report(
        uow=s.uow,
        principal=BOSS,
        clock=s.clock,
        kind=kw.pop("kind", PeriodKind.MONTH),
        day=kw.pop("day", date(2026, 11, 15)),
        group_by=group_by,
        office_id=kw.pop("office_id", MAIN),
        **kw,
    )


async def test_every_figure_of_the_month_matches_the_hand_computed_value(november: Stack) -> None:
    view = await report(november)
    t = view.report.total
    assert (view.report.period.first, view.report.period.last) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert (t.visitors, t.served, t.no_shows, t.cancelled, t.expired, t.in_progress) == (
        114,
        51,
        21,
        21,
        21,
        0,
    )
    assert t.redirects == 4
    assert (t.called, t.within_target) == (72, 30)
    assert round(t.wait_avg or 0, 1) == 18.3
    assert (t.wait_median, t.wait_p90) == (20.0, 30.0)
    assert round(t.within_target_share or 0, 3) == 0.417
    assert round(t.service_avg or 0, 1) == 12.8
    assert t.service_p90 == 20.0
    assert t.outcomes == {
        "documents_accepted": 21,
        "consultation": 21,
        "refused": 5,
        "result_issued": 4,
    }
    assert t.refusals == {REFUSAL: 5}
    assert (t.ratings, t.rating_avg, t.loyalty) == (42, 4.5, 50.0)


async def test_the_month_by_service_and_by_administrator(november: Stack) -> None:
    by_service = (await report(november)).report.groups
    passport, residence = by_service[PASSPORT], by_service[RESIDENCE]
    # Passport: P1, P2, P3 every day, P4 on Mondays and the redirected D3 on Fridays.
    assert (passport.visitors, passport.served, passport.no_shows, passport.expired) == (
        72,
        30,
        21,
        21,
    )
    assert (passport.called, passport.within_target) == (51, 30)
    # Residence: D1 and D2 every day; its 21 calls all waited longer than 10 minutes.
    assert (residence.visitors, residence.served, residence.cancelled) == (42, 21, 21)
    assert (residence.called, residence.within_target, residence.wait_median) == (21, 0, 20.0)

    by_admin = (await report(november, GroupBy.OPERATOR)).report.groups
    assert by_admin[ADMIN1].served == 30 and by_admin[ADMIN1].no_shows == 21
    assert by_admin[ADMIN2].served == 21 and by_admin[ADMIN2].service_avg == 5.0
    assert by_admin[None].visitors == 42  # cancelled and expired: never called


async def test_load_by_time_of_day_and_weekday(november: Stack) -> None:
    r = (await report(november)).report
    slots = {i: n for i, n in enumerate(r.load) if n}
    assert slots == {18: 42, 20: 21, 22: 21, 24: 5, 26: 4, 32: 21}  # 09:00, 10:00, … 16:00
    monday, tuesday, friday = r.heatmap[0], r.heatmap[1], r.heatmap[4]
    assert (monday[9], monday[12], monday[13]) == (10, 5, 0)
    assert (tuesday[9], tuesday[16]) == (8, 4)
    assert (friday[13], friday[16]) == (4, 4)
    assert len(r.by_day) == 21 and r.by_day[AIR_RAID_DAY].wait_avg == (7 + 17 + 30) / 3


async def test_other_periods_and_breakdowns_agree(november: Stack) -> None:
    # The week of Monday 9 November holds the air-raid day: 5 days, one Monday, one Friday.
    week = (await report(november, kind=PeriodKind.WEEK, day=date(2026, 11, 11))).report
    assert (week.period.first, week.period.last) == (date(2026, 11, 9), date(2026, 11, 15))
    assert (week.total.visitors, week.total.served) == (5 * 5 + 2, 5 * 2 + 2)
    quarter = (await report(november, kind=PeriodKind.QUARTER)).report
    year = (await report(november, kind=PeriodKind.YEAR, office_id=None)).report
    assert quarter.total == year.total == (await report(november)).report.total
    by_office = (await report(november, GroupBy.OFFICE, office_id=None)).report.groups
    assert list(by_office) == [MAIN]
    by_day = await report(november, GroupBy.DAY)
    assert by_day.report.groups["2026-11-10"].wait_avg == (7 + 17 + 30) / 3
    assert by_day.labels["2026-11-10"].uk == "2026-11-10" and len(by_day.report.groups) == 21
    by_weekday = (await report(november, GroupBy.WEEKDAY)).report.groups
    assert sum(f.visitors for f in by_weekday.values()) == 114
    assert by_weekday[0].visitors == 5 * 6 and by_weekday[4].redirects == 4
