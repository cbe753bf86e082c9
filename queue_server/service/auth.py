"""Logging in and out, recognising callers, and device tokens.

Tokens are random; only their SHA-256 is stored, so a request is authenticated by one
indexed lookup and a leaked database holds no usable token. Argon2 runs at login only.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from queue_server.domain import events as ev
from queue_server.domain.counters import Counter
from queue_server.domain.errors import (
    Forbidden,
    InvalidCredentials,
    LoginLocked,
    NotAuthenticated,
)
from queue_server.domain.users import CONFIGURERS, DeviceKind, Principal, User, lock_after
from queue_server.service.ports import Clock, Device, UnitOfWorkFactory

SESSION_PREFIX = "s_"
DEVICE_PREFIX = "d_"
MANAGE_DEVICES = "керувати пристроями / manage devices"


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...


def token_hash(token: str) -> str:
    """What is stored for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoginResult:
    token: str
    user: User
    expires_in: int


async def login(
    *,
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    username: str,
    password: str,
    session_hours: int,
    clock: Clock,
) -> LoginResult:
    """Check a password and open a session."""
    async with uow(write=False) as tx:
        user = await tx.users.by_username(username.strip())
    if user is None or not user.active:
        raise InvalidCredentials()
    if wait := user.locked(clock()):
        raise LoginLocked(retry_after=wait)  # not even checked: guessing gains nothing
    # Verify outside the transaction: argon2 is slow on purpose.
    if not hasher.verify(user.password_hash, password):
        async with uow(actor=f"user:{user.id}") as tx:
            locked_until = lock_after(await tx.users.failed_login(user.id), clock())
            if locked_until is not None:
                await tx.users.lock(user.id, locked_until)
            await tx.commit()
        if locked_until is not None:
            raise LoginLocked(retry_after=max(1, int((locked_until - clock()).total_seconds())))
        raise InvalidCredentials()
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    lifetime = timedelta(hours=session_hours)
    async with uow(actor=f"user:{user.id}") as tx:
        await tx.auth.add_session(token_hash(token), user.id, clock() + lifetime)
        if user.failed_logins:
            await tx.users.logged_in(user.id)
        await tx.commit()
    return LoginResult(token=token, user=user, expires_in=int(lifetime.total_seconds()))


async def logout(*, uow: UnitOfWorkFactory, token: str) -> None:
    """End the session of ``token`` (a no-op for an unknown one)."""
    async with uow() as tx:
        await tx.auth.drop_session(token_hash(token))
        await tx.commit()


async def logout_everywhere(*, uow: UnitOfWorkFactory, principal: Principal) -> None:
    """End every session of the calling member of staff: on every computer and phone
    (a login left open at a shared window, a lost phone). Devices have no sessions."""
    if principal.kind != "user":
        raise Forbidden(action="вийти з усіх сеансів / log out everywhere (staff only)")
    async with uow(actor=principal.actor) as tx:
        await tx.config.end_sessions(principal.id)
        await tx.commit()


async def authenticate(*, uow: UnitOfWorkFactory, token: str, clock: Clock) -> Principal:
    """The user or device a bearer token or session cookie belongs to."""
    digest = token_hash(token)
    async with uow(write=False) as tx:
        if token.startswith(DEVICE_PREFIX):
            principal = await tx.auth.device_principal(digest)
        else:
            principal = await tx.auth.session_principal(digest, clock())
    if principal is None:
        raise NotAuthenticated()
    return principal


@dataclass(frozen=True)
class IssuedDevice:
    device: Device
    token: str  # shown once; only its hash is kept


async def register_device(
    *,
    uow: UnitOfWorkFactory,
    principal: Principal,
    office_id: int,
    kind: DeviceKind,
    name: str,
    clock: Clock,
) -> IssuedDevice:
    """A manager registers a kiosk, display or rating pad and gets its token once."""
    principal.require_roles(CONFIGURERS, office_id, MANAGE_DEVICES)
    token = DEVICE_PREFIX + secrets.token_urlsafe(32)
    now = clock()
    async with uow(actor=principal.actor) as tx:
        await tx.offices.get(office_id)
        device = await tx.auth.add_device(office_id, kind, name.strip(), token_hash(token), now)
        tx.log(
            office_id,
            [
                ev.DeviceRegistered(
                    at=now, device_id=device.id, kind=kind.value, device_name=device.name
                )
            ],
        )
        await tx.commit()
    return IssuedDevice(device=device, token=token)


async def revoke_device(
    *, uow: UnitOfWorkFactory, principal: Principal, device_id: int, clock: Clock
) -> Device:
    """A revoked token stops working on its next request."""
    now = clock()
    async with uow(actor=principal.actor) as tx:
        device = await tx.auth.revoke_device(device_id, now)
        principal.require_roles(CONFIGURERS, device.office_id, MANAGE_DEVICES)
        tx.log(device.office_id, [ev.DeviceRevoked(at=now, device_id=device.id)])
        await tx.commit()
    return device


async def list_devices(
    *, uow: UnitOfWorkFactory, principal: Principal, office_id: int
) -> Sequence[Device]:
    """The devices of an office."""
    principal.require_roles(CONFIGURERS, office_id, MANAGE_DEVICES)
    async with uow(write=False) as tx:
        return await tx.auth.devices(office_id)


async def touch_device(*, uow: UnitOfWorkFactory, principal: Principal, clock: Clock) -> None:
    """A connected device is alive now (reception sees which screens are offline)."""
    if principal.kind != "device":
        return
    async with uow(actor=principal.actor) as tx:
        await tx.auth.touch_device(principal.id, clock())
        await tx.commit()


@dataclass(frozen=True)
class Whoami:
    principal: Principal
    display_name: str
    counter: Counter | None  # the counter an administrator works at now


async def whoami(*, uow: UnitOfWorkFactory, principal: Principal) -> Whoami:
    """The caller, with a user's name and the counter they work at (a page reload, a
    server restart: the window resumes where it was)."""
    if principal.kind != "user":
        return Whoami(principal, "", None)
    async with uow(write=False) as tx:
        user = await tx.users.get(principal.id)
        counter = await tx.counters.of_operator(principal.id)
    return Whoami(principal, user.display_name, counter)
