"""SQL repositories for offices, the catalogue, counters, users, sessions and devices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from queue_server.adapters.database import Conn
from queue_server.adapters.device_store import device_from_row
from queue_server.adapters.orm import (
    CategoryRow,
    CounterRow,
    DeviceRow,
    EventRow,
    OfficeExceptionRow,
    OfficeRow,
    PriorityCategoryRow,
    ServiceRow,
    SessionRow,
    SkillRow,
    TicketRow,
    UserRow,
    UTCDateTime,
)
from queue_server.domain.counters import Counter
from queue_server.domain.errors import ConcurrentChange, NotFound
from queue_server.domain.offices import Office, Schedule, intervals_from_text
from queue_server.domain.services import (
    Category,
    InfoCard,
    PriorityCategory,
    Referral,
    Service,
)
from queue_server.domain.users import DeviceKind, Principal, Role, Skill, Tier, User
from queue_server.service.ports import CounterView, Device, PublishedEvent

if TYPE_CHECKING:
    from queue_server.adapters.unit_of_work import SqlUnitOfWork


def not_found(what: str, key: object) -> NotFound:
    return NotFound(what=what, key=key)


# Statements of the hot paths, built once: constructing and cache-keying a statement per
# call costs more CPU than SQLite takes to run it.
_OFFICE = select(OfficeRow).where(OfficeRow.id == bindparam("id"))
_OFFICE_EXCEPTIONS = select(OfficeExceptionRow).where(
    OfficeExceptionRow.office_id.in_(bindparam("ids", expanding=True))
)
_SERVICE = select(ServiceRow).where(ServiceRow.id == bindparam("id"))
_COUNTER = select(CounterRow).where(CounterRow.id == bindparam("id"))
_COUNTER_UPDATE = (
    update(CounterRow)
    .where(CounterRow.id == bindparam("k_id"), CounterRow.version == bindparam("k_version"))
    .values(
        operator_id=bindparam("v_operator_id"),
        current_ticket_id=bindparam("v_current_ticket_id"),
        paused_reason=bindparam("v_paused_reason"),
        paused_at=bindparam("v_paused_at", type_=UTCDateTime()),
        opened_at=bindparam("v_opened_at", type_=UTCDateTime()),
        version=bindparam("v_version"),
    )
)
_OPEN_SERVING = (
    select(func.count())
    .select_from(CounterRow)
    .join(
        SkillRow,
        and_(
            SkillRow.user_id == CounterRow.operator_id,
            SkillRow.service_id == bindparam("service_id"),
        ),
    )
    .where(CounterRow.office_id == bindparam("office_id"), CounterRow.paused_at.is_(None))
)
_SKILLS = select(SkillRow.service_id, SkillRow.tier).where(SkillRow.user_id == bindparam("id"))
_SESSION = (
    select(UserRow.id, UserRow.roles, UserRow.office_id)
    .join(SessionRow, SessionRow.user_id == UserRow.id)
    .where(
        SessionRow.token_hash == bindparam("hash"),
        SessionRow.expires_at > bindparam("now", type_=UTCDateTime()),
        UserRow.active.is_(True),
    )
)
_TOUCH_DEVICE = (
    update(DeviceRow)
    .where(DeviceRow.id == bindparam("k_id"))
    .values(last_seen_at=bindparam("v_at", type_=UTCDateTime()))
)
_DEVICE = select(DeviceRow).where(
    DeviceRow.token_hash == bindparam("hash"), DeviceRow.revoked_at.is_(None)
)


class SqlOffices:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def get(self, office_id: int) -> Office:
        row = (await self.conn.execute(_OFFICE, {"id": office_id})).first()
        if row is None:
            raise not_found("ЦНАП / office", office_id)
        return (await self._with_exceptions([row]))[0]

    async def all(self) -> Sequence[Office]:
        rows = (await self.conn.execute(select(OfficeRow).order_by(OfficeRow.id))).all()
        return await self._with_exceptions(rows)

    async def any_exist(self) -> bool:
        return bool((await self.conn.execute(select(exists().select_from(OfficeRow)))).scalar())

    async def paused_since(self, office_id: int) -> datetime | None:
        stmt = select(OfficeRow.paused_since).where(OfficeRow.id == office_id)
        value: datetime | None = (await self.conn.execute(stmt)).scalar()
        return value

    async def set_paused(self, office_id: int, since: datetime | None) -> None:
        await self.conn.execute(
            update(OfficeRow).where(OfficeRow.id == office_id).values(paused_since=since)
        )

    async def _with_exceptions(self, rows: Sequence[Any]) -> list[Office]:
        ids = [r.id for r in rows]
        exc_rows = (await self.conn.execute(_OFFICE_EXCEPTIONS, {"ids": ids})).all()
        exceptions: dict[int, dict[Any, Any]] = {}
        for e in exc_rows:
            exceptions.setdefault(e.office_id, {})[e.day] = intervals_from_text(e.intervals)
        offices = []
        for r in rows:
            schedule = Schedule.from_dict(r.schedule)
            offices.append(
                Office(
                    id=r.id,
                    name_uk=r.name_uk,
                    name_en=r.name_en,
                    timezone=r.timezone,
                    address_uk=r.address_uk,
                    address_en=r.address_en,
                    schedule=Schedule(schedule.weekly, exceptions.get(r.id, {})),
                    paused_since=r.paused_since,
                    info_uk=r.info_uk,
                    info_en=r.info_en,
                )
            )
        return offices


def service_from_row(r: Any) -> Service:
    card = dict(r.card or {})
    for key in ("documents_uk", "documents_en"):
        card[key] = tuple(card.get(key) or ())
    return Service(
        id=r.id,
        office_id=r.office_id,
        category_id=r.category_id,
        code=r.code,
        prefix=r.prefix,
        name_uk=r.name_uk,
        name_en=r.name_en,
        card=InfoCard(**card),
        referral=Referral(**r.referral) if r.referral else None,
        daily_cap=r.daily_cap,
        target_wait_min=r.target_wait_min,
        avg_service_min=r.avg_service_min,
        active=r.active,
        popular=r.popular,
        position=r.position,
        bookable=r.bookable,
    )


def priority_from_row(r: Any) -> PriorityCategory:
    return PriorityCategory(
        code=r.code,
        name_uk=r.name_uk,
        name_en=r.name_en,
        head_start_min=r.head_start_min,
        document_check=r.document_check,
    )


class SqlCatalog:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def categories(self, office_id: int) -> Sequence[Category]:
        rows = await self.conn.execute(
            select(CategoryRow)
            .where(CategoryRow.office_id == office_id)
            .order_by(CategoryRow.position, CategoryRow.id)
        )
        return [
            Category(
                id=r.id,
                office_id=r.office_id,
                code=r.code,
                name_uk=r.name_uk,
                name_en=r.name_en,
                icon=r.icon,
                position=r.position,
            )
            for r in rows
        ]

    async def services(self, office_id: int) -> Sequence[Service]:
        rows = await self.conn.execute(
            select(ServiceRow)
            .where(ServiceRow.office_id == office_id)
            .order_by(ServiceRow.position, ServiceRow.id)
        )
        return [service_from_row(r) for r in rows]

    async def service(self, service_id: int) -> Service:
        row = (await self.conn.execute(_SERVICE, {"id": service_id})).first()
        if row is None:
            raise not_found("послуга / service", service_id)
        return service_from_row(row)

    async def priority(self, code: str) -> PriorityCategory:
        row = (
            await self.conn.execute(
                select(PriorityCategoryRow).where(
                    PriorityCategoryRow.code == code, PriorityCategoryRow.active.is_(True)
                )
            )
        ).first()
        if row is None:
            raise not_found("пільгова категорія / priority category", code)
        return priority_from_row(row)

    async def priorities(self) -> Sequence[PriorityCategory]:
        rows = await self.conn.execute(
            select(PriorityCategoryRow)
            .where(PriorityCategoryRow.active.is_(True))
            .order_by(PriorityCategoryRow.position, PriorityCategoryRow.code)
        )
        return [priority_from_row(r) for r in rows]


def counter_from_row(r: Any) -> Counter:
    return Counter(
        id=r.id,
        office_id=r.office_id,
        number=r.number,
        name_uk=r.name_uk,
        name_en=r.name_en,
        zone=r.zone,
        operator_id=r.operator_id,
        current_ticket_id=r.current_ticket_id,
        paused_reason=r.paused_reason,
        paused_at=r.paused_at,
        opened_at=r.opened_at,
        version=r.version,
    )


class SqlCounters:
    def __init__(self, conn: Conn, uow: SqlUnitOfWork) -> None:
        self.conn = conn
        self.uow = uow

    async def get(self, counter_id: int) -> Counter:
        row = (await self.conn.execute(_COUNTER, {"id": counter_id})).first()
        if row is None:
            raise not_found("вікно / counter", counter_id)
        return counter_from_row(row)

    async def of_operator(self, user_id: int) -> Counter | None:
        row = (
            await self.conn.execute(select(CounterRow).where(CounterRow.operator_id == user_id))
        ).first()
        return counter_from_row(row) if row else None

    async def views(self, office_id: int) -> Sequence[CounterView]:
        stmt = (
            select(
                CounterRow,
                UserRow.display_name.label("operator_name"),
                TicketRow.number.label("ticket_number"),
                TicketRow.status.label("ticket_status"),
            )
            .outerjoin(UserRow, UserRow.id == CounterRow.operator_id)
            .outerjoin(TicketRow, TicketRow.id == CounterRow.current_ticket_id)
            .where(CounterRow.office_id == office_id)
            .order_by(CounterRow.number)
        )
        return [
            CounterView(
                counter=counter_from_row(r),
                operator_name=r.operator_name,
                ticket_number=r.ticket_number,
                ticket_status=r.ticket_status,
            )
            for r in await self.conn.execute(stmt)
        ]

    async def open_serving(self, office_id: int, service_id: int) -> int:
        params = {"office_id": office_id, "service_id": service_id}
        return int((await self.conn.execute(_OPEN_SERVING, params)).scalar_one())

    async def save(self, counter: Counter) -> None:
        try:
            result = await self._update(counter)
        except IntegrityError:
            # the unique operator index: the same administrator opened another counter
            raise ConcurrentChange(
                what=f"Вікно {counter.number} / window {counter.number}"
            ) from None
        if result.rowcount != 1:
            raise ConcurrentChange(what=f"Вікно {counter.number} / window {counter.number}")
        counter.version += 1
        self.uow.track(counter)

    async def _update(self, counter: Counter) -> Any:
        return await self.conn.execute(
            _COUNTER_UPDATE,
            {
                "k_id": counter.id,
                "k_version": counter.version,
                "v_operator_id": counter.operator_id,
                "v_current_ticket_id": counter.current_ticket_id,
                "v_paused_reason": counter.paused_reason,
                "v_paused_at": counter.paused_at,
                "v_opened_at": counter.opened_at,
                "v_version": counter.version + 1,
            },
        )


def roles_of(raw: Sequence[str]) -> frozenset[Role]:
    return frozenset(Role(r) for r in raw if r in Role._value2member_map_)


class SqlUsers:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def by_username(self, username: str) -> User | None:
        row = (await self.conn.execute(select(UserRow).where(UserRow.username == username))).first()
        return self._user(row, ()) if row else None

    async def get(self, user_id: int) -> User:
        row = (await self.conn.execute(select(UserRow).where(UserRow.id == user_id))).first()
        if row is None:
            raise not_found("користувач / user", user_id)
        skills = tuple(
            Skill(service_id, Tier(tier))
            for service_id, tier in (await self.skills(user_id)).items()
        )
        return self._user(row, skills)

    async def failed_login(self, user_id: int) -> int:
        failures = (
            await self.conn.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(failed_logins=UserRow.failed_logins + 1)
                .returning(UserRow.failed_logins)
            )
        ).scalar_one()
        return int(failures)

    async def lock(self, user_id: int, until: datetime) -> None:
        await self.conn.execute(
            update(UserRow).where(UserRow.id == user_id).values(locked_until=until)
        )

    async def logged_in(self, user_id: int) -> None:
        await self.conn.execute(
            update(UserRow).where(UserRow.id == user_id).values(failed_logins=0, locked_until=None)
        )

    async def of_office(self, office_id: int) -> Sequence[User]:
        stmt = (
            select(UserRow)
            .where(or_(UserRow.office_id == office_id, UserRow.office_id.is_(None)))
            .where(UserRow.active)
            .order_by(UserRow.display_name)
        )
        return [self._user(row, ()) for row in await self.conn.execute(stmt)]

    async def skills(self, user_id: int) -> Mapping[int, Tier]:
        rows = await self.conn.execute(_SKILLS, {"id": user_id})
        return {r.service_id: Tier(r.tier) for r in rows}

    @staticmethod
    def _user(row: Any, skills: tuple[Skill, ...]) -> User:
        return User(
            id=row.id,
            username=row.username,
            display_name=row.display_name,
            roles=roles_of(row.roles),
            office_id=row.office_id,
            password_hash=row.password_hash,
            active=row.active,
            skills=skills,
            failed_logins=row.failed_logins,
            locked_until=row.locked_until,
        )


class SqlAuth:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def add_session(self, token_hash: str, user_id: int, expires_at: datetime) -> None:
        now = datetime.now(expires_at.tzinfo)
        await self.conn.execute(
            insert(SessionRow).values(
                token_hash=token_hash, user_id=user_id, created_at=now, expires_at=expires_at
            )
        )

    async def drop_session(self, token_hash: str) -> None:
        await self.conn.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    async def session_principal(self, token_hash: str, now: datetime) -> Principal | None:
        row = (await self.conn.execute(_SESSION, {"hash": token_hash, "now": now})).first()
        if row is None:
            return None
        return Principal(kind="user", id=row.id, office_id=row.office_id, roles=roles_of(row.roles))

    async def device_principal(self, token_hash: str) -> Principal | None:
        row = (await self.conn.execute(_DEVICE, {"hash": token_hash})).first()
        if row is None:
            return None
        return Principal(
            kind="device", id=row.id, office_id=row.office_id, device_kind=DeviceKind(row.kind)
        )

    async def add_device(
        self, office_id: int, kind: DeviceKind, name: str, token_hash: str, at: datetime
    ) -> Device:
        device_id = (
            await self.conn.execute(
                insert(DeviceRow)
                .values(
                    office_id=office_id,
                    kind=kind.value,
                    name=name,
                    token_hash=token_hash,
                    created_at=at,
                )
                .returning(DeviceRow.id)
            )
        ).scalar_one()
        return Device(id=device_id, office_id=office_id, kind=kind, name=name)

    async def revoke_device(self, device_id: int, at: datetime) -> Device:
        row = (await self.conn.execute(select(DeviceRow).where(DeviceRow.id == device_id))).first()
        if row is None:
            raise not_found("пристрій / device", device_id)
        if row.revoked_at is None:
            await self.conn.execute(
                update(DeviceRow).where(DeviceRow.id == device_id).values(revoked_at=at)
            )
        return Device(
            id=row.id,
            office_id=row.office_id,
            kind=DeviceKind(row.kind),
            name=row.name,
            revoked=True,
        )

    async def touch_device(self, device_id: int, at: datetime) -> None:
        await self.conn.execute(_TOUCH_DEVICE, {"k_id": device_id, "v_at": at})

    async def devices(self, office_id: int) -> Sequence[Device]:
        rows = await self.conn.execute(
            select(DeviceRow).where(DeviceRow.office_id == office_id).order_by(DeviceRow.id)
        )
        return [device_from_row(r) for r in rows]


_EVENTS_SINCE = (
    select(EventRow)
    .where(EventRow.office_id == bindparam("office_id"), EventRow.seq > bindparam("seq"))
    .order_by(EventRow.seq)
    .limit(bindparam("limit"))
)
_LATEST_SEQ = select(OfficeRow.event_seq).where(OfficeRow.id == bindparam("office_id"))


def published_event(r: Any) -> PublishedEvent:
    """An event-log row as the bus and the stream carry it."""
    return PublishedEvent(
        office_id=r.office_id,
        seq=r.seq,
        type=r.type,
        at=r.at,
        ticket_id=r.ticket_id,
        counter_id=r.counter_id,
        actor=r.actor,
        data=r.data,
    )


class SqlEvents:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def since(self, office_id: int, seq: int, limit: int) -> Sequence[PublishedEvent]:
        rows = await self.conn.execute(
            _EVENTS_SINCE, {"office_id": office_id, "seq": seq, "limit": limit}
        )
        return [published_event(r) for r in rows]

    async def of_ticket(self, ticket_id: int) -> Sequence[PublishedEvent]:
        stmt = select(EventRow).where(EventRow.ticket_id == ticket_id).order_by(EventRow.id)
        return [published_event(r) for r in await self.conn.execute(stmt)]

    async def of_counter(
        self, counter_id: int, since: datetime, types: Sequence[str]
    ) -> Sequence[PublishedEvent]:
        stmt = (
            select(EventRow)
            .where(
                EventRow.counter_id == counter_id,
                EventRow.at >= since,
                EventRow.type.in_(types),
            )
            .order_by(EventRow.id)
        )
        return [published_event(r) for r in await self.conn.execute(stmt)]

    async def latest(self, office_id: int) -> int:
        value = (await self.conn.execute(_LATEST_SEQ, {"office_id": office_id})).scalar()
        return int(value or 0)
