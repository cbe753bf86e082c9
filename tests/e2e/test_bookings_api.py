"""Appointments over HTTP: what can be booked, booking, the code, check-in at the kiosk,
the call at the slot time, being late, missing the slot, and reception's list.

The test office is open all day; passport (10-minute slots) is served by admin1 and
admin3, so each slot holds min(3 windows, 2 people) x 50 % = 1 booking.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from queue_server.service.booking_desk import erase_contacts, mark_missed
from tests.conftest import Api
from tests.factories import (
    BRANCH,
    BRANCH_PASSPORT,
    CAPPED,
    COUNTER_1,
    MAIN,
    MONDAY_10_KYIV,
    PASSPORT,
    RESIDENCE,
)

V1 = "/api/v1"
KYIV = "+02:00"


def at(hhmm: str, day: str = "2026-11-23") -> str:
    """A slot's start as the API gives it (Kyiv, winter)."""
    return f"{day}T{hhmm}:00{KYIV}"


async def book(api: Api, start: str, service_id: int = PASSPORT, **extra: Any) -> Any:
    body = {"office_id": MAIN, "service_id": service_id, "start": start, **extra}
    return await api.client.post(f"{V1}/bookings", json=body)


async def booked(api: Api, start: str, **extra: Any) -> dict[str, Any]:
    r = await book(api, start, **extra)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def check_in(api: Api, code: str, kiosk: dict[str, str]) -> Any:
    return await api.client.post(
        f"{V1}/offices/{MAIN}/check-in", json={"code": code, "print": False}, headers=kiosk
    )


async def live_ticket(api: Api) -> dict[str, Any]:
    r = await api.client.post(
        f"{V1}/offices/{MAIN}/tickets",
        json={"service_id": PASSPORT},
        headers=await api.as_("reception"),
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def call_next(api: Api, admin: dict[str, str]) -> dict[str, Any]:
    r = await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


START_1210 = {"start": at("12:10")}


async def todays_list(api: Api) -> list[dict[str, Any]]:
    r = await api.client.get(f"{V1}/offices/{MAIN}/bookings", headers=await api.as_("reception"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def move_to(api: Api, hhmm: str) -> None:
    hours, minutes = map(int, hhmm.split(":"))
    api.stack.clock.now = MONDAY_10_KYIV.replace(hour=hours - 2, minute=minutes)


class TestWhatCanBeBooked:
    async def test_offices_services_days_and_slots(self, api: Api) -> None:
        offices = (await api.client.get(f"{V1}/booking/offices")).json()
        assert [o["id"] for o in offices] == [MAIN]  # the branch does not take bookings
        services = (await api.client.get(f"{V1}/booking/offices/{MAIN}/services")).json()
        assert [s["id"] for s in services] == [PASSPORT, RESIDENCE]
        assert services[0]["minutes"] == 10

        path = f"{V1}/booking/offices/{MAIN}/services/{PASSPORT}"
        days = (await api.client.get(f"{path}/days")).json()
        # Today and the next 21 days (it is past 06:00, so the 21st day is open already).
        assert len(days) == 22 and days[0]["day"] == "2026-11-23"
        assert days[1]["free"] == 24 * 6  # a whole day of 10-minute slots, one place each
        assert days[0]["free"] == 14 * 6 - 1  # today from 10:10 on

        slots = (await api.client.get(f"{path}/slots", params={"day": "2026-11-23"})).json()
        assert slots[0] == {"start": at("10:10"), "time": "10:10", "free": 1}

    async def test_the_next_day_of_the_horizon_opens_in_the_morning(self, api: Api) -> None:
        move_to(api, "05:59")
        path = f"{V1}/booking/offices/{MAIN}/services/{PASSPORT}/days"
        assert (await api.client.get(path)).json()[-1]["day"] == "2026-12-13"
        move_to(api, "06:00")
        assert (await api.client.get(path)).json()[-1]["day"] == "2026-12-14"
        r = await book(api, at("10:00", "2026-12-15"))
        assert r.status_code == 422 and "оберіть час зі списку" in r.json()["error"]["message"]

    async def test_capacity_follows_the_live_share_and_the_people(self, api: Api) -> None:
        manager = await api.as_("manager")
        r = await api.client.patch(
            f"{V1}/config/offices/{MAIN}/booking", json={"live_share_pct": 0}, headers=manager
        )
        assert r.status_code == 200 and r.json()["live_share_pct"] == 0
        path = f"{V1}/booking/offices/{MAIN}/services/{PASSPORT}/slots"
        slots = (await api.client.get(path, params={"day": "2026-11-24"})).json()
        assert {s["free"] for s in slots} == {2}  # two administrators serve passports
        await api.client.patch(
            f"{V1}/config/offices/{MAIN}/booking", json={"live_share_pct": 75}, headers=manager
        )
        slots = (await api.client.get(path, params={"day": "2026-11-24"})).json()
        assert [s["free"] for s in slots[:4]] == [0, 1, 0, 1]  # half a place per slot

    async def test_what_cannot_be_booked(self, api: Api) -> None:
        r = await api.client.get(f"{V1}/booking/offices/{BRANCH}/services")
        assert r.status_code == 404
        r = await book(api, at("12:00"), service_id=CAPPED)
        assert r.status_code == 409 and "попередній запис" in r.json()["error"]["message"]
        r = await book(api, at("12:05"))
        assert r.status_code == 422 and "немає прийому" in r.json()["error"]["message"]
        r = await book(api, at("09:50"))
        assert r.status_code == 422
        r = await book(api, "2026-11-23T12:00:00")
        assert r.status_code == 422 and "часовий пояс" in r.json()["error"]["message"]
        r = await book(api, at("12:00"), phone="12345")
        assert r.status_code == 422 and "+380" in r.json()["error"]["message"]


class TestBooking:
    async def test_a_slot_is_given_once_and_the_code_finds_it(self, api: Api) -> None:
        made = await booked(api, at("12:00"), phone="067 123 45 67")
        assert made["status"] == "booked" and made["time"] == "12:00"
        assert made["code"][4] == "-" and made["qr_text"] == made["code"].replace("-", "")
        assert made["phone"].endswith("67") and "123" not in made["phone"]
        r = await book(api, at("12:00"))
        assert r.status_code == 409 and "12:00" in r.json()["error"]["message"]

        found = (await api.client.get(f"{V1}/bookings/{made['qr_text']}")).json()
        assert found["id"] == made["id"] and found["changeable"] is True
        qr = await api.client.get(f"{V1}/bookings/{made['code']}/qr.svg")
        assert qr.status_code == 200 and qr.headers["content-type"] == "image/svg+xml"
        missing = await api.client.get(f"{V1}/bookings/00000000")
        assert missing.status_code == 404 and "0000-0000" in missing.json()["error"]["message"]

    async def test_cancel_frees_the_slot_and_move_keeps_the_code(self, api: Api) -> None:
        first = await booked(api, at("12:00"))
        second = await booked(api, at("12:10"))
        r = await api.client.post(
            f"{V1}/bookings/{first['code']}/move", json={"start": at("12:10")}
        )
        assert r.status_code == 409  # taken by the second
        r = await api.client.post(f"{V1}/bookings/{second['code']}/cancel")
        assert r.status_code == 200 and r.json()["status"] == "cancelled"
        r = await api.client.post(f"{V1}/bookings/{second['code']}/cancel")
        assert r.status_code == 409 and "скасовано" in r.json()["error"]["message"]
        r = await api.client.post(
            f"{V1}/bookings/{first['code']}/move", json={"start": at("12:10")}
        )
        assert r.status_code == 200, r.text
        assert r.json()["time"] == "12:10" and r.json()["code"] == first["code"]
        await booked(api, at("12:00"))  # free again

    async def test_a_phone_number_holds_a_few_bookings_a_month(self, api: Api) -> None:
        for hhmm in ("12:00", "12:10", "12:20", "12:30"):
            await booked(api, at(hhmm), phone="+380671234567")
        r = await book(api, at("12:40"), phone="0671234567")
        assert r.status_code == 409 and "4" in r.json()["error"]["message"]
        await booked(api, at("12:40"), phone="0671234568")
        await booked(api, at("12:00", "2026-12-01"), phone="0671234567")  # next month


class TestArrival:
    async def test_in_time_the_visitor_is_called_at_the_slot_over_the_live_queue(
        self, api: Api
    ) -> None:
        kiosk = await api.device("kiosk")
        made = await booked(api, at("10:30"))
        live = [await live_ticket(api) for _ in range(3)]  # arrived at 10:00

        r = await check_in(api, made["code"], kiosk)
        assert r.status_code == 409 and "10:15" in r.json()["error"]["message"]  # too early
        move_to(api, "10:20")
        r = await check_in(api, made["qr_text"], kiosk)
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert ticket["booked_for"] == "2026-11-23T08:30:00Z" and ticket["late"] is False
        assert ticket["booking"]["status"] == "arrived"
        again = await check_in(api, made["code"], kiosk)
        assert again.status_code == 200 and again.json()["id"] == ticket["id"]

        admin = await api.as_("admin1")
        await api.client.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        move_to(api, "10:25")
        assert (await call_next(api, admin))["id"] == live[0]["id"]  # before the slot
        await api.client.post(f"{V1}/tickets/{live[0]['id']}/no-show", headers=admin)
        move_to(api, "10:30")
        assert (await call_next(api, admin))["id"] == ticket["id"]  # at the slot

    async def test_after_the_grace_period_a_live_ticket_with_an_explanation(self, api: Api) -> None:
        kiosk = await api.device("kiosk")
        made = await booked(api, at("10:30"))
        move_to(api, "10:33")
        r = await check_in(api, made["code"], kiosk)
        assert r.status_code == 201
        assert r.json()["late"] is True and r.json()["booked_for"] is None
        assert r.json()["booking"]["status"] == "late"

    async def test_nobody_came_the_booking_is_missed_and_counted(self, api: Api) -> None:
        kiosk = await api.device("kiosk")
        made = await booked(api, at("10:30"))
        kept = await booked(api, at("10:40"))
        move_to(api, "10:33")
        assert await mark_missed(uow=api.stack.container.uow, clock=api.stack.clock) == 1
        listed = (
            await api.client.get(
                f"{V1}/offices/{MAIN}/bookings", headers=await api.as_("reception")
            )
        ).json()
        assert [(b["code"], b["status"]) for b in listed] == [
            (made["code"], "missed"),
            (kept["code"], "booked"),
        ]
        move_to(api, "11:00")  # came anyway: the live queue
        r = await check_in(api, made["code"], kiosk)
        assert r.status_code == 201 and r.json()["late"] is True
        listed = (
            await api.client.get(
                f"{V1}/offices/{MAIN}/bookings", headers=await api.as_("reception")
            )
        ).json()
        assert listed[0]["status"] == "late" and listed[0]["ticket_number"] == r.json()["number"]

    async def test_another_day_or_centre_is_refused_clearly(self, api: Api) -> None:
        made = await booked(api, at("10:30", "2026-11-24"))
        r = await check_in(api, made["code"], await api.device("kiosk"))
        assert r.status_code == 409 and "24.11.2026 10:30" in r.json()["error"]["message"]
        r = await api.client.post(
            f"{V1}/offices/{BRANCH}/check-in",
            json={"code": made["code"]},
            headers=await api.device("kiosk", BRANCH),
        )
        assert r.status_code == 409 and "Тестовий ЦНАП" in r.json()["error"]["message"]
        r = await check_in(api, "1234", await api.device("kiosk"))
        assert r.status_code == 422


class TestWhoMay:
    @pytest.mark.parametrize("who", ["anonymous", "display", "admin1"])
    async def test_only_kiosks_and_the_front_desk_check_in(self, api: Api, who: str) -> None:
        made = await booked(api, at("10:10"))
        headers = {}
        if who == "display":
            headers = await api.device("display")
        elif who == "admin1":
            headers = await api.as_("admin1")
        r = await check_in(api, made["code"], headers)
        assert r.status_code == (401 if who == "anonymous" else 403)
        r = await check_in(api, made["code"], await api.as_("reception"))
        assert r.status_code == 201

    async def test_settings_are_the_managers(self, api: Api) -> None:
        path = f"{V1}/config/offices/{MAIN}/booking"
        r = await api.client.patch(path, json={"grace_min": 5}, headers=await api.as_("reception"))
        assert r.status_code == 403
        r = await api.client.patch(path, json={"grace_min": 500}, headers=await api.as_("manager"))
        assert r.status_code == 422 and "grace_min" in r.json()["error"]["message"]
        r = await api.client.get(path, headers=await api.as_("reception"))
        assert r.json()["grace_min"] == 2
        assert (await api.client.get(f"{V1}/offices/{MAIN}/bookings")).status_code == 401


def test_the_test_clock_is_monday_ten_in_kyiv() -> None:
    assert datetime(2026, 11, 23, 8, tzinfo=UTC) == MONDAY_10_KYIV
    assert MONDAY_10_KYIV + timedelta(minutes=30) == datetime.fromisoformat(at("10:30"))


async def test_reports_count_what_became_of_the_days_bookings(api: Api) -> None:
    kiosk = await api.device("kiosk")
    in_time = await booked(api, at("10:30"))
    late = await booked(api, at("10:40"))
    await booked(api, at("10:50"))  # never comes
    cancelled = await booked(api, at("11:00"))
    await booked(api, at("11:10", "2026-11-24"))  # another day
    await api.client.post(f"{V1}/bookings/{cancelled['code']}/cancel")
    move_to(api, "10:20")
    assert (await check_in(api, in_time["code"], kiosk)).status_code == 201
    move_to(api, "10:45")
    assert (await check_in(api, late["code"], kiosk)).json()["late"] is True
    move_to(api, "11:30")
    await mark_missed(uow=api.stack.container.uow, clock=api.stack.clock)
    r = await api.client.get(
        f"{V1}/reports",
        params={"period": "day", "day": "2026-11-23"},
        headers=await api.as_("manager"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["bookings"] == {
        "made": 4,
        "arrived": 1,
        "late": 1,
        "missed": 1,
        "cancelled": 1,
        "expected": 0,
        "no_show_pct": 33.3,
    }


async def test_phone_numbers_are_erased_after_the_retention(api: Api) -> None:
    old = await booked(api, at("12:00"), phone="0671234567")
    recent = await booked(api, at("12:00", "2026-12-10"), phone="0671234567")
    api.stack.clock.advance(days=31)  # the default retention is 30 days after the slot
    assert await erase_contacts(uow=api.stack.container.uow, clock=api.stack.clock) == 1
    assert (await api.client.get(f"{V1}/bookings/{old['code']}")).json()["phone"] == ""
    assert (await api.client.get(f"{V1}/bookings/{recent['code']}")).json()["phone"] != ""


class TestPublicLimits:
    async def test_one_address_books_a_limited_number_of_times_an_hour(self, api: Api) -> None:
        limit = api.stack.container.settings.bookings_per_hour
        for i in range(limit):
            await booked(api, at(f"{12 + i // 6}:{i % 6}0"))
        r = await book(api, at("12:00", "2026-11-24"))
        assert r.status_code == 429 and "Забагато спроб" in r.json()["error"]["message"]
        assert int(r.headers["Retry-After"]) > 0

    async def test_unknown_codes_tried_from_one_address_are_limited(self, api: Api) -> None:
        made = await booked(api, at("12:00"))
        for n in range(api.stack.container.settings.code_misses_per_hour):
            assert (await api.client.get(f"{V1}/bookings/{n:08d}")).status_code == 404
        r = await api.client.get(f"{V1}/bookings/{made['code']}")  # even a right one now
        assert r.status_code == 429
        r = await api.client.post(f"{V1}/bookings/{made['code']}/cancel")
        assert r.status_code == 429


async def test_a_booked_visitor_checks_in_before_the_office_opens(api: Api) -> None:
    manager = await api.as_("manager")
    r = await api.client.patch(
        f"{V1}/config/offices/{BRANCH}/booking",
        json={"enabled": True, "live_share_pct": 0},
        headers=manager,
    )
    assert r.status_code == 200, r.text
    r = await api.client.patch(
        f"{V1}/config/services/{BRANCH_PASSPORT}", json={"bookable": True}, headers=manager
    )
    assert r.status_code == 200, r.text
    body = {"office_id": BRANCH, "service_id": BRANCH_PASSPORT, "start": at("08:00", "2026-11-24")}
    made = (await api.client.post(f"{V1}/bookings", json=body)).json()
    kiosk = await api.device("kiosk", BRANCH)
    api.stack.clock.now = datetime.fromisoformat(at("07:50", "2026-11-24"))  # still closed
    r = await api.client.post(
        f"{V1}/offices/{BRANCH}/check-in", json={"code": made["code"]}, headers=kiosk
    )
    assert r.status_code == 201, r.text
    assert r.json()["late"] is False and r.json()["booked_for"] is not None
