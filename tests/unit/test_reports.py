"""The report figures' building blocks: periods, pauses, medians and percentiles."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from queue_server.domain.errors import InvalidInput
from queue_server.domain.reports import Durations, Pauses, Period, PeriodKind


@pytest.mark.parametrize(
    ("kind", "day", "first", "last"),
    [
        (PeriodKind.DAY, date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 23)),
        (PeriodKind.WEEK, date(2026, 11, 25), date(2026, 11, 23), date(2026, 11, 29)),
        (PeriodKind.MONTH, date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
        (PeriodKind.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, date(2026, 11, 23), date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, date(2026, 2, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.YEAR, date(2026, 6, 1), date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_periods(kind: PeriodKind, day: date, first: date, last: date) -> None:
    period = Period.of(kind, day)
    assert (period.first, period.last) == (first, last)
    assert period.days == (last - first).days + 1


def test_custom_periods_are_checked() -> None:
    assert Period.of(PeriodKind.CUSTOM, date(2026, 1, 1), date(2026, 1, 10)).days == 10
    with pytest.raises(InvalidInput):
        Period.of(PeriodKind.CUSTOM, date(2026, 1, 10), date(2026, 1, 1))
    with pytest.raises(InvalidInput):
        Period.of(PeriodKind.CUSTOM, date(2025, 1, 1), date(2026, 3, 1))


def minutes(*values: float) -> Durations:
    d = Durations()
    for v in values:
        d.add(v * 60)
    return d


def test_median_and_nearest_rank_percentile() -> None:
    assert minutes().median() is None and minutes().percentile(0.9) is None
    assert minutes(7).median() == 7 and minutes(7).percentile(0.9) == 7
    assert minutes(1, 2, 3, 4).median() == 2.5  # the mean of the two middle values
    assert minutes(5, 1, 3).median() == 3
    ten = minutes(*range(1, 11))
    assert ten.percentile(0.9) == 9  # 9 of 10 values are at or below 9
    assert minutes(*range(1, 12)).percentile(0.9) == 10  # rank ceil(9.9) = 10
    assert minutes(2, 2, 2, 9).median() == 2 and ten.mean() == 5.5


def test_durations_merge_and_keep_an_exact_mean() -> None:
    a, b = minutes(1, 2), Durations()
    b.add(30.4)  # seconds: the median is to the second, the mean exact
    a.merge(b)
    assert a.count == 3 and a.median() == 1
    assert a.mean() == pytest.approx((60 + 120 + 30.4) / 3 / 60)


def test_pause_overlap_is_clipped_to_the_wait() -> None:
    def at(hh: int, mm: int) -> datetime:
        return datetime(2026, 11, 10, hh, mm, tzinfo=UTC)

    pauses = Pauses({1: [(at(9, 5), at(9, 8)), (at(10, 0), at(10, 30))]})
    ts = lambda hh, mm: at(hh, mm).timestamp()  # noqa: E731
    assert pauses.overlap(1, ts(9, 0), ts(9, 10)) == 180
    assert pauses.overlap(1, ts(9, 6), ts(10, 10)) == 120 + 600
    assert pauses.overlap(1, ts(11, 0), ts(12, 0)) == 0
    assert pauses.overlap(2, ts(9, 0), ts(10, 0)) == 0
