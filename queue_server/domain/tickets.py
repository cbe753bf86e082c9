"""The ticket (талон) and its state machine.

    waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
       │  ▲             │ │ ▲recall       │
       │  └──redirect───┼─┼─┴─────────────┘       called ──no-show──▶ no_show
       │  ◀──unpark── parked ◀──park── (waiting | called)
       ├──cancel──▶ cancelled     (also from parked)
       └──expire──▶ expired       (at the end of the business day; also from parked)

Every step checks it is allowed, changes the ticket and appends a past-tense event.
A forbidden step raises InvalidTransition, which the API turns into 409.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from queue_server.domain import events as ev
from queue_server.domain.counters import Counter
from queue_server.domain.errors import InvalidInput, InvalidTransition


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    PARKED = "parked"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


FINAL_STATUSES = frozenset(
    {TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED, TicketStatus.EXPIRED}
)
AT_COUNTER = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})

STATUS_UK = {
    TicketStatus.WAITING: "очікує",
    TicketStatus.CALLED: "викликано",
    TicketStatus.SERVING: "обслуговується",
    TicketStatus.DONE: "обслуговано",
    TicketStatus.NO_SHOW: "не з'явився",
    TicketStatus.PARKED: "відкладено",
    TicketStatus.CANCELLED: "скасовано",
    TicketStatus.EXPIRED: "термін дії минув",
}

ACTION_UK = {
    "call": "викликати",
    "recall": "викликати повторно",
    "start": "почати обслуговування",
    "finish": "завершити",
    "no-show": "позначити неявку",
    "redirect": "перенаправити",
    "park": "відкласти",
    "unpark": "повернути в чергу",
    "cancel": "скасувати",
    "expire": "закрити за кінцем дня",
    "reprint": "надрукувати ще раз",
}


class Outcome(StrEnum):
    CONSULTATION = "consultation"
    DOCUMENTS_ACCEPTED = "documents_accepted"
    RESULT_ISSUED = "result_issued"
    REFUSED = "refused"
    REDIRECTED_ELSEWHERE = "redirected_elsewhere"
    OTHER = "other"


DEFAULT_RECALL_LIMIT = 3


def epoch_ms(at: datetime) -> int:
    """Milliseconds since the Unix epoch of an aware datetime."""
    return int(at.timestamp() * 1000)


@dataclass
class Ticket:
    """One visit in the queue, with number like ``А-012`` per office, prefix and day."""

    id: int
    office_id: int
    service_id: int
    number: str
    business_day: date
    track_token: str
    issued_at: datetime
    arrived_at: datetime
    status: TicketStatus = TicketStatus.WAITING
    priority: str | None = None
    head_start: timedelta = timedelta(0)
    language: str = "uk"
    note: str = ""
    counter_id: int | None = None
    operator_id: int | None = None
    target_counter_id: int | None = None
    target_operator_id: int | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    recall_count: int = 0
    redirect_count: int = 0  # times sent on to another service, window or administrator
    outcome: Outcome | None = None
    outcome_note: str = ""
    issued_by: str = ""  # the actor that issued it: "device:3" (a kiosk), "user:7"
    document_seen: bool = False  # reception saw the priority category's document
    #: A booked visitor who checked in in time: the slot's start. The ticket waits for it
    #: (see CallNextPolicy) with a head start that puts it ahead of the live queue.
    booked_for: datetime | None = None
    version: int = 0
    events: list[ev.Event] = field(default_factory=list)

    @property
    def queue_key(self) -> int:
        """Virtual arrival time in epoch milliseconds: arrival minus any head start."""
        return epoch_ms(self.arrived_at) - int(self.head_start.total_seconds() * 1000)

    def held_back(self, now: datetime) -> bool:
        """A booked ticket before its slot: called only when nobody else is waiting."""
        return self.booked_for is not None and self.booked_for > now

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def refusal(self, action: str) -> InvalidTransition:
        """The error for ``action`` being impossible in the ticket's current state."""
        return InvalidTransition(
            number=self.number,
            status=self.status.value,
            status_uk=STATUS_UK[self.status],
            action=action,
            action_uk=ACTION_UK[action],
        )

    def _require(self, action: str, *allowed: TicketStatus) -> None:
        if self.status not in allowed:
            raise self.refusal(action)

    def call(self, counter: Counter, operator_id: int, *, at: datetime) -> None:
        """Call the visitor to ``counter``; the counter takes the ticket."""
        self._require("call", TicketStatus.WAITING)
        counter.take(self.id)
        self.status = TicketStatus.CALLED
        self.counter_id = counter.id
        self.operator_id = operator_id
        self.called_at = at
        self.recall_count = 0
        self.target_counter_id = None
        self.target_operator_id = None
        self.events.append(
            ev.TicketCalled(
                at=at, counter_id=counter.id, counter_number=counter.number, operator_id=operator_id
            )
        )

    def recall(self, counter: Counter, *, at: datetime, limit: int = DEFAULT_RECALL_LIMIT) -> None:
        """Call again; past the recall limit the visitor is marked as a no-show."""
        self._require("recall", TicketStatus.CALLED)
        if self.recall_count >= limit:
            self.no_show(counter, at=at, reason="recall_limit")
            return
        self.recall_count += 1
        self.events.append(
            ev.TicketRecalled(
                at=at,
                counter_id=counter.id,
                counter_number=counter.number,
                recall_count=self.recall_count,
            )
        )

    def start(self, *, at: datetime) -> None:
        """The visitor is at the window and service begins."""
        self._require("start", TicketStatus.CALLED)
        assert self.counter_id is not None
        self.status = TicketStatus.SERVING
        self.started_at = at
        self.events.append(ev.TicketStarted(at=at, counter_id=self.counter_id))

    def finish(self, counter: Counter, outcome: Outcome, note: str = "", *, at: datetime) -> None:
        """Service is over, with its outcome; a refusal needs its reason in the note."""
        self._require("finish", TicketStatus.SERVING)
        note = note.strip()
        if outcome is Outcome.REFUSED and not note:
            raise InvalidInput(
                detail_uk="для відмови вкажіть її причину в примітці",
                detail_en="a refusal needs its reason in the note",
            )
        self.status = TicketStatus.DONE
        self.finished_at = at
        self.outcome = outcome
        self.outcome_note = note
        counter.release(self.id)
        self.events.append(
            ev.TicketFinished(at=at, counter_id=counter.id, outcome=outcome.value, note=note)
        )

    def no_show(self, counter: Counter, *, at: datetime, reason: str = "by_hand") -> None:
        """The called visitor did not come."""
        self._require("no-show", TicketStatus.CALLED)
        self.status = TicketStatus.NO_SHOW
        self.finished_at = at
        counter.release(self.id)
        self.events.append(ev.TicketNoShow(at=at, counter_id=counter.id, reason=reason))

    def redirect(
        self,
        service_id: int,
        counter: Counter | None,
        *,
        at: datetime,
        to_counter_id: int | None = None,
        to_operator_id: int | None = None,
        keep_arrival: bool = True,
        note: str = "",
    ) -> None:
        """Send the visitor back into a queue: another service, counter or operator."""
        self._require("redirect", TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
        from_counter = self.counter_id if self.status in AT_COUNTER else None
        if counter is not None:
            counter.release(self.id)
        from_service = self.service_id
        self.status = TicketStatus.WAITING
        self.service_id = service_id
        self.target_counter_id = to_counter_id
        self.target_operator_id = to_operator_id
        self.called_at = None
        self.started_at = None
        self.recall_count = 0
        self.redirect_count += 1
        if not keep_arrival:
            self.arrived_at = at
        note = note.strip()
        if note:
            self.note = f"{self.note}\n{note}".strip()
        self.events.append(
            ev.TicketRedirected(
                at=at,
                from_service_id=from_service,
                to_service_id=service_id,
                from_counter_id=from_counter,
                to_counter_id=to_counter_id,
                to_operator_id=to_operator_id,
                keep_arrival=keep_arrival,
                note=note,
            )
        )

    def park(self, counter: Counter | None, *, at: datetime) -> None:
        """Set the ticket aside (the visitor went to fetch a document)."""
        self._require("park", TicketStatus.WAITING, TicketStatus.CALLED)
        previous = self.status
        if counter is not None:
            counter.release(self.id)
        self.status = TicketStatus.PARKED
        self.events.append(ev.TicketParked(at=at, from_status=previous.value))

    def unpark(self, *, at: datetime) -> None:
        """Back into the queue with the original arrival time."""
        self._require("unpark", TicketStatus.PARKED)
        self.status = TicketStatus.WAITING
        self.called_at = None
        self.recall_count = 0
        self.events.append(ev.TicketUnparked(at=at))

    def cancel(self, *, at: datetime, reason: str = "") -> None:
        """The visitor left or the ticket was issued by mistake."""
        self._require("cancel", TicketStatus.WAITING, TicketStatus.PARKED)
        self.status = TicketStatus.CANCELLED
        self.finished_at = at
        self.events.append(ev.TicketCancelled(at=at, reason=reason.strip()))

    def expire(self, *, at: datetime) -> None:
        """The business day ended with the ticket still in the queue."""
        self._require("expire", TicketStatus.WAITING, TicketStatus.PARKED)
        self.status = TicketStatus.EXPIRED
        self.finished_at = at
        self.events.append(ev.TicketExpired(at=at))


def format_number(prefix: str, seq: int) -> str:
    """The number printed and announced: prefix, dash, at least three digits (А-012)."""
    return f"{prefix}-{seq:03d}"
