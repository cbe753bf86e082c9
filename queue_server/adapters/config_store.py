"""The manager's configuration in SQL: offices and their exception days, spheres, services,
counters, staff with skills and sessions, devices, priority categories, the change log.

The unique constraints of the schema back the use cases' own checks: two managers adding
the same code at once get a ConfigConflict, never a server error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import (
    CategoryRow,
    CounterRow,
    DeviceRow,
    EventRow,
    OfficeExceptionRow,
    OfficeRow,
    PriorityCategoryRow,
    RatingRow,
    ServiceRow,
    SessionRow,
    SkillRow,
    TicketRow,
    UserRow,
)
from queue_server.adapters.repositories import (
    counter_from_row,
    not_found,
    priority_from_row,
    published_event,
    roles_of,
)
from queue_server.domain.configuration import conflict
from queue_server.domain.counters import Counter
from queue_server.domain.errors import ConfigConflict
from queue_server.domain.offices import Office, format_hhmm, intervals_from_text
from queue_server.domain.services import Category, Service
from queue_server.domain.users import Skill, Tier, User
from queue_server.service.ports import Device, ExceptionDay, PrioritySetting, PublishedEvent


def _category(r: Any) -> Category:
    return Category(
        id=r.id,
        office_id=r.office_id,
        code=r.code,
        name_uk=r.name_uk,
        name_en=r.name_en,
        icon=r.icon,
        position=r.position,
    )


def _service_values(s: Service) -> dict[str, Any]:
    card = dataclasses.asdict(s.card)
    for key in ("documents_uk", "documents_en"):
        card[key] = list(card[key])
    return {
        "category_id": s.category_id,
        "code": s.code,
        "prefix": s.prefix,
        "name_uk": s.name_uk,
        "name_en": s.name_en,
        "card": card,
        "referral": dataclasses.asdict(s.referral) if s.referral else None,
        "daily_cap": s.daily_cap,
        "target_wait_min": s.target_wait_min,
        "avg_service_min": s.avg_service_min,
        "active": s.active,
        "popular": s.popular,
        "position": s.position,
        "bookable": s.bookable,
    }


def _user_values(u: User) -> dict[str, Any]:
    return {
        "display_name": u.display_name,
        "roles": sorted(r.value for r in u.roles),
        "active": u.active,
        "password_hash": u.password_hash,
    }


def _priority_values(p: PrioritySetting) -> dict[str, Any]:
    c = p.category
    return {
        "name_uk": c.name_uk,
        "name_en": c.name_en,
        "head_start_min": c.head_start_min,
        "document_check": c.document_check,
        "active": p.active,
        "position": p.position,
    }


def _duplicate(what_uk: str, what_en: str) -> ConfigConflict:
    return conflict(
        f"{what_uk} щойно додано або змінено іншим користувачем — оновіть дані",
        f"{what_en} was just added or changed by someone else — refresh and try again",
    )


class SqlConfig:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    # --- offices -----------------------------------------------------------------------

    async def save_office(self, office: Office) -> None:
        await self.conn.execute(
            update(OfficeRow)
            .where(OfficeRow.id == office.id)
            .values(
                name_uk=office.name_uk,
                name_en=office.name_en,
                address_uk=office.address_uk,
                address_en=office.address_en,
                timezone=office.timezone,
                schedule=office.schedule.to_dict(),
                info_uk=office.info_uk,
                info_en=office.info_en,
            )
        )

    async def exceptions(self, office_id: int) -> Sequence[ExceptionDay]:
        rows = await self.conn.execute(
            select(OfficeExceptionRow)
            .where(OfficeExceptionRow.office_id == office_id)
            .order_by(OfficeExceptionRow.day)
        )
        return [
            ExceptionDay(r.day, intervals_from_text(r.intervals), r.note_uk, r.note_en)
            for r in rows
        ]

    async def put_exception(self, office_id: int, day: ExceptionDay) -> None:
        values = {
            "intervals": [[format_hhmm(a), format_hhmm(b)] for a, b in day.intervals],
            "note_uk": day.note_uk,
            "note_en": day.note_en,
        }
        key = and_(OfficeExceptionRow.office_id == office_id, OfficeExceptionRow.day == day.day)
        result: Any = await self.conn.execute(update(OfficeExceptionRow).where(key).values(values))
        if result.rowcount:
            return
        try:
            await self.conn.execute(
                insert(OfficeExceptionRow).values(office_id=office_id, day=day.day, **values)
            )
        except IntegrityError:
            raise _duplicate(f"Розклад на {day.day}", f"The hours of {day.day}") from None

    async def drop_exception(self, office_id: int, day: date) -> bool:
        result: Any = await self.conn.execute(
            delete(OfficeExceptionRow).where(
                OfficeExceptionRow.office_id == office_id, OfficeExceptionRow.day == day
            )
        )
        return bool(result.rowcount)

    # --- spheres and services ----------------------------------------------------------

    async def category(self, category_id: int) -> Category:
        row = (
            await self.conn.execute(select(CategoryRow).where(CategoryRow.id == category_id))
        ).first()
        if row is None:
            raise not_found("сфера / sphere", category_id)
        return _category(row)

    async def add_category(self, category: Category) -> int:
        values = {k: v for k, v in dataclasses.asdict(category).items() if k != "id"}
        try:
            new_id = await self.conn.execute(
                insert(CategoryRow).values(values).returning(CategoryRow.id)
            )
        except IntegrityError:
            raise _duplicate(f"Сферу «{category.code}»", f"Sphere '{category.code}'") from None
        return int(new_id.scalar_one())

    async def save_category(self, category: Category) -> None:
        values = {k: v for k, v in dataclasses.asdict(category).items() if k != "id"}
        try:
            await self.conn.execute(
                update(CategoryRow).where(CategoryRow.id == category.id).values(values)
            )
        except IntegrityError:
            raise _duplicate(f"Сферу «{category.code}»", f"Sphere '{category.code}'") from None

    async def drop_category(self, category_id: int) -> bool:
        # One statement: a service added meanwhile is never deleted with its sphere.
        has_services = exists().where(ServiceRow.category_id == category_id)
        result: Any = await self.conn.execute(
            delete(CategoryRow).where(CategoryRow.id == category_id, ~has_services)
        )
        return bool(result.rowcount)

    async def add_service(self, service: Service) -> int:
        values = _service_values(service) | {"office_id": service.office_id}
        try:
            new_id = await self.conn.execute(
                insert(ServiceRow).values(values).returning(ServiceRow.id)
            )
        except IntegrityError:
            raise _duplicate(f"Послугу «{service.code}»", f"Service '{service.code}'") from None
        return int(new_id.scalar_one())

    async def save_service(self, service: Service) -> None:
        try:
            await self.conn.execute(
                update(ServiceRow)
                .where(ServiceRow.id == service.id)
                .values(_service_values(service))
            )
        except IntegrityError:
            raise _duplicate(f"Послугу «{service.code}»", f"Service '{service.code}'") from None

    # --- counters ----------------------------------------------------------------------

    async def counters(self, office_id: int) -> Sequence[Counter]:
        rows = await self.conn.execute(
            select(CounterRow).where(CounterRow.office_id == office_id).order_by(CounterRow.number)
        )
        return [counter_from_row(r) for r in rows]

    async def add_counter(self, counter: Counter) -> int:
        try:
            new_id = await self.conn.execute(
                insert(CounterRow)
                .values(
                    office_id=counter.office_id,
                    number=counter.number,
                    name_uk=counter.name_uk,
                    name_en=counter.name_en,
                    zone=counter.zone,
                    version=0,
                )
                .returning(CounterRow.id)
            )
        except IntegrityError:
            raise _duplicate(f"Вікно № {counter.number}", f"Window {counter.number}") from None
        return int(new_id.scalar_one())

    async def save_counter(self, counter: Counter) -> None:
        try:
            await self.conn.execute(
                update(CounterRow)
                .where(CounterRow.id == counter.id)
                .values(
                    number=counter.number,
                    name_uk=counter.name_uk,
                    name_en=counter.name_en,
                    zone=counter.zone,
                )
            )
        except IntegrityError:
            raise _duplicate(f"Вікно № {counter.number}", f"Window {counter.number}") from None

    async def counter_used(self, counter_id: int) -> bool:
        ticket = exists().where(
            or_(TicketRow.counter_id == counter_id, TicketRow.target_counter_id == counter_id)
        )
        rating = exists().where(RatingRow.counter_id == counter_id)
        row = (await self.conn.execute(select(ticket, rating))).one()
        return bool(row[0] or row[1])

    async def drop_counter(self, counter_id: int) -> bool:
        try:
            result: Any = await self.conn.execute(
                delete(CounterRow).where(
                    CounterRow.id == counter_id, CounterRow.operator_id.is_(None)
                )
            )
        except IntegrityError:  # a ticket came to it a moment ago
            raise _duplicate(f"Вікно {counter_id}", f"Window {counter_id}") from None
        return bool(result.rowcount)

    # --- staff -------------------------------------------------------------------------

    async def users(self, office_id: int) -> Sequence[User]:
        rows = (
            await self.conn.execute(
                select(UserRow).where(UserRow.office_id == office_id).order_by(UserRow.display_name)
            )
        ).all()
        skills: dict[int, list[Skill]] = {}
        if rows:
            skill_rows = await self.conn.execute(
                select(SkillRow)
                .where(SkillRow.user_id.in_([r.id for r in rows]))
                .order_by(SkillRow.service_id)
            )
            for s in skill_rows:
                skills.setdefault(s.user_id, []).append(Skill(s.service_id, Tier(s.tier)))
        return [
            User(
                id=r.id,
                username=r.username,
                display_name=r.display_name,
                roles=roles_of(r.roles),
                office_id=r.office_id,
                active=r.active,
                skills=tuple(skills.get(r.id, ())),
            )
            for r in rows
        ]

    async def add_user(self, user: User) -> int:
        values = _user_values(user) | {"username": user.username, "office_id": user.office_id}
        try:
            new_id = await self.conn.execute(insert(UserRow).values(values).returning(UserRow.id))
        except IntegrityError:
            raise conflict(
                f"ім'я користувача «{user.username}» уже зайняте",
                f"the username '{user.username}' is taken already",
            ) from None
        return int(new_id.scalar_one())

    async def save_user(self, user: User) -> None:
        await self.conn.execute(
            update(UserRow).where(UserRow.id == user.id).values(_user_values(user))
        )

    async def set_skills(self, user_id: int, skills: Sequence[Skill]) -> None:
        await self.conn.execute(delete(SkillRow).where(SkillRow.user_id == user_id))
        if skills:
            await self.conn.execute(
                insert(SkillRow),
                [
                    {"user_id": user_id, "service_id": s.service_id, "tier": s.tier.value}
                    for s in skills
                ],
            )

    async def end_sessions(self, user_id: int, keep: str | None = None) -> None:
        stmt = delete(SessionRow).where(SessionRow.user_id == user_id)
        if keep is not None:
            stmt = stmt.where(SessionRow.token_hash != keep)
        await self.conn.execute(stmt)

    # --- devices and priority categories -----------------------------------------------

    async def save_device(self, device: Device) -> None:
        await self.conn.execute(
            update(DeviceRow)
            .where(DeviceRow.id == device.id)
            .values(name=device.name, zone=device.zone)
        )

    async def priorities(self) -> Sequence[PrioritySetting]:
        rows = await self.conn.execute(
            select(PriorityCategoryRow).order_by(
                PriorityCategoryRow.position, PriorityCategoryRow.code
            )
        )
        return [PrioritySetting(priority_from_row(r), r.active, r.position) for r in rows]

    async def add_priority(self, setting: PrioritySetting) -> None:
        code = setting.category.code
        try:
            await self.conn.execute(
                insert(PriorityCategoryRow).values(code=code, **_priority_values(setting))
            )
        except IntegrityError:
            raise _duplicate(
                f"Пільгову категорію «{code}»", f"Priority category '{code}'"
            ) from None

    async def save_priority(self, setting: PrioritySetting) -> None:
        await self.conn.execute(
            update(PriorityCategoryRow)
            .where(PriorityCategoryRow.code == setting.category.code)
            .values(_priority_values(setting))
        )

    # --- the change log ----------------------------------------------------------------

    async def changes(
        self, office_id: int, types: Sequence[str], limit: int
    ) -> Sequence[PublishedEvent]:
        rows = await self.conn.execute(
            select(EventRow)
            .where(EventRow.office_id == office_id, EventRow.type.in_(types))
            .order_by(EventRow.at.desc(), EventRow.seq.desc())
            .limit(limit)
        )
        return [published_event(r) for r in rows]

    async def display_names(self, user_ids: Sequence[int]) -> Mapping[int, str]:
        if not user_ids:
            return {}
        rows = await self.conn.execute(
            select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(list(user_ids)))
        )
        return {r.id: r.display_name for r in rows}
