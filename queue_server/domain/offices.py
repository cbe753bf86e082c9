"""Offices (a ЦНАП or a remote workplace) and their opening hours."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from queue_server.domain import events as ev
from queue_server.domain.errors import InvalidInput, OfficePaused, PauseStateConflict

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60

# An interval of a day in minutes from local midnight: (480, 1080) is 08:00–18:00.
Interval = tuple[int, int]


def parse_hhmm(text: str) -> int:
    """Minutes from midnight of "HH:MM" (24:00 allowed as the end of the day)."""
    try:
        hours, minutes = text.split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise InvalidInput(
            detail_uk=f"час «{text}» має бути у форматі ГГ:ХХ",
            detail_en=f"time '{text}' must be HH:MM",
        ) from None
    if not 0 <= value <= DAY_MINUTES or not 0 <= int(minutes) < 60:
        raise InvalidInput(
            detail_uk=f"час «{text}» поза межами доби", detail_en=f"time '{text}' is out of range"
        )
    return value


def format_hhmm(minutes: int) -> str:
    """ "HH:MM" of minutes from midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def intervals_from_text(pairs: list[list[str]] | list[tuple[str, str]]) -> tuple[Interval, ...]:
    """Validated, sorted, non-overlapping intervals from [["08:00", "12:00"], ...]."""
    result = sorted((parse_hhmm(a), parse_hhmm(b)) for a, b in pairs)
    for start, end in result:
        if start >= end:
            raise InvalidInput(
                detail_uk=f"інтервал {format_hhmm(start)}–{format_hhmm(end)} порожній",
                detail_en=f"interval {format_hhmm(start)}-{format_hhmm(end)} is empty",
            )
    for (_, end), (start, _) in itertools.pairwise(result):
        if start < end:
            raise InvalidInput(
                detail_uk="інтервали розкладу перетинаються",
                detail_en="schedule intervals overlap",
            )
    return tuple(result)


@dataclass(frozen=True)
class Schedule:
    """Weekly opening hours plus exception days (holidays, shortened days)."""

    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=dict)
    exceptions: dict[date, tuple[Interval, ...]] = field(default_factory=dict)

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """Opening intervals of a local date."""
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly.get(day.weekday(), ())

    def to_dict(self) -> dict[str, list[list[str]]]:
        """The weekly part as {"mon": [["08:00", "17:00"]], ...}."""
        return {
            name: [[format_hhmm(a), format_hhmm(b)] for a, b in self.weekly.get(i, ())]
            for i, name in enumerate(WEEKDAYS)
        }

    @classmethod
    def from_dict(
        cls,
        weekly: dict[str, list[list[str]]],
        exceptions: dict[date, list[list[str]]] | None = None,
    ) -> Schedule:
        """Parse the JSON form used in configuration and demo data."""
        unknown = set(weekly) - set(WEEKDAYS)
        if unknown:
            raise InvalidInput(
                detail_uk=f"невідомі дні тижня: {', '.join(sorted(unknown))}",
                detail_en=f"unknown weekdays: {', '.join(sorted(unknown))}",
            )
        return cls(
            weekly={WEEKDAYS.index(k): intervals_from_text(v) for k, v in weekly.items()},
            exceptions={d: intervals_from_text(v) for d, v in (exceptions or {}).items()},
        )


@dataclass
class Office:
    """One centre or remote workplace; every queue, counter and ticket belongs to one."""

    id: int
    name_uk: str
    name_en: str
    timezone: str = "Europe/Kyiv"
    address_uk: str = ""
    address_en: str = ""
    schedule: Schedule = field(default_factory=Schedule)
    #: Since when the whole office is paused (an air-raid alert); None when working.
    paused_since: datetime | None = None
    #: The information line the hall displays run along their bottom edge.
    info_uk: str = ""
    info_en: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, at: datetime) -> datetime:
        """``at`` in the office's local time."""
        return at.astimezone(self.zone)

    def business_day(self, at: datetime) -> date:
        """The office's local date at ``at``; ticket numbers restart on each."""
        return self.local(at).date()

    def ensure_calling(self) -> None:
        """Refuse calls while the office is paused (an air-raid alert)."""
        if self.paused_since is not None:
            raise OfficePaused()

    def pause(self, at: datetime, reason: str) -> ev.OfficePaused:
        """Stop all calls (everybody goes to the shelter); the pause is an event."""
        if self.paused_since is not None:
            raise PauseStateConflict(state_uk="уже призупинено", state_en="is paused already")
        self.paused_since = at
        return ev.OfficePaused(at=at, reason=reason)

    def resume(self, at: datetime) -> ev.OfficeResumed:
        """Back to work; the event says how long the pause lasted."""
        if self.paused_since is None:
            raise PauseStateConflict(state_uk="не призупинено", state_en="is not paused")
        seconds = max(0, int((at - self.paused_since).total_seconds()))
        self.paused_since = None
        return ev.OfficeResumed(at=at, paused_seconds=seconds)

    def is_open(self, at: datetime) -> bool:
        """Whether the office takes visitors at ``at``."""
        local = self.local(at)
        minute = local.hour * 60 + local.minute
        return any(a <= minute < b for a, b in self.schedule.hours_on(local.date()))

    def next_opening(self, at: datetime) -> datetime | None:
        """The first moment after ``at`` when the office opens, within a year; None if never."""
        local = self.local(at)
        minute = local.hour * 60 + local.minute
        for offset in range(367):
            day = local.date() + timedelta(days=offset)
            for start, _end in self.schedule.hours_on(day):
                if offset == 0 and start <= minute:
                    continue
                return datetime.combine(day, time(start // 60, start % 60), self.zone)
        return None
