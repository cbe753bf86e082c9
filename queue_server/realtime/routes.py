"""``WS /ws/offices/{office_id}?since=<seq>``: snapshot, missed events, then live events.

Messages are JSON ``{"type", "seq", "data"}``: first a ``snapshot`` of the board, then
every event after ``since`` from the log, then live events, deduplicated by ``seq``.
Every ~10 s a ``heartbeat`` carries the office's latest ``seq`` (and, like the snapshot,
the server ``version``, so a screen reloads itself after an upgrade); before it the server
reads the log for anything the bus did not deliver, so a socket converges by itself.
A display authenticates with its device token (``?token=``), staff with the session;
``?zone=A`` limits the stream to the calls of that zone's windows. A handshake from a page
of another site (its ``Origin``) is refused with 403 before any credentials are read.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from fastapi.encoders import jsonable_encoder

from queue_server import __version__
from queue_server.api.csrf import origin_allowed
from queue_server.api.deps import SESSION_COOKIE
from queue_server.api.metrics import Metrics
from queue_server.api.schemas import QueueOut
from queue_server.container import Container
from queue_server.domain.errors import QueueError, Unavailable
from queue_server.domain.users import Principal
from queue_server.realtime.hub import Hub, Subscription
from queue_server.service import auth, stream
from queue_server.service.ports import PublishedEvent

POLICY_VIOLATION = 1008  # refused: no or wrong credentials, or not this office
TRY_AGAIN_LATER = 1013  # a client too slow for its queue, or the database is down

router = APIRouter()


@router.websocket("/ws/offices/{office_id}")
async def office_stream(
    websocket: WebSocket,
    office_id: int,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    zone: Annotated[str | None, Query(max_length=32)] = None,
) -> None:
    container: Container = websocket.app.state.container
    if not origin_allowed(websocket, container.settings):
        await websocket.close(code=POLICY_VIOLATION)  # before accept: HTTP 403
        return
    hub: Hub = websocket.app.state.hub
    metrics: Metrics = websocket.app.state.metrics
    token = websocket.query_params.get("token") or websocket.cookies.get(SESSION_COOKIE)
    try:
        if not token:
            raise QueueError()
        principal = await auth.authenticate(uow=container.uow, token=token, clock=container.clock)
        with hub.subscribe(office_id) as subscription:
            start = await stream.open_stream(
                uow=container.uow,
                principal=principal,
                office_id=office_id,
                since=since,
                clock=container.clock,
            )
            await websocket.accept()
            with metrics.connected("office"):
                await auth.touch_device(
                    uow=container.uow, principal=principal, clock=container.clock
                )
                snapshot = jsonable_encoder(QueueOut.of(start.snapshot))
                # A display limited to a zone (a set of windows) sees only their calls.
                in_zone = {
                    c["id"] for c in snapshot["counters"] if zone is None or c["zone"] == zone
                }
                if zone is not None:
                    snapshot["counters"] = [c for c in snapshot["counters"] if c["id"] in in_zone]
                    snapshot["recent_calls"] = [
                        c for c in snapshot["recent_calls"] if c["counter_id"] in in_zone
                    ]
                await websocket.send_json(
                    {
                        "type": "snapshot",
                        "seq": start.latest,
                        "version": __version__,
                        "heartbeat": container.settings.heartbeat_seconds,
                        "data": snapshot,
                    }
                )
                # A new client (or one from before a reset) starts from the snapshot.
                last = since if 0 < since <= start.latest else start.latest
                counters = in_zone if zone is not None else None
                session = _Session(websocket, container, hub, principal, office_id, last, counters)
                await session.send(start.missed)
                await session.follow(subscription)
    except Unavailable:
        await websocket.close(code=TRY_AGAIN_LATER)  # not the client's fault: come back
    except QueueError:
        await websocket.close(code=POLICY_VIOLATION)
    except WebSocketDisconnect:
        pass


def _encode(event: PublishedEvent, principal: Principal) -> str | None:
    message = stream.visible(event, principal)
    return None if message is None else json.dumps(message, ensure_ascii=False)


class _Session:
    def __init__(
        self,
        websocket: WebSocket,
        container: Container,
        hub: Hub,
        principal: Principal,
        office_id: int,
        last: int,
        counters: set[int] | None,
    ) -> None:
        self.websocket = websocket
        self.container = container
        self.hub = hub
        self.principal = principal
        self.office_id = office_id
        self.last = last
        self.counters = counters  # the zone's counters; None: every counter

    async def send(self, events: Sequence[PublishedEvent]) -> None:
        for event in events:
            if event.seq <= self.last:
                continue  # already sent: replay and live stream overlap
            # Encoded once per event for all staff and once for all devices, not per socket.
            key = (event.office_id, event.seq, self.principal.kind == "user")
            text = self.hub.rendered(key, functools.partial(_encode, event, self.principal))
            outside = self.counters is not None and event.counter_id not in (None, *self.counters)
            if text is not None and not outside:
                await self.websocket.send_text(text)
            self.last = event.seq

    async def catch_up(self) -> int:
        """Send what the log has beyond the last sent event; returns the latest seq."""
        while True:
            latest, missed = await stream.events_after(
                uow=self.container.uow, office_id=self.office_id, seq=self.last
            )
            await self.send(missed)
            if not missed or self.last >= latest:
                return latest

    async def follow(self, subscription: Subscription) -> None:
        """Send live events as they come, a heartbeat every interval (also when busy),
        and read the log whenever the bus may have lost something."""
        closed = asyncio.create_task(self._wait_closed(subscription))
        loop = asyncio.get_running_loop()
        interval = self.container.settings.heartbeat_seconds
        next_beat = loop.time() + interval
        try:
            while not closed.done():
                if subscription.overflowed:
                    await self.websocket.close(code=TRY_AGAIN_LATER)
                    return
                now = loop.time()
                if now >= next_beat:
                    await self.heartbeat()
                    next_beat = now + interval
                elif subscription.nudged:
                    subscription.nudged = False
                    await self.catch_up()
                elif subscription.queue:
                    event = subscription.queue.popleft()
                    if event.seq > self.last + 1:
                        await self.catch_up()  # a gap: the bus lost something; the log has it
                    else:
                        await self.send([event])
                else:
                    subscription.ready.clear()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(next_beat - now):
                            await subscription.ready.wait()
        finally:
            closed.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await closed

    async def heartbeat(self) -> None:
        """The latest seq, after reading the log for anything the bus did not deliver."""
        interval = self.container.settings.heartbeat_seconds
        latest = await self.hub.latest_seq(
            self.office_id,
            functools.partial(stream.latest_seq, uow=self.container.uow, office_id=self.office_id),
            max_age=interval / 2,
        )
        if latest > self.last:
            latest = max(latest, await self.catch_up())
        if self.hub.due(("seen", self.principal.kind, self.principal.id), interval):
            await auth.touch_device(
                uow=self.container.uow, principal=self.principal, clock=self.container.clock
            )
        latest = max(latest, self.last)
        await self.websocket.send_json({"type": "heartbeat", "seq": latest, "version": __version__})

    async def _wait_closed(self, subscription: Subscription) -> None:
        try:
            while (await self.websocket.receive())["type"] != "websocket.disconnect":
                pass
        finally:
            subscription.ready.set()  # wake the sender so that it stops
