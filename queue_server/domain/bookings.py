"""Appointments (попередній запис): slots, the booking rules, and a booking's life.

A day's slots follow the office's opening hours in steps of the service's average
duration. Each slot holds as many bookings as the counters serving the service could
take, less the share kept for the live queue; a fractional capacity is spread over the
day (1.5 per slot gives 1, 2, 1, 2, ...).

    booked ──check in in time──▶ arrived   (a ticket the call-next policy serves at the slot)
      │  └───check in too late──▶ late      (a normal live ticket)
      ├──cancel──▶ cancelled
      └──nobody came by the end of the grace period──▶ missed ──came later──▶ late

The code (8 digits) is the booking's key for the visitor: typed at the kiosk, scanned as
the QR's text, or typed on the booking page to cancel or move. A booking holds no name;
a phone number for reminders is optional and erased after the retention period.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from queue_server.domain import events as ev
from queue_server.domain.errors import BookingRefused, InvalidInput
from queue_server.domain.offices import DAY_MINUTES, Office, format_hhmm, parse_hhmm

CODE_DIGITS = 8
DEFAULT_SLOT_MIN = 15  # a service without an average duration books in quarter hours


class BookingStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"  # checked in within the window: a booked ticket
    LATE = "late"  # came after the grace period: a live ticket
    CANCELLED = "cancelled"
    MISSED = "missed"  # nobody came within the window


STATUS_UK = {
    BookingStatus.BOOKED: "очікується",
    BookingStatus.ARRIVED: "прийшов вчасно",
    BookingStatus.LATE: "запізнився, у живій черзі",
    BookingStatus.CANCELLED: "скасовано",
    BookingStatus.MISSED: "не прийшов",
}
#: Bookings that hold their slot (a cancelled one frees it).
HOLDING = frozenset(set(BookingStatus) - {BookingStatus.CANCELLED})


@dataclass(frozen=True)
class BookingRules:
    """An office's appointment settings (the manager changes them)."""

    enabled: bool = False
    horizon_days: int = 21  # how far ahead people may book
    opens_at_min: int = 6 * 60  # the next day of the horizon opens at this local time
    early_min: int = 15  # check-in opens this long before the slot
    grace_min: int = 2  # and closes this long after its start
    live_share_pct: int = 50  # capacity kept for the live queue
    per_phone_month: int = 4  # bookings one phone number may hold in a month
    head_start_min: int = 60  # a booked ticket's head start over the live queue
    contact_days: int = 30  # phone numbers are erased this long after the slot

    LIMITS = {  # noqa: RUF012 - a class constant, not a field
        "horizon_days": (1, 90),
        "opens_at_min": (0, DAY_MINUTES - 1),
        "early_min": (0, 120),
        "grace_min": (0, 60),
        "live_share_pct": (0, 100),
        "per_phone_month": (1, 31),
        "head_start_min": (0, 240),
        "contact_days": (1, 365),
    }

    LABELS = {  # noqa: RUF012 - a class constant, not a field
        "horizon_days": ("запис наперед, днів", "days bookable ahead"),
        "opens_at_min": ("час відкриття нового дня", "time a new day opens"),
        "early_min": ("реєстрація раніше, хв", "check-in early, min"),
        "grace_min": ("допустиме запізнення, хв", "grace period, min"),
        "live_share_pct": ("частка для живої черги, %", "share kept for the live queue, %"),
        "per_phone_month": ("записів на телефон за місяць", "bookings per phone a month"),
        "head_start_min": ("перевага над живою чергою, хв", "head start over the live queue, min"),
        "contact_days": ("зберігати телефон, днів", "keep phone numbers, days"),
    }

    def __post_init__(self) -> None:
        for name, (low, high) in self.LIMITS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                uk, en = self.LABELS[name]
                raise InvalidInput(
                    detail_uk=f"«{uk}» ({name}) має бути від {low} до {high}",
                    detail_en=f"'{en}' ({name}) must be between {low} and {high}",
                )

    def to_dict(self) -> dict[str, object]:
        return {
            "enabled": self.enabled,
            "horizon_days": self.horizon_days,
            "opens_at": format_hhmm(self.opens_at_min),
            "early_min": self.early_min,
            "grace_min": self.grace_min,
            "live_share_pct": self.live_share_pct,
            "per_phone_month": self.per_phone_month,
            "head_start_min": self.head_start_min,
            "contact_days": self.contact_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> BookingRules:
        """Rules from their stored (or submitted) form; missing keys keep the defaults."""
        data = dict(data or {})
        if "opens_at" in data:
            data["opens_at_min"] = parse_hhmm(str(data.pop("opens_at")))
        known = set(cls.LIMITS) | {"enabled"}
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(
                detail_uk=f"невідомі налаштування: {', '.join(sorted(unknown))}",
                detail_en=f"unknown settings: {', '.join(sorted(unknown))}",
            )
        values: dict[str, object] = {}
        for name, value in data.items():
            if name == "enabled":
                values[name] = bool(value)
            elif isinstance(value, bool) or not isinstance(value, int):
                uk, en = cls.LABELS.get(name, (name, name))
                raise InvalidInput(
                    detail_uk=f"«{uk}» ({name}) має бути цілим числом",
                    detail_en=f"'{en}' ({name}) must be a whole number",
                )
            else:
                values[name] = value
        return cls(**values)  # type: ignore[arg-type]

    # --- the window of booking and of check-in -------------------------------------

    def last_day(self, office: Office, now: datetime) -> date:
        """The furthest day open for booking at ``now``: a new one opens each morning."""
        local = office.local(now)
        opened = local.hour * 60 + local.minute >= self.opens_at_min
        return local.date() + timedelta(days=self.horizon_days - (0 if opened else 1))

    def check_in_opens(self, start: datetime) -> datetime:
        return start - timedelta(minutes=self.early_min)

    def check_in_closes(self, start: datetime) -> datetime:
        return start + timedelta(minutes=self.grace_min)


@dataclass(frozen=True)
class Slot:
    """A bookable time of a service: how many bookings it holds and how many are made."""

    start: datetime  # aware, in the office's zone
    capacity: int
    taken: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


def slot_minutes(avg_service_min: int | None) -> int:
    """The step of a service's slots: its average duration (at least one minute)."""
    return max(1, avg_service_min or DEFAULT_SLOT_MIN)


def day_slots(
    office: Office, day: date, *, minutes: int, counters: int, live_share_pct: int
) -> list[Slot]:
    """The slots of ``day`` with their capacity (nothing taken yet)."""
    per_slot_x100 = max(0, counters) * (100 - live_share_pct)
    slots: list[Slot] = []
    for start, end in office.schedule.hours_on(day):
        minute = start
        while minute + minutes <= end:
            i = len(slots)
            capacity = per_slot_x100 * (i + 1) // 100 - per_slot_x100 * i // 100
            at = datetime.combine(day, time(minute // 60, minute % 60), office.zone)
            slots.append(Slot(start=at, capacity=capacity))
            minute += minutes
    return slots


# --- codes and phone numbers ---------------------------------------------------------


def new_code() -> str:
    """Eight random digits: easy to type on a kiosk, hard to guess."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def normalise_code(text: str) -> str:
    """The code typed or scanned (spaces and dashes allowed); InvalidInput if not a code."""
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(rf"[0-9]{{{CODE_DIGITS}}}", digits):
        raise InvalidInput(
            detail_uk=f"код запису — це {CODE_DIGITS} цифр, як на підтвердженні",
            detail_en=f"a booking code is {CODE_DIGITS} digits, as on the confirmation",
        )
    return digits


def format_code(code: str) -> str:
    """The code as people read it: 1234-5678."""
    return f"{code[:4]}-{code[4:]}"


def normalise_phone(text: str) -> str:
    """A Ukrainian phone number as +380XXXXXXXXX; "" when none was given."""
    digits = re.sub(r"[\s\-()]", "", text.strip())
    if not digits:
        return ""
    if digits.startswith("+"):
        digits = digits[1:]
    if re.fullmatch(r"0[0-9]{9}", digits):
        digits = "38" + digits
    if not re.fullmatch(r"380[0-9]{9}", digits):
        raise InvalidInput(
            detail_uk="номер телефону має бути українським: +380 і 9 цифр (або 0XX XXX XX XX)",
            detail_en="the phone number must be Ukrainian: +380 and 9 digits (or 0XX XXX XX XX)",
        )
    return "+" + digits


# --- a booking -----------------------------------------------------------------------


class Arrival(StrEnum):
    EARLY = "early"
    IN_TIME = "in_time"
    LATE = "late"


@dataclass
class Booking:
    """One booked visit: an office, a service and a time, with its code."""

    id: int
    office_id: int
    service_id: int
    code: str
    start: datetime
    day: date  # the office's local date of ``start``
    created_at: datetime
    status: BookingStatus = BookingStatus.BOOKED
    phone: str = ""
    language: str = "uk"
    ticket_id: int | None = None
    closed_at: datetime | None = None  # checked in, cancelled or missed
    version: int = 0
    events: list[ev.Event] = field(default_factory=list)

    def _refuse(self, uk: str, en: str) -> BookingRefused:
        return BookingRefused(code=format_code(self.code), reason_uk=uk, reason_en=en)

    def changeable(self, now: datetime) -> bool:
        """Whether it may still be cancelled or moved: expected, and its time ahead."""
        return self.status is BookingStatus.BOOKED and self.start > now

    def ensure_changeable(self, now: datetime) -> None:
        """Only a booking still ahead may be cancelled or moved."""
        if self.status is BookingStatus.CANCELLED:
            raise self._refuse("його вже скасовано.", "it is cancelled already.")
        if not self.changeable(now):
            raise self._refuse(
                "його час уже настав або минув.", "its time has come or passed already."
            )

    def cancel(self, *, at: datetime) -> None:
        self.ensure_changeable(at)
        self.status = BookingStatus.CANCELLED
        self.closed_at = at
        self.events.append(ev.BookingCancelled(at=at, booking_id=self.id))

    def move(self, service_id: int, start: datetime, day: date, *, at: datetime) -> None:
        self.ensure_changeable(at)
        was = self.start
        self.service_id, self.start, self.day = service_id, start, day
        self.events.append(
            ev.BookingMoved(
                at=at,
                booking_id=self.id,
                service_id=service_id,
                was=was.isoformat(),
                start=start.isoformat(),
            )
        )

    def arrival(self, rules: BookingRules, now: datetime) -> Arrival:
        if now < rules.check_in_opens(self.start):
            return Arrival.EARLY
        if now > rules.check_in_closes(self.start):
            return Arrival.LATE
        return Arrival.IN_TIME

    def check_in(self, rules: BookingRules, office: Office, *, at: datetime) -> Arrival:
        """The visitor is here. Raises if the booking cannot be used now; otherwise says
        whether the ticket to issue is a booked one (in time) or a live one (late)."""
        if self.status is BookingStatus.CANCELLED:
            raise self._refuse("його скасовано.", "it was cancelled.")
        if self.status in (BookingStatus.ARRIVED, BookingStatus.LATE):
            raise self._refuse("за ним уже видано талон.", "a ticket was issued for it already.")
        when = office.local(self.start).strftime("%d.%m.%Y %H:%M")
        if self.day != office.business_day(at):
            raise self._refuse(f"він на інший день: {when}.", f"it is for another day: {when}.")
        arrival = self.arrival(rules, at)
        if arrival is Arrival.EARLY:
            opens = office.local(rules.check_in_opens(self.start)).strftime("%H:%M")
            raise self._refuse(
                f"зареєструватися можна з {opens} ({rules.early_min} хв до часу запису).",
                f"check-in opens at {opens} ({rules.early_min} min before your time).",
            )
        return arrival

    def arrived(self, ticket_id: int, arrival: Arrival, *, at: datetime) -> None:
        """Record the ticket issued at check-in."""
        self.status = BookingStatus.ARRIVED if arrival is Arrival.IN_TIME else BookingStatus.LATE
        self.ticket_id = ticket_id
        self.closed_at = at
        self.events.append(
            ev.BookingCheckedIn(
                at=at, booking_id=self.id, ticket_id=ticket_id, late=arrival is Arrival.LATE
            )
        )

    def miss(self, *, at: datetime) -> None:
        """Nobody came by the end of the check-in window."""
        if self.status is not BookingStatus.BOOKED:
            raise self._refuse("він уже не очікується.", "it is not expected any more.")
        self.status = BookingStatus.MISSED
        self.closed_at = at
        self.events.append(ev.BookingMissed(at=at, booking_id=self.id, service_id=self.service_id))


@dataclass(frozen=True)
class BookingTally:
    """The bookings of a period's days by what became of them (docs/reports.md)."""

    made: int = 0  # every booking for the period, cancelled ones included
    arrived: int = 0
    late: int = 0
    missed: int = 0
    cancelled: int = 0
    expected: int = 0  # still ahead

    @classmethod
    def of(cls, counts: Mapping[BookingStatus, int]) -> BookingTally:
        return cls(
            made=sum(counts.values()),
            arrived=counts.get(BookingStatus.ARRIVED, 0),
            late=counts.get(BookingStatus.LATE, 0),
            missed=counts.get(BookingStatus.MISSED, 0),
            cancelled=counts.get(BookingStatus.CANCELLED, 0),
            expected=counts.get(BookingStatus.BOOKED, 0),
        )

    @property
    def no_show_pct(self) -> float | None:
        """Missed of the bookings whose time has passed and were not cancelled."""
        due = self.arrived + self.late + self.missed
        return 100 * self.missed / due if due else None


def queue_head_start(rules: BookingRules, start: datetime, now: datetime) -> timedelta:
    """The head start that puts a booked ticket issued at ``now`` at the virtual arrival
    time ``start - head start``: ahead of the live queue at its slot."""
    return now - start + timedelta(minutes=rules.head_start_min)
