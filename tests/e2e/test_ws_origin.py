"""Cross-site websocket hijacking: a page of another site may not open the office stream
or a phone's ticket stream from a visitor's browser. A handshake naming a foreign
``Origin`` is refused (403) before any credentials are read; one from this server's own
pages (by its Host, a proxy's forwarded host or the public address) or without an
``Origin`` (devices, scripts) goes on. Against a real server process."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from tests.conftest import fresh_database, in_thread, seed
from tests.factories import MAIN, PASSPORT, PASSWORD
from tests.servers import Server

V1 = "/api/v1"
PUBLIC = "qms.example.org"  # QMS_PUBLIC_URL of the server under test
PROXIED = "cnap.example.org"  # a name only the proxy's headers give
FOREIGN = ["https://evil.example", f"https://{PUBLIC}.evil.example", "null"]


@dataclass(frozen=True)
class Site:
    server: Server
    display_token: str  # a display's device token
    track_token: str  # a waiting ticket's phone token

    @property
    def port(self) -> int:
        return self.server.port

    def office(self, host: str = "127.0.0.1") -> str:
        return f"ws://{host}:{self.port}/ws/offices/{MAIN}?token={self.display_token}"

    def phone(self, host: str = "127.0.0.1") -> str:
        return f"ws://{host}:{self.port}/ws/track/{self.track_token}"

    def log(self) -> str:
        return (self.server.log_dir / f"{self.server.name}.log").read_text()


async def _tokens(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        login = {"username": "manager", "password": PASSWORD}
        r = await client.post(f"{V1}/auth/login", json=login)
        manager = {"Authorization": f"Bearer {r.json()['token']}"}
        client.cookies.clear()  # bearer only: no cookie, no CSRF check
        r = await client.post(
            f"{V1}/offices/{MAIN}/devices",
            json={"kind": "display", "name": "Табло"},
            headers=manager,
        )
        display = str(r.json()["token"])
        r = await client.post(
            f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=manager
        )
        assert r.status_code == 201, r.text
        return display, str(r.json()["track_token"])


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Site]:
    tmp_path = tmp_path_factory.mktemp("ws_origin")
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    server = Server(url, tmp_path, QMS_PUBLIC_URL=f"https://{PUBLIC}")
    server.start()
    try:
        display, track = in_thread(asyncio.run, _tokens(server.url))
        yield Site(server, display, track)
    finally:
        server.stop()


async def first_message(ws: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(await asyncio.wait_for(ws.recv(), timeout=5)))


def status_of(url: str, **options: Any) -> int | str:
    """The handshake's HTTP status if refused, else the first message's type."""

    async def attempt() -> int | str:
        try:
            async with connect(url, proxy=None, open_timeout=5, **options) as ws:
                return str((await first_message(ws))["type"])
        except InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(attempt())


@pytest.mark.parametrize("origin", FOREIGN)
def test_another_sites_page_cannot_open_the_office_stream(site: Site, origin: str) -> None:
    assert status_of(site.office(), origin=origin) == 403


@pytest.mark.parametrize("origin", FOREIGN)
def test_another_sites_page_cannot_follow_a_phones_ticket(site: Site, origin: str) -> None:
    assert status_of(site.phone(), origin=origin) == 403


def test_the_refusal_is_logged_without_the_token(site: Site) -> None:
    assert status_of(site.phone(), origin="https://hijack.example") == 403
    lines = [line for line in site.log().splitlines() if "hijack.example" in line]
    assert len(lines) == 1
    assert "refused a websocket to /ws/track/{track_token}" in lines[0]
    assert site.track_token not in lines[0]


def test_the_servers_own_pages_open_both_streams(site: Site) -> None:
    own = f"http://127.0.0.1:{site.port}"
    assert status_of(site.office(), origin=own) == "snapshot"
    assert status_of(site.phone(), origin=own) == "ticket"


def test_devices_and_scripts_without_an_origin_open_both_streams(site: Site) -> None:
    assert status_of(site.office()) == "snapshot"
    assert status_of(site.phone()) == "ticket"


def test_a_display_behind_a_proxy_that_passes_the_public_host(site: Site) -> None:
    # nginx's ``proxy_set_header Host $host``: Host is the name the browser used.
    to_server = {"host": "127.0.0.1", "port": site.port}
    origin = f"https://{PROXIED}"
    assert status_of(site.office(PROXIED), origin=origin, **to_server) == "snapshot"
    assert status_of(site.phone(PROXIED), origin=origin, **to_server) == "ticket"
    assert status_of(site.office(PROXIED), origin=FOREIGN[0], **to_server) == 403


def test_a_display_behind_a_proxy_that_forwards_the_host(site: Site) -> None:
    forwarded = {"X-Forwarded-Host": PROXIED}
    origin = f"https://{PROXIED}"
    assert status_of(site.office(), origin=origin, additional_headers=forwarded) == "snapshot"
    assert status_of(site.phone(), origin=origin, additional_headers=forwarded) == "ticket"


def test_pages_at_the_public_address_open_both_streams(site: Site) -> None:
    # The proxy passes neither: the public address names the server.
    origin = f"https://{PUBLIC}"
    assert status_of(site.office(), origin=origin) == "snapshot"
    assert status_of(site.phone(), origin=origin) == "ticket"
