"""The rules a manager's configuration change must keep, with messages a person can act on.

Each check takes the entity as it would be after the change (and its siblings where
uniqueness matters) and raises InvalidInput (422) for a value that is wrong in itself or
ConfigConflict (409) for one that clashes with another entity, in Ukrainian and English.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from queue_server.domain.announcements import UKRAINIAN_CAPITALS, letter_segment
from queue_server.domain.counters import Counter
from queue_server.domain.errors import ConfigConflict, InvalidInput
from queue_server.domain.services import Category, Service
from queue_server.domain.users import Role

PREFIX_MAX = 4
MAX_WAIT_MIN = 240
MAX_DAILY_CAP = 100_000
MAX_COUNTER = 999  # window numbers are spoken: 0-999 are single phrases
MAX_HEAD_START_MIN = 240
MIN_PASSWORD = 8
CODE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
USERNAME = re.compile(r"[\w.@-]{2,64}")

# A Cyrillic capital for each letter the hall screens can speak in a prefix; a Latin letter
# that looks exactly like a Cyrillic one is stored as that Cyrillic letter, so "P" and "Р"
# never become two services whose tickets read the same on the screen.
_SPOKEN = {letter_segment(c): c for c in UKRAINIAN_CAPITALS}


@dataclass(frozen=True)
class Field:
    """A field's name as a manager reads it in a message."""

    uk: str
    en: str


def invalid(uk: str, en: str) -> InvalidInput:
    return InvalidInput(detail_uk=uk, detail_en=en)


def conflict(uk: str, en: str) -> ConfigConflict:
    return ConfigConflict(detail_uk=uk, detail_en=en)


def require_text(value: str, field: Field) -> None:
    """Raise unless ``value`` has something besides spaces."""
    if not value.strip():
        raise invalid(f"поле «{field.uk}» не може бути порожнім", f"{field.en} must not be empty")


def require_range(value: int | None, low: int, high: int, field: Field, *, optional: bool) -> None:
    """Raise unless ``value`` is within [low, high] (or None when ``optional``)."""
    if value is None and optional:
        return
    if value is None or not low <= value <= high:
        empty_uk = " або порожнім" if optional else ""
        empty_en = " or empty" if optional else ""
        raise invalid(
            f"поле «{field.uk}» має бути від {low} до {high}{empty_uk}",
            f"{field.en} must be from {low} to {high}{empty_en}",
        )


def normalize_code(code: str, field: Field) -> str:
    """A code in lower case; letters, digits, "-", "_" and "." only."""
    value = code.strip().lower()
    if not CODE.fullmatch(value):
        raise invalid(
            f"поле «{field.uk}» — від 1 до 64 латинських літер, цифр, «-», «_» або «.»",
            f"{field.en} must be 1-64 Latin letters, digits, '-', '_' or '.'",
        )
    return value


def normalize_prefix(prefix: str) -> str:
    """The ticket prefix in Cyrillic capitals; ``InvalidInput`` unless it has one to four
    letters the hall screens can speak (Ukrainian letters or their Latin look-alikes)."""
    value = prefix.strip().upper()
    letters = []
    for ch in value:
        try:
            letters.append(_SPOKEN[letter_segment(ch)])
        except ValueError:
            letters = []
            break
    if not 1 <= len(value) <= PREFIX_MAX or len(letters) != len(value):
        raise invalid(
            f"префікс «{prefix}» має містити від 1 до {PREFIX_MAX} українських літер "
            "(табло називає кожну літеру вголос)",
            f"prefix '{prefix}' must have 1 to {PREFIX_MAX} Ukrainian letters "
            "(the hall screens speak each letter)",
        )
    return "".join(letters)


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_timezone(name: str) -> None:
    """Raise unless ``name`` is an IANA time zone ("Europe/Kyiv")."""
    if name not in _zones():
        raise invalid(
            f"невідомий часовий пояс «{name}» (очікується назва IANA, напр. Europe/Kyiv)",
            f"unknown time zone '{name}' (expected an IANA name such as Europe/Kyiv)",
        )


def check_category(category: Category, siblings: Iterable[Category]) -> None:
    """A sphere needs a Ukrainian name and a code of its own in the office."""
    require_text(category.name_uk, Field("назва", "name_uk"))
    for other in siblings:
        if other.id != category.id and other.code == category.code:
            raise conflict(
                f"сфера з кодом «{category.code}» уже є: «{other.name_uk}»",
                f"a sphere with code '{category.code}' exists already: '{other.name_en}'",
            )


def check_service(
    service: Service, siblings: Iterable[Service], categories: Collection[int]
) -> None:
    """A service's limits, its sphere in the same office, its own code, and a prefix no
    active service of another sphere has: ticket numbers run per prefix, so the services
    of one sphere may share a numbering (П-001, П-002 ...), two spheres may not."""
    require_text(service.name_uk, Field("назва", "name_uk"))
    if service.category_id not in categories:
        raise invalid(
            f"сфери {service.category_id} немає в цьому ЦНАП",
            f"sphere {service.category_id} is not in this office",
        )
    limit = Field("денний ліміт талонів", "daily_cap")
    require_range(service.daily_cap, 1, MAX_DAILY_CAP, limit, optional=True)
    target = Field("цільовий час очікування, хв", "target_wait_min")
    require_range(service.target_wait_min, 1, MAX_WAIT_MIN, target, optional=False)
    average = Field("середня тривалість обслуговування, хв", "avg_service_min")
    require_range(service.avg_service_min, 1, MAX_WAIT_MIN, average, optional=True)
    for other in siblings:
        if other.id == service.id:
            continue
        if other.code == service.code:
            raise conflict(
                f"послуга з кодом «{service.code}» уже є: «{other.name_uk}»",
                f"a service with code '{service.code}' exists already: '{other.name_en}'",
            )
        if (
            service.active
            and other.active
            and other.prefix == service.prefix
            and other.category_id != service.category_id
        ):
            raise conflict(
                f"префікс «{service.prefix}» уже має діюча послуга іншої сфери "
                f"«{other.name_uk}» (код {other.code}): оберіть інший префікс або спершу "
                "вимкніть ту послугу",
                f"prefix '{service.prefix}' is used by the active service '{other.name_en}' "
                f"(code {other.code}) of another sphere: choose another prefix or deactivate "
                "that service first",
            )


def check_counter(counter: Counter, siblings: Iterable[Counter]) -> None:
    """A window's number is spoken on the screens and is its own in the office."""
    require_range(counter.number, 1, MAX_COUNTER, Field("номер вікна", "number"), optional=False)
    for other in siblings:
        if other.id != counter.id and other.number == counter.number:
            raise conflict(
                f"вікно № {counter.number} уже є в цьому ЦНАП",
                f"window {counter.number} exists already in this office",
            )


def check_username(username: str) -> None:
    if not USERNAME.fullmatch(username):
        raise invalid(
            "ім'я користувача — від 2 до 64 літер, цифр, «.», «_», «-» або «@», без пробілів",
            "the username must be 2-64 letters, digits, '.', '_', '-' or '@', without spaces",
        )


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise invalid(
            f"пароль має містити щонайменше {MIN_PASSWORD} символів",
            f"the password must have at least {MIN_PASSWORD} characters",
        )


def check_roles(roles: Collection[Role]) -> None:
    if not roles:
        raise invalid("оберіть щонайменше одну роль користувача", "give the user at least one role")


def check_head_start(minutes: int) -> None:
    field = Field("перевага в черзі, хв", "head_start_min")
    require_range(minutes, 0, MAX_HEAD_START_MIN, field, optional=False)
