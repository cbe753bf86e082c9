"""Readiness: can this process serve requests right now (database and event bus)?"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from queue_server.service.ports import EventBus, UnitOfWorkFactory

log = logging.getLogger(__name__)
CHECK_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Readiness:
    database: bool
    bus: bool

    @property
    def ready(self) -> bool:
        return self.database and self.bus


async def _database_answers(uow: UnitOfWorkFactory) -> bool:
    async with uow(write=False) as tx:
        await tx.offices.any_exist()
    return True


async def readiness(*, uow: UnitOfWorkFactory, bus: EventBus) -> Readiness:
    """Whether the database answers a query and the event bus is connected."""
    try:
        database = await asyncio.wait_for(_database_answers(uow), CHECK_TIMEOUT_S)
    except Exception as exc:  # any failure means "not ready", with the reason logged
        log.warning("readiness: database unavailable: %s", exc)
        database = False
    return Readiness(database=database, bus=await bus.ready())
