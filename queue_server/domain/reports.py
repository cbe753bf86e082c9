"""Report figures: each defined once here (and in docs/reports.md), computed once.

A report reads one *fact* per ticket of the period (the ticket's times, outcome and
rating) and the office's pauses, and folds them into :class:`Figures`, in total and
grouped by office, service, administrator, day, hour of day or weekday. The live load
page uses the same fold for "today", so the dashboard, the report page and the exports
can only show the same numbers.

Definitions (minutes, rounded to 0.1 only when shown):

- visitors: tickets issued in the period (by the office's business day);
- served / no-shows / cancelled / expired: tickets that ended done / no_show /
  cancelled / expired; ``in_progress`` the rest (still waiting, called or parked);
- wait: called − issued, minus the time the office was paused (air-raid alerts) in
  between, for every ticket that was called; a redirected ticket's wait runs to its
  last call;
- service time: finished − started, for served tickets;
- median: the middle value (the mean of the two middle values of an even count);
  90th percentile: the nearest rank, the smallest value with at least 90% of the
  values at or below it;
- within target: the share of called tickets whose wait was at most the target wait
  of their service;
- outcomes: served tickets by outcome; refusals: refused tickets by their reason (the
  outcome note, trimmed); redirects: times tickets were sent on to another service,
  window or administrator;
- ratings: the average score (1–5) of the period's tickets that were rated, and the
  loyalty index (% recommending 9–10 minus % 0–6) of those that answered it;
- load: tickets issued per local 30-minute interval of the day, and per weekday × hour.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from queue_server.domain.errors import InvalidInput
from queue_server.domain.ratings import loyalty_index

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
#: The longest custom period a report covers (a yearly report plus a little).
MAX_PERIOD_DAYS = 400


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


class GroupBy(StrEnum):
    OFFICE = "office"
    SERVICE = "service"
    OPERATOR = "operator"
    DAY = "day"
    HOUR = "hour"
    WEEKDAY = "weekday"


@dataclass(frozen=True)
class Period:
    """Business days ``first`` to ``last``, both included."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @classmethod
    def of(cls, kind: PeriodKind, day: date, last: date | None = None) -> Period:
        """The day, week (Mon–Sun), month, quarter or year holding ``day``, or a custom span."""
        if kind is PeriodKind.DAY:
            return cls(kind, day, day)
        if kind is PeriodKind.WEEK:
            first = day - timedelta(days=day.weekday())
            return cls(kind, first, first + timedelta(days=6))
        if kind is PeriodKind.MONTH:
            first = day.replace(day=1)
            return cls(kind, first, _next_month(first) - timedelta(days=1))
        if kind is PeriodKind.QUARTER:
            first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
            after = _next_month(_next_month(_next_month(first)))
            return cls(kind, first, after - timedelta(days=1))
        if kind is PeriodKind.YEAR:
            return cls(kind, day.replace(month=1, day=1), day.replace(month=12, day=31))
        if last is None or last < day:
            raise InvalidInput(
                detail_uk="кінець періоду має бути не раніше його початку",
                detail_en="the period must not end before it starts",
            )
        if (last - day).days + 1 > MAX_PERIOD_DAYS:
            raise InvalidInput(
                detail_uk=f"період довший за {MAX_PERIOD_DAYS} днів; оберіть коротший",
                detail_en=f"the period is longer than {MAX_PERIOD_DAYS} days; choose a shorter one",
            )
        return cls(kind, day, last)


def _next_month(first: date) -> date:
    return (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else (first.replace(month=first.month + 1))
    )


class TicketFact(NamedTuple):
    """What a report needs of one ticket; times in seconds since the Unix epoch (UTC),
    which a million tickets fold several times faster than datetimes (and a tuple is made
    faster than any class)."""

    office_id: int
    service_id: int
    operator_id: int | None
    status: str
    business_day: int  # the office's business day, as days since 1970-01-01 (day_number)
    issued: float
    called: float | None
    started: float | None
    finished: float | None
    outcome: str | None
    outcome_note: str
    redirects: int
    target_wait_min: int
    score: int | None = None
    recommend: int | None = None


EPOCH_DAY = date(1970, 1, 1)


def day_number(day: date) -> int:
    """A date as :attr:`TicketFact.business_day` counts it."""
    return (day - EPOCH_DAY).days


def day_of(number: int) -> date:
    return EPOCH_DAY + timedelta(days=number)


class Pauses:
    """The offices' pauses (air-raid alerts) as sorted, non-overlapping UTC intervals."""

    def __init__(self, intervals: Mapping[int, Sequence[tuple[datetime, datetime]]]) -> None:
        self._starts: dict[int, list[float]] = {}
        self._spans: dict[int, list[tuple[float, float]]] = {}
        for office_id, spans in intervals.items():
            ordered = sorted((a.timestamp(), b.timestamp()) for a, b in spans)
            self._spans[office_id] = ordered
            self._starts[office_id] = [a for a, _ in ordered]

    def overlap(self, office_id: int, start: float, end: float) -> float:
        """Seconds of pause between epoch seconds ``start`` and ``end``."""
        spans = self._spans.get(office_id)
        if not spans or end <= start:
            return 0.0
        total = 0.0
        i = max(0, bisect.bisect_right(self._starts[office_id], start) - 1)
        while i < len(spans) and spans[i][0] < end:
            a, b = spans[i]
            lo, hi = max(a, start), min(b, end)
            if hi > lo:
                total += hi - lo
            i += 1
        return total


class LocalTime:
    """Epoch seconds to an office's local wall clock (the UTC offset looked up per hour)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._offsets: dict[int, float] = {}

    def seconds(self, epoch: float) -> float:
        """Local seconds since 1970-01-01 00:00 local (so // 86400 counts local days)."""
        hour = int(epoch // 3600)
        offset = self._offsets.get(hour)
        if offset is None:
            moment = datetime.fromtimestamp(hour * 3600, self.zone)
            offset = self._offsets[hour] = (moment.utcoffset() or timedelta(0)).total_seconds()
        return epoch + offset


class Durations:
    """Waits or service times, kept as a histogram of whole seconds: exact counts, an exact
    mean, medians and percentiles to the second (figures show tenths of a minute), and a
    memory and sorting cost that do not grow with a year's million tickets."""

    __slots__ = ("count", "seconds", "total")

    def __init__(self) -> None:
        self.seconds: Counter[int] = Counter()
        self.count = 0
        self.total = 0.0

    def add(self, seconds: float) -> None:
        self.seconds[round(seconds)] += 1
        self.count += 1
        self.total += seconds

    def merge(self, other: Durations) -> None:
        self.seconds.update(other.seconds)
        self.count += other.count
        self.total += other.total

    def _ranks(self, *ranks: int) -> list[float]:
        """The values at 1-based ``ranks`` (ascending) of the sorted durations, in minutes."""
        found, seen, wanted = [], 0, list(ranks)
        for value in sorted(self.seconds):
            seen += self.seconds[value]
            while wanted and wanted[0] <= seen:
                found.append(value / 60)
                wanted.pop(0)
            if not wanted:
                break
        return found

    def mean(self) -> float | None:
        """Minutes."""
        return self.total / self.count / 60 if self.count else None

    def median(self) -> float | None:
        """The middle value in minutes (the mean of the two middle ones for an even count)."""
        n = self.count
        if n == 0:
            return None
        if n % 2:
            return self._ranks((n + 1) // 2)[0]
        low, high = self._ranks(n // 2, n // 2 + 1)
        return (low + high) / 2

    def percentile(self, share: float) -> float | None:
        """Nearest rank, in minutes: the smallest value with ``share`` of them at or below."""
        if self.count == 0:
            return None
        return self._ranks(max(1, math.ceil(share * self.count)))[0]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class Figures:
    """Every report figure of one group of tickets (times in minutes)."""

    visitors: int = 0
    served: int = 0
    no_shows: int = 0
    cancelled: int = 0
    expired: int = 0
    in_progress: int = 0
    redirects: int = 0
    called: int = 0
    within_target: int = 0
    wait_avg: float | None = None
    wait_median: float | None = None
    wait_p90: float | None = None
    service_avg: float | None = None
    service_p90: float | None = None
    within_target_share: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, int] = field(default_factory=dict)
    ratings: int = 0
    rating_avg: float | None = None
    loyalty: float | None = None


_ENDED = {"done": 1, "no_show": 2, "cancelled": 3, "expired": 4}  # index into Tally.ends


class Tally:
    """Folds tickets into :class:`Figures`; ``figures()`` may be read at any time.

    A ticket is measured once (:meth:`ReportBuilder.add`) and counted in several tallies
    (its group, its day); the total is the merge of the day tallies.
    """

    __slots__ = (
        "called",
        "ends",
        "outcomes",
        "recommends",
        "redirects",
        "refusals",
        "scores",
        "services",
        "waits",
        "within",
    )

    def __init__(self) -> None:
        self.ends = [0, 0, 0, 0, 0]  # in progress, served, no-shows, cancelled, expired
        self.redirects = 0
        self.called = 0
        self.within = 0
        self.waits = Durations()
        self.services = Durations()
        self.scores: list[int] = []
        self.recommends: list[int] = []
        self.outcomes: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()

    def add(
        self, fact: TicketFact, wait: float | None, within: bool, service: float | None
    ) -> None:
        """Count one ticket: its wait and service time in seconds (None: not measured)."""
        self.ends[_ENDED.get(fact.status, 0)] += 1
        if fact.redirects:
            self.redirects += fact.redirects
        if wait is not None:
            self.called += 1
            self.waits.add(wait)
            if within:
                self.within += 1
        if fact.outcome is not None and fact.status == "done":
            self.outcomes[fact.outcome] += 1
            if fact.outcome == "refused":
                self.refusals[" ".join(fact.outcome_note.split())[:200]] += 1
        if service is not None:
            self.services.add(service)
        if fact.score is not None:
            self.scores.append(fact.score)
        if fact.recommend is not None:
            self.recommends.append(fact.recommend)

    def merge(self, other: Tally) -> None:
        """Add ``other``'s tickets to this tally."""
        self.ends = [a + b for a, b in zip(self.ends, other.ends, strict=True)]
        self.redirects += other.redirects
        self.called += other.called
        self.within += other.within
        self.waits.merge(other.waits)
        self.services.merge(other.services)
        self.scores += other.scores
        self.recommends += other.recommends
        self.outcomes.update(other.outcomes)
        self.refusals.update(other.refusals)

    def figures(self) -> Figures:
        waits, services = self.waits, self.services
        in_progress, served, no_shows, cancelled, expired = self.ends
        return Figures(
            visitors=sum(self.ends),
            served=served,
            no_shows=no_shows,
            cancelled=cancelled,
            expired=expired,
            in_progress=in_progress,
            redirects=self.redirects,
            called=self.called,
            within_target=self.within,
            wait_avg=waits.mean(),
            wait_median=waits.median(),
            wait_p90=waits.percentile(0.9),
            service_avg=services.mean(),
            service_p90=services.percentile(0.9),
            within_target_share=self.within / self.called if self.called else None,
            outcomes=dict(self.outcomes.most_common()),
            refusals=dict(self.refusals.most_common()),
            ratings=len(self.scores),
            rating_avg=mean(self.scores),
            loyalty=loyalty_index(self.recommends),
        )


def wait_seconds(fact: TicketFact, pauses: Pauses) -> float | None:
    """Called − issued, minus the office's pauses in between; None if never called."""
    if fact.called is None:
        return None
    gross = fact.called - fact.issued
    return max(0.0, gross - pauses.overlap(fact.office_id, fact.issued, fact.called))


GroupKey = int | str | None


@dataclass
class Report:
    """A period's figures: in total, by the chosen group, per day and by time of day."""

    period: Period
    group_by: GroupBy
    total: Figures
    groups: dict[GroupKey, Figures]
    by_day: dict[date, Figures]
    #: Tickets issued per local 30-minute slot of the day (index 0 is 00:00–00:30).
    load: list[int]
    #: Tickets issued per local weekday (0 is Monday) and hour: heatmap[weekday][hour].
    heatmap: list[list[int]]


class ReportBuilder:
    """Folds a period's ticket facts, in batches as the database streams them, into a report.

    One pass; what it keeps per group and day is a histogram of waits and service times.
    """

    def __init__(
        self, pauses: Pauses, *, period: Period, group_by: GroupBy, zones: dict[int, ZoneInfo]
    ) -> None:
        self.pauses, self.period, self.group_by = pauses, period, group_by
        self.clocks = {office_id: LocalTime(zone) for office_id, zone in zones.items()}
        self.groups: dict[GroupKey, Tally] = {}
        self.days: dict[int, Tally] = {}
        self.load = [0] * SLOTS_PER_DAY
        self.heatmap = [[0] * 24 for _ in range(7)]

    def add(self, facts: Iterable[TicketFact]) -> None:
        groups, days, clocks, group_by = self.groups, self.days, self.clocks, self.group_by
        load, heatmap, pauses = self.load, self.heatmap, self.pauses
        for fact in facts:
            wait = wait_seconds(fact, pauses)
            within = wait is not None and wait <= fact.target_wait_min * 60
            service = None
            if fact.status == "done" and fact.started is not None and fact.finished is not None:
                service = fact.finished - fact.started
            local = clocks[fact.office_id].seconds(fact.issued)
            minute = int(local % 86400) // 60
            weekday = (int(local // 86400) + 3) % 7  # 1970-01-01 was a Thursday
            key = _key(fact, minute // 60, weekday, group_by)
            tally = groups.get(key)
            if tally is None:
                tally = groups[key] = Tally()
            tally.add(fact, wait, within, service)
            day = days.get(fact.business_day)
            if day is None:
                day = days[fact.business_day] = Tally()
            day.add(fact, wait, within, service)
            load[minute // SLOT_MINUTES] += 1
            heatmap[weekday][minute // 60] += 1

    def report(self) -> Report:
        total = Tally()
        for day in self.days.values():
            total.merge(day)
        return Report(
            period=self.period,
            group_by=self.group_by,
            total=total.figures(),
            groups={self._shown(k): t.figures() for k, t in self.groups.items()},
            by_day={day_of(d): self.days[d].figures() for d in sorted(self.days)},
            load=self.load,
            heatmap=self.heatmap,
        )

    def _shown(self, key: GroupKey) -> GroupKey:
        """A group's key as the report gives it: days as ISO dates."""
        if self.group_by is GroupBy.DAY and isinstance(key, int):
            return day_of(key).isoformat()
        return key


def _key(fact: TicketFact, hour: int, weekday: int, group_by: GroupBy) -> GroupKey:
    if group_by is GroupBy.OFFICE:
        return fact.office_id
    if group_by is GroupBy.SERVICE:
        return fact.service_id
    if group_by is GroupBy.OPERATOR:
        return fact.operator_id
    if group_by is GroupBy.DAY:
        return fact.business_day  # as an ISO date once the report is made
    if group_by is GroupBy.HOUR:
        return hour
    return weekday
