"""The manager's configuration API over HTTP: the office and its hours, spheres, services,
windows, devices, priority categories and the change log; who may do it; and that kiosks,
windows and displays see a change at once."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import Api
from tests.e2e.config_helpers import (
    BOSS,
    DOCS,
    OTHER_SPHERE,
    call,
    cfg,
    changes,
    message,
)
from tests.factories import BRANCH, COUNTER_1, COUNTER_3, MAIN, PASSPORT, PAUSED

__all__ = ["cfg"]

NEW_SERVICE = {
    "category_id": DOCS,
    "code": "driver-licence",
    "prefix": "в",
    "name_uk": "Посвідчення водія",
    "name_en": "Driving licence",
    "card": {"description_uk": "Обмін посвідчення", "documents_uk": ["Паспорт", "Посвідчення"]},
    "daily_cap": 40,
    "avg_service_min": 20,
}


class TestReadingTheConfiguration:
    async def test_a_manager_reads_everything_of_their_office_and_no_password(
        self, cfg: Api
    ) -> None:
        r = await call(cfg, "GET", f"/config/offices/{MAIN}")
        assert r.status_code == 200, r.text
        config = r.json()
        assert set(config["office"]["schedule"]) == {
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sun",
        }
        assert {s["code"] for s in config["services"]} >= {"passport", "paused"}  # inactive too
        assert [c["number"] for c in config["counters"]] == [1, 2, 3]
        users = {u["username"]: u for u in config["users"]}
        assert set(users) == {"reception", "admin1", "admin2", "admin3", "boss", "ops"}
        assert users["admin1"]["skills"] == [
            {"service_id": 1, "tier": "primary"},
            {"service_id": 2, "tier": "secondary"},
        ]
        assert {p["code"] for p in config["priorities"]} == {"disability", "veteran"}
        assert "password" not in r.text and "$argon2" not in r.text

    async def test_the_branch_exception_day_is_listed(self, cfg: Api) -> None:
        r = await call(cfg, "GET", f"/config/offices/{BRANCH}", "branchboss")
        assert r.json()["office"]["exceptions"] == [
            {"day": "2026-12-25", "intervals": [], "note_uk": "Різдво", "note_en": ""}
        ]

    @pytest.mark.parametrize("who", ["reception", "admin1", "branchboss"])
    async def test_nobody_else_reads_it(self, cfg: Api, who: str) -> None:
        assert (await call(cfg, "GET", f"/config/offices/{MAIN}", who)).status_code == 403

    async def test_anonymous_callers_and_devices_are_refused(self, cfg: Api) -> None:
        assert (await call(cfg, "GET", f"/config/offices/{MAIN}", None)).status_code == 401
        for kind in ("kiosk", "display"):
            device = await cfg.device(kind)
            r = await cfg.client.get(f"/api/v1/config/offices/{MAIN}", headers=device)
            assert r.status_code == 403

    async def test_a_deployment_admin_reads_any_office(self, cfg: Api) -> None:
        for who in ("root", "ops"):
            assert (await call(cfg, "GET", f"/config/offices/{BRANCH}", who)).status_code == 200


class TestTheOffice:
    async def test_names_hours_and_information_line_change_and_are_logged(self, cfg: Api) -> None:
        body = {
            "name_uk": " ЦНАП Центр ",
            "schedule": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "13:00"]]},
            "info_uk": "Прийом документів до 17:30",
        }
        r = await call(cfg, "PATCH", f"/config/offices/{MAIN}", body=body)
        assert r.status_code == 200, r.text
        office = r.json()
        assert office["name_uk"] == "ЦНАП Центр"
        assert office["schedule"]["mon"] == [["09:00", "18:00"]]
        assert office["schedule"]["wed"] == []  # the whole week: a day left out is closed
        (event,) = await changes(cfg)
        assert event.actor == f"user:{BOSS}"
        assert event.data["entity"] == "office" and event.data["action"] == "updated"
        assert set(event.data["changes"]) == {"name_uk", "schedule", "info_uk"}  # type: ignore[arg-type]
        offices = (await cfg.client.get("/api/v1/offices")).json()
        assert offices[0]["name_uk"] == "ЦНАП Центр"

    async def test_the_same_values_again_log_nothing(self, cfg: Api) -> None:
        body = {"name_uk": "Тестовий ЦНАП", "timezone": "Europe/Kyiv"}
        assert (await call(cfg, "PATCH", f"/config/offices/{MAIN}", body=body)).status_code == 200
        assert await changes(cfg) == []

    async def test_an_unknown_time_zone_is_explained_in_both_languages(self, cfg: Api) -> None:
        body = {"timezone": "Europe/Kiev-on-Dnipro"}
        r = await call(cfg, "PATCH", f"/config/offices/{MAIN}", body=body)
        assert r.status_code == 422
        assert "невідомий часовий пояс" in message(r)
        r = await call(cfg, "PATCH", f"/config/offices/{MAIN}", body=body, lang="en")
        assert "unknown time zone" in message(r)

    @pytest.mark.parametrize(
        ("week", "uk"),
        [
            ({"mon": [["08:00", "25:00"]]}, "поза межами доби"),
            ({"mon": [["12:00", "08:00"]]}, "порожній"),
            ({"mon": [["08:00", "13:00"], ["12:00", "17:00"]]}, "перетинаються"),
            ({"mnd": [["08:00", "13:00"]]}, "невідомі дні тижня"),
        ],
    )
    async def test_a_wrong_schedule_is_refused(self, cfg: Api, week: object, uk: str) -> None:
        r = await call(cfg, "PATCH", f"/config/offices/{MAIN}", body={"schedule": week})
        assert r.status_code == 422 and uk in message(r)

    async def test_a_holiday_closes_the_office_that_day(self, cfg: Api) -> None:
        day = "2026-11-23"  # the fixed clock's Monday
        body = {"intervals": [], "note_uk": "День міста"}
        r = await call(cfg, "PUT", f"/config/offices/{MAIN}/exceptions/{day}", body=body)
        assert r.status_code == 200, r.text
        assert r.json() == {"day": day, "intervals": [], "note_uk": "День міста", "note_en": ""}
        r = await call(cfg, "POST", f"/offices/{MAIN}/tickets", "reception", {"service_id": 1})
        assert r.status_code == 409 and r.json()["error"]["code"] == "office_closed"
        body = {"intervals": [["08:00", "20:00"]], "note_uk": "День міста"}
        r = await call(cfg, "PUT", f"/config/offices/{MAIN}/exceptions/{day}", body=body)
        assert r.json()["intervals"] == [["08:00", "20:00"]]
        created, updated = await changes(cfg)
        assert (created.data["action"], updated.data["action"]) == ("created", "updated")
        assert updated.data["entity_id"] == day
        assert updated.data["changes"]["intervals"] == [["08:00", "20:00"]]  # type: ignore[index]
        r = await call(cfg, "DELETE", f"/config/offices/{MAIN}/exceptions/{day}")
        assert r.status_code == 204
        r = await call(cfg, "DELETE", f"/config/offices/{MAIN}/exceptions/{day}")
        assert r.status_code == 404

    async def test_another_offices_hours_are_out_of_reach(self, cfg: Api) -> None:
        body = {"intervals": []}
        r = await call(cfg, "PUT", f"/config/offices/{BRANCH}/exceptions/2026-12-31", "boss", body)
        assert r.status_code == 403


class TestSpheres:
    async def test_a_sphere_is_added_renamed_and_deleted_while_empty(self, cfg: Api) -> None:
        body = {"code": "Land", "name_uk": "Земля", "icon": "land"}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/categories", body=body)
        assert r.status_code == 201, r.text
        sphere = r.json()
        assert sphere["code"] == "land" and sphere["name_en"] == "Земля"
        r = await call(cfg, "PATCH", f"/config/categories/{sphere['id']}", body={"name_en": "Land"})
        assert r.json()["name_en"] == "Land"
        assert (await call(cfg, "DELETE", f"/config/categories/{sphere['id']}")).status_code == 204
        actions = [e.data["action"] for e in await changes(cfg)]
        assert actions == ["created", "updated", "deleted"]

    async def test_a_sphere_with_services_is_kept_with_a_reason(self, cfg: Api) -> None:
        r = await call(cfg, "DELETE", f"/config/categories/{OTHER_SPHERE}", lang="en")
        assert r.status_code == 409
        assert "still has services (2)" in message(r)

    async def test_codes_are_unique_in_the_office(self, cfg: Api) -> None:
        body = {"code": "other", "name_uk": "Ще інше"}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/categories", body=body)
        assert r.status_code == 409 and "«other» уже є: «Інше»" in message(r)
        r = await call(cfg, "POST", f"/config/offices/{BRANCH}/categories", "branchboss", body)
        assert r.status_code == 201  # another office has a code of its own


class TestServices:
    async def test_a_new_service_is_on_the_kiosks_at_once(self, cfg: Api) -> None:
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=NEW_SERVICE)
        assert r.status_code == 201, r.text
        service = r.json()
        assert service["prefix"] == "В" and service["card"]["documents_uk"] == [
            "Паспорт",
            "Посвідчення",
        ]
        catalog = (await cfg.client.get(f"/api/v1/offices/{MAIN}/services")).json()
        docs = next(c for c in catalog["categories"] if c["id"] == DOCS)
        assert service["id"] in [s["id"] for s in docs["services"]]
        ticket = await call(
            cfg, "POST", f"/offices/{MAIN}/tickets", "reception", {"service_id": service["id"]}
        )
        assert ticket.json()["number"] == "В-001"
        (event,) = await changes(cfg)
        assert event.data["entity"] == "service" and event.data["action"] == "created"

    async def test_a_deactivated_service_issues_no_tickets(self, cfg: Api) -> None:
        r = await call(cfg, "PATCH", f"/config/services/{PASSPORT}", body={"active": False})
        assert r.status_code == 200 and r.json()["active"] is False
        catalog = (await cfg.client.get(f"/api/v1/offices/{MAIN}/services")).text
        assert re.search(r'"code":"passport"[^}]*"active":false', catalog)
        r = await call(cfg, "POST", f"/offices/{MAIN}/tickets", "reception", {"service_id": 1})
        assert r.status_code == 409 and r.json()["error"]["code"] == "service_unavailable"

    @pytest.mark.parametrize("prefix", ["1", "ПАСПО", "Q", "П-"])
    async def test_a_prefix_the_screens_cannot_speak_is_refused(
        self, cfg: Api, prefix: str
    ) -> None:
        body = NEW_SERVICE | {"prefix": prefix}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=body)
        assert r.status_code == 422 and "від 1 до 4 українських літер" in message(r)

    async def test_a_latin_look_alike_is_stored_as_the_cyrillic_letter(self, cfg: Api) -> None:
        body = NEW_SERVICE | {"prefix": "p"}  # Latin p: reads "Р" on the screen
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=body)
        assert r.json()["prefix"] == "Р"  # Cyrillic, shared with "residence" of the same sphere

    async def test_a_prefix_of_another_spheres_active_service_is_named(self, cfg: Api) -> None:
        body = NEW_SERVICE | {"category_id": OTHER_SPHERE, "prefix": "П"}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=body)
        assert r.status_code == 409 and "«Послуга passport» (код passport)" in message(r)
        body = NEW_SERVICE | {"prefix": "З"}  # the inactive "paused" of "other" has it: free
        assert (
            await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=body)
        ).status_code == 201
        r = await call(cfg, "PATCH", f"/config/services/{PAUSED}", body={"active": True})
        assert r.status_code == 409 and "Посвідчення водія" in message(r)

    @pytest.mark.parametrize(
        ("change", "en"),
        [
            ({"daily_cap": 0}, "daily_cap must be from 1 to 100000 or empty"),
            ({"target_wait_min": 241}, "target_wait_min must be from 1 to 240"),
            ({"avg_service_min": 0}, "avg_service_min must be from 1 to 240 or empty"),
            ({"category_id": 3}, "sphere 3 is not in this office"),
            ({"code": "passport"}, "code 'passport' exists already"),
            ({"name_uk": "  "}, "name_uk must not be empty"),
        ],
    )
    async def test_limits_are_checked(self, cfg: Api, change: dict[str, object], en: str) -> None:
        await call(
            cfg,
            "POST",
            f"/config/offices/{BRANCH}/categories",
            "root",
            {"code": "x", "name_uk": "X"},
        )
        body = NEW_SERVICE | change
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/services", body=body, lang="en")
        assert r.status_code in (409, 422) and en in message(r), r.text

    async def test_card_and_referral_are_replaced_whole_and_a_referral_is_cleared_with_null(
        self, cfg: Api
    ) -> None:
        card = {"description_uk": "Новий опис"}
        referral = {"body_uk": "ДМС", "phone": "0 800 000 000"}
        r = await call(
            cfg, "PATCH", f"/config/services/{PASSPORT}", body={"card": card, "referral": referral}
        )
        assert r.json()["card"]["fee_uk"] == ""  # the old card is gone entirely
        assert r.json()["referral"]["body_en"] == ""
        r = await call(cfg, "PATCH", f"/config/services/{PASSPORT}", body={"referral": None})
        assert r.json()["referral"] is None and r.json()["card"]["description_uk"] == "Новий опис"

    async def test_another_offices_services_are_out_of_reach(self, cfg: Api) -> None:
        r = await call(
            cfg, "PATCH", f"/config/services/{PASSPORT}", "branchboss", {"active": False}
        )
        assert r.status_code == 403
        assert (await call(cfg, "PATCH", "/config/services/999", body={})).status_code == 404


class TestWindows:
    async def test_a_window_is_added_renumbered_and_deleted_while_unused(self, cfg: Api) -> None:
        body = {"number": 7, "name_uk": "Вікно 7", "zone": "B"}
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/counters", body=body)
        assert r.status_code == 201, r.text
        counter_id = r.json()["id"]
        r = await call(cfg, "PATCH", f"/config/counters/{counter_id}", body={"number": 8})
        assert r.json() == {
            "id": counter_id,
            "number": 8,
            "name_uk": "Вікно 7",
            "name_en": "Вікно 7",
            "zone": "B",
        }
        assert (await call(cfg, "DELETE", f"/config/counters/{counter_id}")).status_code == 204

    async def test_numbers_are_unique_and_spoken(self, cfg: Api) -> None:
        r = await call(cfg, "POST", f"/config/offices/{MAIN}/counters", body={"number": 2})
        assert r.status_code == 409 and "вікно № 2 уже є" in message(r)
        r = await call(cfg, "PATCH", f"/config/counters/{COUNTER_1}", body={"number": 1000})
        assert r.status_code == 422

    async def test_an_open_or_used_window_is_not_deleted(self, cfg: Api) -> None:
        admin = await cfg.as_("admin3")
        await cfg.client.post(f"/api/v1/counters/{COUNTER_3}/session", headers=admin)
        r = await call(cfg, "DELETE", f"/config/counters/{COUNTER_3}", lang="en")
        assert r.status_code == 409 and "close it first" in message(r)
        await call(cfg, "POST", f"/offices/{MAIN}/tickets", "reception", {"service_id": 1})
        r = await cfg.client.post(f"/api/v1/counters/{COUNTER_3}/call-next", headers=admin)
        await cfg.client.post(f"/api/v1/tickets/{r.json()['id']}/no-show", headers=admin)
        await cfg.client.delete(f"/api/v1/counters/{COUNTER_3}/session", headers=admin)
        r = await call(cfg, "DELETE", f"/config/counters/{COUNTER_3}", lang="en")
        assert r.status_code == 409 and "close it instead" in message(r), r.text


class TestDevices:
    async def test_a_display_gets_a_zone_and_a_kiosk_does_not(self, cfg: Api) -> None:
        r = await call(
            cfg, "POST", f"/offices/{MAIN}/devices", body={"kind": "display", "name": "Зал"}
        )
        display = r.json()["id"]
        r = await call(cfg, "PATCH", f"/config/devices/{display}", body={"zone": "A"})
        assert r.status_code == 200 and r.json()["zone"] == "A"
        r = await call(cfg, "POST", f"/offices/{MAIN}/devices", body={"kind": "kiosk", "name": "К"})
        r = await call(cfg, "PATCH", f"/config/devices/{r.json()['id']}", body={"zone": "A"})
        assert r.status_code == 422 and "лише табло" in message(r)


class TestPriorities:
    async def test_only_a_deployment_admin_adds_one(self, cfg: Api) -> None:
        body = {"code": "pregnant", "name_uk": "Вагітні жінки", "head_start_min": 15}
        assert (await call(cfg, "POST", "/config/priorities", "boss", body)).status_code == 403
        r = await call(cfg, "POST", "/config/priorities", "root", body)
        assert r.status_code == 201, r.text
        assert r.json()["active"] is True
        r = await call(cfg, "POST", "/config/priorities", "root", body)
        assert r.status_code == 409
        # root belongs to no office: every office's log has it
        assert len(await changes(cfg, MAIN)) == len(await changes(cfg, BRANCH)) == 1

    async def test_a_manager_retires_one_and_kiosks_stop_offering_it(self, cfg: Api) -> None:
        r = await call(cfg, "PATCH", "/config/priorities/veteran", body={"active": False})
        assert r.status_code == 200 and r.json()["active"] is False
        catalog = (await cfg.client.get(f"/api/v1/offices/{MAIN}/services")).json()
        assert [p["code"] for p in catalog["priorities"]] == ["disability"]
        listed = (await call(cfg, "GET", "/config/priorities")).json()
        assert {p["code"]: p["active"] for p in listed} == {"disability": True, "veteran": False}
        assert len(await changes(cfg, MAIN)) == 1 and await changes(cfg, BRANCH) == []
        r = await call(cfg, "PATCH", "/config/priorities/veteran", body={"head_start_min": 500})
        assert r.status_code == 422
        assert (await call(cfg, "PATCH", "/config/priorities/nobody", body={})).status_code == 404


class TestTheChangeLog:
    async def test_lists_changes_newest_first_with_who_made_them(self, cfg: Api) -> None:
        await call(cfg, "POST", f"/offices/{MAIN}/devices", body={"kind": "kiosk", "name": "К1"})
        cfg.stack.clock.advance(minutes=1)
        await call(cfg, "PATCH", f"/config/offices/{MAIN}", body={"info_uk": "Вітаємо!"})
        r = await call(cfg, "GET", f"/config/offices/{MAIN}/changes?limit=10")
        assert r.status_code == 200
        first, second = r.json()
        assert first["entity"] == "office" and first["changes"] == {"info_uk": "Вітаємо!"}
        assert first["actor"] == f"user:{BOSS}" and first["actor_name"] == "Керівник ЦНАП"
        assert second["entity"] == "device" and second["action"] == "registered"
        assert second["changes"] == {"kind": "kiosk", "name": "К1"}


class TestWhatDisplaysSee:
    async def test_the_configured_zone_and_the_information_line_are_on_the_board(
        self, cfg: Api
    ) -> None:
        r = await call(
            cfg, "POST", f"/offices/{MAIN}/devices", body={"kind": "display", "name": "Зал"}
        )
        display, token = r.json()["id"], r.json()["token"]
        page = (await cfg.client.get(f"/display/?token={token}&zone=Z")).text
        assert "Слідкуйте за викликом" in page  # no information line yet: the fixed text
        await call(cfg, "PATCH", f"/config/devices/{display}", body={"zone": "A"})
        info = "Каса <b>не</b> працює"
        await call(cfg, "PATCH", f"/config/offices/{MAIN}", body={"info_uk": info})
        page = (await cfg.client.get(f"/display/?token={token}&zone=Z")).text
        assert "Каса &lt;b&gt;не&lt;/b&gt; працює" in page and "<b>не</b>" not in page
        board = json.loads(re.search(r'id="board-config">(.*?)</script>', page)[1])  # type: ignore[index]
        assert board["zone"] == "A" and board["deviceId"] == display
        assert board["renderedSeq"] == len(await changes(cfg)) + 1  # + the device's registration

    async def test_a_display_learns_of_a_change_but_not_its_details(self, cfg: Api) -> None:
        from queue_server.domain.users import DeviceKind, Principal
        from queue_server.service.stream import visible

        await call(cfg, "PATCH", f"/config/offices/{MAIN}", body={"info_uk": "Сьогодні до 20:00"})
        (event,) = await changes(cfg)
        display = Principal("device", 1, MAIN, device_kind=DeviceKind.DISPLAY)
        shown = visible(event, display)
        assert shown is not None and shown["type"] == "config.changed"
        assert shown["data"]["entity"] == "office"  # type: ignore[index]
        assert "changes" not in shown["data"]  # type: ignore[operator]
