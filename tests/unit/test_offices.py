"""Opening hours, exception days, business days in Kyiv time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from queue_server.domain.errors import InvalidInput
from queue_server.domain.offices import Office, Schedule
from tests.factories import WORKDAYS


def office() -> Office:
    schedule = Schedule.from_dict(WORKDAYS, {date(2026, 12, 25): []})
    return Office(id=1, name_uk="ЦНАП", name_en="Centre", schedule=schedule)


def kyiv(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    # Kyiv is UTC+2 in winter
    return datetime(y, m, d, hh - 2, mm, tzinfo=UTC)


def test_open_within_hours_and_closed_at_lunch() -> None:
    o = office()
    assert o.is_open(kyiv(2026, 11, 23, 9))
    assert not o.is_open(kyiv(2026, 11, 23, 12, 30))
    assert o.is_open(kyiv(2026, 11, 23, 13))
    assert not o.is_open(kyiv(2026, 11, 23, 17))


def test_next_opening_after_lunch_and_after_the_weekend() -> None:
    o = office()
    assert o.next_opening(kyiv(2026, 11, 23, 12, 30)) == kyiv(2026, 11, 23, 13)
    saturday = kyiv(2026, 11, 28, 10)
    assert o.next_opening(saturday) == kyiv(2026, 11, 30, 8)


def test_a_holiday_is_closed_all_day() -> None:
    o = office()
    assert not o.is_open(kyiv(2026, 12, 25, 10))
    assert o.next_opening(kyiv(2026, 12, 25, 10)) == kyiv(2026, 12, 28, 8)


def test_the_business_day_is_the_local_date() -> None:
    late_evening_utc = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 00:30 in Kyiv
    assert office().business_day(late_evening_utc) == date(2026, 11, 24)


def test_a_schedule_with_overlapping_intervals_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Schedule.from_dict({"mon": [["08:00", "12:00"], ["11:00", "13:00"]]})
    with pytest.raises(InvalidInput):
        Schedule.from_dict({"mon": [["8h", "12:00"]]})
    with pytest.raises(InvalidInput):
        Schedule.from_dict({"monday": [["08:00", "12:00"]]})
