"""Demo data: a believable ЦНАП and a remote workplace, loaded once into an empty database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from queue_server.adapters.database import Conn, Database
from queue_server.adapters.demo_history import add_demo_history
from queue_server.adapters.orm import (
    CategoryRow,
    CounterRow,
    DeviceRow,
    OfficeExceptionRow,
    OfficeRow,
    PriorityCategoryRow,
    ServiceRow,
    SkillRow,
    UserRow,
)
from queue_server.domain.bookings import BookingRules
from queue_server.domain.offices import Schedule
from queue_server.domain.printing import PrinterConfig
from queue_server.service.auth import PasswordHasher, token_hash

DATA_FILE = Path(__file__).resolve().parent.parent / "demo" / "data.json"
DEMO_PASSWORD = "demo"
# Known device tokens of the demo centre's first office, so a newcomer can open a screen.
# The first kiosk "prints" to a dummy printer (every job succeeds); the second has no
# printer and shows each ticket as a QR code on screen.
DEMO_DEVICES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "d_demo-display": ("display", "Табло (демо)", None),
    "d_demo-kiosk": ("kiosk", "Кіоск (демо)", {"url": "dummy://", "paper_mm": 80}),
    "d_demo-kiosk-screen": ("kiosk", "Кіоск без принтера (демо)", None),
}
DEMO_LOCK = 7_242_002  # PostgreSQL advisory lock held while demo data loads


def read_demo_data(path: Path = DATA_FILE) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


async def load_demo_data(db: Database, hasher: PasswordHasher, path: Path = DATA_FILE) -> bool:
    """Fill an empty database with the demo centre and its demo devices; False if it
    already has offices."""
    if not await load_data(db, hasher, read_demo_data(path)):
        return False
    async with db.begin() as conn:
        office_id = (await conn.execute(select(OfficeRow.id).order_by(OfficeRow.id))).scalar()
        for token, (kind, name, printer) in DEMO_DEVICES.items():
            await conn.execute(
                insert(DeviceRow).values(
                    office_id=office_id,
                    kind=kind,
                    name=name,
                    token_hash=token_hash(token),
                    created_at=datetime.now(UTC),
                    printer=PrinterConfig(**printer).to_dict() if printer else None,
                )
            )
        # Four past weeks of activity, so reports and charts have something to show.
        if office_id is not None:
            await add_demo_history(conn, office_id, datetime.now(UTC).date())
    return True


async def load_data(
    db: Database, hasher: PasswordHasher, data: dict[str, Any], password: str = DEMO_PASSWORD
) -> bool:
    """Load data in the demo file's format (also used by tests) into an empty database;
    every user gets ``password``. False, and nothing written, if offices exist already."""
    async with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several workers start at once: one loads, the others then find the offices.
            await conn.execute(text(f"SELECT pg_advisory_xact_lock({DEMO_LOCK})"))
        if (await conn.execute(select(OfficeRow.id).limit(1))).first() is not None:
            return False
        await _load(conn, data, hasher.hash(password))
    return True


async def _insert(conn: Conn, table: Any, values: dict[str, Any]) -> int:
    return int((await conn.execute(insert(table).values(values).returning(table.id))).scalar_one())


async def _load(conn: Conn, data: dict[str, Any], password_hash: str) -> None:
    catalog = {s["code"]: (cat, s) for cat in data["catalog"] for s in cat["services"]}
    service_ids: dict[tuple[str, str], int] = {}  # (office key, service code) -> id
    office_ids: dict[str, int] = {}
    for office in data["offices"]:
        Schedule.from_dict(office["schedule"])  # validate before storing
        office_id = await _insert(
            conn,
            OfficeRow,
            {
                "name_uk": office["name_uk"],
                "name_en": office["name_en"],
                "address_uk": office.get("address_uk", ""),
                "address_en": office.get("address_en", ""),
                "timezone": office.get("timezone", "Europe/Kyiv"),
                "schedule": office["schedule"],
                "event_seq": 0,
                # validated like a manager's change (BookingRules raises on a bad value)
                "booking": BookingRules.from_dict(office["booking"]).to_dict()
                if "booking" in office
                else None,
            },
        )
        office_ids[office["key"]] = office_id
        for exc in office.get("exceptions", []):
            await conn.execute(
                insert(OfficeExceptionRow).values(
                    office_id=office_id,
                    day=date.fromisoformat(exc["date"]),
                    intervals=exc["intervals"],
                    note_uk=exc.get("note_uk", ""),
                    note_en=exc.get("note_en", ""),
                )
            )
        for counter in office["counters"]:
            await conn.execute(
                insert(CounterRow).values(
                    office_id=office_id,
                    number=counter["number"],
                    name_uk=counter["name_uk"],
                    name_en=counter["name_en"],
                    zone=counter.get("zone", ""),
                    version=0,
                )
            )
        codes = list(catalog) if office["services"] == "all" else office["services"]
        category_ids: dict[str, int] = {}
        for position, code in enumerate(codes):
            category, service = catalog[code]
            if category["code"] not in category_ids:
                category_ids[category["code"]] = await _insert(
                    conn,
                    CategoryRow,
                    {
                        "office_id": office_id,
                        "code": category["code"],
                        "name_uk": category["name_uk"],
                        "name_en": category["name_en"],
                        "icon": category.get("icon", ""),
                        "position": data["catalog"].index(category),
                    },
                )
            service_ids[(office["key"], code)] = await _insert(
                conn,
                ServiceRow,
                {
                    "office_id": office_id,
                    "category_id": category_ids[category["code"]],
                    "code": code,
                    "prefix": service["prefix"],
                    "name_uk": service["name_uk"],
                    "name_en": service["name_en"],
                    "card": service.get("card", {}),
                    "referral": service.get("referral"),
                    "daily_cap": service.get("daily_cap"),
                    "target_wait_min": service.get("target_wait_min", 15),
                    "avg_service_min": service.get("avg_service_min"),
                    "active": service.get("active", True),
                    "popular": service.get("popular", False),
                    "position": position,
                    "bookable": service.get("bookable", False),
                },
            )
    for position, priority in enumerate(data["priority_categories"]):
        await conn.execute(
            insert(PriorityCategoryRow).values(
                code=priority["code"],
                name_uk=priority["name_uk"],
                name_en=priority["name_en"],
                head_start_min=priority.get("head_start_min", 20),
                document_check=priority.get("document_check", True),
                active=True,
                position=position,
            )
        )
    for user in data["users"]:
        office_key = user.get("office")
        user_id = await _insert(
            conn,
            UserRow,
            {
                "username": user["username"],
                "display_name": user["display_name"],
                "password_hash": password_hash,
                "roles": user["roles"],
                "office_id": office_ids[office_key] if office_key else None,
                "active": True,
            },
        )
        for tier in ("primary", "secondary"):
            for code in user.get("skills", {}).get(tier, []):
                await conn.execute(
                    insert(SkillRow).values(
                        user_id=user_id, service_id=service_ids[(office_key, code)], tier=tier
                    )
                )
