"""What the visitor's phone shows behind the ticket's QR code: the ticket, the people
ahead, the window when called, and whether it may still be rated (public, by token)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from queue_server.domain.estimates import WaitEstimate
from queue_server.domain.offices import Office
from queue_server.domain.ratings import Rating
from queue_server.domain.tickets import TicketStatus
from queue_server.service.ports import Clock, UnitOfWorkFactory
from queue_server.service.ratings import RatingRules
from queue_server.service.tickets import TicketInfo, describe, wait_estimator


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


@dataclass(frozen=True)
class Place:
    """Where a waiting ticket stands: people ahead in its service, and the wait."""

    ahead: int
    estimate: WaitEstimate | None


async def office_places(
    *, uow: UnitOfWorkFactory, office_id: int, clock: Clock
) -> Mapping[int, Place]:
    """The place of every waiting ticket of the office, by ticket id, read at once for
    all the phones following them (the same numbers ``describe`` gives one ticket)."""
    now = clock()
    places: dict[int, Place] = {}
    async with uow(write=False) as tx:
        waiting = await tx.tickets.waiting_in(office_id)  # in virtual arrival order
        by_service: dict[int, list[int]] = {}
        for ticket in waiting:
            by_service.setdefault(ticket.service_id, []).append(ticket.id)
        for service_id, ids in by_service.items():
            service = await tx.catalog.service(service_id)
            estimator = await wait_estimator(tx, service, now)
            for ahead, ticket_id in enumerate(ids):
                places[ticket_id] = Place(ahead, estimator(ahead) if estimator else None)
    return places
