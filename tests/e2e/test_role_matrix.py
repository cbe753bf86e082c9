"""Every API route × every kind of caller: who may do what is enforced on the server.

For each route a fresh office is set up, the callers that must be refused go first
(so nothing they could change has been changed yet), then the callers that are allowed:
a refused call gets 401/403, an allowed one anything else (a 409 for the state is fine).
"""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.main import create_app
from tests.conftest import Api, settings_for
from tests.factories import BRANCH, COUNTER_1, COUNTER_3, MAIN, PASSPORT, PASSWORD

V1 = "/api/v1"
CALLERS = [
    "anonymous",
    "kiosk",
    "display",
    "pad",
    "admin1",
    "admin3",
    "reception",
    "manager",
    "remote1",
]
PUBLIC = set(CALLERS)
AUTHENTICATED = PUBLIC - {"anonymous"}
STAFF = {"admin1", "admin3", "reception", "manager"}
FRONT_DESK = {"reception", "manager"}
AT_MY_COUNTER = {"admin1"}

# (method, path): (state to set up, callers allowed, request body)
MATRIX: dict[tuple[str, str], tuple[str, set[str], dict[str, Any] | None]] = {
    ("POST", "/auth/login"): ("none", PUBLIC, {"username": "reception", "password": PASSWORD}),
    ("POST", "/auth/logout"): ("none", PUBLIC, None),
    ("GET", "/auth/me"): ("none", AUTHENTICATED, None),
    ("POST", "/auth/logout-everywhere"): (
        "none",
        AUTHENTICATED - {"kiosk", "display", "pad"},
        None,
    ),
    ("GET", "/offices"): ("none", PUBLIC, None),
    ("GET", "/offices/{office_id}/services"): ("none", PUBLIC, None),
    ("GET", "/offices/{office_id}/queue"): ("none", STAFF | {"display"}, None),
    ("POST", "/offices/{office_id}/tickets"): (
        "none",
        FRONT_DESK | {"kiosk"},
        {"service_id": PASSPORT},
    ),
    ("GET", "/offices/{office_id}/devices"): ("none", {"manager"}, None),
    ("POST", "/offices/{office_id}/devices"): ("none", {"manager"}, {"kind": "kiosk", "name": "K"}),
    ("DELETE", "/devices/{device_id}"): ("none", {"manager"}, None),
    ("GET", "/tickets/{ticket_id}"): ("waiting", STAFF, None),
    ("GET", "/track/{track_token}"): ("waiting", PUBLIC, None),
    ("POST", "/tickets/{ticket_id}/recall"): ("called", AT_MY_COUNTER, None),
    ("POST", "/tickets/{ticket_id}/start"): ("called", AT_MY_COUNTER, None),
    ("POST", "/tickets/{ticket_id}/finish"): ("serving", AT_MY_COUNTER, {"outcome": "other"}),
    ("POST", "/tickets/{ticket_id}/no-show"): ("called", AT_MY_COUNTER, None),
    ("POST", "/tickets/{ticket_id}/redirect"): ("called", AT_MY_COUNTER, {}),
    ("POST", "/tickets/{ticket_id}/park"): ("called", AT_MY_COUNTER, None),
    ("POST", "/tickets/{ticket_id}/unpark"): ("parked", AT_MY_COUNTER | FRONT_DESK, None),
    ("POST", "/tickets/{ticket_id}/cancel"): ("waiting", FRONT_DESK, None),
    ("POST", "/counters/{counter_id}/session"): ("waiting", {"admin1", "admin3"}, None),
    ("DELETE", "/counters/{counter_id}/session"): ("waiting", {"admin1", "manager"}, None),
    ("POST", "/counters/{counter_id}/call-next"): ("waiting", AT_MY_COUNTER, None),
    ("POST", "/counters/{counter_id}/call/{ticket_id}"): ("waiting", AT_MY_COUNTER, None),
    ("POST", "/counters/{counter_id}/pause"): ("waiting", AT_MY_COUNTER, {"reason": "перерва"}),
    ("POST", "/counters/{counter_id}/resume"): ("paused", AT_MY_COUNTER, None),
    ("GET", "/devices/me"): ("none", {"kiosk", "display", "pad"}, None),
    ("POST", "/devices/me/help"): ("none", {"kiosk"}, None),
    ("GET", "/offices/{office_id}/alerts"): ("none", FRONT_DESK, None),
    ("POST", "/alerts/{alert_id}/ack"): ("none", FRONT_DESK, None),
    ("PUT", "/devices/{device_id}/printer"): ("none", {"manager"}, {"url": "dummy://"}),
    ("DELETE", "/devices/{device_id}/printer"): ("none", {"manager"}, None),
    ("GET", "/print-jobs/{job_id}"): ("none", FRONT_DESK | {"kiosk"}, None),
    ("GET", "/offices/{office_id}/print-jobs"): ("none", FRONT_DESK, None),
    ("POST", "/services/{service_id}/referral-slip"): ("none", {"kiosk"}, {"language": "uk"}),
    ("POST", "/tickets/{ticket_id}/print"): ("waiting", FRONT_DESK, {"device_id": "{kiosk_id}"}),
    ("POST", "/print-agent/claim"): ("none", {"kiosk"}, None),
    ("POST", "/print-jobs/{job_id}/result"): ("none", {"kiosk"}, {"printed": True, "status": "ok"}),
    ("POST", "/print-agent/status"): ("none", {"kiosk"}, {"status": "ok"}),
    ("GET", "/counters/{counter_id}/queue"): ("waiting", AT_MY_COUNTER, None),
    ("GET", "/counters/{counter_id}/day"): ("waiting", AT_MY_COUNTER, None),
    ("GET", "/tickets/{ticket_id}/history"): ("waiting", STAFF, None),
    ("GET", "/offices/{office_id}/tickets"): ("waiting", STAFF, None),
    ("POST", "/offices/{office_id}/pause"): ("none", FRONT_DESK, None),
    ("POST", "/offices/{office_id}/resume"): ("none", FRONT_DESK, None),
    ("GET", "/track/{track_token}/rating"): ("none", PUBLIC, None),
    ("POST", "/track/{track_token}/rating"): ("waiting", PUBLIC, {"score": 5}),
    ("GET", "/counters/{counter_id}/rating-prompt"): ("none", {"pad"}, None),
    ("POST", "/tickets/{ticket_id}/rating"): ("waiting", {"pad"}, {"score": 5}),
    ("GET", "/offices/{office_id}/feedback"): ("none", STAFF, None),
    ("PATCH", "/feedback/{rating_id}"): ("rated", {"manager"}, {"status": "in_review"}),
    ("GET", "/offices/{office_id}/feedback/digest"): ("none", {"manager"}, None),
    ("GET", "/offices/{office_id}/staff"): ("none", {"manager"}, None),
    # The configuration API: managers of the office and deployment admins (none here).
    ("GET", "/config/offices/{office_id}"): ("none", {"manager"}, None),
    ("PATCH", "/config/offices/{office_id}"): ("none", {"manager"}, {"info_uk": "Інфо"}),
    ("PUT", "/config/offices/{office_id}/exceptions/{day}"): ("none", {"manager"}, {}),
    ("DELETE", "/config/offices/{office_id}/exceptions/{day}"): ("none", {"manager"}, None),
    ("GET", "/config/offices/{office_id}/changes"): ("none", {"manager"}, None),
    ("POST", "/config/offices/{office_id}/categories"): (
        "none",
        {"manager"},
        {"code": "new", "name_uk": "Нова"},
    ),
    ("PATCH", "/config/categories/{category_id}"): ("none", {"manager"}, {"icon": "x"}),
    ("DELETE", "/config/categories/{category_id}"): ("none", {"manager"}, None),
    ("POST", "/config/offices/{office_id}/services"): (
        "none",
        {"manager"},
        {"category_id": 1, "code": "new", "prefix": "Я", "name_uk": "Нова"},
    ),
    ("PATCH", "/config/services/{service_id}"): ("none", {"manager"}, {"popular": False}),
    ("POST", "/config/offices/{office_id}/counters"): ("none", {"manager"}, {"number": 9}),
    ("PATCH", "/config/counters/{counter_id}"): ("none", {"manager"}, {"zone": "B"}),
    ("DELETE", "/config/counters/{counter_id}"): ("none", {"manager"}, None),
    ("POST", "/config/offices/{office_id}/users"): (
        "none",
        {"manager"},
        {"username": "new", "display_name": "Н", "password": "12345678", "roles": ["reception"]},
    ),
    ("PATCH", "/config/users/{user_id}"): ("none", {"manager"}, {"display_name": "А2"}),
    ("PUT", "/config/users/{user_id}/skills"): ("none", {"manager"}, {"skills": []}),
    ("PATCH", "/config/devices/{device_id}"): ("none", {"manager"}, {"name": "Пульт"}),
    ("GET", "/config/priorities"): ("none", {"manager"}, None),
    ("POST", "/config/priorities"): ("none", set(), {"code": "new", "name_uk": "Нова"}),
    ("PATCH", "/config/priorities/{code}"): ("none", {"manager"}, {"active": True}),
    ("GET", "/reports"): ("none", {"manager"}, None),
    ("GET", "/reports.csv"): ("none", {"manager"}, None),
    ("GET", "/reports.xlsx"): ("none", {"manager"}, None),
    ("GET", "/load"): ("none", {"manager"}, None),
    # Appointments: booking by code is public (the code is the key); check-in is a kiosk's
    # or the front desk's; the day's list is staff's; the settings are the manager's.
    ("GET", "/booking/offices"): ("none", PUBLIC, None),
    ("GET", "/booking/offices/{office_id}/services"): ("none", PUBLIC, None),
    ("GET", "/booking/offices/{office_id}/services/{service_id}/days"): ("none", PUBLIC, None),
    ("GET", "/booking/offices/{office_id}/services/{service_id}/slots"): ("none", PUBLIC, None),
    ("POST", "/bookings"): (
        "none",
        PUBLIC,
        {"office_id": MAIN, "service_id": PASSPORT, "start": "2026-11-23T11:00:00+02:00"},
    ),
    ("GET", "/bookings/{code}"): ("none", PUBLIC, None),
    ("GET", "/bookings/{code}/qr.svg"): ("none", PUBLIC, None),
    ("POST", "/bookings/{code}/cancel"): ("none", PUBLIC, None),
    ("POST", "/bookings/{code}/move"): ("none", PUBLIC, {"start": "2026-11-23T10:20:00+02:00"}),
    ("POST", "/offices/{office_id}/check-in"): (
        "none",
        FRONT_DESK | {"kiosk"},
        {"code": "{booking_code}", "print": False},
    ),
    ("GET", "/offices/{office_id}/bookings"): ("none", STAFF, None),
    ("GET", "/config/offices/{office_id}/booking"): ("none", STAFF, None),
    ("PATCH", "/config/offices/{office_id}/booking"): ("none", {"manager"}, {"grace_min": 3}),
}
# Query strings a route needs besides its path.
QUERY = {
    ("GET", "/offices/{office_id}/tickets"): "?number=П-001",
    ("GET", "/booking/offices/{office_id}/services/{service_id}/slots"): "?day=2026-11-24",
}


def api_routes() -> set[tuple[str, str]]:
    app = create_app(settings_for("sqlite+aiosqlite:///:memory:"))
    return {
        (method.upper(), path.removeprefix(V1))
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(V1)
        for method in operations
    }


def test_the_matrix_covers_every_route() -> None:
    assert api_routes() == set(MATRIX)


async def _setup(api: Api, state: str) -> dict[str, Any]:
    c = api.client
    desk, a1, a3 = await api.as_("reception"), await api.as_("admin1"), await api.as_("admin3")
    await c.post(f"{V1}/counters/{COUNTER_1}/session", headers=a1)
    await c.post(f"{V1}/counters/{COUNTER_3}/session", headers=a3)
    r = await c.post(f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=desk)
    ticket = r.json()
    tid = ticket["id"]
    if state in ("called", "serving", "parked", "rated"):
        await c.post(f"{V1}/counters/{COUNTER_1}/call/{tid}", headers=a1)
    if state in ("serving", "rated"):
        await c.post(f"{V1}/tickets/{tid}/start", headers=a1)
    rating_id = None
    if state == "rated":
        await c.post(f"{V1}/tickets/{tid}/finish", json={"outcome": "other"}, headers=a1)
        r = await c.post(
            f"{V1}/track/{ticket['track_token']}/rating", json={"score": 1, "comment": "довго"}
        )
        assert r.status_code == 201, r.text
        async with api.stack.uow(write=False) as tx:
            rating = await tx.ratings.of_ticket(tid)
        rating_id = rating.id if rating else None
    if state == "parked":
        await c.post(f"{V1}/tickets/{tid}/park", headers=a1)
    if state == "paused":
        await c.post(f"{V1}/counters/{COUNTER_1}/pause", json={"reason": "обід"}, headers=a1)
    manager = await api.as_("manager")
    r = await c.post(
        f"{V1}/offices/{MAIN}/devices", json={"kind": "rating_pad", "name": "pad"}, headers=manager
    )
    pad_id = r.json()["id"]
    # The kiosk caller owns a printer, a printed ticket and an open help request.
    r = await c.post(
        f"{V1}/offices/{MAIN}/devices", json={"kind": "kiosk", "name": "K"}, headers=manager
    )
    kiosk_id, kiosk = r.json()["id"], {"Authorization": f"Bearer {r.json()['token']}"}
    await c.put(f"{V1}/devices/{kiosk_id}/printer", json={"url": "dummy://"}, headers=manager)
    r = await c.post(
        f"{V1}/offices/{MAIN}/tickets",
        json={"service_id": PASSPORT, "print": True},
        headers=kiosk,
    )
    job_id = r.json()["print_job"]["id"]
    alert_id = (await c.post(f"{V1}/devices/me/help", headers=kiosk)).json()["id"]
    # A booking at 10:10, ten minutes from now: its check-in is open.
    r = await c.post(
        f"{V1}/bookings",
        json={"office_id": MAIN, "service_id": PASSPORT, "start": "2026-11-23T10:10:00+02:00"},
    )
    assert r.status_code == 201, r.text
    return {
        "booking_code": r.json()["code"],
        "office_id": MAIN,
        "ticket_id": tid,
        "track_token": ticket["track_token"],
        "counter_id": COUNTER_1,
        "device_id": pad_id,
        "kiosk_id": kiosk_id,
        "kiosk": kiosk,
        "job_id": job_id,
        "alert_id": alert_id,
        "service_id": PASSPORT,
        "rating_id": rating_id,
        "category_id": 1,
        "user_id": 4,  # admin2
        "day": "2026-12-25",
        "code": "veteran",
    }


async def _headers(api: Api, caller: str) -> dict[str, str]:
    if caller == "anonymous":
        return {}
    if caller in ("kiosk", "display"):
        return await api.device(caller)
    if caller == "pad":
        return await api.device("rating_pad")
    return await api.as_(caller)


@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
async def test_route_admits_exactly_its_callers(api: Api, method: str, path: str) -> None:
    state, allowed, body = MATRIX[(method, path)]
    ids = await _setup(api, state)
    headers = {caller: await _headers(api, caller) for caller in CALLERS}
    headers["kiosk"] = ids.pop("kiosk")
    if path.startswith("/bookings/"):
        ids["code"] = ids["booking_code"]
    url = V1 + path.format(**ids) + QUERY.get((method, path), "")
    if body is not None:
        body = {k: v.format(**ids) if isinstance(v, str) else v for k, v in body.items()}
    order = [c for c in CALLERS if c not in allowed] + [c for c in CALLERS if c in allowed]
    for caller in order:
        r = await api.client.request(method, url, json=body, headers=headers[caller])
        refused = r.status_code in (401, 403)
        if caller == "anonymous" and caller not in allowed:
            assert r.status_code == 401, (caller, r.status_code, r.text)
        assert refused == (caller not in allowed), (caller, method, path, r.status_code, r.text)


async def test_a_caller_of_another_office_sees_nothing_of_this_one(api: Api) -> None:
    remote = await api.as_("remote1")
    r = await api.client.get(f"{V1}/offices/{MAIN}/queue", headers=remote)
    assert r.status_code == 403
    r = await api.client.get(f"{V1}/offices/{BRANCH}/queue", headers=remote)
    assert r.status_code == 200
