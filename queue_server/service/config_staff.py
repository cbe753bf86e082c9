"""The manager's people and places: staff with their roles and skills, windows, devices.

A manager may touch only the users of their own office, never grant the ``admin`` role or
edit a user who has it (deployment admins may), and never lock themselves out: no
deactivating oneself, no dropping one's own configuring role. Deactivating a user or
setting their password ends their sessions everywhere. Passwords are hashed outside the
transaction (argon2 is slow on purpose) and never reach the event log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from queue_server.domain import configuration as rules
from queue_server.domain.configuration import Field, conflict, invalid
from queue_server.domain.counters import Counter
from queue_server.domain.errors import Forbidden
from queue_server.domain.users import CONFIGURERS, DeviceKind, Principal, Role, Skill, User
from queue_server.service.auth import PasswordHasher, token_hash
from queue_server.service.config import (
    created,
    diff,
    edit,
    log_offices,
    record,
    require_configurer,
    tidy_names,
)
from queue_server.service.ports import Clock, Device, UnitOfWorkFactory

USER_FIELDS = frozenset({"display_name", "roles", "active"})
COUNTER_FIELDS = frozenset({"number", "name_uk", "name_en", "zone"})
DEVICE_FIELDS = frozenset({"name", "zone"})
GRANT_ADMIN = "надавати роль admin або змінювати її власників / grant or edit the admin role"
DISPLAY_NAME = Field("ім'я", "display_name")


# --- staff -------------------------------------------------------------------------------


def _is_admin(principal: Principal) -> bool:
    return principal.has_any((Role.ADMIN,))


def _may_touch(principal: Principal, user: User) -> None:
    """Admins touch anybody; a manager, users of their office who are not admins."""
    if _is_admin(principal):
        return
    if user.office_id is None and principal.office_id is not None:
        raise Forbidden(action=f"{user.username}: інший ЦНАП / another office")
    require_configurer(principal, user.office_id)
    if Role.ADMIN in user.roles:
        raise Forbidden(action=GRANT_ADMIN)


def _tidy(user: User) -> User:
    user = dataclasses.replace(user, display_name=user.display_name.strip())
    rules.require_text(user.display_name, DISPLAY_NAME)
    rules.check_roles(user.roles)
    return user


def _public(user: User) -> User:
    return dataclasses.replace(user, password_hash="")


async def create_user(
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    principal: Principal,
    office_id: int,
    username: str,
    display_name: str,
    password: str,
    roles: frozenset[Role],
    active: bool,
    clock: Clock,
) -> User:
    """A new member of the office's staff, with a password they can log in with."""
    require_configurer(principal, office_id)
    if Role.ADMIN in roles and not _is_admin(principal):
        raise Forbidden(action=GRANT_ADMIN)
    username = username.strip()
    rules.check_username(username)
    rules.check_password(password)
    new = _tidy(User(0, username, display_name, roles, office_id, active=active))
    password_hash = hasher.hash(password)
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        if await tx.users.by_username(username) is not None:
            raise conflict(
                f"ім'я користувача «{username}» уже зайняте", f"the username '{username}' is taken"
            )
        new = dataclasses.replace(new, password_hash=password_hash)
        new.id = await tx.config.add_user(new)
        changes = created(new, USER_FIELDS | {"username"})
        record(tx, office_id, clock(), "user", new.id, "created", changes)
        await tx.commit()
    return _public(new)


async def update_user(
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    principal: Principal,
    user_id: int,
    fields: Mapping[str, Any],
    password: str | None,
    current_token: str | None,
    clock: Clock,
) -> User:
    """Rename a user, change their roles, deactivate them or set their password; the
    last two log them out everywhere (but for one's own session, changing one's password)."""
    require_configurer(principal, None)
    if password is not None:
        rules.check_password(password)
    password_hash = hasher.hash(password) if password is not None else None
    async with uow(actor=principal.actor) as tx:
        old = await tx.users.get(user_id)
        _may_touch(principal, old)
        new = _tidy(edit(old, fields, USER_FIELDS))
        if Role.ADMIN in new.roles - old.roles and not _is_admin(principal):
            raise Forbidden(action=GRANT_ADMIN)
        if user_id == principal.id:
            _keep_yourself(old, new)
        if old.active and not new.active:
            counter = await tx.counters.of_operator(user_id)
            if counter is not None:
                raise conflict(
                    f"{old.display_name} зараз працює у вікні {counter.number}: "
                    "спершу закрийте вікно",
                    f"{old.display_name} is working at window {counter.number} now: "
                    "close the window first",
                )
        changes = diff(old, new, USER_FIELDS)
        if password_hash is not None:
            new = dataclasses.replace(new, password_hash=password_hash)
            changes["password_changed"] = True
        if changes:
            await tx.config.save_user(new)
            if password_hash is not None or not new.active:
                own = current_token if user_id == principal.id else None
                await tx.config.end_sessions(user_id, token_hash(own) if own else None)
            offices = await log_offices(tx, old.office_id, principal)
            record(tx, offices, clock(), "user", user_id, "updated", changes)
            await tx.commit()
    return _public(new)


def _keep_yourself(old: User, new: User) -> None:
    """Nobody deactivates themselves or drops their own configuring role."""
    lost = (old.roles & CONFIGURERS) - new.roles
    if not new.active or lost:
        raise conflict(
            "не можна вимкнути себе або зняти з себе роль керівника чи адміністратора "
            "системи: попросіть про це іншого керівника",
            "you cannot deactivate yourself or drop your own manager or admin role: "
            "ask another manager",
        )


async def set_skills(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    user_id: int,
    skills: Sequence[Skill],
    clock: Clock,
) -> User:
    """Replace the services an administrator serves (primary or secondary)."""
    require_configurer(principal, None)
    ids = [s.service_id for s in skills]
    if len(set(ids)) != len(ids):
        raise invalid("послуга вказана двічі", "a service is listed twice")
    wanted = tuple(sorted(skills, key=lambda s: s.service_id))
    async with uow(actor=principal.actor) as tx:
        user = await tx.users.get(user_id)
        _may_touch(principal, user)
        if user.office_id is None and wanted:
            raise invalid(
                "користувач не належить жодному ЦНАП, тож не обслуговує послуг",
                "the user belongs to no office, so they serve no services",
            )
        office_id = user.office_id or 0
        own = {s.id for s in await tx.catalog.services(office_id)} if wanted else set()
        if alien := sorted(set(ids) - own):
            listed = ", ".join(map(str, alien))
            raise invalid(
                f"послуг {listed} немає в ЦНАП користувача",
                f"services {listed} are not in the user's office",
            )
        old = tuple(sorted(user.skills, key=lambda s: s.service_id))
        user = dataclasses.replace(user, skills=wanted)
        if wanted != old:
            await tx.config.set_skills(user_id, wanted)
            changes = created(user, {"skills"})
            offices = await log_offices(tx, user.office_id, principal)
            record(tx, offices, clock(), "user", user_id, "updated", changes)
            await tx.commit()
    return _public(user)


# --- windows -----------------------------------------------------------------------------


def _clean_counter(counter: Counter) -> Counter:
    return tidy_names(dataclasses.replace(counter, zone=counter.zone.strip()))


async def create_counter(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Counter:
    """A new window with a number of its own in the office."""
    require_configurer(principal, office_id)
    new = _clean_counter(edit(Counter(0, office_id, 0), fields, COUNTER_FIELDS))
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        rules.check_counter(new, await tx.config.counters(office_id))
        new.id = await tx.config.add_counter(new)
        record(tx, office_id, clock(), "counter", new.id, "created", created(new, COUNTER_FIELDS))
        await tx.commit()
    return new


async def update_counter(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    counter_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Counter:
    """Renumber or rename a window, or put it in another zone."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.counters.get(counter_id)
        require_configurer(principal, old.office_id)
        new = _clean_counter(edit(old, fields, COUNTER_FIELDS))
        changes = diff(old, new, COUNTER_FIELDS)
        if changes:
            rules.check_counter(new, await tx.config.counters(old.office_id))
            await tx.config.save_counter(new)
            record(tx, old.office_id, clock(), "counter", counter_id, "updated", changes)
            await tx.commit()
    return new


async def delete_counter(
    *, uow: UnitOfWorkFactory, principal: Principal, counter_id: int, clock: Clock
) -> None:
    """Delete a window nobody has used; a used one stays for the history and reports."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.counters.get(counter_id)
        require_configurer(principal, old.office_id)
        opened = conflict(
            f"вікно {old.number} відкрите: спершу закрийте його",
            f"window {old.number} is open: close it first",
        )
        if old.operator_id is not None:
            raise opened
        if await tx.config.counter_used(counter_id):
            raise conflict(
                f"вікно {old.number} уже обслуговувало відвідувачів і лишається в історії "
                "та звітах, тож видалити його не можна: просто закрийте його й не відкривайте",
                f"window {old.number} has served visitors and stays in the history and "
                "reports, so it cannot be deleted: close it instead and leave it closed",
            )
        if not await tx.config.drop_counter(counter_id):
            raise opened
        changes: dict[str, object] = {"number": old.number}
        record(tx, old.office_id, clock(), "counter", counter_id, "deleted", changes)
        await tx.commit()


# --- devices -----------------------------------------------------------------------------


async def update_device(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    device_id: int,
    fields: Mapping[str, Any],
    clock: Clock,
) -> Device:
    """Rename a device, or give a display its zone (the windows it shows; "" for all)."""
    require_configurer(principal, None)
    async with uow(actor=principal.actor) as tx:
        old = await tx.devices.get(device_id)
        require_configurer(principal, old.office_id)
        new = edit(old, fields, DEVICE_FIELDS)
        new = dataclasses.replace(new, name=new.name.strip(), zone=new.zone.strip())
        rules.require_text(new.name, Field("назва", "name"))
        if new.zone and new.kind is not DeviceKind.DISPLAY:
            raise invalid("зону можна задати лише табло", "only a display has a zone")
        changes = diff(old, new, DEVICE_FIELDS)
        if changes:
            await tx.config.save_device(new)
            record(tx, old.office_id, clock(), "device", device_id, "updated", changes)
            await tx.commit()
    return new
