"""The manager's catalogue: spheres, services with their cards and referrals, and the
deployment's priority categories.

Services are never deleted (tickets refer to them): ``active=False`` takes one off the
kiosks. The kiosk catalogue is read from the database on every request, so a change shows
on the next screen a kiosk draws.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from queue_server.domain import configuration as rules
from queue_server.domain.configuration import Field, conflict
from queue_server.domain.errors import NotFound
from queue_server.domain.services import Category, PriorityCategory, Service
from queue_server.domain.users import Principal, Role
from queue_server.service.config import (
    created,
    diff,
    edit,
    log_offices,
    record,
    require_configurer,
    tidy_names,
)
from queue_server.service.ports import Clock, PrioritySetting, UnitOfWork, UnitOfWorkFactory

CATEGORY_FIELDS = frozenset({"code", "name_uk", "name_en", "icon", "position"})
SERVICE_FIELDS = frozenset(
    {
        "category_id",
        "code",
        "prefix",
        "name_uk",
        "name_en",
        "card",
        "referral",
        "daily_cap",
        "target_wait_min",
        "avg_service_min",
        "active",
        "popular",
        "position",
        "bookable",
    }
)
PRIORITY_FIELDS = frozenset({"code", "name_uk", "name_en", "head_start_min", "document_check"})
SETTING_FIELDS = frozenset({"active", "position"})
ADD_PRIORITIES = "додавати пільгові категорії / add priority categories"
CODE = Field("код", "code")


# --- spheres -----------------------------------------------------------------------------


def _clean_category(category: Category) -> Category:
    code = rules.normalize_code(category.code, CODE)
    return tidy_names(dataclasses.replace(category, code=code, icon=category.icon.strip()))


async def create_category(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Category:
    """A new sphere (a tile on the kiosk's first screen)."""
    require_configurer(principal, office_id)
    new = _clean_category(edit(Category(0, office_id, "", "", ""), fields, CATEGORY_FIELDS))
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        rules.check_category(new, await tx.catalog.categories(office_id))
        new.id = await tx.config.add_category(new)
        changes = created(new, CATEGORY_FIELDS)
        record(tx, office_id, clock(), "category", new.id, "created", changes)
        await tx.commit()
    return new


async def update_category(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    category_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Category:
    """Rename a sphere, change its code, icon or place on the kiosk."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.config.category(category_id)
        require_configurer(principal, old.office_id)
        new = edit(old, fields, CATEGORY_FIELDS)
        new = _clean_category(new) if "code" in fields else tidy_names(new)
        changes = diff(old, new, CATEGORY_FIELDS)
        if changes:
            rules.check_category(new, await tx.catalog.categories(old.office_id))
            await tx.config.save_category(new)
            record(tx, old.office_id, clock(), "category", category_id, "updated", changes)
            await tx.commit()
    return new


async def delete_category(
    *, uow: UnitOfWorkFactory, principal: Principal, category_id: int, clock: Clock
) -> None:
    """Delete a sphere that has no services (move or keep them first)."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.config.category(category_id)
        require_configurer(principal, old.office_id)
        if not await tx.config.drop_category(category_id):
            count = sum(
                s.category_id == category_id for s in await tx.catalog.services(old.office_id)
            )
            raise conflict(
                f"у сфері «{old.name_uk}» ще є послуги ({count}), зокрема вимкнені: "
                "спершу перенесіть їх до іншої сфери",
                f"the sphere '{old.name_en}' still has services ({count}), inactive ones "
                "included: move them to another sphere first",
            )
        changes: dict[str, object] = {"code": old.code, "name_uk": old.name_uk}
        record(tx, old.office_id, clock(), "category", category_id, "deleted", changes)
        await tx.commit()


# --- services ----------------------------------------------------------------------------


def _clean_service(service: Service, fields: Collection[str]) -> Service:
    """Normalised code and prefix (when given) and tidy names."""
    if "code" in fields:
        service = dataclasses.replace(service, code=rules.normalize_code(service.code, CODE))
    if "prefix" in fields:
        service = dataclasses.replace(service, prefix=rules.normalize_prefix(service.prefix))
    return tidy_names(service)


async def _check_service(
    tx: UnitOfWork, new: Service, old: Service | None, changes: Mapping[str, object]
) -> None:
    # Rules are checked where the change touches them, so an old quirk of the data
    # (say, a prefix shared across spheres long ago) never blocks an unrelated edit.
    siblings = await tx.catalog.services(new.office_id)
    categories = {c.id for c in await tx.catalog.categories(new.office_id)}
    touched = {"code", "prefix", "active", "category_id"} & set(changes)
    rules.check_service(new, siblings if old is None or touched else (), categories)


async def create_service(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Service:
    """A new service: a sphere of the office, a code, a ticket prefix, names and a card."""
    require_configurer(principal, office_id)
    blank = Service(0, office_id, 0, "", "", "", "")
    new = _clean_service(edit(blank, fields, SERVICE_FIELDS), SERVICE_FIELDS)
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        await _check_service(tx, new, None, {})
        new.id = await tx.config.add_service(new)
        changes = created(new, SERVICE_FIELDS)
        record(tx, office_id, clock(), "service", new.id, "created", changes)
        await tx.commit()
    return new


async def update_service(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    service_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Service:
    """Change a service; its card and referral are replaced whole when given, and
    ``active=False`` takes it off the kiosks (tickets refer to it, so it stays)."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.catalog.service(service_id)
        require_configurer(principal, old.office_id)
        new = _clean_service(edit(old, fields, SERVICE_FIELDS), fields)
        changes = diff(old, new, SERVICE_FIELDS)
        if changes:
            await _check_service(tx, new, old, changes)
            await tx.config.save_service(new)
            record(tx, old.office_id, clock(), "service", service_id, "updated", changes)
            await tx.commit()
    return new


# --- priority categories -------------------------------------------------------------


async def list_priorities(
    *, uow: UnitOfWorkFactory, principal: Principal
) -> Sequence[PrioritySetting]:
    """Every priority category of the deployment, inactive ones too."""
    require_configurer(principal, None)
    async with uow(write=False) as tx:
        return await tx.config.priorities()


def _check_priority(setting: PrioritySetting) -> PrioritySetting:
    category = tidy_names(setting.category)
    rules.require_text(category.name_uk, Field("назва", "name_uk"))
    rules.check_head_start(category.head_start_min)
    return dataclasses.replace(setting, category=category)


async def create_priority(
    *, uow: UnitOfWorkFactory, principal: Principal, fields: Mapping[str, Any], clock: Clock
) -> PrioritySetting:
    """A new priority category, for every office (deployment admins only)."""
    principal.require(principal.has_any((Role.ADMIN,)), None, ADD_PRIORITIES)
    category_fields = {k: v for k, v in fields.items() if k not in SETTING_FIELDS}
    blank = PriorityCategory("", "", "")
    category = edit(blank, category_fields, PRIORITY_FIELDS)
    category = dataclasses.replace(category, code=rules.normalize_code(category.code, CODE))
    setting_fields = {k: v for k, v in fields.items() if k in SETTING_FIELDS}
    new = _check_priority(PrioritySetting(category, **setting_fields))
    async with uow(actor=principal.actor) as tx:
        existing = {p.category.code: p for p in await tx.config.priorities()}
        if (other := existing.get(new.category.code)) is not None:
            raise conflict(
                f"пільгова категорія з кодом «{other.category.code}» уже є: "
                f"«{other.category.name_uk}»",
                f"a priority category with code '{other.category.code}' exists already: "
                f"'{other.category.name_en}'",
            )
        await tx.config.add_priority(new)
        changes = created(new.category, PRIORITY_FIELDS) | created(new, SETTING_FIELDS)
        offices = await log_offices(tx, None, principal)
        record(tx, offices, clock(), "priority", new.category.code, "created", changes)
        await tx.commit()
    return new


async def update_priority(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    fields: Mapping[str, Any],
    clock: Clock,
) -> PrioritySetting:
    """Change a priority category's names, head start, document check, order or whether
    kiosks and reception offer it (managers and admins)."""
    require_configurer(principal, None)
    category_fields = {k: v for k, v in fields.items() if k not in SETTING_FIELDS}
    setting_fields = {k: v for k, v in fields.items() if k in SETTING_FIELDS}
    async with uow(actor=principal.actor) as tx:
        old = next((p for p in await tx.config.priorities() if p.category.code == code), None)
        if old is None:
            raise NotFound(what="пільгова категорія / priority category", key=code)
        category = edit(old.category, category_fields, PRIORITY_FIELDS - {"code"})
        setting = edit(old, setting_fields, SETTING_FIELDS)
        new = _check_priority(dataclasses.replace(setting, category=category))
        changes = diff(old.category, new.category, PRIORITY_FIELDS)
        changes |= diff(old, new, SETTING_FIELDS)
        if changes:
            await tx.config.save_priority(new)
            offices = await log_offices(tx, None, principal)
            record(tx, offices, clock(), "priority", code, "updated", changes)
            await tx.commit()
    return new
