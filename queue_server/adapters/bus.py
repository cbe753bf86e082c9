"""The in-process event bus of the embedded mode: committed events to local listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from queue_server.service.ports import Listener, PublishedEvent

log = logging.getLogger(__name__)


async def deliver(listeners: Sequence[Listener], events: Sequence[PublishedEvent]) -> None:
    """Hand events to every listener, in order; one faulty listener stops none of the others."""
    for listener in list(listeners):
        try:
            await listener(events)
        except Exception:
            log.exception("event listener failed")


class InProcessBus:
    """Calls every subscribed listener with each batch of committed events, in order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def on_resync(self, callback: Callable[[], None]) -> None:
        """Nothing is ever lost in process."""

    async def start(self) -> None:
        """Nothing to start."""

    async def close(self) -> None:
        """Nothing to close."""

    async def ready(self) -> bool:
        """Always: the bus is this process."""
        return True

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def publish(self, events: Sequence[PublishedEvent]) -> None:
        await deliver(self._listeners, events)
