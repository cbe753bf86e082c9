"""The wait estimate shown to a visitor: a range in minutes, or nothing if data is thin."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_SAMPLES = 5  # recent services needed before measured times are trusted
STEP_MIN = 5  # ranges are rounded to five minutes: "15–25 хв"


@dataclass(frozen=True)
class WaitEstimate:
    low_min: int
    high_min: int

    def text(self, lang: str = "uk") -> str:
        unit = "min" if lang == "en" else "хв"
        return f"{self.low_min}–{self.high_min} {unit}"


def typical_service_minutes(
    recent_minutes: Sequence[float], configured_min: float | None
) -> float | None:
    """The median of recent service times, or the configured typical time if too few."""
    if len(recent_minutes) >= MIN_SAMPLES:
        return statistics.median(recent_minutes)
    return configured_min


def estimate_wait(ahead: int, counters: int, service_min: float | None) -> WaitEstimate | None:
    """How long until a ticket with ``ahead`` people before it is called.

    ``counters`` are the open counters that serve the service now; with none, or with no
    typical service time, there is no honest estimate and the result is None.
    """
    if counters <= 0 or service_min is None or service_min <= 0 or ahead < 0:
        return None
    expected = ahead * service_min / counters
    low = math.floor(expected * 0.8 / STEP_MIN) * STEP_MIN
    high = math.ceil(expected * 1.2 / STEP_MIN) * STEP_MIN
    return WaitEstimate(low_min=low, high_min=max(high, low + STEP_MIN))
