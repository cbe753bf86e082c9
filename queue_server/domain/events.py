"""Domain events: past-tense facts recorded by entities and written to the event log.

An entity appends events to its ``events`` list as it changes; the unit of work writes
them, in order, to the office's log in the same transaction and publishes them after
commit. The event's ``name`` is its stable type in the log and on the wire.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened at ``at``."""

    name: ClassVar[str] = "event"
    at: datetime

    def data(self) -> dict[str, object]:
        """The event's fields except the time, as plain JSON-able values."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "at"}


# --- tickets -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TicketIssued(Event):
    name: ClassVar[str] = "ticket.issued"
    number: str
    service_id: int
    priority: str | None
    language: str
    issued_by: str


@dataclass(frozen=True, kw_only=True)
class TicketCalled(Event):
    name: ClassVar[str] = "ticket.called"
    counter_id: int
    counter_number: int
    operator_id: int


@dataclass(frozen=True, kw_only=True)
class TicketRecalled(Event):
    name: ClassVar[str] = "ticket.recalled"
    counter_id: int
    counter_number: int
    recall_count: int


@dataclass(frozen=True, kw_only=True)
class TicketStarted(Event):
    name: ClassVar[str] = "ticket.started"
    counter_id: int


@dataclass(frozen=True, kw_only=True)
class TicketFinished(Event):
    name: ClassVar[str] = "ticket.finished"
    counter_id: int
    outcome: str
    note: str


@dataclass(frozen=True, kw_only=True)
class TicketNoShow(Event):
    name: ClassVar[str] = "ticket.no_show"
    counter_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class TicketRedirected(Event):
    name: ClassVar[str] = "ticket.redirected"
    from_service_id: int
    to_service_id: int
    from_counter_id: int | None
    to_counter_id: int | None
    to_operator_id: int | None
    keep_arrival: bool
    note: str


@dataclass(frozen=True, kw_only=True)
class TicketParked(Event):
    name: ClassVar[str] = "ticket.parked"
    from_status: str


@dataclass(frozen=True, kw_only=True)
class TicketUnparked(Event):
    name: ClassVar[str] = "ticket.unparked"


@dataclass(frozen=True, kw_only=True)
class TicketCancelled(Event):
    name: ClassVar[str] = "ticket.cancelled"
    reason: str


@dataclass(frozen=True, kw_only=True)
class TicketExpired(Event):
    name: ClassVar[str] = "ticket.expired"


# --- counters ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CounterOpened(Event):
    name: ClassVar[str] = "counter.opened"
    operator_id: int


@dataclass(frozen=True, kw_only=True)
class CounterClosed(Event):
    name: ClassVar[str] = "counter.closed"
    operator_id: int


@dataclass(frozen=True, kw_only=True)
class CounterPaused(Event):
    name: ClassVar[str] = "counter.paused"
    reason: str


@dataclass(frozen=True, kw_only=True)
class CounterResumed(Event):
    name: ClassVar[str] = "counter.resumed"
    paused_seconds: int


@dataclass(frozen=True, kw_only=True)
class TicketRated(Event):
    """The visitor rated the service. Neither the score nor the comment is here: the log
    is read by all staff, and feedback about an administrator never reaches them."""

    name: ClassVar[str] = "ticket.rated"
    source: str  # "pad" or "phone"


# --- configuration -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DeviceRegistered(Event):
    name: ClassVar[str] = "device.registered"
    device_id: int
    kind: str
    device_name: str


@dataclass(frozen=True, kw_only=True)
class DeviceRevoked(Event):
    name: ClassVar[str] = "device.revoked"
    device_id: int


@dataclass(frozen=True, kw_only=True)
class ConfigChanged(Event):
    """A manager changed the office's configuration: kiosks and displays reload it."""

    name: ClassVar[str] = "config.changed"
    entity: str  # "office", "service", "category", "counter", "user", "device", "priority"
    entity_id: str
    action: str  # "created", "updated", "deleted", "revoked"
    changes: dict[str, object]  # field -> new value (never a password or a token)


# --- appointments ----------------------------------------------------------------------
# No code and no phone number: the log is read by every member of staff.


@dataclass(frozen=True, kw_only=True)
class BookingMade(Event):
    name: ClassVar[str] = "booking.made"
    booking_id: int
    service_id: int
    start: str  # ISO 8601


@dataclass(frozen=True, kw_only=True)
class BookingMoved(Event):
    name: ClassVar[str] = "booking.moved"
    booking_id: int
    service_id: int
    was: str  # ISO 8601
    start: str


@dataclass(frozen=True, kw_only=True)
class BookingCancelled(Event):
    name: ClassVar[str] = "booking.cancelled"
    booking_id: int


@dataclass(frozen=True, kw_only=True)
class BookingCheckedIn(Event):
    name: ClassVar[str] = "booking.checked_in"
    booking_id: int
    ticket_id: int
    late: bool


@dataclass(frozen=True, kw_only=True)
class BookingMissed(Event):
    name: ClassVar[str] = "booking.missed"
    booking_id: int
    service_id: int


# --- printing and alerts ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PrintFinished(Event):
    name: ClassVar[str] = "print.finished"
    job_id: int
    device_id: int
    ticket_id: int | None
    printed: bool
    reason: str


@dataclass(frozen=True, kw_only=True)
class PrinterStatusChanged(Event):
    name: ClassVar[str] = "device.printer"
    device_id: int
    status: str


@dataclass(frozen=True, kw_only=True)
class PrinterConfigured(Event):
    name: ClassVar[str] = "device.printer_configured"
    device_id: int
    url: str


@dataclass(frozen=True, kw_only=True)
class AlertRaised(Event):
    name: ClassVar[str] = "alert.raised"
    alert_id: int
    kind: str
    device_id: int | None
    detail: str


@dataclass(frozen=True, kw_only=True)
class AlertAcknowledged(Event):
    name: ClassVar[str] = "alert.acknowledged"
    alert_id: int


# --- the office --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OfficePaused(Event):
    name: ClassVar[str] = "office.paused"
    reason: str


@dataclass(frozen=True, kw_only=True)
class OfficeResumed(Event):
    name: ClassVar[str] = "office.resumed"
    paused_seconds: int
