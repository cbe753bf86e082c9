"""Appointments as plain Python: slots and their capacity, the booking window, codes and
phone numbers, and a booking's life."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from queue_server.domain.bookings import (
    Arrival,
    Booking,
    BookingRules,
    BookingStatus,
    BookingTally,
    day_slots,
    format_code,
    new_code,
    normalise_code,
    normalise_phone,
    queue_head_start,
    slot_minutes,
)
from queue_server.domain.errors import BookingRefused, InvalidInput
from queue_server.domain.offices import Office, Schedule
from tests.factories import MONDAY_10_KYIV, WORKDAYS

OFFICE = Office(id=1, name_uk="ЦНАП", name_en="Centre", schedule=Schedule.from_dict(WORKDAYS))
MONDAY = date(2026, 11, 23)
RULES = BookingRules(enabled=True)


def local(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=OFFICE.zone)


class TestSlots:
    def test_follow_the_opening_hours_in_steps_of_the_service(self) -> None:
        slots = day_slots(OFFICE, MONDAY, minutes=25, counters=2, live_share_pct=50)
        times = [s.start.strftime("%H:%M") for s in slots]
        # 08:00-12:00 and 13:00-17:00: no slot runs into the lunch break or past closing
        assert times[:3] == ["08:00", "08:25", "08:50"] and "11:20" in times
        assert "11:45" not in times and times[times.index("11:20") + 1] == "13:00"
        assert times[-1] == "16:20"
        assert day_slots(OFFICE, date(2026, 11, 28), minutes=10, counters=2, live_share_pct=0) == []

    def test_a_fractional_capacity_is_spread_over_the_day(self) -> None:
        slots = day_slots(OFFICE, MONDAY, minutes=30, counters=3, live_share_pct=50)
        assert [s.capacity for s in slots[:4]] == [1, 2, 1, 2]  # 1.5 a slot
        assert sum(s.capacity for s in slots) == 3 * len(slots) // 2

    def test_the_live_share_and_the_people_bound_it(self) -> None:
        assert {s.capacity for s in day_slots(OFFICE, MONDAY, minutes=30, counters=4,
                                              live_share_pct=0)} == {4}  # fmt: skip
        assert {s.capacity for s in day_slots(OFFICE, MONDAY, minutes=30, counters=4,
                                              live_share_pct=100)} == {0}  # fmt: skip
        assert {s.capacity for s in day_slots(OFFICE, MONDAY, minutes=30, counters=0,
                                              live_share_pct=0)} == {0}  # fmt: skip

    def test_a_service_without_a_duration_books_quarter_hours(self) -> None:
        assert slot_minutes(None) == 15 and slot_minutes(0) == 15 and slot_minutes(7) == 7


class TestRules:
    def test_a_new_day_opens_each_morning(self) -> None:
        rules = BookingRules(horizon_days=21, opens_at_min=6 * 60)
        before = local(MONDAY, "05:59")
        assert rules.last_day(OFFICE, before) == MONDAY + timedelta(days=20)
        assert rules.last_day(OFFICE, before + timedelta(minutes=1)) == MONDAY + timedelta(days=21)

    def test_stored_form_round_trips_and_bad_values_are_refused(self) -> None:
        rules = BookingRules(enabled=True, grace_min=5, opens_at_min=7 * 60 + 30)
        assert BookingRules.from_dict(rules.to_dict()) == rules
        assert rules.to_dict()["opens_at"] == "07:30"
        assert BookingRules.from_dict(None) == BookingRules()
        with pytest.raises(InvalidInput, match="grace_min"):
            BookingRules.from_dict({"grace_min": 61})
        with pytest.raises(InvalidInput, match="whole number"):
            BookingRules.from_dict({"grace_min": "5"})
        with pytest.raises(InvalidInput, match="unknown"):
            BookingRules.from_dict({"grace": 5})
        with pytest.raises(InvalidInput):
            BookingRules.from_dict({"opens_at": "25:00"})


class TestCodesAndPhones:
    def test_codes_are_eight_digits_however_typed(self) -> None:
        code = new_code()
        assert len(code) == 8 and code.isdigit()
        assert normalise_code(" 1234-5678 ") == "12345678" == normalise_code("1234 5678")
        assert format_code("12345678") == "1234-5678"
        for bad in ("1234567", "123456789", "1234-567a", ""):
            with pytest.raises(InvalidInput):
                normalise_code(bad)

    def test_phones_are_ukrainian_or_none(self) -> None:
        assert normalise_phone("") == ""
        for typed in ("+380 67 123 45 67", "380671234567", "067 123-45-67", "(067) 1234567"):
            assert normalise_phone(typed) == "+380671234567"
        for bad in ("12345", "+48 123 456 789", "0671234567890"):
            with pytest.raises(InvalidInput, match=r"\+380"):
                normalise_phone(bad)


def booking(start: datetime, status: BookingStatus = BookingStatus.BOOKED) -> Booking:
    return Booking(
        id=1,
        office_id=1,
        service_id=1,
        code="12345678",
        start=start,
        day=OFFICE.business_day(start),
        created_at=start - timedelta(days=1),
        status=status,
    )


class TestABookingsLife:
    def test_check_in_window(self) -> None:
        b = booking(local(MONDAY, "10:30"))
        with pytest.raises(BookingRefused, match="10:15"):
            b.check_in(RULES, OFFICE, at=local(MONDAY, "10:14"))
        assert b.check_in(RULES, OFFICE, at=local(MONDAY, "10:15")) is Arrival.IN_TIME
        assert b.check_in(RULES, OFFICE, at=local(MONDAY, "10:32")) is Arrival.IN_TIME
        assert b.check_in(RULES, OFFICE, at=local(MONDAY, "10:33")) is Arrival.LATE
        with pytest.raises(BookingRefused, match=r"24\.11\.2026 10:30"):
            booking(local(MONDAY + timedelta(days=1), "10:30")).check_in(
                RULES, OFFICE, at=local(MONDAY, "10:30")
            )

    def test_arrival_closes_the_booking_once(self) -> None:
        b = booking(local(MONDAY, "10:30"))
        now = local(MONDAY, "10:20")
        b.arrived(ticket_id=7, arrival=Arrival.IN_TIME, at=now)
        assert (b.status, b.ticket_id) == (BookingStatus.ARRIVED, 7)
        assert [e.name for e in b.events] == ["booking.checked_in"]
        with pytest.raises(BookingRefused, match="issued for it already"):
            b.check_in(RULES, OFFICE, at=now)
        with pytest.raises(BookingRefused):
            b.cancel(at=now)

    def test_missed_then_came_late(self) -> None:
        b = booking(local(MONDAY, "10:30"))
        b.miss(at=local(MONDAY, "10:33"))
        assert b.status is BookingStatus.MISSED
        assert b.check_in(RULES, OFFICE, at=local(MONDAY, "11:00")) is Arrival.LATE
        with pytest.raises(BookingRefused):
            b.miss(at=local(MONDAY, "11:00"))

    def test_cancel_and_move_only_ahead_of_time(self) -> None:
        b = booking(local(MONDAY, "10:30"))
        with pytest.raises(BookingRefused, match="has come"):
            b.cancel(at=local(MONDAY, "10:30"))
        b.move(1, local(MONDAY, "11:00"), MONDAY, at=local(MONDAY, "10:00"))
        b.cancel(at=local(MONDAY, "10:00"))
        assert b.status is BookingStatus.CANCELLED
        with pytest.raises(BookingRefused, match="cancelled"):
            b.check_in(RULES, OFFICE, at=local(MONDAY, "10:50"))

    def test_a_booked_ticket_sits_at_the_slot_less_the_head_start(self) -> None:
        start = MONDAY_10_KYIV + timedelta(minutes=30)
        for early in (0, 5, 15):
            now = start - timedelta(minutes=early)
            virtual = now - queue_head_start(RULES, start, now)
            assert virtual == start - timedelta(minutes=RULES.head_start_min)


def test_the_tally_of_a_period() -> None:
    tally = BookingTally.of(
        {BookingStatus.ARRIVED: 6, BookingStatus.LATE: 1, BookingStatus.MISSED: 3,
         BookingStatus.CANCELLED: 2, BookingStatus.BOOKED: 4}
    )  # fmt: skip
    assert (tally.made, tally.expected) == (16, 4)
    assert tally.no_show_pct == 30.0
    assert BookingTally().no_show_pct is None
