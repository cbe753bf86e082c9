"""A counter: one operator, pauses, no calling with a visitor at the window."""

from __future__ import annotations

import pytest

from queue_server.domain import events as ev
from queue_server.domain.counters import Counter, CounterState
from queue_server.domain.errors import CounterBusy, NotYourCounter
from tests.factories import MONDAY_10_KYIV as NOW


def test_open_pause_resume_close() -> None:
    counter = Counter(id=1, office_id=1, number=4)
    counter.open(7, at=NOW)
    assert counter.state is CounterState.OPEN
    counter.pause("обід", at=NOW)
    assert counter.state is CounterState.PAUSED
    with pytest.raises(CounterBusy):
        counter.ensure_can_call()
    counter.resume(at=NOW)
    counter.close(at=NOW)
    assert counter.state is CounterState.CLOSED
    assert [type(e) for e in counter.events] == [
        ev.CounterOpened,
        ev.CounterPaused,
        ev.CounterResumed,
        ev.CounterClosed,
    ]


def test_another_operator_cannot_take_an_open_counter() -> None:
    counter = Counter(id=1, office_id=1, number=4, operator_id=7)
    with pytest.raises(CounterBusy) as err:
        counter.open(8, at=NOW)
    assert "Вікно 4" in err.value.message("uk")
    with pytest.raises(NotYourCounter):
        counter.ensure_operated_by(8)


def test_reopening_by_the_same_operator_is_harmless() -> None:
    counter = Counter(id=1, office_id=1, number=4, operator_id=7)
    counter.open(7, at=NOW)
    assert counter.events == []


def test_a_counter_with_a_visitor_cannot_close_or_pause() -> None:
    counter = Counter(id=1, office_id=1, number=4, operator_id=7, current_ticket_id=5)
    with pytest.raises(CounterBusy):
        counter.close(at=NOW)
    with pytest.raises(CounterBusy):
        counter.pause("перерва", at=NOW)
