"""What the administrator's window and the reception desk read: the queue a counter may
call from, an administrator's day, a ticket's history, tickets found by number."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.domain.tickets import Ticket
from queue_server.domain.users import FRONT_DESK, Principal, Role
from queue_server.service.counters import my_counter
from queue_server.service.ports import Clock, PublishedEvent, UnitOfWorkFactory
from queue_server.service.rules import QueueRules
from queue_server.service.tickets import TicketInfo, describe

QUEUE_LIST_LIMIT = 100
VIEW_TICKETS = "переглядати талони / view tickets"
# Latin letters a visitor may read out for the Cyrillic prefixes that look the same.
LOOKALIKES = str.maketrans("ABCEHIKMOPTXY", "АВСЕНІКМОРТХУ")


@dataclass(frozen=True)
class QueueEntry:
    ticket: Ticket
    waited_s: int
    for_me: bool  # redirected to this counter or operator


@dataclass(frozen=True)
class CounterQueue:
    """The tickets a counter may call, in the order call-next would call them."""

    waiting: int
    longest_wait_s: int
    entries: Sequence[QueueEntry]


async def counter_queue(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    clock: Clock,
    rules: QueueRules,
) -> CounterQueue:
    """The queue for my services at my counter, next first."""
    now = clock()
    async with uow(write=False) as tx:
        counter = await my_counter(tx, principal, counter_id)
        tiers = await tx.users.skills(principal.id)
        waiting = await tx.tickets.waiting_in(counter.office_id)
    policy = rules.policy
    keyed = [
        (key, t)
        for t in waiting
        if (
            key := policy.sort_key(
                t, counter_id=counter_id, operator_id=principal.id, tiers=tiers, now=now
            )
        )
        is not None
    ]
    keyed.sort(key=lambda pair: pair[0])
    ages = [int((now - t.arrived_at).total_seconds()) for _, t in keyed]
    entries = [
        QueueEntry(
            ticket=t,
            waited_s=max(0, age),
            for_me=t.target_counter_id == counter_id or t.target_operator_id == principal.id,
        )
        for (_, t), age in zip(keyed[:QUEUE_LIST_LIMIT], ages, strict=False)
    ]
    return CounterQueue(waiting=len(keyed), longest_wait_s=max([0, *ages]), entries=entries)


@dataclass(frozen=True)
class Day:
    """An administrator's working day so far."""

    served: int
    no_shows: int
    average_service_s: int | None
    paused_s: int
    paused_since: datetime | None


async def my_day(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, clock: Clock
) -> Day:
    """Served visitors, average service time and paused time today at my counter."""
    now = clock()
    async with uow(write=False) as tx:
        counter = await my_counter(tx, principal, counter_id)
        office = await tx.offices.get(counter.office_id)
        day = office.business_day(now)
        tickets = await tx.tickets.served_by(office.id, principal.id, day)
        midnight = office.local(now).replace(hour=0, minute=0, second=0, microsecond=0)
        pauses = await tx.events.of_counter(
            counter_id, midnight, ("counter.paused", "counter.resumed")
        )
    durations = [
        (t.finished_at - t.started_at).total_seconds()
        for t in tickets
        if t.started_at is not None and t.finished_at is not None and t.outcome is not None
    ]
    return Day(
        served=len(durations),
        no_shows=len(tickets) - len(durations),
        average_service_s=int(sum(durations) / len(durations)) if durations else None,
        paused_s=_paused_seconds(pauses, principal.actor, now),
        paused_since=counter.paused_at,
    )


def _paused_seconds(events: Sequence[PublishedEvent], actor: str, now: datetime) -> int:
    """The time between each of the actor's pauses and the resume after it (or now)."""
    total = timedelta(0)
    started: datetime | None = None
    for event in events:
        if event.actor != actor:
            continue
        if event.type == "counter.paused":
            started = event.at
        elif started is not None:
            total += event.at - started
            started = None
    if started is not None:
        total += now - started
    return int(total.total_seconds())


@dataclass(frozen=True)
class HistoryEntry:
    event: PublishedEvent
    actor_name: str  # staff display name, the device's kind, or "система"


async def ticket_history(
    *, uow: UnitOfWorkFactory, principal: Principal, ticket_id: int
) -> Sequence[HistoryEntry]:
    """Every step of a ticket, oldest first (staff of its office)."""
    async with uow(write=False) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require_roles(Role, ticket.office_id, VIEW_TICKETS)
        events = await tx.events.of_ticket(ticket_id)
        names: dict[str, str] = {}
        for event in events:
            kind, _, raw_id = event.actor.partition(":")
            if event.actor in names:
                continue
            if kind == "user" and raw_id.isdigit():
                names[event.actor] = (await tx.users.get(int(raw_id))).display_name
            elif kind == "device":
                names[event.actor] = "термінал / kiosk"
            else:
                names[event.actor] = "система / system"
    return [HistoryEntry(e, names[e.actor]) for e in events]


def normalise_number(text: str) -> str:
    """ "п12", "P-12" or "П 012" as the printed form "П-012"."""
    compact = re.sub(r"[\s\-–—_]", "", text.strip().upper()).translate(LOOKALIKES)
    match = re.fullmatch(r"(\D+)(\d{1,4})", compact)
    if not match:
        return compact
    prefix, digits = match.groups()
    return f"{prefix}-{int(digits):03d}"


async def find_tickets(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, number: str, clock: Clock
) -> Sequence[TicketInfo]:
    """Today's tickets of the office with this number (reception finds a visitor's)."""
    principal.require_roles(FRONT_DESK | {Role.ADMINISTRATOR}, office_id, VIEW_TICKETS)
    now = clock()
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        found = await tx.tickets.by_number(
            office_id, office.business_day(now), normalise_number(number)
        )
        return [await describe(tx, t, now) for t in found]
