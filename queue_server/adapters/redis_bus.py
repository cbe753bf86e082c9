"""The Redis event bus of the scaled mode: committed events reach every worker.

Publishing sends each batch on one channel. One listener task per process receives every
batch, from any worker, and hands it to the local listeners (the websocket hub). The
listener reconnects by itself, with backoff, after Redis restarts; when it is back it
asks the listeners to resynchronise, because anything published meanwhile is lost to
Pub/Sub (the database log still has it, and sockets catch up from there). A batch that
cannot be published is delivered locally at once, so this worker's sockets never wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError

from queue_server.adapters.bus import deliver
from queue_server.service.ports import Listener, PublishedEvent

log = logging.getLogger(__name__)

CHANNEL = "qms:events"
BACKOFF_S = (0.2, 0.5, 1.0, 2.0)  # reconnect delays, the last one repeated


def encode(events: Sequence[PublishedEvent]) -> str:
    return json.dumps(
        [
            {
                "office_id": e.office_id,
                "seq": e.seq,
                "type": e.type,
                "at": e.at.isoformat(),
                "ticket_id": e.ticket_id,
                "counter_id": e.counter_id,
                "actor": e.actor,
                "data": dict(e.data),
            }
            for e in events
        ],
        ensure_ascii=False,
    )


def decode(payload: str | bytes) -> list[PublishedEvent]:
    return [
        PublishedEvent(
            office_id=int(item["office_id"]),
            seq=int(item["seq"]),
            type=str(item["type"]),
            at=datetime.fromisoformat(item["at"]),
            ticket_id=item["ticket_id"],
            counter_id=item["counter_id"],
            actor=str(item["actor"]),
            data=item["data"],
        )
        for item in json.loads(payload)
    ]


class RedisBus:
    def __init__(self, url: str) -> None:
        self._redis: Redis = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None)
        self._listeners: list[Listener] = []
        self._resync: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def on_resync(self, callback: Callable[[], None]) -> None:
        """Called after the listener reconnects: events may have been lost meanwhile."""
        self._resync.append(callback)

    async def publish(self, events: Sequence[PublishedEvent]) -> None:
        try:
            await self._redis.publish(CHANNEL, encode(events))
        except (RedisError, OSError) as exc:
            log.warning("event bus unreachable (%s); delivering locally", exc)
            await deliver(self._listeners, events)

    async def ready(self) -> bool:
        """Redis answers and this process's listener is subscribed."""
        try:
            answered = bool(await asyncio.wait_for(self._redis.ping(), 2.0))
        except (RedisError, OSError, TimeoutError):
            return False
        return answered and self.connected.is_set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="redis-bus-listener")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._redis.aclose()

    async def _listen(self) -> None:
        failures = 0
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                if failures:
                    log.info("event bus reconnected")
                    for callback in self._resync:
                        callback()
                failures = 0
                self.connected.set()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        await deliver(self._listeners, decode(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis went away: wait and try again
                self.connected.clear()
                delay = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
                failures += 1
                log.warning("event bus listener lost (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
