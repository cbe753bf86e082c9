"""Counters (вікна): a service point that one operator opens, pauses and closes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from queue_server.domain import events as ev
from queue_server.domain.errors import CounterBusy, NotYourCounter


class CounterState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"  # an operator is there, nobody at the window
    SERVING = "serving"  # a ticket is called or being served
    PAUSED = "paused"


@dataclass
class Counter:
    id: int
    office_id: int
    number: int
    name_uk: str = ""
    name_en: str = ""
    zone: str = ""
    operator_id: int | None = None
    current_ticket_id: int | None = None
    paused_reason: str | None = None
    paused_at: datetime | None = None
    opened_at: datetime | None = None
    version: int = 0
    events: list[ev.Event] = field(default_factory=list)

    @property
    def state(self) -> CounterState:
        if self.operator_id is None:
            return CounterState.CLOSED
        if self.paused_at is not None:
            return CounterState.PAUSED
        if self.current_ticket_id is not None:
            return CounterState.SERVING
        return CounterState.OPEN

    def _busy(self, uk: str, en: str) -> CounterBusy:
        return CounterBusy(counter=self.number, reason_uk=uk, reason_en=en)

    def ensure_operated_by(self, user_id: int) -> None:
        """Raise unless ``user_id`` opened this counter."""
        if self.operator_id != user_id:
            raise NotYourCounter(counter=self.number)

    def open(self, operator_id: int, *, at: datetime) -> None:
        """An operator sits down at the counter; opening it again is harmless."""
        if self.operator_id == operator_id:
            return
        if self.operator_id is not None:
            raise self._busy(
                "вікно вже відкрив інший адміністратор.", "another administrator has it open."
            )
        self.operator_id = operator_id
        self.opened_at = at
        self.paused_at = None
        self.paused_reason = None
        self.events.append(ev.CounterOpened(at=at, operator_id=operator_id))

    def close(self, *, at: datetime) -> None:
        """The operator leaves; the counter must have no visitor at it."""
        if self.operator_id is None:
            return
        if self.current_ticket_id is not None:
            raise self._busy(
                "біля вікна ще є відвідувач: завершіть обслуговування, поверніть талон у чергу "
                "або позначте неявку.",
                "a visitor is still at the window: finish, return the ticket to the queue "
                "or mark a no-show first.",
            )
        operator_id = self.operator_id
        if self.paused_at is not None:
            self.resume(at=at)
        self.operator_id = None
        self.opened_at = None
        self.events.append(ev.CounterClosed(at=at, operator_id=operator_id))

    def pause(self, reason: str, *, at: datetime) -> None:
        """A break; only without a visitor at the window."""
        if self.state is CounterState.PAUSED:
            raise self._busy("вікно вже на паузі.", "the window is already paused.")
        if self.current_ticket_id is not None:
            raise self._busy(
                "спершу завершіть роботу з відвідувачем.", "finish with the visitor first."
            )
        self.paused_at = at
        self.paused_reason = reason
        self.events.append(ev.CounterPaused(at=at, reason=reason))

    def resume(self, *, at: datetime) -> None:
        """End of the break."""
        if self.paused_at is None:
            raise self._busy("вікно не на паузі.", "the window is not paused.")
        seconds = max(0, int((at - self.paused_at).total_seconds()))
        self.paused_at = None
        self.paused_reason = None
        self.events.append(ev.CounterResumed(at=at, paused_seconds=seconds))

    def ensure_can_call(self) -> None:
        """Raise unless the counter may call a visitor now."""
        if self.state is CounterState.PAUSED:
            raise self._busy(
                "вікно на паузі: спершу відновіть роботу.", "the window is paused: resume first."
            )
        if self.current_ticket_id is not None:
            raise self._busy(
                "біля вікна вже є відвідувач: завершіть його обслуговування або позначте неявку.",
                "a visitor is already at the window: finish or mark a no-show first.",
            )

    def take(self, ticket_id: int) -> None:
        """The counter now serves ``ticket_id``."""
        self.ensure_can_call()
        self.current_ticket_id = ticket_id

    def release(self, ticket_id: int) -> None:
        """The ticket left the counter (finished, no-show, redirected, parked)."""
        if self.current_ticket_id == ticket_id:
            self.current_ticket_id = None
