"""``WS /ws/track/{track_token}``: the visitor's phone follows one ticket.

The phone gets ``{"type": "ticket", "data": <PhoneOut>}`` on connect and again whenever
what it shows changes: people ahead, the estimate, the call and its window, the rating.
Any ticket or office event of the office may change it, so the view is read again after
such events, at most once per ``MIN_GAP`` seconds, and at every heartbeat (which also
catches anything the bus lost). No login: the unguessable token is the key, and the
view holds nothing personal.
"""

from __future__ import annotations

import asyncio
import contextlib
import re

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.encoders import jsonable_encoder

from queue_server import __version__
from queue_server.api.rating_schemas import PhoneOut
from queue_server.container import Container
from queue_server.domain.errors import QueueError
from queue_server.realtime.hub import Hub, Subscription
from queue_server.service.phone import phone_view

router = APIRouter()
POLICY_VIOLATION = 1008
MIN_GAP = 1.0  # seconds between two reads of the view while events keep coming
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RELEVANT = ("ticket.", "office.")


@router.websocket("/ws/track/{track_token}")
async def ticket_stream(websocket: WebSocket, track_token: str) -> None:
    container: Container = websocket.app.state.container
    hub: Hub = websocket.app.state.hub
    try:
        if not TOKEN.match(track_token):
            raise QueueError()
        office_id, shown = await _read(container, track_token)
    except QueueError:
        await websocket.close(code=POLICY_VIOLATION)
        return
    await websocket.accept()
    try:
        with hub.subscribe(office_id) as subscription:
            await _follow(websocket, container, subscription, track_token, shown)
    except WebSocketDisconnect:
        pass


async def _read(container: Container, track_token: str) -> tuple[int, dict[str, object]]:
    """The office of the ticket, and the phone's view of it as JSON."""
    view = await phone_view(
        uow=container.uow,
        track_token=track_token,
        clock=container.clock,
        rules=container.rating_rules,
    )
    shown: dict[str, object] = jsonable_encoder(PhoneOut.of_view(view))
    return view.office_id, shown


async def _follow(
    websocket: WebSocket,
    container: Container,
    subscription: Subscription,
    track_token: str,
    shown: dict[str, object],
) -> None:
    loop = asyncio.get_running_loop()
    interval = container.settings.heartbeat_seconds
    await websocket.send_json({"type": "ticket", "version": __version__, "data": shown})
    closed = asyncio.create_task(_wait_closed(websocket, subscription))
    dirty, last_read, next_beat = False, loop.time(), loop.time() + interval
    try:
        while not closed.done():
            while subscription.queue:
                event = subscription.queue.popleft()
                dirty = dirty or event.type.startswith(RELEVANT)
            dirty = dirty or subscription.nudged or subscription.overflowed
            subscription.nudged = subscription.overflowed = False
            now = loop.time()
            beat = now >= next_beat
            if beat or (dirty and now - last_read >= MIN_GAP):
                _, fresh = await _read(container, track_token)
                dirty, last_read = False, now
                if fresh != shown:
                    shown = fresh
                    await websocket.send_json({"type": "ticket", "data": shown})
            if beat:
                await websocket.send_json({"type": "heartbeat", "version": __version__})
                next_beat = now + interval
            wake = next_beat if not dirty else min(next_beat, last_read + MIN_GAP)
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
