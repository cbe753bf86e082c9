"""Four past weeks of a believable day-to-day for the demo centre, so that its reports,
charts and exports have something to show on the first start.

Deterministic (the same tickets for the same office and day), written straight into the
tables once, when the demo data is loaded. The tickets are final (served, no-show,
cancelled or expired) and carry their times, outcomes and some ratings; the event log
holds no steps of them, so their history at the window is empty.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import (
    CounterRow,
    OfficeRow,
    RatingRow,
    ServiceRow,
    SkillRow,
    TicketRow,
    UserRow,
)

DAYS = 28
REFUSALS = (
    "неповний пакет документів",
    "не сплачено адміністративний збір",
    "документи з помилками",
)
OUTCOMES = (("documents_accepted", 45), ("consultation", 30), ("result_issued", 20))


def _visitors_at(hour: int) -> int:
    """Tickets issued in an hour of a working day: a morning peak, a dip at lunch."""
    return {8: 8, 9: 16, 10: 18, 11: 14, 12: 8, 13: 12, 14: 14, 15: 10, 16: 6}.get(hour, 0)


async def add_demo_history(conn: Conn, office_id: int, today: date) -> int:
    """Write the office's past ``DAYS`` days of tickets; returns how many."""
    zone = ZoneInfo(
        (
            await conn.execute(select(OfficeRow.timezone).where(OfficeRow.id == office_id))
        ).scalar_one()
    )
    counters = [
        r.id
        for r in await conn.execute(
            select(CounterRow.id)
            .where(CounterRow.office_id == office_id)
            .order_by(CounterRow.number)
        )
    ]
    staff = await conn.execute(
        select(SkillRow.user_id, SkillRow.service_id, ServiceRow.prefix, ServiceRow.target_wait_min)
        .join(UserRow, UserRow.id == SkillRow.user_id)
        .join(ServiceRow, ServiceRow.id == SkillRow.service_id)
        .where(UserRow.office_id == office_id, SkillRow.tier == "primary")
        .order_by(SkillRow.user_id, SkillRow.service_id)
    )
    served_by: dict[int, list[int]] = {}
    services: dict[int, tuple[str, int]] = {}
    for user_id, service_id, prefix, target in staff:
        served_by.setdefault(service_id, []).append(user_id)
        services[service_id] = (prefix, target)
    operators = sorted({u for users in served_by.values() for u in users})
    if not services or not counters:
        return 0
    desk = {user_id: counters[i % len(counters)] for i, user_id in enumerate(operators)}
    rng = random.Random(office_id * 7919 + today.toordinal())
    ordered = sorted(services)  # most visitors come for a few services, spread over the desks
    popular = ordered[:: max(1, len(ordered) // 8)][:8]
    tickets: list[dict[str, Any]] = []
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        numbers: dict[str, int] = {}
        for hour in range(8, 17):
            for _ in range(_visitors_at(hour)):
                pool = popular if rng.random() < 0.7 else list(services)
                service_id = rng.choice(pool)
                prefix, target = services[service_id]
                numbers[prefix] = numbers.get(prefix, 0) + 1
                issued = datetime.combine(day, time(hour, rng.randrange(60)), zone)
                tickets.append(
                    _ticket(
                        rng,
                        office_id,
                        service_id,
                        f"{prefix}-{numbers[prefix]:03d}",
                        day,
                        issued,
                        target,
                        served_by[service_id],
                        desk,
                    )
                )
    ids = await _insert(conn, tickets)
    ratings = [
        {
            "office_id": office_id,
            "ticket_id": ticket_id,
            "service_id": t["service_id"],
            "operator_id": t["operator_id"],
            "counter_id": t["counter_id"],
            "score": rng.choices((5, 4, 3, 2, 1), (55, 25, 10, 6, 4))[0],
            "recommend": rng.choices((10, 9, 8, 7, 5, 2), (35, 20, 15, 12, 10, 8))[0],
            "comment": "",
            "complaint": False,
            "source": rng.choice(("pad", "phone")),
            "created_at": t["finished_at"] + timedelta(minutes=2),
            "status": "new",
            "answer": "",
        }
        for ticket_id, t in zip(ids, tickets, strict=True)
        if t["status"] == "done" and rng.random() < 0.25
    ]
    if ratings:
        await conn.execute(insert(RatingRow), ratings)
    return len(tickets)


def _ticket(
    rng: random.Random,
    office_id: int,
    service_id: int,
    number: str,
    day: date,
    issued_local: datetime,
    target: int,
    operators: Sequence[int],
    desk: dict[int, int],
) -> dict[str, Any]:
    issued = issued_local.astimezone(UTC)
    # Waits grow through the morning peak; most stay within the service's target.
    wait = timedelta(
        minutes=rng.uniform(0.5, target * (0.6 + 0.25 * (issued_local.hour in (10, 11))))
    )
    if rng.random() < 0.15:
        wait += timedelta(minutes=rng.uniform(5, 25))
    fate = rng.random()
    operator = rng.choice(operators)
    row: dict[str, Any] = {
        "office_id": office_id,
        "service_id": service_id,
        "number": number,
        "business_day": day,
        "status": "done",
        "head_start_s": 0,
        "queue_key": int(issued.timestamp() * 1000),
        "language": "en" if rng.random() < 0.03 else "uk",
        "note": "",
        "counter_id": desk[operator],
        "operator_id": operator,
        "issued_at": issued,
        "arrived_at": issued,
        "called_at": issued + wait,
        "started_at": None,
        "finished_at": None,
        "recall_count": 0,
        "redirect_count": 1 if rng.random() < 0.03 else 0,
        "outcome": None,
        "outcome_note": "",
        "track_token": secrets.token_urlsafe(16),
        "issued_by": "demo",
        "document_seen": False,
        "version": 1,
    }
    if fate < 0.84:
        row["started_at"] = row["called_at"] + timedelta(seconds=rng.randrange(20, 90))
        row["finished_at"] = row["started_at"] + timedelta(minutes=rng.uniform(3, 22))
        if rng.random() < 0.04:
            row["outcome"], row["outcome_note"] = "refused", rng.choice(REFUSALS)
        else:
            row["outcome"] = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
    elif fate < 0.92:
        row["status"], row["finished_at"] = "no_show", row["called_at"] + timedelta(minutes=3)
    else:
        row.update(counter_id=None, operator_id=None, called_at=None, redirect_count=0)
        row["status"] = "cancelled" if fate < 0.97 else "expired"
        row["finished_at"] = issued + wait
    return row


async def _insert(conn: Conn, tickets: list[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(tickets), 1000):
        chunk = tickets[start : start + 1000]
        result = await conn.execute(
            insert(TicketRow).returning(TicketRow.id, sort_by_parameter_order=True), chunk
        )
        ids += result.scalars().all()
    return ids
