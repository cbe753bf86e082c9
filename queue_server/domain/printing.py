"""Printers of kiosks, print jobs and what a slip says, in the server's own words.

A kiosk may own a receipt printer. Its :class:`PrinterConfig` says where the printer is
(a driver URL the server reaches, or ``agent://`` for a print agent next to a USB
printer on the kiosk computer) and how to talk to it. A :class:`PrintJob` is one slip
for one printer: ``queued → sending → printed | failed``. A failed job is never retried
by itself: after a paper change, reception reprints explicitly (a new job).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from queue_server.domain import events as ev
from queue_server.domain.errors import InvalidInput, PrintJobDone

#: How long a print agent may take to report a job it claimed before it counts as failed.
AGENT_LEASE = timedelta(minutes=2)
#: A print agent that has not reported its printer for this long is offline.
AGENT_SILENCE = timedelta(seconds=90)
PAPER_WIDTHS = (58, 80)
CODEPAGES = ("cp1251", "cp866", "cp1125")


class PrinterStatus(enum.StrEnum):
    """What a printer reports (the same words as the ``printers`` package)."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def blocks_printing(self) -> bool:
        return self in (PrinterStatus.PAPER_OUT, PrinterStatus.OFFLINE)


def _invalid(uk: str, en: str) -> InvalidInput:
    return InvalidInput(detail_uk=uk, detail_en=en)


@dataclass(frozen=True)
class PrinterConfig:
    """Where a kiosk's printer is and how to talk to it."""

    url: str
    codepage: str = "cp1251"
    codepage_table: int | None = None
    paper_mm: int = 80
    raster: bool = False

    def __post_init__(self) -> None:
        if not self.url.strip():
            raise _invalid("адресу принтера не вказано", "the printer URL is empty")
        if self.codepage not in CODEPAGES:
            pages = ", ".join(CODEPAGES)
            raise _invalid(f"кодова сторінка — одна з {pages}", f"code page must be one of {pages}")
        if self.paper_mm not in PAPER_WIDTHS:
            raise _invalid("ширина паперу — 58 або 80 мм", "paper width must be 58 or 80 mm")
        if self.codepage_table is not None and not 0 <= self.codepage_table <= 255:
            raise _invalid("номер таблиці ESC t — від 0 до 255", "ESC t table must be 0..255")

    @property
    def via_agent(self) -> bool:
        """The server cannot reach this printer: a print agent fetches its jobs."""
        return self.url.strip().lower().startswith("agent:")

    @property
    def columns(self) -> int:
        """Characters per line in the printer's standard font."""
        return 48 if self.paper_mm == 80 else 32

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi."""
        return 576 if self.paper_mm == 80 else 384

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "codepage": self.codepage,
            "codepage_table": self.codepage_table,
            "paper_mm": self.paper_mm,
            "raster": self.raster,
        }


@dataclass(frozen=True)
class PrinterState:
    """The last status a kiosk's printer reported, and when."""

    status: PrinterStatus = PrinterStatus.UNKNOWN
    checked_at: datetime | None = None

    def effective(self, config: PrinterConfig, now: datetime) -> PrinterStatus:
        """The status to act on now: a silent print agent means an offline printer."""
        if config.via_agent and (self.checked_at is None or now - self.checked_at > AGENT_SILENCE):
            return PrinterStatus.OFFLINE
        return self.status


# --- what a slip says --------------------------------------------------------------


@dataclass(frozen=True)
class TicketSlipText:
    """A ticket slip's content, already in the visitor's language (no personal data)."""

    office_name: str
    ticket_number: str
    service_name: str
    issued_at: datetime
    timezone: str
    people_ahead: int
    wait_estimate: str | None
    track_url: str  # the phone page the QR code opens
    language: str = "uk"
    priority_note: str | None = None
    booking_note: str | None = None  # a booked visitor's time (see booking_note())


@dataclass(frozen=True)
class ReferralSlipText:
    """Where to go for a service the office does not provide."""

    office_name: str
    service_name: str
    provider: str
    address: str
    phone: str
    hours: str
    language: str = "uk"


SlipText = TicketSlipText | ReferralSlipText


# --- jobs ------------------------------------------------------------------------------


class PrintJobStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    PRINTED = "printed"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self in (PrintJobStatus.PRINTED, PrintJobStatus.FAILED)


class FailReason(enum.StrEnum):
    """Why a job did not print (besides the printer statuses themselves)."""

    NO_REPORT = "no_report"  # the print agent claimed it and never said how it went
    ERROR = "error"  # the slip could not be rendered or sent


@dataclass
class PrintJob:
    """One slip for one kiosk's printer."""

    id: int
    office_id: int
    device_id: int
    slip: SlipText
    created_at: datetime
    requested_by: str
    ticket_id: int | None = None
    status: PrintJobStatus = PrintJobStatus.QUEUED
    reason: str = ""
    claimed_at: datetime | None = None
    finished_at: datetime | None = None
    events: list[ev.Event] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "ticket" if isinstance(self.slip, TicketSlipText) else "referral"

    def claim(self, at: datetime) -> None:
        """A printer path takes the job: it must not be handed out again."""
        if self.status is not PrintJobStatus.QUEUED:
            raise PrintJobDone(job=self.id, status=self.status.value)
        self.status = PrintJobStatus.SENDING
        self.claimed_at = at

    def finish(self, *, printed: bool, printer: PrinterStatus, at: datetime) -> None:
        """Record how the job went; the printer's status says why it failed."""
        if self.status.final:
            raise PrintJobDone(job=self.id, status=self.status.value)
        reason = "" if printed else printer.value
        self.fail_or_print(printed=printed, reason=reason, at=at)

    def give_up(self, reason: FailReason, at: datetime) -> None:
        """The job cannot print (unreported by its agent, or not renderable)."""
        if not self.status.final:
            self.fail_or_print(printed=False, reason=reason.value, at=at)

    def fail_or_print(self, *, printed: bool, reason: str, at: datetime) -> None:
        self.status = PrintJobStatus.PRINTED if printed else PrintJobStatus.FAILED
        self.reason = reason
        self.finished_at = at
        self.events.append(
            ev.PrintFinished(
                at=at,
                job_id=self.id,
                device_id=self.device_id,
                ticket_id=self.ticket_id,
                printed=printed,
                reason=reason,
            )
        )

    def overdue(self, now: datetime) -> bool:
        """Claimed by an agent that has not reported within the lease."""
        return (
            self.status is PrintJobStatus.SENDING
            and self.claimed_at is not None
            and now - self.claimed_at > AGENT_LEASE
        )


def booking_note(hhmm: str, language: str) -> str:
    """The line of a booked visitor's ticket, instead of the people ahead."""
    uk = f"Попередній запис: вас викличуть о {hhmm}"
    return f"{uk} / Appointment: you will be called at {hhmm}" if language == "en" else uk


def priority_note(document_check: bool, language: str) -> str:
    """The line a priority ticket carries about the document check at the window."""
    if not document_check:
        return "Позачергово" if language != "en" else "Позачергово / Priority"
    if language == "en":
        return "Позачергово: документ перевірять у вікні / Priority: document checked at the window"
    return "Позачергово: документ перевірять у вікні"
