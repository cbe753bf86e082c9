"""Use cases of ratings: from the pad at the window or the visitor's phone, one per
ticket; the feedback a manager reviews; the daily digest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from queue_server.domain.errors import AlreadyRated, Forbidden
from queue_server.domain.events import TicketRated
from queue_server.domain.ratings import (
    FeedbackStatus,
    Rating,
    RatingInput,
    RatingSource,
    loyalty_index,
)
from queue_server.domain.services import Service
from queue_server.domain.tickets import Ticket
from queue_server.domain.users import CONFIGURERS, DeviceKind, Principal, User
from queue_server.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

#: A pad offers the ticket just finished at its window for this long.
PAD_PROMPT = timedelta(minutes=3)
#: ... and accepts its rating for this long after the service ended.
PAD_WINDOW = timedelta(minutes=15)
FEEDBACK_LIMIT = 200
REVIEW = "переглядати відгуки / review feedback"


@dataclass(frozen=True)
class RatingRules:
    window: timedelta = timedelta(hours=24)  # how long after the service a phone may rate


async def _rate(
    tx: UnitOfWork,
    ticket: Ticket,
    given: RatingInput,
    source: RatingSource,
    now: datetime,
    window: timedelta,
) -> Rating:
    existing = await tx.ratings.of_ticket(ticket.id)
    rating = Rating.of(ticket, given, source, now, window, already_rated=existing is not None)
    if not await tx.ratings.add(rating):
        raise AlreadyRated(number=ticket.number)
    # The visitor's phone follows its ticket's events: it shows the thanks at once.
    tx.log(
        ticket.office_id,
        [TicketRated(at=now, source=source.value)],
        ticket=ticket,
    )
    await tx.commit()
    return rating


async def rate_from_phone(
    *,
    uow: UnitOfWorkFactory,
    track_token: str,
    given: RatingInput,
    clock: Clock,
    rules: RatingRules,
) -> Rating:
    """The visitor rates from the page behind the ticket's QR code (no login)."""
    async with uow(actor="visitor") as tx:
        ticket = await tx.tickets.by_track_token(track_token)
        return await _rate(tx, ticket, given, RatingSource.PHONE, clock(), rules.window)


def _pad(principal: Principal) -> None:
    principal.require(
        principal.is_device(DeviceKind.RATING_PAD), None, "оцінювати з планшета / rating pad"
    )


async def rating_prompt(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, clock: Clock
) -> tuple[Ticket, Service] | None:
    """The ticket just finished at the pad's window and not yet rated, with its service."""
    _pad(principal)
    now = clock()
    async with uow(write=False) as tx:
        counter = await tx.counters.get(counter_id)
        principal.require(True, counter.office_id, "оцінювати з планшета / rating pad")
        ticket = await tx.tickets.last_finished_at(counter_id, now - PAD_PROMPT)
        if ticket is None or await tx.ratings.of_ticket(ticket.id) is not None:
            return None
        return ticket, await tx.catalog.service(ticket.service_id)


async def rate_from_pad(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    ticket_id: int,
    given: RatingInput,
    clock: Clock,
) -> Rating:
    """The visitor rates on the pad at the window, right after the service."""
    _pad(principal)
    async with uow(actor=principal.actor) as tx:
        ticket = await tx.tickets.get(ticket_id)
        principal.require(True, ticket.office_id, "оцінювати з планшета / rating pad")
        return await _rate(tx, ticket, given, RatingSource.PAD, clock(), PAD_WINDOW)


async def rating_of(*, uow: UnitOfWorkFactory, track_token: str) -> Rating | None:
    """The rating of the ticket behind a QR code, if it has one (public, by token)."""
    async with uow(write=False) as tx:
        ticket = await tx.tickets.by_track_token(track_token)
        return await tx.ratings.of_ticket(ticket.id)


# --- review -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackItem:
    rating: Rating
    ticket_number: str
    service_name_uk: str
    service_name_en: str
    operator_name: str | None  # for managers; an assignee sees no names


def _sees(principal: Principal, rating: Rating) -> bool:
    """Managers see all of their office; anyone else only what is assigned to them, and
    never feedback about themselves."""
    if principal.has_any(CONFIGURERS):
        return True
    return rating.assignee_id == principal.id and not rating.about(principal.id)


async def feedback_list(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    statuses: Sequence[FeedbackStatus] = tuple(FeedbackStatus),
) -> Sequence[FeedbackItem]:
    """Low scores, comments and complaints, newest first, with their review status."""
    principal.require(principal.kind == "user", office_id, REVIEW)
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        ratings = [
            r
            for r in await tx.ratings.feedback(office_id, statuses, FEEDBACK_LIMIT)
            if _sees(principal, r)
        ]
        return [await _item(tx, principal, r) for r in ratings]


async def _item(tx: UnitOfWork, principal: Principal, rating: Rating) -> FeedbackItem:
    ticket = await tx.tickets.get(rating.ticket_id)
    service = await tx.catalog.service(rating.service_id)
    operator = None
    if rating.operator_id is not None and principal.has_any(CONFIGURERS):
        operator = (await tx.users.get(rating.operator_id)).display_name
    return FeedbackItem(rating, ticket.number, service.name_uk, service.name_en, operator)


_UNSET = object()


async def review_feedback(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    rating_id: int,
    status: FeedbackStatus | None = None,
    answer: str | None = None,
    assignee_id: int | object | None = _UNSET,
    clock: Clock,
) -> FeedbackItem:
    """Assign (managers), move on and answer (managers and the assignee)."""
    now = clock()
    async with uow(actor=principal.actor) as tx:
        rating = await tx.ratings.get(rating_id)
        principal.require(principal.kind == "user", rating.office_id, REVIEW)
        principal.require(_sees(principal, rating), rating.office_id, REVIEW)
        if assignee_id is not _UNSET:
            principal.require_roles(CONFIGURERS, rating.office_id, REVIEW)
            if isinstance(assignee_id, int):
                assignee = await tx.users.get(assignee_id)
                if assignee.office_id not in (None, rating.office_id):
                    raise Forbidden(action=REVIEW)
            rating.assign(assignee_id if isinstance(assignee_id, int) else None, now)
        if status is not None or answer is not None:
            rating.review(status or rating.status, answer, now)
        await tx.ratings.save(rating)
        item = await _item(tx, principal, rating)
        await tx.commit()
    return item


# --- the daily digest -----------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: int | None
    name_uk: str
    name_en: str
    count: int
    average: float | None
    loyalty: float | None


@dataclass(frozen=True)
class Digest:
    day: date
    count: int
    average: float | None
    loyalty: float | None
    by_service: Sequence[Tally]
    by_operator: Sequence[Tally]
    complaints: int
    unanswered: int


def _tally(key: int | None, name_uk: str, name_en: str, ratings: Sequence[Rating]) -> Tally:
    scores = [r.score for r in ratings]
    return Tally(
        key=key,
        name_uk=name_uk,
        name_en=name_en,
        count=len(scores),
        average=round(sum(scores) / len(scores), 2) if scores else None,
        loyalty=loyalty_index(r.recommend for r in ratings if r.recommend is not None),
    )


async def daily_digest(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, day: date | None, clock: Clock
) -> Digest:
    """A day's ratings (yesterday by default) by service and administrator, the loyalty
    index, and what still waits for an answer (managers)."""
    principal.require_roles(CONFIGURERS, office_id, REVIEW)
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        day = day or office.business_day(clock()) - timedelta(days=1)
        start = datetime.combine(day, time(0), tzinfo=office.zone)
        ratings = await tx.ratings.between(office_id, start, start + timedelta(days=1))
        by_service: dict[int, list[Rating]] = defaultdict(list)
        by_operator: dict[int | None, list[Rating]] = defaultdict(list)
        for r in ratings:
            by_service[r.service_id].append(r)
            by_operator[r.operator_id].append(r)
        services = {s.id: s for s in await tx.catalog.services(office_id)}
        operators = []
        for uid, rs in by_operator.items():
            name = (await tx.users.get(uid)).display_name if uid is not None else "—"
            operators.append(_tally(uid, name, name, rs))
        unanswered = await tx.ratings.unanswered(office_id)
    whole = _tally(None, "", "", ratings)
    return Digest(
        day=day,
        count=whole.count,
        average=whole.average,
        loyalty=whole.loyalty,
        by_service=sorted(
            (
                _tally(sid, services[sid].name_uk, services[sid].name_en, rs)
                for sid, rs in by_service.items()
            ),
            key=lambda t: t.name_uk,
        ),
        by_operator=sorted(operators, key=lambda t: t.name_uk),
        complaints=sum(r.complaint for r in ratings),
        unanswered=unanswered,
    )


async def office_staff(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int
) -> Sequence[User]:
    """Who works in the office, to hand feedback to (managers)."""
    principal.require_roles(CONFIGURERS, office_id, REVIEW)
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        return await tx.users.of_office(office_id)
