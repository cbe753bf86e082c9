"""What the visitor's phone shows behind the ticket's QR code: the ticket, the people
ahead, the window when called, and whether it may still be rated (public, by token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.offices import Office
from queue_server.domain.ratings import Rating
from queue_server.domain.tickets import TicketStatus
from queue_server.service.ports import Clock, UnitOfWorkFactory
from queue_server.service.ratings import RatingRules
from queue_server.service.tickets import TicketInfo, describe


@dataclass(frozen=True)
class PhoneView:
    info: TicketInfo
    office: Office
    rating: Rating | None
    ratable: bool  # finished, not rated, within the rating window

    @property
    def office_id(self) -> int:
        return self.office.id


async def phone_view(
    *, uow: UnitOfWorkFactory, track_token: str, clock: Clock, rules: RatingRules
) -> PhoneView:
    """The ticket behind a QR code as its visitor follows it."""
    now = clock()
    async with uow(write=False) as tx:
        ticket = await tx.tickets.by_track_token(track_token)
        info = await describe(tx, ticket, now)
        office = await tx.offices.get(ticket.office_id)
        rating = await tx.ratings.of_ticket(ticket.id)
    return PhoneView(info, office, rating, _ratable(info, rating, now, rules))


def _ratable(info: TicketInfo, rating: Rating | None, now: datetime, rules: RatingRules) -> bool:
    finished = info.ticket.finished_at
    return (
        rating is None
        and info.ticket.status is TicketStatus.DONE
        and finished is not None
        and now - finished <= rules.window
    )
