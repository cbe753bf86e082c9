"""What the manager's live load reads besides the board: the tickets at the counters, when
each counter last became free, today's breaks and the skills of who is at the counters.

Every read is one statement for the whole office (never one per counter).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import CounterRow, EventRow, SkillRow, TicketRow
from queue_server.domain import events as ev
from queue_server.service.ports import CounterMark, CurrentTicket

# A counter is free again after these (the event row names the counter).
_RELEASES = (ev.TicketFinished.name, ev.TicketNoShow.name, ev.CounterResumed.name)
_BREAKS = (ev.CounterPaused.name, ev.CounterResumed.name)


class SqlLoad:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def current_tickets(self, office_id: int) -> Mapping[int, CurrentTicket]:
        stmt = (
            select(
                CounterRow.id,
                TicketRow.id,
                TicketRow.service_id,
                TicketRow.called_at,
                TicketRow.started_at,
            )
            .join(TicketRow, TicketRow.id == CounterRow.current_ticket_id)
            .where(CounterRow.office_id == office_id)
        )
        return {
            counter_id: CurrentTicket(counter_id, ticket_id, service_id, called, started)
            for counter_id, ticket_id, service_id, called, started in await self.conn.execute(stmt)
        }

    async def last_released(self, office_id: int, since: datetime) -> Mapping[int, datetime]:
        e = EventRow
        recent = (e.office_id == office_id, e.at >= since)
        at_counter = (
            select(e.counter_id, func.max(e.at))
            .where(*recent, e.type.in_(_RELEASES), e.counter_id.is_not(None))
            .group_by(e.counter_id)
        )
        # A redirect names the counter it took the ticket from in its data.
        from_counter = e.data["from_counter_id"].as_integer()
        redirected = (
            select(from_counter, func.max(e.at))
            .where(*recent, e.type == ev.TicketRedirected.name)
            .group_by(from_counter)
        )
        # A ticket set aside from a call leaves the counter that called it.
        parked = (
            select(TicketRow.counter_id, func.max(e.at))
            .join(TicketRow, TicketRow.id == e.ticket_id)
            .where(
                *recent,
                e.type == ev.TicketParked.name,
                e.data["from_status"].as_string() == "called",
            )
            .group_by(TicketRow.counter_id)
        )
        latest: dict[int, datetime] = {}
        for stmt in (at_counter, redirected, parked):
            for counter_id, at in await self.conn.execute(stmt):
                if counter_id is not None and at is not None:
                    latest[counter_id] = max(at, latest.get(counter_id, at))
        return latest

    async def pause_marks(self, office_id: int, since: datetime) -> Sequence[CounterMark]:
        e = EventRow
        stmt = (
            select(e.counter_id, e.type, e.at, e.actor)
            .where(
                e.office_id == office_id,
                e.type.in_(_BREAKS),
                e.at >= since,
                e.counter_id.is_not(None),
            )
            .order_by(e.seq)
        )
        return [
            CounterMark(counter_id=c, type=kind, at=at, actor=actor)
            for c, kind, at, actor in await self.conn.execute(stmt)
        ]

    async def skills(self, user_ids: Sequence[int]) -> Mapping[int, frozenset[int]]:
        if not user_ids:
            return {}
        stmt = select(SkillRow.user_id, SkillRow.service_id).where(SkillRow.user_id.in_(user_ids))
        found: dict[int, set[int]] = {uid: set() for uid in user_ids}
        for user_id, service_id in await self.conn.execute(stmt):
            found[user_id].add(service_id)
        return {uid: frozenset(services) for uid, services in found.items()}
