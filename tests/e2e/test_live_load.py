"""The manager's live load over HTTP: a scripted morning read back as windows, queues and
today's figures (the same as the day report's), each alert raised and cleared, and who
may look."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from queue_server.domain.errors import Forbidden
from queue_server.domain.users import Role
from queue_server.service.alerts import offline_silence
from queue_server.service.load import live_load
from tests.conftest import Api
from tests.factories import (
    ADMIN1,
    ADMIN3,
    BRANCH,
    COUNTER_1,
    COUNTER_2,
    COUNTER_3,
    MAIN,
    PASSPORT,
    RESIDENCE,
    user,
)

V1 = "/api/v1"
START = datetime.fromisoformat("2026-11-23T08:00:00+00:00")  # the fake clock: 10:00 in Kyiv


def at(minutes: float) -> str:
    """The API's form of the fake clock's start plus ``minutes``."""
    return (START + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


async def load(api: Api, office_id: int | None = MAIN) -> dict[str, Any]:
    query = "" if office_id is None else f"?office_id={office_id}"
    r = await api.client.get(f"{V1}/load{query}", headers=await api.as_("manager"))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body["offices"][0] if office_id is not None else body


def counter(office: dict[str, Any], counter_id: int) -> dict[str, Any]:
    return next(c for c in office["counters"] if c["id"] == counter_id)


def service(office: dict[str, Any], service_id: int) -> dict[str, Any] | None:
    return next((s for s in office["services"] if s["id"] == service_id), None)


def kinds(office: dict[str, Any]) -> list[tuple[str, int | None]]:
    """Each alert as (kind, the service, window or device it is about)."""
    return [
        (a["kind"], a["service_id"] or a["counter_id"] or a["device_id"]) for a in office["alerts"]
    ]


async def issue(api: Api, service_id: int) -> dict[str, Any]:
    r = await api.client.post(
        f"{V1}/offices/{MAIN}/tickets",
        json={"service_id": service_id},
        headers=await api.as_("reception"),
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def post(api: Api, path: str, username: str, body: Any = None) -> dict[str, Any]:
    r = await api.client.post(f"{V1}{path}", json=body, headers=await api.as_(username))
    assert r.status_code in (200, 201), r.text
    return r.json()  # type: ignore[no-any-return]


async def morning(api: Api) -> dict[str, dict[str, Any]]:
    """10:00 windows 1 and 3 open, two passport tickets and a residence one; window 3 on a
    break 10:00–10:10; window 1 serves П-001 10:06–10:10 and starts П-002 at 10:11."""
    clock = api.stack.clock
    await post(api, f"/counters/{COUNTER_1}/session", "admin1")
    await post(api, f"/counters/{COUNTER_3}/session", "admin3")
    p1, p2, r1 = await issue(api, PASSPORT), await issue(api, PASSPORT), await issue(api, RESIDENCE)
    await post(api, f"/counters/{COUNTER_3}/pause", "admin3", {"reason": "нарада"})
    clock.advance(minutes=6)
    await post(api, f"/counters/{COUNTER_1}/call/{p1['id']}", "admin1")
    await post(api, f"/tickets/{p1['id']}/start", "admin1")
    clock.advance(minutes=4)
    await post(api, f"/tickets/{p1['id']}/finish", "admin1", {"outcome": "consultation"})
    await post(api, f"/counters/{COUNTER_3}/resume", "admin3")
    await post(api, f"/counters/{COUNTER_1}/call/{p2['id']}", "admin1")
    clock.advance(minutes=1)
    await post(api, f"/tickets/{p2['id']}/start", "admin1")
    return {"p1": p1, "p2": p2, "r1": r1}


class TestTheMorningAsTheManagerSeesIt:
    async def test_a_break_shows_its_reason_start_and_length(self, api: Api) -> None:
        await post(api, f"/counters/{COUNTER_3}/session", "admin3")
        api.stack.clock.advance(minutes=1)
        await post(api, f"/counters/{COUNTER_3}/pause", "admin3", {"reason": "нарада"})
        api.stack.clock.advance(minutes=5)
        c3 = counter(await load(api), COUNTER_3)
        assert (c3["state"], c3["paused_reason"], c3["since"]) == ("paused", "нарада", at(1))
        assert (c3["operator_name"], c3["paused_seconds_today"]) == ("Адміністратор 3", 300)

    async def test_windows_and_queues_at_a_quarter_past_ten(self, api: Api) -> None:
        tickets = await morning(api)
        api.stack.clock.advance(minutes=2)  # 10:13
        office = await load(api)
        assert (office["name_uk"], office["paused_since"], office["waiting"]) == (
            "Тестовий ЦНАП",
            None,
            1,
        )

        c1 = counter(office, COUNTER_1)
        assert c1["state"] == "serving" and c1["operator_id"] == ADMIN1
        assert (c1["ticket_number"], c1["ticket_status"]) == (tickets["p2"]["number"], "serving")
        assert c1["since"] == at(11)  # service started
        assert (c1["served_today"], c1["service_avg_today"], c1["paused_seconds_today"]) == (
            1,
            4.0,
            0,
        )

        c2 = counter(office, COUNTER_2)
        assert (c2["state"], c2["operator_id"], c2["since"], c2["served_today"]) == (
            "closed",
            None,
            None,
            None,
        )

        c3 = counter(office, COUNTER_3)
        assert (c3["state"], c3["operator_id"], c3["since"]) == ("open", ADMIN3, at(10))
        assert (c3["served_today"], c3["service_avg_today"]) == (0, None)
        assert (c3["paused_seconds_today"], c3["paused_reason"]) == (600, None)

        passport = service(office, PASSPORT)
        assert passport is not None
        assert (passport["waiting"], passport["longest_wait_min"], passport["served_today"]) == (
            0,
            0.0,
            1,
        )
        # Both passport visitors were called within the 15-minute target (6 and 10 min).
        assert (passport["target_wait_min"], passport["within_target_pct_today"]) == (15, 100.0)
        residence = service(office, RESIDENCE)
        assert residence is not None
        assert (residence["waiting"], residence["longest_wait_min"]) == (1, 13.0)
        assert (residence["served_today"], residence["within_target_pct_today"]) == (0, None)
        assert residence["over_target"] is False
        # Services without a ticket today have nothing to show.
        assert {s["id"] for s in office["services"]} == {PASSPORT, RESIDENCE}

    async def test_a_window_free_after_a_visitor_counts_from_the_finish(self, api: Api) -> None:
        tickets = await morning(api)
        api.stack.clock.advance(minutes=3)
        await post(
            api, f"/tickets/{tickets['p2']['id']}/finish", "admin1", {"outcome": "consultation"}
        )
        c1 = counter(await load(api), COUNTER_1)
        assert (c1["state"], c1["since"], c1["ticket_number"]) == ("open", at(14), None)
        assert (c1["served_today"], c1["service_avg_today"]) == (2, 3.5)  # 4 and 3 minutes

    async def test_a_window_free_after_a_redirect_counts_from_the_redirect(self, api: Api) -> None:
        tickets = await morning(api)
        api.stack.clock.advance(minutes=2)
        await post(
            api, f"/tickets/{tickets['p2']['id']}/redirect", "admin1", {"service_id": RESIDENCE}
        )
        c1 = counter(await load(api), COUNTER_1)
        assert (c1["state"], c1["since"]) == ("open", at(13))

    async def test_the_longest_wait_leaves_out_an_air_raid(self, api: Api) -> None:
        await issue(api, RESIDENCE)
        api.stack.clock.advance(minutes=4)
        await post(api, f"/offices/{MAIN}/pause", "reception", {"reason": "air_raid"})
        api.stack.clock.advance(minutes=30)
        office = await load(api)
        assert office["paused_since"] == at(4)
        assert service(office, RESIDENCE)["longest_wait_min"] == 4.0  # type: ignore[index]
        await post(api, f"/offices/{MAIN}/resume", "reception")
        api.stack.clock.advance(minutes=3)
        office = await load(api)
        assert service(office, RESIDENCE)["longest_wait_min"] == 7.0  # type: ignore[index]
        assert kinds(office) == []


class TestTheSameFiguresAsTheDayReport:
    async def test_per_service_and_per_administrator(self, api: Api) -> None:
        tickets = await morning(api)
        clock = api.stack.clock
        clock.advance(minutes=20)  # П-002 served 10:11–10:31
        await post(
            api, f"/tickets/{tickets['p2']['id']}/finish", "admin1", {"outcome": "consultation"}
        )
        await post(api, f"/counters/{COUNTER_3}/call/{tickets['r1']['id']}", "admin3")
        clock.advance(minutes=1)
        await post(api, f"/tickets/{tickets['r1']['id']}/start", "admin3")
        clock.advance(minutes=7)
        await post(api, f"/tickets/{tickets['r1']['id']}/finish", "admin3", {"outcome": "other"})
        late = await issue(api, PASSPORT)
        clock.advance(minutes=25)
        await post(api, f"/counters/{COUNTER_1}/call/{late['id']}", "admin1")  # 25 min: late
        await post(api, f"/tickets/{late['id']}/start", "admin1")
        clock.advance(minutes=2)
        await post(api, f"/tickets/{late['id']}/finish", "admin1", {"outcome": "other"})

        office = await load(api)
        manager = await api.as_("manager")
        reports = {}
        for by in ("service", "operator"):
            r = await api.client.get(
                f"{V1}/reports?period=day&office_id={MAIN}&group_by={by}", headers=manager
            )
            assert r.status_code == 200, r.text
            reports[by] = {g["key"]: g["figures"] for g in r.json()["groups"]}

        for line in office["services"]:
            figures = reports["service"][str(line["id"])]
            assert line["served_today"] == figures["served"]
            assert line["within_target_pct_today"] == figures["within_target_pct"]
        for window in office["counters"]:
            if window["operator_id"] is None:
                continue
            figures = reports["operator"][str(window["operator_id"])]
            assert window["served_today"] == figures["served"]
            assert window["service_avg_today"] == figures["service_avg"]
        # Spelled out, so an agreement on wrong numbers cannot pass: П-001 waited 6 min,
        # П-002 10, П-003 25 (target 15); admin1 served 4 + 20 + 2 minutes.
        assert service(office, PASSPORT)["within_target_pct_today"] == 66.7  # type: ignore[index]
        c1 = counter(office, COUNTER_1)
        assert (c1["served_today"], c1["service_avg_today"]) == (3, 8.7)
        assert service(office, RESIDENCE)["served_today"] == 1  # type: ignore[index]

    async def test_the_breaks_agree_with_the_administrators_own_day(self, api: Api) -> None:
        await morning(api)
        await post(api, f"/counters/{COUNTER_3}/pause", "admin3", {"reason": "кава"})
        api.stack.clock.advance(minutes=7)
        r = await api.client.get(f"{V1}/counters/{COUNTER_3}/day", headers=await api.as_("admin3"))
        c3 = counter(await load(api), COUNTER_3)
        assert c3["paused_seconds_today"] == r.json()["paused_s"] == 600 + 7 * 60


class TestAlerts:
    async def test_a_wait_above_target_is_raised_and_cleared(self, api: Api) -> None:
        ticket = await issue(api, RESIDENCE)
        api.stack.clock.advance(minutes=15)
        assert kinds(await load(api)) == []  # at the target is not above it
        api.stack.clock.advance(minutes=1)
        office = await load(api)
        assert kinds(office) == [("wait_over_target", RESIDENCE)]
        assert service(office, RESIDENCE)["over_target"] is True  # type: ignore[index]
        alert = office["alerts"][0]
        assert "16 хв" in alert["message_uk"] and "target 15 min" in alert["message_en"]
        await post(api, f"/counters/{COUNTER_3}/session", "admin3")
        await post(api, f"/counters/{COUNTER_3}/call/{ticket['id']}", "admin3")
        assert kinds(await load(api)) == []

    async def test_an_idle_window_with_a_queue_for_it_is_raised_and_cleared(self, api: Api) -> None:
        await post(api, f"/counters/{COUNTER_2}/session", "admin2")  # residence, capped
        await issue(api, PASSPORT)  # not admin2's
        api.stack.clock.advance(minutes=5)
        assert kinds(await load(api)) == []  # free, but nothing it could call
        ticket = await issue(api, RESIDENCE)
        office = await load(api)
        assert kinds(office) == [("idle_counter", COUNTER_2)]
        assert "Вікно 2 (Адміністратор 2) вільне 5 хв" in office["alerts"][0]["message_uk"]
        await post(api, f"/counters/{COUNTER_2}/call-next", "admin2")
        assert kinds(await load(api)) == []
        await post(api, f"/tickets/{ticket['id']}/no-show", "admin2")
        await issue(api, RESIDENCE)
        api.stack.clock.advance(minutes=2)
        assert kinds(await load(api)) == []  # free for 2 minutes only
        api.stack.clock.advance(seconds=1)
        assert kinds(await load(api)) == [("idle_counter", COUNTER_2)]
        await post(api, f"/counters/{COUNTER_2}/pause", "admin2", {"reason": "обід"})
        assert kinds(await load(api)) == []  # a break is not idleness

    async def test_no_window_is_idle_during_an_air_raid(self, api: Api) -> None:
        await post(api, f"/counters/{COUNTER_2}/session", "admin2")
        await issue(api, RESIDENCE)
        await post(api, f"/offices/{MAIN}/pause", "reception", {"reason": "air_raid"})
        api.stack.clock.advance(minutes=10)
        assert kinds(await load(api)) == []

    async def test_a_silent_device_is_raised_and_cleared(self, api: Api) -> None:
        display = await api.device("display")
        never = await api.device("kiosk")  # never reported: not "offline"
        assert never
        r = await api.client.get(f"{V1}/devices/me", headers=display)
        assert r.status_code == 200
        silence = offline_silence(api.stack.container.settings.heartbeat_seconds)
        api.stack.clock.advance(seconds=silence.total_seconds())
        assert kinds(await load(api)) == []  # exactly the threshold is not past it
        api.stack.clock.advance(minutes=2)
        office = await load(api)
        [(kind, device_id)] = kinds(office)
        assert kind == "device_offline"
        assert "«display test» не на зв'язку" in office["alerts"][0]["message_uk"]
        await api.client.get(f"{V1}/devices/me", headers=display)  # back
        assert kinds(await load(api)) == []
        api.stack.clock.advance(minutes=10)
        assert kinds(await load(api)) == [("device_offline", device_id)]
        r = await api.client.delete(f"{V1}/devices/{device_id}", headers=await api.as_("manager"))
        assert r.status_code == 200, r.text
        assert kinds(await load(api)) == []  # revoked: not a problem


class TestWhoMayLook:
    async def test_the_manager_sees_every_office_side_by_side(self, api: Api) -> None:
        body = await load(api, None)
        assert [o["id"] for o in body["offices"]] == [MAIN, BRANCH]
        assert body["at"] == at(0)
        branch = await load(api, BRANCH)
        assert [c["number"] for c in branch["counters"]] == [1]

    async def test_others_are_refused(self, api: Api) -> None:
        for who in ("reception", "admin1", "remote1"):
            r = await api.client.get(f"{V1}/load", headers=await api.as_(who))
            assert r.status_code == 403, who
        r = await api.client.get(f"{V1}/load", headers=await api.device("display"))
        assert r.status_code == 403
        r = await api.client.get(f"{V1}/load")
        assert r.status_code == 401
        r = await api.client.get(f"{V1}/load?office_id=999", headers=await api.as_("manager"))
        assert r.status_code == 404

    async def test_a_manager_of_one_office_sees_only_it(self, api: Api) -> None:
        stack = api.stack
        branch_manager = user(99, Role.MANAGER, office_id=BRANCH)
        common = {"uow": stack.uow, "clock": stack.clock, "offline_after": timedelta(minutes=1)}
        seen = await live_load(principal=branch_manager, office_id=None, **common)
        assert [o.office.id for o in seen.offices] == [BRANCH]
        with pytest.raises(Forbidden):
            await live_load(principal=branch_manager, office_id=MAIN, **common)
