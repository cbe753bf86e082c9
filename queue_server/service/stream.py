"""The live event stream of an office: who may follow it, what each caller may see, and
how a client that connects with ``since=<seq>`` catches up from the event log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from queue_server.domain.announcements import (
    announcement,
    bilingual_announcement,
    office_announcement,
)
from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.service.ports import Clock, PublishedEvent, UnitOfWorkFactory
from queue_server.service.queries import QueueSnapshot, queue_snapshot

REPLAY_LIMIT = 1000  # events replayed per read; a longer gap is read in several

# What a hall display gets: calls and the windows' state, never notes or priority
# categories, and nothing it does not show (a hall may hold a thousand screens, and
# every message is sent to each of them).
DISPLAY_EVENTS: Mapping[str, tuple[str, ...]] = {
    "ticket.called": ("number", "counter_id", "counter_number"),
    "ticket.recalled": ("number", "counter_id", "counter_number", "recall_count"),
    "counter.opened": ("counter_number",),
    "counter.closed": ("counter_number",),
    "counter.paused": ("counter_number",),
    "counter.resumed": ("counter_number",),
    "office.paused": ("reason",),
    "office.resumed": (),
    # A board reloads when its office, a window or the display itself is reconfigured.
    "config.changed": ("entity", "entity_id", "action"),
}


def may_follow(principal: Principal, office_id: int) -> bool:
    """Staff of the office and its displays may follow its stream."""
    allowed = principal.has_any(Role) or principal.is_device(DeviceKind.DISPLAY)
    return allowed and principal.sees_office(office_id)


ANNOUNCED = frozenset({"ticket.called", "ticket.recalled"})
OFFICE_MESSAGES = {"office.paused": "air-raid", "office.resumed": "all-clear"}


def spoken(number: object, counter_number: object) -> dict[str, list[str]] | None:
    """The sound segments of a call: Ukrainian, English, and both after one chime;
    None if it cannot be read."""
    try:
        ticket, window = str(number), int(str(counter_number))
        return {
            "uk": announcement(ticket, window, "uk"),
            "en": announcement(ticket, window, "en"),
            "both": bilingual_announcement(ticket, window),
        }
    except ValueError:
        return None


def visible(event: PublishedEvent, principal: Principal) -> dict[str, object] | None:
    """The event as this caller may see it, as a wire message; None if not at all."""
    data: Mapping[str, object] = event.data
    if principal.kind != "user":
        fields = DISPLAY_EVENTS.get(event.type)
        if fields is None:
            return None
        data = {k: v for k, v in data.items() if k in fields}
        if event.type in ANNOUNCED:
            data = {**data, "announce": spoken(data.get("number"), data.get("counter_number"))}
        elif event.type in OFFICE_MESSAGES:
            data = {**data, "announce": office_announcement(OFFICE_MESSAGES[event.type])}
    return {
        "type": event.type,
        "seq": event.seq,
        "data": {
            **data,
            "at": event.at.isoformat(),
            "ticket_id": event.ticket_id,
            "counter_id": event.counter_id,
        },
    }


@dataclass(frozen=True)
class StreamStart:
    snapshot: QueueSnapshot
    latest: int
    missed: Sequence[PublishedEvent]


async def open_stream(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, since: int, clock: Clock
) -> StreamStart:
    """The current board and the events after ``since`` (the caller subscribed first)."""
    principal.require(may_follow(principal, office_id), office_id, "стежити за чергою / follow")
    async with uow(write=False) as tx:
        latest = await tx.events.latest(office_id)
        missed = await tx.events.since(office_id, since, REPLAY_LIMIT) if since else []
    # Read after ``latest``: the board may already show an event the client will get
    # again, never lack one it will not.
    snapshot = await queue_snapshot(uow=uow, principal=principal, office_id=office_id, clock=clock)
    return StreamStart(snapshot=snapshot, latest=latest, missed=missed)


async def events_after(
    *, uow: UnitOfWorkFactory, office_id: int, seq: int
) -> tuple[int, Sequence[PublishedEvent]]:
    """The office's latest sequence number and the events after ``seq``."""
    async with uow(write=False) as tx:
        latest = await tx.events.latest(office_id)
        missed = await tx.events.since(office_id, seq, REPLAY_LIMIT) if latest > seq else []
    return latest, missed


async def latest_seq(*, uow: UnitOfWorkFactory, office_id: int) -> int:
    """The office's latest event sequence number in the log."""
    async with uow(write=False) as tx:
        return await tx.events.latest(office_id)
