"""The call-next policy: which waiting ticket a counter calls next.

Every waiting ticket has a virtual arrival time: its arrival time minus the head start of
its priority category (and of a booked visitor who came in time), kept as
``Ticket.queue_key``. A counter calls, among the tickets it may serve, the one with the
earliest virtual arrival time, after adding the operator's tier penalty for services that
are only secondary for them. Ties go to the lower ticket id (the earlier issued).

A ticket redirected to a particular counter or operator may be called only there, and
without a penalty. A booked visitor who checked in in time is served at the slot: the
ticket's head start puts it at ``slot - booking head start``, and before the slot it is
held back (called only when nobody else the counter may call is waiting). Priority
visitors jump ahead of recent arrivals, but as head starts and penalties are fixed,
nobody waits forever.

The adapters implement the same rule as the ORDER BY of the atomic call-next statement;
a property test proves that both always pick the same ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.domain.users import Tier


@dataclass(frozen=True)
class CallNextPolicy:
    secondary_penalty: timedelta = timedelta(minutes=10)

    @property
    def secondary_penalty_ms(self) -> int:
        return int(self.secondary_penalty.total_seconds() * 1000)

    def sort_key(
        self,
        ticket: Ticket,
        *,
        counter_id: int,
        operator_id: int,
        tiers: Mapping[int, Tier],
        now: datetime,
    ) -> tuple[int, int, int] | None:
        """The ticket's place for this counter and operator, or None if they may not call it."""
        if ticket.status is not TicketStatus.WAITING:
            return None
        held = int(ticket.held_back(now))
        if ticket.target_counter_id is not None or ticket.target_operator_id is not None:
            if ticket.target_counter_id == counter_id or ticket.target_operator_id == operator_id:
                return (held, ticket.queue_key, ticket.id)
            return None
        tier = tiers.get(ticket.service_id)
        if tier is None:
            return None
        penalty = self.secondary_penalty_ms if tier is Tier.SECONDARY else 0
        return (held, ticket.queue_key + penalty, ticket.id)

    def pick(
        self,
        tickets: Iterable[Ticket],
        *,
        counter_id: int,
        operator_id: int,
        tiers: Mapping[int, Tier],
        now: datetime,
    ) -> Ticket | None:
        """The ticket the counter calls next, or None when nobody it serves is waiting."""
        best: tuple[tuple[int, int, int], Ticket] | None = None
        for ticket in tickets:
            key = self.sort_key(
                ticket, counter_id=counter_id, operator_id=operator_id, tiers=tiers, now=now
            )
            if key is not None and (best is None or key < best[0]):
                best = (key, ticket)
        return best[1] if best else None
