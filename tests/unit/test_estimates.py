"""Wait estimates: honest ranges, or nothing when data is thin."""

from __future__ import annotations

from queue_server.domain.estimates import (
    WaitEstimate,
    estimate_wait,
    typical_service_minutes,
)


def test_a_range_rounded_to_five_minutes() -> None:
    assert estimate_wait(ahead=10, counters=2, service_min=4) == WaitEstimate(15, 25)


def test_first_in_line_waits_up_to_five_minutes() -> None:
    assert estimate_wait(ahead=0, counters=3, service_min=12) == WaitEstimate(0, 5)


def test_no_estimate_without_an_open_counter_or_a_service_time() -> None:
    assert estimate_wait(ahead=3, counters=0, service_min=10) is None
    assert estimate_wait(ahead=3, counters=2, service_min=None) is None


def test_measured_times_replace_the_configured_one_once_there_are_enough() -> None:
    assert typical_service_minutes([30, 30, 30, 30], 10) == 10
    assert typical_service_minutes([30, 30, 30, 30, 5], 10) == 30


def test_text_in_both_languages() -> None:
    assert WaitEstimate(15, 25).text("uk") == "15–25 хв"
    assert WaitEstimate(15, 25).text("en") == "15–25 min"
