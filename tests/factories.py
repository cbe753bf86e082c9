"""Builders for tests: a small office in the demo-data format, a fixed clock, helpers."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from queue_server.domain.counters import Counter
from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.domain.users import Principal, Role

ALL_DAY = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
WORKDAYS = {
    "mon": [["08:00", "12:00"], ["13:00", "17:00"]],
    "tue": [["08:00", "17:00"]],
    "wed": [["08:00", "17:00"]],
    "thu": [["08:00", "20:00"]],
    "fri": [["08:00", "16:00"]],
    "sat": [],
    "sun": [],
}

# Monday 2026-11-23 10:00 in Kyiv (UTC+2 in winter).
MONDAY_10_KYIV = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _service(code: str, prefix: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "prefix": prefix,
        "name_uk": f"Послуга {code}",
        "name_en": f"Service {code}",
        "card": {"description_uk": "Опис", "description_en": "About", "fee_uk": "Безоплатно"},
        "avg_service_min": 10,
    } | extra


TEST_DATA: dict[str, Any] = {
    "offices": [
        {
            "key": "main",
            "name_uk": "Тестовий ЦНАП",
            "name_en": "Test centre",
            "timezone": "Europe/Kyiv",
            "schedule": ALL_DAY,
            "booking": {"enabled": True},
            "services": "all",
            "counters": [
                {"number": n, "name_uk": f"Вікно {n}", "name_en": f"Window {n}", "zone": "A"}
                for n in (1, 2, 3)
            ],
        },
        {
            "key": "branch",
            "name_uk": "Віддалене робоче місце",
            "name_en": "Remote workplace",
            "timezone": "Europe/Kyiv",
            "schedule": WORKDAYS,
            "exceptions": [{"date": "2026-12-25", "intervals": [], "note_uk": "Різдво"}],
            "services": ["passport"],
            "counters": [{"number": 1, "name_uk": "Вікно 1", "name_en": "Window 1", "zone": "A"}],
        },
    ],
    "priority_categories": [
        {
            "code": "disability",
            "name_uk": "Особи з інвалідністю",
            "name_en": "Disability",
            "head_start_min": 20,
            "document_check": True,
        },
        {
            "code": "veteran",
            "name_uk": "Ветерани",
            "name_en": "Veterans",
            "head_start_min": 20,
            "document_check": True,
        },
    ],
    "catalog": [
        {
            "code": "docs",
            "name_uk": "Документи",
            "name_en": "Documents",
            "services": [
                _service("passport", "П", popular=True, bookable=True),
                _service("residence", "Р", bookable=True),
                _service("capped", "К", daily_cap=3),
            ],
        },
        {
            "code": "other",
            "name_uk": "Інше",
            "name_en": "Other",
            "services": [
                _service("paused", "З", active=False),
                _service(
                    "elsewhere",
                    "Н",
                    referral={
                        "body_uk": "Пенсійний фонд",
                        "body_en": "Pension Fund",
                        "phone": "+380 56 000 00 00",
                    },
                ),
            ],
        },
    ],
    "users": [
        {"username": "manager", "display_name": "Керівник", "roles": ["manager"], "office": None},
        {
            "username": "reception",
            "display_name": "Рецепція",
            "roles": ["reception"],
            "office": "main",
        },
        {
            "username": "admin1",
            "display_name": "Адміністратор 1",
            "roles": ["administrator"],
            "office": "main",
            "skills": {"primary": ["passport"], "secondary": ["residence"]},
        },
        {
            "username": "admin2",
            "display_name": "Адміністратор 2",
            "roles": ["administrator"],
            "office": "main",
            "skills": {"primary": ["residence", "capped"]},
        },
        {
            "username": "admin3",
            "display_name": "Адміністратор 3",
            "roles": ["administrator"],
            "office": "main",
            "skills": {"primary": ["passport", "residence", "capped"]},
        },
        {
            "username": "remote1",
            "display_name": "Адміністратор ВРМ",
            "roles": ["administrator"],
            "office": "branch",
            "skills": {"primary": ["passport"]},
        },
    ],
}

PASSWORD = "secret-pass"


def office_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(TEST_DATA)
    data.update(changes)
    return data


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = MONDAY_10_KYIV

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def user(uid: int, *roles: Role, office_id: int | None = 1) -> Principal:
    return Principal(kind="user", id=uid, office_id=office_id, roles=frozenset(roles))


def make_ticket(
    tid: int,
    *,
    service_id: int = 1,
    arrived: datetime = MONDAY_10_KYIV,
    head_start_min: int = 0,
    status: TicketStatus = TicketStatus.WAITING,
    target_counter_id: int | None = None,
    target_operator_id: int | None = None,
) -> Ticket:
    return Ticket(
        id=tid,
        office_id=1,
        service_id=service_id,
        number=f"А-{tid:03d}",
        business_day=date(2026, 11, 23),
        track_token=f"t{tid}",
        issued_at=arrived,
        arrived_at=arrived,
        status=status,
        head_start=timedelta(minutes=head_start_min),
        target_counter_id=target_counter_id,
        target_operator_id=target_operator_id,
    )


def make_counter(cid: int = 1, *, operator_id: int | None = 7) -> Counter:
    return Counter(id=cid, office_id=1, number=cid, operator_id=operator_id)


# Ids of the rows TEST_DATA creates in a fresh database (inserted in file order).
MAIN, BRANCH = 1, 2
PASSPORT, RESIDENCE, CAPPED, PAUSED, ELSEWHERE, BRANCH_PASSPORT = 1, 2, 3, 4, 5, 6
COUNTER_1, COUNTER_2, COUNTER_3, BRANCH_COUNTER = 1, 2, 3, 4
MANAGER, RECEPTION, ADMIN1, ADMIN2, ADMIN3, REMOTE1 = 1, 2, 3, 4, 5, 6
