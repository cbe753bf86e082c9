"""SQL for tickets: numbering, the atomic call-next claim, positions and queue figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, func, insert, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import CounterRow, DailyCounterRow, TicketRow
from queue_server.domain.errors import ConcurrentChange, NotFound
from queue_server.domain.tickets import Outcome, Ticket, TicketStatus
from queue_server.domain.users import Tier
from queue_server.service.ports import IdempotencyRace, RecentCall, ServiceQueue

if TYPE_CHECKING:
    from queue_server.adapters.unit_of_work import SqlUnitOfWork

RECENT_SERVICES = 20
UNSTORED_ID = 2_147_483_647  # how many finished services feed the wait estimate


def ticket_from_row(r: Any) -> Ticket:
    return Ticket(
        id=r.id,
        office_id=r.office_id,
        service_id=r.service_id,
        number=r.number,
        business_day=r.business_day,
        track_token=r.track_token,
        issued_at=r.issued_at,
        arrived_at=r.arrived_at,
        status=TicketStatus(r.status),
        priority=r.priority,
        head_start=timedelta(seconds=r.head_start_s),
        language=r.language,
        note=r.note,
        counter_id=r.counter_id,
        operator_id=r.operator_id,
        target_counter_id=r.target_counter_id,
        target_operator_id=r.target_operator_id,
        called_at=r.called_at,
        started_at=r.started_at,
        finished_at=r.finished_at,
        recall_count=r.recall_count,
        redirect_count=r.redirect_count,
        outcome=Outcome(r.outcome) if r.outcome else None,
        outcome_note=r.outcome_note,
        issued_by=r.issued_by,
        document_seen=r.document_seen,
        booked_for=r.booked_for,
        version=r.version,
    )


def _mutable_columns(t: Ticket) -> dict[str, Any]:
    return {
        "service_id": t.service_id,
        "status": t.status.value,
        "queue_key": t.queue_key,
        "arrived_at": t.arrived_at,
        "note": t.note,
        "counter_id": t.counter_id,
        "operator_id": t.operator_id,
        "target_counter_id": t.target_counter_id,
        "target_operator_id": t.target_operator_id,
        "called_at": t.called_at,
        "started_at": t.started_at,
        "finished_at": t.finished_at,
        "recall_count": t.recall_count,
        "redirect_count": t.redirect_count,
        "outcome": t.outcome.value if t.outcome else None,
        "outcome_note": t.outcome_note,
    }


MUTABLE = (
    "service_id", "status", "queue_key", "arrived_at", "note", "counter_id", "operator_id",
    "target_counter_id", "target_operator_id", "called_at", "started_at", "finished_at",
    "recall_count", "redirect_count", "outcome", "outcome_note",
)  # fmt: skip

# Statements of the hot paths, built once (see repositories.py).
_INSERT = insert(TicketRow).returning(TicketRow.id)
_BY_ID = select(TicketRow).where(TicketRow.id == bindparam("id"))
_UPDATE = (
    update(TicketRow)
    .where(TicketRow.id == bindparam("k_id"), TicketRow.version == bindparam("k_version"))
    .values(
        {name: bindparam(f"v_{name}", type_=TicketRow.__table__.c[name].type) for name in MUTABLE}
        | {"version": bindparam("v_version")}
    )
)
_POSITION = select(func.count()).where(
    TicketRow.office_id == bindparam("office_id"),
    TicketRow.status == TicketStatus.WAITING.value,
    TicketRow.service_id == bindparam("service_id"),
    or_(
        TicketRow.queue_key < bindparam("queue_key"),
        and_(TicketRow.queue_key == bindparam("queue_key"), TicketRow.id < bindparam("id")),
    ),
)


def _next_seq_statement(upsert: Any) -> Any:
    # One atomic upsert: the row lock it takes serialises issuers of the same key.
    return (
        upsert(DailyCounterRow)
        .values(
            office_id=bindparam("office_id"),
            day=bindparam("day"),
            key=bindparam("key"),
            value=1,
        )
        .on_conflict_do_update(
            index_elements=["office_id", "day", "key"],
            set_={"value": DailyCounterRow.value + 1},
        )
        .returning(DailyCounterRow.value)
    )


_NEXT_SEQ = {
    "postgresql": _next_seq_statement(pg_insert),
    "sqlite": _next_seq_statement(sqlite_insert),
}


def next_seq_statement(dialect: str) -> Any:
    """The atomic increment of a daily counter row (office_id, day, key) on ``dialect``."""
    return _NEXT_SEQ[dialect]


class SqlTickets:
    def __init__(self, conn: Conn, uow: SqlUnitOfWork) -> None:
        self.conn = conn
        self.uow = uow

    @property
    def _postgres(self) -> bool:
        return self.conn.dialect.name == "postgresql"

    async def next_seq(self, office_id: int, key: str, day: date) -> int:
        stmt = next_seq_statement(self.conn.dialect.name)
        params = {"office_id": office_id, "day": day, "key": key}
        return int((await self.conn.execute(stmt, params)).scalar_one())

    async def day_counts(self, office_id: int, day: date, prefix: str) -> Mapping[str, int]:
        stmt = select(DailyCounterRow.key, DailyCounterRow.value).where(
            DailyCounterRow.office_id == office_id,
            DailyCounterRow.day == day,
            DailyCounterRow.key.startswith(prefix, autoescape=True),
        )
        return {key: value for key, value in await self.conn.execute(stmt)}

    async def add(self, ticket: Ticket, *, idempotency_key: str | None = None) -> None:
        values = _mutable_columns(ticket) | {
            "office_id": ticket.office_id,
            "number": ticket.number,
            "business_day": ticket.business_day,
            "priority": ticket.priority,
            "head_start_s": int(ticket.head_start.total_seconds()),
            "language": ticket.language,
            "issued_at": ticket.issued_at,
            "track_token": ticket.track_token,
            "issued_by": ticket.issued_by,
            "document_seen": ticket.document_seen,
            "booked_for": ticket.booked_for,
            "idempotency_key": idempotency_key,
            "version": 0,
        }
        if idempotency_key is None:
            ticket.id = (await self.conn.execute(_INSERT, values)).scalar_one()
        else:
            try:
                async with self.conn.begin_nested():
                    ticket.id = (await self.conn.execute(_INSERT, values)).scalar_one()
            except IntegrityError as exc:
                raise IdempotencyRace(idempotency_key) from exc
        self.uow.track(ticket)

    async def get(self, ticket_id: int) -> Ticket:
        row = (await self.conn.execute(_BY_ID, {"id": ticket_id})).first()
        if row is None:
            raise NotFound(what="талон / ticket", key=ticket_id)
        return ticket_from_row(row)

    async def by_track_token(self, token: str) -> Ticket:
        stmt = select(TicketRow).where(TicketRow.track_token == token)
        row = (await self.conn.execute(stmt)).first()
        if row is None:
            raise NotFound(what="талон / ticket", key="")
        return ticket_from_row(row)

    async def by_idempotency_key(self, key: str) -> Ticket | None:
        row = (
            await self.conn.execute(select(TicketRow).where(TicketRow.idempotency_key == key))
        ).first()
        return ticket_from_row(row) if row else None

    async def save(self, ticket: Ticket) -> None:
        params = {f"v_{name}": value for name, value in _mutable_columns(ticket).items()}
        params |= {"k_id": ticket.id, "k_version": ticket.version, "v_version": ticket.version + 1}
        result = await self.conn.execute(_UPDATE, params)
        if result.rowcount != 1:
            raise ConcurrentChange(what=f"Талон {ticket.number} / ticket {ticket.number}")
        ticket.version += 1
        self.uow.track(ticket)

    async def claim_next(
        self,
        office_id: int,
        *,
        counter_id: int,
        operator_id: int,
        tiers: Mapping[int, Tier],
        secondary_penalty_ms: int,
        now: datetime,
        day: date,
    ) -> Ticket | None:
        # The SQL twin of CallNextPolicy.sort_key (queue_server.domain.policies).
        untargeted = and_(
            TicketRow.target_counter_id.is_(None), TicketRow.target_operator_id.is_(None)
        )
        secondary = [s for s, tier in tiers.items() if tier is Tier.SECONDARY]
        penalty = case(
            (and_(untargeted, TicketRow.service_id.in_(secondary)), literal(secondary_penalty_ms)),
            else_=literal(0),
        )
        held_back = case(
            (TicketRow.booked_for > bindparam("now", now, type_=TicketRow.booked_for.type), 1),
            else_=0,
        )
        stmt = (
            select(TicketRow)
            .where(
                TicketRow.office_id == office_id,
                TicketRow.status == TicketStatus.WAITING.value,
                TicketRow.business_day == day,
                or_(
                    TicketRow.target_counter_id == counter_id,
                    TicketRow.target_operator_id == operator_id,
                    and_(untargeted, TicketRow.service_id.in_(list(tiers))),
                ),
            )
            .order_by(held_back, TicketRow.queue_key + penalty, TicketRow.id)
            .limit(1)
        )
        if self._postgres:
            stmt = stmt.with_for_update(skip_locked=True, of=TicketRow)
        row = (await self.conn.execute(stmt)).first()
        return ticket_from_row(row) if row else None

    async def position(self, ticket: Ticket) -> int:
        if ticket.status is not TicketStatus.WAITING:
            return 0
        params = {
            "office_id": ticket.office_id,
            "service_id": ticket.service_id,
            "queue_key": ticket.queue_key,
            "id": ticket.id or UNSTORED_ID,  # a ticket being issued comes after every tie
        }
        return int((await self.conn.execute(_POSITION, params)).scalar_one())

    async def recent_service_minutes(self, service_id: int, since: datetime) -> Sequence[float]:
        rows = await self.conn.execute(
            select(TicketRow.started_at, TicketRow.finished_at)
            .where(
                TicketRow.service_id == service_id,
                TicketRow.status == TicketStatus.DONE.value,
                TicketRow.finished_at >= since,
            )
            .order_by(TicketRow.finished_at.desc())
            .limit(RECENT_SERVICES)
        )
        return [
            (r.finished_at - r.started_at).total_seconds() / 60
            for r in rows
            if r.started_at is not None
        ]

    async def unfinished_before(self, office_id: int, day: date) -> Sequence[Ticket]:
        rows = await self.conn.execute(
            select(TicketRow).where(
                TicketRow.office_id == office_id,
                TicketRow.business_day < day,
                TicketRow.status.in_([TicketStatus.WAITING.value, TicketStatus.PARKED.value]),
            )
        )
        return [ticket_from_row(r) for r in rows]

    async def queues(self, office_id: int) -> Sequence[ServiceQueue]:
        rows = await self.conn.execute(
            select(TicketRow.service_id, func.count(), func.min(TicketRow.arrived_at))
            .where(TicketRow.office_id == office_id, TicketRow.status == TicketStatus.WAITING.value)
            .group_by(TicketRow.service_id)
        )
        return [
            ServiceQueue(service_id=service_id, waiting=count, oldest_arrived_at=oldest)
            for service_id, count, oldest in rows
        ]

    async def recent_calls(self, office_id: int, limit: int) -> Sequence[RecentCall]:
        rows = await self.conn.execute(
            select(
                TicketRow.id,
                TicketRow.number,
                TicketRow.called_at,
                CounterRow.id,
                CounterRow.number,
            )
            .join(CounterRow, CounterRow.id == TicketRow.counter_id)
            .where(TicketRow.office_id == office_id, TicketRow.called_at.is_not(None))
            .order_by(TicketRow.called_at.desc(), TicketRow.id.desc())
            .limit(limit)
        )
        return [
            RecentCall(ticket_id=r[0], number=r[1], at=r[2], counter_id=r[3], counter_number=r[4])
            for r in rows
            if r[2] is not None
        ]

    async def issued_by_since(self, actor: str, since: datetime) -> int:
        stmt = select(func.count()).where(
            TicketRow.issued_by == actor, TicketRow.issued_at >= since
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def demand(self, office_id: int, since: date) -> Mapping[int, int]:
        stmt = (
            select(TicketRow.service_id, func.count())
            .where(TicketRow.office_id == office_id, TicketRow.business_day >= since)
            .group_by(TicketRow.service_id)
        )
        return {service_id: count for service_id, count in await self.conn.execute(stmt)}

    async def waiting_in(self, office_id: int) -> Sequence[Ticket]:
        stmt = (
            select(TicketRow)
            .where(
                TicketRow.office_id == office_id,
                TicketRow.status == TicketStatus.WAITING.value,
            )
            .order_by(TicketRow.queue_key, TicketRow.id)
        )
        return [ticket_from_row(r) for r in await self.conn.execute(stmt)]

    async def by_number(self, office_id: int, day: date, number: str) -> Sequence[Ticket]:
        stmt = select(TicketRow).where(
            TicketRow.office_id == office_id,
            TicketRow.business_day == day,
            TicketRow.number == number,
        )
        return [ticket_from_row(r) for r in await self.conn.execute(stmt)]

    async def served_by(self, office_id: int, operator_id: int, day: date) -> Sequence[Ticket]:
        stmt = select(TicketRow).where(
            TicketRow.office_id == office_id,
            TicketRow.operator_id == operator_id,
            TicketRow.business_day == day,
            TicketRow.status.in_([TicketStatus.DONE.value, TicketStatus.NO_SHOW.value]),
        )
        return [ticket_from_row(r) for r in await self.conn.execute(stmt)]

    async def last_finished_at(self, counter_id: int, since: datetime) -> Ticket | None:
        stmt = (
            select(TicketRow)
            .where(
                TicketRow.counter_id == counter_id,
                TicketRow.status == TicketStatus.DONE.value,
                TicketRow.finished_at >= since,
            )
            .order_by(TicketRow.finished_at.desc())
            .limit(1)
        )
        row = (await self.conn.execute(stmt)).first()
        return ticket_from_row(row) if row else None

    async def erase_notes_before(self, cutoff: datetime) -> int:
        result = await self.conn.execute(
            update(TicketRow)
            .where(
                TicketRow.issued_at < cutoff,
                or_(TicketRow.note != "", TicketRow.outcome_note != ""),
            )
            .values(note="", outcome_note="")
        )
        return int(result.rowcount)
