"""``GET /metrics`` for Prometheus, the request id, and the access log of JSON mode: what
is counted, who may read it, and that no token or code reaches a label or a log line."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from websockets.asyncio.client import connect

from queue_server.logs import JsonFormatter
from queue_server.main import create_app
from tests.conftest import Api, fresh_database, in_thread, make_stack, seed, settings_for
from tests.e2e.test_window_and_reception import issue, open_counter
from tests.factories import COUNTER_1, MAIN, PASSPORT, PASSWORD
from tests.servers import servers

V1 = "/api/v1"
TOKEN = "scrape-token-0123456789"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


@contextlib.asynccontextmanager
async def app_with(
    tmp_path: Path, request: pytest.FixtureRequest, **settings: object
) -> AsyncIterator[Api]:
    """The seeded test office behind an app with these settings (like the ``api`` fixture)."""
    s = await make_stack("sqlite", tmp_path, request)
    await s.db.dispose()
    app = create_app(settings_for(s.url, **settings), clock=s.clock)
    s.container = app.state.container
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://qms.test") as client:
            yield Api(client=client, stack=s, tokens={})


@pytest.fixture
async def metered(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app with a metrics token and JSON logs."""
    async with app_with(tmp_path, request, metrics_token=TOKEN, log_format="json") as api:
        yield api


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, by name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def labels(**pairs: str) -> frozenset[tuple[str, str]]:
    return frozenset(pairs.items())


class TestWhoMayScrape:
    def test_the_token_setting_is_long_or_unset(self) -> None:
        assert settings_for("sqlite://", metrics_token="").metrics_token is None
        with pytest.raises(ValidationError, match="at least 16 characters"):
            settings_for("sqlite://", metrics_token="short")

    async def test_without_the_setting_there_are_no_metrics(self, api: Api) -> None:
        r = await api.client.get("/metrics", headers=SCRAPER)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "http_404"

    @pytest.mark.parametrize(
        "header",
        [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
    )
    async def test_without_the_token_the_answer_is_401(
        self, metered: Api, header: str | None
    ) -> None:
        headers = {} if header is None else {"Authorization": header}
        r = await metered.client.get("/metrics", headers=headers)
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "not_authenticated"
        assert r.headers["www-authenticate"] == "Bearer"

    async def test_a_staff_login_is_not_the_scrape_token(self, metered: Api) -> None:
        r = await metered.client.get("/metrics", headers=await metered.as_("manager"))
        assert r.status_code == 401

    async def test_it_is_not_in_the_api_schema(self, metered: Api) -> None:
        assert "/metrics" not in (await metered.client.get("/openapi.json")).json()["paths"]


class TestWhatIsCounted:
    async def test_tickets_calls_and_requests_by_route_template(self, metered: Api) -> None:
        first = await issue(metered)
        await issue(metered)
        admin = await open_counter(metered)
        called = await metered.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert called.status_code == 200
        await metered.client.post(f"{V1}/tickets/{called.json()['id']}/start", headers=admin)
        await metered.client.get(f"/t/{first['track_token']}")
        await metered.client.get("/no/such/page/42")
        await metered.client.request("BREW", "/healthz")

        r = await metered.client.get("/metrics", headers=SCRAPER)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
        got = samples(r.text)
        assert got["qms_tickets_issued_total", labels(office_id=str(MAIN))] == 2
        assert got["qms_calls_total", labels(office_id=str(MAIN), kind="call")] == 1
        issued = labels(method="POST", route=f"{V1}/offices/{{office_id}}/tickets", status="2xx")
        assert got["qms_http_request_duration_seconds_count", issued] == 2
        started = labels(method="POST", route=f"{V1}/tickets/{{ticket_id}}/start", status="2xx")
        assert got["qms_http_request_duration_seconds_count", started] == 1
        routes = {
            dict(labels_)["route"]
            for (name, labels_) in got
            if name == "qms_http_request_duration_seconds_count"
        }
        assert {"/t/{track_token}", "unmatched"} <= routes
        brewed = labels(method="other", route="/healthz", status="4xx")  # 405: made-up method
        assert got["qms_http_request_duration_seconds_count", brewed] == 1
        assert not [route for route in routes if re.search(r"/\d+(/|$)", route)]
        assert first["track_token"] not in r.text
        assert got["qms_bus_lag_seconds_count", labels()] >= 5  # issued x2, opened, called...
        assert got["qms_websocket_clients", labels(kind="office")] == 0

    async def test_a_recall_is_a_call_of_its_own_kind(self, metered: Api) -> None:
        await issue(metered)
        admin = await open_counter(metered)
        called = await metered.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        r = await metered.client.post(f"{V1}/tickets/{called.json()['id']}/recall", headers=admin)
        assert r.status_code == 200, r.text
        got = samples((await metered.client.get("/metrics", headers=SCRAPER)).text)
        assert got["qms_calls_total", labels(office_id=str(MAIN), kind="call")] == 1
        assert got["qms_calls_total", labels(office_id=str(MAIN), kind="recall")] == 1


class TestRequestIds:
    async def test_a_sane_request_id_is_echoed(self, api: Api) -> None:
        r = await api.client.get("/healthz", headers={"X-Request-ID": "edge-7f3a.1:2"})
        assert r.headers["x-request-id"] == "edge-7f3a.1:2"

    @pytest.mark.parametrize("sent", [None, "a b", "x" * 200, "ім'я".encode()])
    async def test_otherwise_one_is_made_up(self, api: Api, sent: str | bytes | None) -> None:
        headers = {} if sent is None else {"X-Request-ID": sent}
        r = await api.client.get("/healthz", headers=headers)
        assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])

    async def test_errors_carry_it_too(self, api: Api) -> None:
        r = await api.client.get("/api/v1/tickets/1", headers={"X-Request-ID": "req-404"})
        assert r.status_code == 401 and r.headers["x-request-id"] == "req-404"


class TestTheAccessLog:
    async def test_one_json_line_per_request_without_tokens_or_codes(
        self, metered: Api, caplog: pytest.LogCaptureFixture
    ) -> None:
        ticket = await issue(metered)
        secret = ticket["track_token"]
        caplog.set_level(logging.INFO, logger="queue_server.access")
        caplog.clear()
        await metered.client.get(f"/t/{secret}?lang=en", headers={"X-Request-ID": "req-1"})
        await metered.client.get(f"{V1}/bookings/CODE1234")
        await metered.client.get(f"{V1}/tickets/{ticket['id']}/history")
        lines = [JsonFormatter().format(r) for r in caplog.records]
        assert all("\n" not in line for line in lines)
        entries = [json.loads(line) for line in lines]
        assert [e["path"] for e in entries] == [
            "/t/{track_token}",
            f"{V1}/bookings/{{code}}",
            f"{V1}/tickets/{ticket['id']}/history",  # ids are no secret
        ]
        page = entries[0]
        assert page["route"] == "/t/{track_token}" and page["method"] == "GET"
        assert page["status"] == 200 and page["request_id"] == "req-1"
        assert page["duration_ms"] >= 0 and page["logger"] == "queue_server.access"
        text = "\n".join(lines)
        assert secret not in text and "CODE1234" not in text and "lang=en" not in text

    async def test_text_mode_leaves_the_access_line_to_the_server(
        self, api: Api, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="queue_server.access")
        await api.client.get("/healthz")
        assert not [r for r in caplog.records if r.name == "queue_server.access"]


def test_open_websockets_are_counted_by_kind(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))

    async def scenario(base: str) -> None:
        ws_base = base.replace("http", "ws")
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:

            async def clients() -> dict[str, float]:
                got = samples((await client.get("/metrics", headers=SCRAPER)).text)
                return {
                    k: got["qms_websocket_clients", labels(kind=k)] for k in ("office", "track")
                }

            async def settles_at(office: int, track: int) -> bool:
                for _ in range(100):  # the server notices a closed socket a moment later
                    if await clients() == {"office": office, "track": track}:
                        return True
                    await asyncio.sleep(0.02)
                return False

            login = {"username": "reception", "password": PASSWORD}
            token = (await client.post(f"{V1}/auth/login", json=login)).json()["token"]
            ticket = await client.post(
                f"{V1}/offices/{MAIN}/tickets",
                json={"service_id": PASSPORT},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert await clients() == {"office": 0, "track": 0}
            async with connect(f"{ws_base}/ws/offices/{MAIN}?token={token}") as office:
                assert json.loads(await office.recv())["type"] == "snapshot"
                track = ticket.json()["track_token"]
                async with connect(f"{ws_base}/ws/track/{track}") as phone:
                    assert json.loads(await phone.recv())["type"] == "ticket"
                    assert await clients() == {"office": 1, "track": 1}
                assert await settles_at(office=1, track=0)
            assert await settles_at(office=0, track=0)

    with servers(url, 1, tmp_path, QMS_METRICS_TOKEN=TOKEN) as (base,):
        asyncio.run(scenario(base))
