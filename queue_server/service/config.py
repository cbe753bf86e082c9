"""The manager's configuration: an office and its hours, spheres, services, windows,
devices and priority categories, and the log of what changed.

Managers configure their own office, deployment admins every office. Each use case is one
transaction that checks the change against ``domain.configuration`` and logs one
``ConfigChanged`` per changed entity (none when nothing changed) in the office's log; the
log publishes it, so displays and kiosks pick the change up at once. Partial updates come
as a mapping of the given fields. Spheres, services and priority categories are in
``config_catalog``; staff, windows and devices in ``config_staff``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from queue_server.domain import configuration as rules
from queue_server.domain.configuration import Field, invalid
from queue_server.domain.counters import Counter
from queue_server.domain.errors import NotFound
from queue_server.domain.events import ConfigChanged
from queue_server.domain.offices import Office, Schedule, format_hhmm, intervals_from_text
from queue_server.domain.services import Category, Service
from queue_server.domain.users import DeviceKind, Principal, Role, User
from queue_server.service.ports import (
    Clock,
    Device,
    ExceptionDay,
    PrioritySetting,
    PublishedEvent,
    UnitOfWork,
    UnitOfWorkFactory,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    T = TypeVar("T", bound=DataclassInstance)
else:
    T = TypeVar("T")

CONFIGURE = "налаштовувати ЦНАП / configure the office"
OFFICE_FIELDS = frozenset(
    {"name_uk", "name_en", "address_uk", "address_en", "timezone", "schedule", "info_uk", "info_en"}
)
# What the change log of an office lists besides ConfigChanged.
CHANGE_TYPES = (
    ConfigChanged.name,
    "device.registered",
    "device.revoked",
    "device.printer_configured",
)


def require_configurer(principal: Principal, office_id: int | None) -> None:
    """Managers configure their own office, deployment admins every office."""
    if not principal.has_any((Role.ADMIN,)):
        principal.require_roles((Role.MANAGER,), office_id, CONFIGURE)


def plain(value: object) -> object:
    """``value`` as the event log's JSON holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Schedule):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def diff(old: object, new: object, names: Iterable[str]) -> dict[str, object]:
    """The fields among ``names`` whose value differs, with their new values."""
    changes = {}
    for name in sorted(names):
        value = plain(getattr(new, name))
        if plain(getattr(old, name)) != value:
            changes[name] = value
    return changes


def edit(entity: T, fields: Mapping[str, Any], allowed: frozenset[str]) -> T:
    """A copy of ``entity`` with ``fields`` replaced; InvalidInput for a field not editable."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise invalid(
            f"ці поля не можна змінити: {', '.join(unknown)}",
            f"these fields cannot be changed: {', '.join(unknown)}",
        )
    return dataclasses.replace(entity, **fields)


def record(
    tx: UnitOfWork,
    office_ids: int | Iterable[int],
    at: datetime,
    entity: str,
    entity_id: object,
    action: str,
    changes: dict[str, object],
) -> None:
    """Log one ConfigChanged in each office's log."""
    event = ConfigChanged(
        at=at, entity=entity, entity_id=str(entity_id), action=action, changes=changes
    )
    for office_id in [office_ids] if isinstance(office_ids, int) else office_ids:
        tx.log(office_id, [event])


async def log_offices(tx: UnitOfWork, office_id: int | None, principal: Principal) -> list[int]:
    """Where a change is logged: its office; for something of every office (a priority
    category, a deployment-wide user), the caller's office, else every office."""
    if office_id is not None:
        return [office_id]
    if principal.office_id is not None:
        return [principal.office_id]
    return [o.id for o in await tx.offices.all()]


def created(entity: object, names: Iterable[str]) -> dict[str, object]:
    """The fields among ``names`` of a new entity, for its "created" event."""
    return {name: plain(getattr(entity, name)) for name in sorted(names)}


def tidy_names(entity: T) -> T:
    """Names without stray spaces; an empty English name falls back to the Ukrainian one."""
    uk = str(getattr(entity, "name_uk")).strip()  # noqa: B009
    en = str(getattr(entity, "name_en")).strip() or uk  # noqa: B009
    return dataclasses.replace(entity, name_uk=uk, name_en=en)


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeSettings:
    office: Office
    exceptions: Sequence[ExceptionDay]


@dataclass(frozen=True)
class OfficeConfig:
    """Everything a manager configures in one office."""

    settings: OfficeSettings
    categories: Sequence[Category]
    services: Sequence[Service]
    counters: Sequence[Counter]
    users: Sequence[User]
    devices: Sequence[Device]
    priorities: Sequence[PrioritySetting]


async def office_config(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int
) -> OfficeConfig:
    """The whole configuration of one office, inactive things included."""
    require_configurer(principal, office_id)
    async with uow(write=False) as tx:
        office = await tx.offices.get(office_id)
        return OfficeConfig(
            settings=OfficeSettings(office, await tx.config.exceptions(office_id)),
            categories=await tx.catalog.categories(office_id),
            services=await tx.catalog.services(office_id),
            counters=await tx.config.counters(office_id),
            users=await tx.config.users(office_id),
            devices=await tx.auth.devices(office_id),
            priorities=await tx.config.priorities(),
        )


# --- the office and its hours ----------------------------------------------------------


def _pairs(intervals: Sequence[Sequence[str]]) -> list[list[str]]:
    if any(len(pair) != 2 for pair in intervals):
        raise invalid(
            "кожен інтервал — два значення часу: початок і кінець",
            "each interval is two times: its start and its end",
        )
    return [list(pair) for pair in intervals]


async def update_office(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> OfficeSettings:
    """Change names, addresses, time zone, weekly hours (the whole week: a day left out
    is closed) or the displays' information line."""
    require_configurer(principal, office_id)
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "schedule" in fields:
        week = {day: _pairs(v) for day, v in fields["schedule"].items()}
        fields["schedule"] = Schedule.from_dict(week)
    if "timezone" in fields:
        rules.check_timezone(fields["timezone"])
    async with uow(actor=principal.actor) as tx:
        old = await tx.offices.get(office_id)
        new = edit(old, fields, OFFICE_FIELDS)
        if "schedule" in fields:
            new.schedule = Schedule(new.schedule.weekly, old.schedule.exceptions)
        rules.require_text(new.name_uk, Field("назва", "name_uk"))
        changes = diff(old, new, OFFICE_FIELDS)
        if changes:
            await tx.config.save_office(new)
            record(tx, office_id, clock(), "office", office_id, "updated", changes)
        exceptions = await tx.config.exceptions(office_id)
        await tx.commit()
    return OfficeSettings(new, exceptions)


async def put_exception(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    day: date,
    intervals: Sequence[Sequence[str]],
    note_uk: str,
    note_en: str,
    clock: Clock,
) -> ExceptionDay:
    """Other hours on one day: closed (no intervals), shorter or longer."""
    require_configurer(principal, office_id)
    wanted = ExceptionDay(
        day, intervals_from_text(_pairs(intervals)), note_uk.strip(), note_en.strip()
    )
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        old = next((e for e in await tx.config.exceptions(office_id) if e.day == day), None)
        if old != wanted:
            await tx.config.put_exception(office_id, wanted)
            changes: dict[str, object] = {
                "intervals": [[format_hhmm(a), format_hhmm(b)] for a, b in wanted.intervals],
                "note_uk": wanted.note_uk,
                "note_en": wanted.note_en,
            }
            action = "created" if old is None else "updated"
            record(tx, office_id, clock(), "exception", day.isoformat(), action, changes)
            await tx.commit()
    return wanted


async def delete_exception(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, day: date, clock: Clock
) -> None:
    """The day has the week's hours again."""
    require_configurer(principal, office_id)
    async with uow(actor=principal.actor) as tx:
        if not await tx.config.drop_exception(office_id, day):
            raise NotFound(what="виняток у розкладі / exception day", key=day.isoformat())
        record(tx, office_id, clock(), "exception", day.isoformat(), "deleted", {})
        await tx.commit()


# --- the change log and what a display shows --------------------------------------------


@dataclass(frozen=True)
class ChangeRecord:
    """One configuration change as the manager's change log lists it."""

    at: datetime
    actor: str  # "user:7", "device:3", "system"
    actor_name: str | None  # the user's display name
    entity: str
    entity_id: str
    action: str
    changes: Mapping[str, object]


def _user_id(actor: str) -> int | None:
    kind, _, raw_id = actor.partition(":")
    return int(raw_id) if kind == "user" and raw_id.isdigit() else None


def _change(event: PublishedEvent, names_by_id: Mapping[int, str]) -> ChangeRecord:
    data = event.data
    user_id = _user_id(event.actor)
    name = names_by_id.get(user_id) if user_id is not None else None
    if event.type == ConfigChanged.name:
        entity, entity_id = str(data.get("entity", "")), str(data.get("entity_id", ""))
        action = str(data.get("action", ""))
        changes = data.get("changes")
        return ChangeRecord(
            event.at,
            event.actor,
            name,
            entity,
            entity_id,
            action,
            changes if isinstance(changes, dict) else {},
        )
    action = event.type.removeprefix("device.")
    details: dict[str, object] = {}
    if event.type == "device.registered":
        details = {"kind": data.get("kind"), "name": data.get("device_name")}
    elif event.type == "device.printer_configured":
        details = {"printer_url": data.get("url")}
    device_id = str(data.get("device_id", ""))
    return ChangeRecord(event.at, event.actor, name, "device", device_id, action, details)


async def recent_changes(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int, limit: int
) -> Sequence[ChangeRecord]:
    """The office's latest configuration changes, newest first, with who made them."""
    require_configurer(principal, office_id)
    async with uow(write=False) as tx:
        await tx.offices.get(office_id)
        events = await tx.config.changes(office_id, CHANGE_TYPES, limit)
        user_ids = sorted({i for e in events if (i := _user_id(e.actor)) is not None})
        names_by_id = await tx.config.display_names(user_ids)
    return [_change(e, names_by_id) for e in events]


@dataclass(frozen=True)
class DisplaySettings:
    """What a hall display shows, as configured."""

    office: Office
    device: Device
    seq: int  # the office's last event when this was read: later changes are news


async def display_settings(*, uow: UnitOfWorkFactory, principal: Principal) -> DisplaySettings:
    """The display's office (with its information line) and its own zone."""
    principal.require(principal.is_device(DeviceKind.DISPLAY), None, "бути табло / be a display")
    async with uow(write=False) as tx:
        device = await tx.devices.get(principal.id)
        seq = await tx.events.latest(device.office_id)
        office = await tx.offices.get(device.office_id)
    return DisplaySettings(office, device, seq)
