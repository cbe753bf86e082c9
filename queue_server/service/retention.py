"""Personal data is kept only as long as it is needed: visitors' comments in ratings and
the free-text notes on tickets are erased after the retention period (scores, outcomes
and times stay for the reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from queue_server.service.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class Purged:
    comments: int
    notes: int


async def purge_personal_data(*, uow: UnitOfWorkFactory, clock: Clock, keep: timedelta) -> Purged:
    """Erase comments, answers and notes older than ``keep``."""
    cutoff = clock() - keep
    async with uow(actor="system") as tx:
        comments = await tx.ratings.erase_texts_before(cutoff)
        notes = await tx.tickets.erase_notes_before(cutoff)
        await tx.commit()
    return Purged(comments=comments, notes=notes)
