"""The scaled deployment end to end through nginx: PostgreSQL, Redis, two app processes.

What nginx adds is tested here: static files from disk, websocket upgrades, the staff
session and its CSRF check with the forwarded Host, requests spread over both processes,
the caller's address for the per-address limits, and the request id in both logs.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.e2e.test_event_stream import Office, receive, ws_url
from tests.factories import PASSWORD
from tests.scaled.topology import Topology
from tests.servers import ROOT

pytestmark = pytest.mark.slow
V1 = "/api/v1"
METRICS = "metrics-token-for-tests"


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout=60))


@pytest.mark.parametrize(
    ("path", "file"),
    [
        ("/display/static/display/board.js", "display/static/display/board.js"),
        ("/kiosk/static/kiosk/kiosk.js", "kiosk/static/kiosk/kiosk.js"),
        ("/admin/static/admin/api.js", "admin/static/admin/api.js"),
        ("/book/static/visitor/api.js", "visitor/static/visitor/api.js"),
        ("/t/static/visitor/api.js", "visitor/static/visitor/api.js"),
    ],
)
def test_static_files_come_from_disk_through_nginx(scaled: Topology, path: str, file: str) -> None:
    r = httpx.get(scaled.url + path)
    assert r.status_code == 200
    assert r.content == (ROOT / file).read_bytes()
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "javascript" in r.headers["content-type"]
    assert "x-request-id" not in r.headers  # nginx answered; the app never saw it
    again = httpx.get(scaled.url + path, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_nothing_outside_the_static_folders_is_served(scaled: Topology) -> None:
    for path in (
        "/display/static/display/..%2f..%2fapp.py",
        "/display/static/../app.py",
        "/book/static/..%2f..%2fvisitor%2fapp.py",
    ):
        r = httpx.get(scaled.url + path)
        assert "def create_" not in r.text, path


def test_pages_and_the_api_come_from_the_app_with_its_headers(scaled: Topology) -> None:
    page = httpx.get(f"{scaled.url}/admin/login")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["server"] == "nginx"  # no version (server_tokens off)
    health = httpx.get(f"{scaled.url}/readyz")
    assert health.status_code == 200 and health.json()["bus"] is True


def test_a_staff_session_with_its_csrf_token_works_through_nginx(scaled: Topology) -> None:
    with httpx.Client(base_url=scaled.url) as browser:
        r = browser.post(f"{V1}/auth/login", json={"username": "reception", "password": PASSWORD})
        assert r.status_code == 200
        token = browser.cookies["qms_csrf"]
        ticket = {"service_id": 1}
        own = {"Origin": scaled.url, "X-CSRF-Token": token}
        assert browser.post(f"{V1}/offices/1/tickets", json=ticket, headers=own).status_code == 201
        assert browser.post(f"{V1}/offices/1/tickets", json=ticket).status_code == 403
        other = {"Origin": "https://evil.example", "X-CSRF-Token": token}
        r = browser.post(f"{V1}/offices/1/tickets", json=ticket, headers=other)
        assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"


def test_requests_are_spread_over_both_processes(scaled: Topology) -> None:
    with httpx.Client(base_url=scaled.url) as client:
        for _ in range(20):
            assert client.get(f"{V1}/offices/1/services").status_code == 200
    served = []
    for worker in scaled.workers:
        text = httpx.get(
            f"{worker.url}/metrics", headers={"Authorization": f"Bearer {METRICS}"}
        ).text
        counts = re.findall(
            r'qms_http_request_duration_seconds_count\{method="GET",route="/api/v1/offices/'
            r'\{office_id\}/services",status="2xx"\} (\S+)',
            text,
        )
        served.append(sum(float(c) for c in counts))
    assert sum(served) == 20 and min(served) >= 5, served


def test_displays_on_both_processes_see_each_call_made_through_nginx(scaled: Topology) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, scaled.url)
            token = await office.display_token()
            displays = [await connect(ws_url(scaled.url, token)) for _ in range(4)]
            try:
                for ws in displays:
                    await receive(ws, "snapshot")
                ticket = await office.issue()
                await office.call_and_finish()
                for ws in displays:
                    called = await receive(ws, "ticket.called")
                    assert called["data"]["number"] == ticket["number"]
            finally:
                for ws in displays:
                    await ws.close()

    run(scenario())


def test_a_page_of_another_site_cannot_open_a_websocket_through_nginx(scaled: Topology) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            token = await Office(client, scaled.url).display_token()
        url = ws_url(scaled.url, token)
        async with connect(url, origin=scaled.url) as ws:  # type: ignore[arg-type]
            await receive(ws, "snapshot")
        with pytest.raises(InvalidStatus) as refused:
            await connect(url, origin="https://evil.example")  # type: ignore[arg-type]
        assert refused.value.response.status_code == 403

    run(scenario())


def test_a_made_up_forwarded_address_does_not_escape_the_limit(scaled: Topology) -> None:
    """nginx tells the app the address it sees; the limit on unknown booking codes is
    shared by both processes (Redis), so three misses through either are all one gets."""
    statuses = []
    with httpx.Client(base_url=scaled.url) as client:
        for i in range(6):
            r = client.get(
                f"{V1}/bookings/9999000{i}", headers={"X-Forwarded-For": f"203.0.113.{i}"}
            )
            statuses.append(r.status_code)
    assert statuses == [404, 404, 404, 429, 429, 429]


def test_the_request_id_is_the_callers_or_nginxs(scaled: Topology) -> None:
    mine = httpx.get(f"{scaled.url}/healthz", headers={"X-Request-ID": "kiosk-17-abc"})
    assert mine.headers["x-request-id"] == "kiosk-17-abc"
    given = httpx.get(f"{scaled.url}/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", given)  # nginx's $request_id
    log = (scaled.nginx.directory / "access.log").read_text()
    assert "GET /healthz" in log


def test_with_no_app_process_nginx_answers_in_the_apps_words(scaled: Topology) -> None:
    """Both processes down (a deployment, a crash loop): the API gets its own error shape
    with Retry-After, in the caller's language; a page says so and reloads by itself."""
    for worker in scaled.workers:
        worker.stop()
    api = httpx.get(f"{scaled.url}{V1}/offices/1/services")
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert api.json()["error"] == {
        "code": "no_answer",
        "message": "Сервер не відповів. Спробуйте ще раз за 5 с.",
    }
    english = httpx.get(f"{scaled.url}{V1}/offices/1/services", headers={"Accept-Language": "en"})
    assert english.json()["error"]["message"] == "The server did not answer. Try again in 5 s."
    page = httpx.get(f"{scaled.url}/display/?token=d_x")
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert '<meta http-equiv="refresh" content="5">' in page.text
    assert "Сервер перезапускається" in page.text and "The server is restarting" in page.text
    for worker in scaled.workers:
        worker.start()
    # nginx gives a failed process another try after fail_timeout (2 s here).
    deadline = time.monotonic() + 5
    while httpx.get(f"{scaled.url}{V1}/offices/1/services").status_code != 200:
        assert time.monotonic() < deadline, "nginx did not reach the restarted processes"
        time.sleep(0.1)
