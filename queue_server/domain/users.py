"""Who acts: staff users with roles and skills, devices, and the permission rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from queue_server.domain.errors import Forbidden


class Role(StrEnum):
    ADMINISTRATOR = "administrator"  # serves visitors at a window
    RECEPTION = "reception"  # issues, finds, redirects and cancels tickets
    MANAGER = "manager"  # configures the office and reads reports
    ADMIN = "admin"  # configures the whole deployment


class Tier(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class DeviceKind(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    RATING_PAD = "rating_pad"


STAFF = frozenset(Role)
FRONT_DESK = frozenset({Role.RECEPTION, Role.MANAGER, Role.ADMIN})
CONFIGURERS = frozenset({Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class Skill:
    service_id: int
    tier: Tier = Tier.PRIMARY


@dataclass
class User:
    """A staff member; administrators have skills (services with a tier)."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    office_id: int | None  # None: every office of the deployment
    password_hash: str = ""
    active: bool = True
    skills: tuple[Skill, ...] = field(default_factory=tuple)
    failed_logins: int = 0  # wrong passwords since the last login
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> int:
        """Seconds until the user may try a password again (0: now)."""
        if self.locked_until is None or self.locked_until <= now:
            return 0
        return max(1, int((self.locked_until - now).total_seconds()))


#: Wrong passwords allowed before a username is locked; each further one doubles the
#: lock, from a minute up to half an hour (a colleague mistyping is barely slowed, a
#: guesser gets some 50 tries a day).
FREE_ATTEMPTS = 5
MAX_LOCK = timedelta(minutes=30)


def lock_after(failures: int, now: datetime) -> datetime | None:
    """When a user with ``failures`` wrong passwords in a row may try again."""
    if failures < FREE_ATTEMPTS:
        return None
    return now + min(MAX_LOCK, timedelta(minutes=2 ** (failures - FREE_ATTEMPTS)))


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a use case: a user or a device."""

    kind: str  # "user" | "device"
    id: int
    office_id: int | None
    roles: frozenset[Role] = frozenset()
    device_kind: DeviceKind | None = None

    @property
    def actor(self) -> str:
        """How the event log names the caller: "user:7" or "device:3"."""
        return f"{self.kind}:{self.id}"

    def is_device(self, kind: DeviceKind) -> bool:
        return self.kind == "device" and self.device_kind == kind

    def has_any(self, roles: Iterable[Role]) -> bool:
        return self.kind == "user" and not self.roles.isdisjoint(roles)

    def sees_office(self, office_id: int) -> bool:
        """Whether the caller belongs to the office (or to every office)."""
        return self.office_id is None or self.office_id == office_id

    def require(
        self,
        allowed: bool,
        office_id: int | None,
        action: str,
    ) -> None:
        """Raise Forbidden unless ``allowed`` and the office is the caller's."""
        if not allowed or (office_id is not None and not self.sees_office(office_id)):
            raise Forbidden(action=action)

    def require_roles(self, roles: Iterable[Role], office_id: int | None, action: str) -> None:
        """Raise Forbidden unless the caller is a user with one of ``roles`` in the office."""
        self.require(self.has_any(roles), office_id, action)
