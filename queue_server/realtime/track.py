"""``WS /ws/track/{track_token}``: the visitor's phone follows one ticket.

The phone gets ``{"type": "ticket", "data": <PhoneOut>}`` on connect and again whenever
what it shows changes: people ahead, the estimate, the call and its window, the rating.
An event of the phone's own ticket (its call) or of the office (a pause) is read and
shown at once. Any other ticket's event may move its place: the places of all the
office's waiting tickets are read once for every phone (``Places``), ``MIN_GAP`` seconds
after the first event of a burst and at each heartbeat; every ``FULL_READ_EVERY``
heartbeats the whole view is read again, which also catches anything the bus lost.
No login: the unguessable token is the key, and the view holds nothing personal. A
handshake from a page of another site (its ``Origin``) is refused with 403.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.encoders import jsonable_encoder

from queue_server import __version__
from queue_server.api.csrf import origin_allowed
from queue_server.api.metrics import Metrics
from queue_server.api.rating_schemas import PhoneOut
from queue_server.container import Container
from queue_server.domain.errors import QueueError, Unavailable
from queue_server.realtime.hub import Hub, Subscription
from queue_server.service.phone import Place, office_places, phone_view

router = APIRouter()
POLICY_VIOLATION = 1008
TRY_AGAIN_LATER = 1013  # the database is down: the phone comes back (or polls)
MIN_GAP = 0.3  # seconds to gather a burst of events before the places are read again
FULL_READ_EVERY = 6  # heartbeats between two reads of the phone's whole view
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RELEVANT = ("ticket.", "office.")


@router.websocket("/ws/track/{track_token}")
async def ticket_stream(websocket: WebSocket, track_token: str) -> None:
    container: Container = websocket.app.state.container
    if not origin_allowed(websocket, container.settings):
        await websocket.close(code=POLICY_VIOLATION)  # before accept: HTTP 403
        return
    hub: Hub = websocket.app.state.hub
    try:
        if not TOKEN.match(track_token):
            raise QueueError()
        office_id, ticket_id, shown = await _read(container, track_token)
    except Unavailable:
        await websocket.close(code=TRY_AGAIN_LATER)
        return
    except QueueError:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    metrics: Metrics = websocket.app.state.metrics
    try:
        with hub.subscribe(office_id) as subscription, metrics.connected("track"):
            places: Places = websocket.app.state.places
            follower = _Phone(office_id, ticket_id, track_token)
            await _follow(websocket, places, container, subscription, follower, shown)
    except Unavailable:
        await websocket.close(code=TRY_AGAIN_LATER)
    except WebSocketDisconnect:
        pass


async def _read(container: Container, track_token: str) -> tuple[int, int, dict[str, object]]:
    """The office and the id of the ticket, and the phone's view of it as JSON."""
    view = await phone_view(
        uow=container.uow,
        track_token=track_token,
        clock=container.clock,
        rules=container.rating_rules,
    )
    shown: dict[str, object] = jsonable_encoder(PhoneOut.of_view(view))
    return view.office_id, view.info.ticket.id, shown


class Places:
    """The places of an office's waiting tickets, read once for all the phones that ask
    after the same change: a call moves a thousand phones one place up with one read."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self._reads: dict[int, tuple[float, asyncio.Task[Mapping[int, Place]]]] = {}

    async def get(self, office_id: int, after: float) -> Mapping[int, Place]:
        """Places read after loop time ``after`` (a read in flight since then will do)."""
        loop = asyncio.get_running_loop()
        started, read = self._reads.get(office_id, (-1.0, None))
        if read is None or started < after or (read.done() and read.exception()):
            read = loop.create_task(
                office_places(
                    uow=self.container.uow, office_id=office_id, clock=self.container.clock
                )
            )
            self._reads[office_id] = (loop.time(), read)
        return await asyncio.shield(read)


@dataclass(frozen=True)
class _Phone:
    office_id: int
    ticket_id: int
    track_token: str


def _moved(shown: dict[str, object], place: Place | None) -> dict[str, object] | None:
    """The view with the ticket's new place; None if it has none (no longer waiting)."""
    if place is None or shown.get("status") != "waiting":
        return None
    estimate = place.estimate
    return shown | {
        "position": place.ahead,
        "estimate": None
        if estimate is None
        else {
            "low_min": estimate.low_min,
            "high_min": estimate.high_min,
            "text_uk": estimate.text("uk"),
            "text_en": estimate.text("en"),
        },
    }


async def _follow(
    websocket: WebSocket,
    places: Places,
    container: Container,
    subscription: Subscription,
    phone: _Phone,
    shown: dict[str, object],
) -> None:
    loop = asyncio.get_running_loop()
    track_token, ticket_id = phone.track_token, phone.ticket_id
    interval = container.settings.heartbeat_seconds
    await websocket.send_json({"type": "ticket", "version": __version__, "data": shown})
    closed = asyncio.create_task(_wait_closed(websocket, subscription))
    moved_since: float | None = None  # another ticket changed: our place may have moved
    mine, beats, next_beat = False, 0, loop.time() + interval
    try:
        while not closed.done():
            while subscription.queue:
                event = subscription.queue.popleft()
                # The visitor's own ticket (its call) and the office's pause are read and
                # shown at once; other tickets' events only move the place.
                if event.ticket_id == ticket_id or event.type.startswith("office."):
                    mine = True
                elif event.type.startswith("ticket.") and moved_since is None:
                    moved_since = loop.time()
            if subscription.nudged or subscription.overflowed:
                subscription.nudged = subscription.overflowed = False
                mine = True  # events may be lost: read everything
            now = loop.time()
            beat = now >= next_beat
            beats += beat
            fresh: dict[str, object] | None = None
            if mine or (beat and beats % FULL_READ_EVERY == 0):
                _, _, fresh = await _read(container, track_token)
                mine, moved_since = False, None
            elif beat or (moved_since is not None and now - moved_since >= MIN_GAP):
                # A heartbeat takes places read within the last interval: one read serves
                # every phone of the office.
                after = moved_since if moved_since is not None else now - interval
                moved_since = None
                now_places = await places.get(phone.office_id, after)
                fresh = _moved(shown, now_places.get(ticket_id))
                if fresh is None and shown.get("status") == "waiting":
                    _, _, fresh = await _read(container, track_token)
            if fresh is not None and fresh != shown:
                shown = fresh
                await websocket.send_json({"type": "ticket", "data": shown})
            if beat:
                await websocket.send_json({"type": "heartbeat", "version": __version__})
                next_beat = now + interval
            wake = next_beat if moved_since is None else min(next_beat, moved_since + MIN_GAP)
            subscription.ready.clear()
            if subscription.queue or closed.done():
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, wake - loop.time())):
                    await subscription.ready.wait()
    finally:
        closed.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await closed


async def _wait_closed(websocket: WebSocket, subscription: Subscription) -> None:
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    finally:
        subscription.ready.set()
