"""The JSON contract of the administrator's window and the reception desk's reads, and of
the office's air-raid pause."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from queue_server.api.schemas import Model
from queue_server.service.window import CounterQueue, Day, HistoryEntry

# Data of an event a person may read in a ticket's history (never the track token).
HISTORY_FIELDS = (
    "number",
    "service_id",
    "priority",
    "language",
    "counter_number",
    "recall_count",
    "outcome",
    "note",
    "reason",
    "from_service_id",
    "to_service_id",
    "from_counter_id",
    "to_counter_id",
    "to_operator_id",
    "keep_arrival",
)


class QueueEntryOut(BaseModel):
    ticket_id: int
    number: str
    service_id: int
    priority: str | None
    document_seen: bool
    note: str
    waited_s: int
    for_me: bool = Field(description="Redirected to this counter or its administrator")
    booked_for: datetime | None = Field(description="A booked visitor's slot")


class CounterQueueOut(BaseModel):
    waiting: int
    longest_wait_s: int
    tickets: list[QueueEntryOut] = Field(description="Next first, at most 100")

    @classmethod
    def of(cls, q: CounterQueue) -> CounterQueueOut:
        return cls(
            waiting=q.waiting,
            longest_wait_s=q.longest_wait_s,
            tickets=[
                QueueEntryOut(
                    ticket_id=e.ticket.id,
                    number=e.ticket.number,
                    service_id=e.ticket.service_id,
                    priority=e.ticket.priority,
                    document_seen=e.ticket.document_seen,
                    note=e.ticket.note,
                    waited_s=e.waited_s,
                    for_me=e.for_me,
                    booked_for=e.ticket.booked_for,
                )
                for e in q.entries
            ],
        )


class DayOut(BaseModel):
    served: int
    no_shows: int
    average_service_s: int | None
    paused_s: int
    paused_since: datetime | None

    @classmethod
    def of(cls, day: Day) -> DayOut:
        return cls.model_validate(day, from_attributes=True)


class HistoryOut(BaseModel):
    seq: int
    type: str
    at: datetime
    actor: str = Field(description="Who did it: a staff member's name, a kiosk, the system")
    counter_id: int | None
    data: dict[str, object]

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryOut:
        e = entry.event
        return cls(
            seq=e.seq,
            type=e.type,
            at=e.at,
            actor=entry.actor_name,
            counter_id=e.counter_id,
            data={k: v for k, v in e.data.items() if k in HISTORY_FIELDS},
        )


class PauseOfficeIn(Model):
    reason: Literal["air_raid"] = "air_raid"  # the one reason to stop a whole office
