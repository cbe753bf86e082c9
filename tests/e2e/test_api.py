"""The JSON API over HTTP: the full life of a visit, errors, languages, the public view."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.factories import ADMIN1, CAPPED, COUNTER_1, MAIN, PASSPORT, PASSWORD, RESIDENCE

V1 = "/api/v1"


async def issue(api: Api, service_id: int = PASSPORT, **extra: object) -> dict:  # type: ignore[type-arg]
    headers = await api.as_("reception")
    r = await api.client.post(
        f"{V1}/offices/{MAIN}/tickets", json={"service_id": service_id, **extra}, headers=headers
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


class TestTheLifeOfAVisitOverHttp:
    async def test_issue_call_recall_start_finish(self, api: Api) -> None:
        ticket = await issue(api)
        assert ticket["number"] == "П-001" and ticket["status"] == "waiting"
        admin = await api.as_("admin1")
        c = api.client
        assert (await c.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)).json()[
            "state"
        ] == "open"
        called = await c.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert called.status_code == 200
        assert called.json()["counter_number"] == 1
        tid = ticket["id"]
        r = await c.post(f"{V1}/tickets/{tid}/recall", headers=admin)
        assert r.json()["recall_count"] == 1
        assert (await c.post(f"{V1}/tickets/{tid}/start", headers=admin)).json()[
            "status"
        ] == "serving"
        r = await c.post(
            f"{V1}/tickets/{tid}/finish",
            json={"outcome": "documents_accepted", "note": "Пакет прийнято"},
            headers=admin,
        )
        assert r.status_code == 200 and r.json()["status"] == "done"
        assert r.json()["operator_id"] == ADMIN1
        empty = await c.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert empty.status_code == 204

    async def test_redirect_park_unpark_no_show_cancel(self, api: Api) -> None:
        c, admin = api.client, await api.as_("admin1")
        desk = await api.as_("reception")
        first, second = await issue(api), await issue(api)
        await c.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        await c.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        r = await c.post(
            f"{V1}/tickets/{first['id']}/redirect",
            json={"service_id": RESIDENCE, "note": "потрібна довідка"},
            headers=admin,
        )
        assert r.json()["status"] == "waiting" and r.json()["service"]["id"] == RESIDENCE
        r = await c.post(f"{V1}/tickets/{second['id']}/park", headers=desk)
        assert r.json()["status"] == "parked"
        r = await c.post(f"{V1}/tickets/{second['id']}/unpark", headers=desk)
        assert r.json()["status"] == "waiting"
        await c.post(f"{V1}/counters/{COUNTER_1}/call/{second['id']}", headers=admin)
        r = await c.post(f"{V1}/tickets/{second['id']}/no-show", headers=admin)
        assert r.json()["status"] == "no_show"
        r = await c.post(
            f"{V1}/tickets/{first['id']}/cancel", json={"reason": "пішов"}, headers=desk
        )
        assert r.json()["status"] == "cancelled"

    async def test_pause_and_resume(self, api: Api) -> None:
        c, admin = api.client, await api.as_("admin1")
        await c.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        r = await c.post(f"{V1}/counters/{COUNTER_1}/pause", json={"reason": "обід"}, headers=admin)
        assert r.json()["state"] == "paused" and r.json()["paused_reason"] == "обід"
        r = await c.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert r.status_code == 409
        r = await c.post(f"{V1}/counters/{COUNTER_1}/resume", headers=admin)
        assert r.json()["state"] == "open"
        r = await c.delete(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        assert r.json()["state"] == "closed"

    async def test_the_queue_snapshot(self, api: Api) -> None:
        await issue(api)
        await issue(api, RESIDENCE)
        r = await api.client.get(f"{V1}/offices/{MAIN}/queue", headers=await api.as_("reception"))
        body = r.json()
        assert body["waiting_total"] == 2
        assert {line["service"]["id"] for line in body["services"]} == {PASSPORT, RESIDENCE}
        assert [c["number"] for c in body["counters"]] == [1, 2, 3]


class TestIdempotencyOverHttp:
    async def test_a_retry_with_the_same_key_returns_the_same_ticket(self, api: Api) -> None:
        kiosk = await api.device("kiosk")
        headers = kiosk | {"Idempotency-Key": "touch-42"}
        url = f"{V1}/offices/{MAIN}/tickets"
        a = await api.client.post(url, json={"service_id": PASSPORT}, headers=headers)
        b = await api.client.post(url, json={"service_id": PASSPORT}, headers=headers)
        assert a.status_code == b.status_code == 201
        assert a.json()["id"] == b.json()["id"]
        assert b.headers["Idempotent-Replayed"] == "true"


class TestErrors:
    async def test_malformed_json(self, api: Api) -> None:
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets",
            content=b'{"service_id": 1',
            headers=await api.as_("reception") | {"Content-Type": "application/json"},
        )
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "malformed_json"

    async def test_invalid_fields_are_named(self, api: Api) -> None:
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets?lang=en",
            json={"service_id": "passport", "language": "fr"},
            headers=await api.as_("reception"),
        )
        assert r.status_code == 422
        message = r.json()["error"]["message"]
        assert "service_id" in message and "language" in message

    async def test_unknown_service_in_ukrainian_and_english(self, api: Api) -> None:
        url = f"{V1}/offices/{MAIN}/tickets"
        headers = await api.as_("reception")
        uk = await api.client.post(url, json={"service_id": 999}, headers=headers)
        en = await api.client.post(
            url, json={"service_id": 999}, headers=headers | {"Accept-Language": "en-GB"}
        )
        assert uk.status_code == en.status_code == 404
        assert uk.json()["error"]["message"].startswith("Не знайдено")
        assert en.json()["error"]["message"].startswith("Not found")

    async def test_daily_cap_is_a_conflict_with_a_human_message(self, api: Api) -> None:
        for _ in range(3):
            await issue(api, CAPPED)
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets",
            json={"service_id": CAPPED},
            headers=await api.as_("reception"),
        )
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "daily_cap_reached"
        assert "наступного робочого дня" in r.json()["error"]["message"]

    async def test_the_catalogue_says_how_many_tickets_a_capped_service_has_left(
        self, api: Api
    ) -> None:
        async def left() -> dict[int, int | None]:
            r = await api.client.get(f"{V1}/offices/{MAIN}/services")
            services = [s for c in r.json()["categories"] for s in c["services"]]
            return {s["id"]: s["tickets_left"] for s in services}

        assert (await left())[CAPPED] == 3
        assert (await left())[PASSPORT] is None  # no cap
        await issue(api, CAPPED)
        assert (await left())[CAPPED] == 2
        for _ in range(2):
            await issue(api, CAPPED)
        assert (await left())[CAPPED] == 0
        api.stack.clock.advance(days=1)  # a new business day, a new cap
        assert (await left())[CAPPED] == 3

    async def test_wrong_state_is_409(self, api: Api) -> None:
        ticket = await issue(api)
        admin = await api.as_("admin1")
        await api.client.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        r = await api.client.post(f"{V1}/tickets/{ticket['id']}/start", headers=admin)
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "invalid_transition"

    async def test_no_credentials_and_bad_passwords(self, api: Api) -> None:
        r = await api.client.post(f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT})
        assert r.status_code == 401
        r = await api.client.post(
            f"{V1}/auth/login", json={"username": "reception", "password": "wrong"}
        )
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"

    async def test_logout_ends_the_session(self, api: Api) -> None:
        headers = await api.as_("reception")
        assert (await api.client.post(f"{V1}/auth/logout", headers=headers)).status_code == 204
        r = await api.client.get(f"{V1}/offices/{MAIN}/queue", headers=headers)
        assert r.status_code == 401

    async def test_logout_everywhere_ends_every_session_of_that_person_only(self, api: Api) -> None:
        async def login(username: str) -> dict[str, str]:
            body = {"username": username, "password": PASSWORD}
            r = await api.client.post(f"{V1}/auth/login", json=body)
            api.client.cookies.clear()
            return {"Authorization": f"Bearer {r.json()['token']}"}

        window, phone, colleague = (
            await login("admin1"),
            await login("admin1"),
            await login("admin2"),
        )
        r = await api.client.post(f"{V1}/auth/logout-everywhere", headers=phone)
        assert r.status_code == 204
        for gone in (window, phone):
            assert (await api.client.get(f"{V1}/auth/me", headers=gone)).status_code == 401
        assert (await api.client.get(f"{V1}/auth/me", headers=colleague)).status_code == 200
        kiosk = await api.device("kiosk")
        r = await api.client.post(f"{V1}/auth/logout-everywhere", headers=kiosk)
        assert r.status_code == 403 and "staff only" in r.json()["error"]["message"]

    async def test_unknown_path(self, api: Api) -> None:
        r = await api.client.get(f"{V1}/nowhere")
        assert r.status_code == 404 and r.json()["error"]["code"] == "http_404"


class TestPublicViews:
    async def test_tracking_shows_nothing_personal(self, api: Api) -> None:
        ticket = await issue(api, note="Прізвище Ім'я — телефон", priority="veteran")
        r = await api.client.get(f"{V1}/track/{ticket['track_token']}")
        assert r.status_code == 200
        body = r.json()
        assert body["number"] == ticket["number"]
        assert "note" not in body and "priority" not in body and "id" not in body
        assert (await api.client.get(f"{V1}/track/{'x' * 24}")).status_code == 404
        assert (await api.client.get(f"{V1}/track/not%20a%20token")).status_code == 422

    async def test_tracking_shows_the_window_once_called(self, api: Api) -> None:
        ticket = await issue(api)
        admin = await api.as_("admin1")
        await api.client.post(f"{V1}/counters/{COUNTER_1}/session", headers=admin)
        await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        body = (await api.client.get(f"{V1}/track/{ticket['track_token']}")).json()
        assert body["status"] == "called" and body["counter_number"] == 1

    async def test_catalog_with_cards_and_priorities(self, api: Api) -> None:
        r = await api.client.get(f"{V1}/offices/{MAIN}/services")
        body = r.json()
        assert [c["code"] for c in body["categories"]] == ["docs", "other"]
        passport = body["categories"][0]["services"][0]
        assert passport["card"]["fee_uk"] == "Безоплатно"
        assert {p["code"] for p in body["priorities"]} == {"disability", "veteran"}
        assert body["office"]["open_now"] is True

    async def test_openapi_lists_the_contract(self, api: Api) -> None:
        paths = (await api.client.get("/openapi.json")).json()["paths"]
        for path in (
            "/api/v1/auth/login",
            "/api/v1/offices/{office_id}/tickets",
            "/api/v1/counters/{counter_id}/call-next",
            "/api/v1/tickets/{ticket_id}/redirect",
            "/api/v1/track/{track_token}",
        ):
            assert path in paths


class TestHostileInput:
    """Input that used to reach the database as a 500 is a 4xx with a reason."""

    async def test_ids_beyond_the_database_range(self, api: Api) -> None:
        headers = await api.as_("reception")
        r = await api.client.get(f"{V1}/tickets/99999999999999999999", headers=headers)
        assert r.status_code == 422
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets", json={"service_id": 2**40}, headers=headers
        )
        assert r.status_code == 422

    async def test_control_characters_in_text(self, api: Api) -> None:
        headers = await api.as_("reception")
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets",
            json={"service_id": PASSPORT, "note": "a\x00b"},
            headers=headers,
        )
        assert r.status_code == 422
        assert "control characters" in r.json()["error"]["message"]
        r = await api.client.post(f"{V1}/auth/login", json={"username": "x\x00", "password": "y"})
        assert r.status_code == 422

    async def test_an_unprintable_idempotency_key(self, api: Api) -> None:
        headers = await api.as_("reception") | {"Idempotency-Key": "two words"}
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=headers
        )
        assert r.status_code == 422


class TestHealth:
    async def test_alive_and_ready(self, api: Api) -> None:
        assert (await api.client.get("/healthz")).json()["status"] == "ok"
        r = await api.client.get("/readyz")
        assert r.status_code == 200
        assert r.json() | {"version": None} == {
            "status": "ready",
            "database": True,
            "bus": True,
            "version": None,
        }


class TestLoginThrottling:
    async def test_wrong_passwords_lock_the_username_for_a_while(self, api: Api) -> None:
        async def login(password: str) -> Any:
            return await api.client.post(
                f"{V1}/auth/login", json={"username": "reception", "password": password}
            )

        for _ in range(4):
            assert (await login("wrong")).status_code == 401
        r = await login("wrong")  # the fifth: locked for a minute
        assert (r.status_code, r.json()["error"]["code"]) == (429, "login_locked")
        assert r.headers["Retry-After"] == "60"
        r = await login(PASSWORD)  # even the right password waits: guessing gains nothing
        assert r.status_code == 429
        api.stack.clock.advance(seconds=61)
        assert (await login("wrong")).status_code == 429  # the sixth: two minutes
        api.stack.clock.advance(minutes=2, seconds=1)
        assert (await login(PASSWORD)).status_code == 200
        assert (await login("wrong")).status_code == 401  # counting starts again
