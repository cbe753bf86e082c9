"""Cross-site request forgery: a change that a browser authenticates with the staff session
cookie must carry the session's CSRF token (and come from this server's pages); bearer
tokens, public endpoints and reading need none. The cookies' flags."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from queue_server.api.csrf import csrf_token
from queue_server.config import Settings
from queue_server.main import create_app
from tests.conftest import Api, settings_for
from tests.e2e.test_ratings import served
from tests.factories import MAIN, PASSPORT, PASSWORD

V1 = "/api/v1"
TICKETS = f"{V1}/offices/{MAIN}/tickets"
UK_MESSAGE = (
    "Сторінка застаріла або запит надіслано з іншого сайту. Оновіть сторінку й спробуйте ще раз."
)
EN_MESSAGE = (
    "The page is out of date or the request came from another site. Reload the page and try again."
)


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """Each Set-Cookie header by the cookie's name."""
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


def flags(header: str) -> set[str]:
    """The attributes of a Set-Cookie header, lower case, without the value."""
    return {part.strip().lower() for part in header.split(";")[1:]}


class Browser:
    """A staff member's browser: the cookies login set, sent with every request (and kept
    out of the shared client's jar, which other logins clear)."""

    def __init__(self, api: Api, login: httpx.Response) -> None:
        assert login.status_code == 200, login.text
        self.client = api.client
        self.login = login
        self.session = login.cookies["qms_session"]
        self.csrf = login.cookies["qms_csrf"]
        api.client.cookies.clear()

    async def request(
        self, method: str, path: str, *, csrf: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Cookie": f"qms_session={self.session}; qms_csrf={self.csrf}"}
        if csrf is not None:
            headers["X-CSRF-Token"] = csrf
        headers |= kwargs.pop("headers", {})
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def issue(self, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", TICKETS, json={"service_id": PASSPORT}, **kwargs)

    async def waiting(self) -> int:
        """How many tickets wait: a GET, with the cookie and no token."""
        r = await self.request("GET", f"{V1}/offices/{MAIN}/queue")
        assert r.status_code == 200, r.text
        return int(r.json()["waiting_total"])


async def log_in(api: Api, username: str = "reception") -> Browser:
    body = {"username": username, "password": PASSWORD}
    return Browser(api, await api.client.post(f"{V1}/auth/login", json=body))


@pytest.fixture
async def browser(api: Api) -> Browser:
    """Reception, logged in through the API as the staff pages do."""
    return await log_in(api)


def assert_refused(r: httpx.Response, message: str = UK_MESSAGE) -> None:
    assert r.status_code == 403, r.text
    assert r.json() == {"error": {"code": "csrf_failed", "message": message}}


class TestTheToken:
    async def test_login_returns_the_token_it_sets_in_a_cookie(self, browser: Browser) -> None:
        assert browser.login.json()["csrf_token"] == browser.csrf
        assert browser.csrf == csrf_token(browser.session, "test-secret")

    async def test_every_login_gets_its_own_token(self, api: Api, browser: Browser) -> None:
        again = await log_in(api)
        assert again.session != browser.session and again.csrf != browser.csrf

    def test_it_is_bound_to_the_session_and_the_key(self) -> None:
        token = csrf_token("s_one", "key")
        assert token == csrf_token("s_one", "key")
        assert token not in {csrf_token("s_two", "key"), csrf_token("s_one", "other")}
        # Demo mode without a key: the same for every worker and restart.
        assert csrf_token("s_one", None) == csrf_token("s_one", None) != token


class TestCookieAuthenticatedChanges:
    async def test_without_the_token_nothing_is_done(self, browser: Browser) -> None:
        before = await browser.waiting()
        assert_refused(await browser.issue())
        assert await browser.waiting() == before

    async def test_the_refusal_speaks_english_when_asked(self, browser: Browser) -> None:
        assert_refused(await browser.issue(headers={"Accept-Language": "en"}), EN_MESSAGE)
        r = await browser.request("POST", f"{TICKETS}?lang=en", json={"service_id": PASSPORT})
        assert_refused(r, EN_MESSAGE)

    async def test_a_wrong_token_is_refused(self, api: Api, browser: Browser) -> None:
        assert_refused(await browser.issue(csrf="not-the-token"))
        assert_refused(await browser.issue(csrf=""))
        other = await log_in(api, "manager")
        assert_refused(await browser.issue(csrf=other.csrf))  # another session's token
        assert await browser.waiting() == 0

    async def test_the_right_token_is_accepted(self, browser: Browser) -> None:
        r = await browser.issue(csrf=browser.csrf)
        assert r.status_code == 201, r.text
        assert await browser.waiting() == 1

    async def test_the_token_guards_put_patch_and_delete_too(self, api: Api) -> None:
        manager = await log_in(api, "manager")
        path = f"{V1}/config/offices/{MAIN}/booking"
        r = await manager.request("PATCH", path, json={"live_share_pct": 40})
        assert_refused(r)
        r = await manager.request("PATCH", path, json={"live_share_pct": 40}, csrf=manager.csrf)
        assert r.status_code == 200, r.text

    async def test_a_page_of_another_site_is_refused_even_with_the_token(
        self, browser: Browser
    ) -> None:
        for origin in ("https://evil.example", "http://qms.test.evil.example", "null"):
            assert_refused(await browser.issue(csrf=browser.csrf, headers={"Origin": origin}))
        assert await browser.waiting() == 0

    async def test_a_page_of_this_server_names_its_origin(self, browser: Browser) -> None:
        r = await browser.issue(csrf=browser.csrf, headers={"Origin": "http://qms.test"})
        assert r.status_code == 201, r.text
        # Behind a proxy that forwards the public name.
        headers = {"Origin": "https://cnap.example.ua", "X-Forwarded-Host": "cnap.example.ua"}
        r = await browser.issue(csrf=browser.csrf, headers=headers)
        assert r.status_code == 201, r.text

    async def test_reading_needs_no_token(self, browser: Browser) -> None:
        r = await browser.request("GET", f"{V1}/auth/me")
        assert r.status_code == 200 and r.json()["kind"] == "user"


class TestOtherCallers:
    async def test_a_bearer_token_needs_no_csrf_token(self, api: Api, browser: Browser) -> None:
        r = await api.client.post(
            TICKETS, json={"service_id": PASSPORT}, headers=await api.as_("reception")
        )
        assert r.status_code == 201, r.text
        kiosk = await api.device("kiosk")
        r = await api.client.post(TICKETS, json={"service_id": PASSPORT}, headers=kiosk)
        assert r.status_code == 201, r.text
        # The bearer token decides even when the browser also holds a session cookie.
        r = await browser.issue(headers=kiosk | {"Origin": "https://evil.example"})
        assert r.status_code == 201, r.text

    async def test_public_changes_need_no_token(self, api: Api, browser: Browser) -> None:
        body = {"office_id": MAIN, "service_id": PASSPORT, "start": "2026-11-23T12:10:00+02:00"}
        r = await api.client.post(f"{V1}/bookings", json=body)
        assert r.status_code == 201, r.text
        # Not even from a browser that holds a staff session.
        body["start"] = "2026-11-23T12:20:00+02:00"
        r = await browser.request("POST", f"{V1}/bookings", json=body)
        assert r.status_code == 201, r.text

    async def test_a_phone_rates_without_a_token(self, api: Api) -> None:
        ticket = await served(api)
        r = await api.client.post(f"{V1}/track/{ticket['track_token']}/rating", json={"score": 5})
        assert r.status_code == 201, r.text

    async def test_a_wrong_password_is_still_a_401(self, api: Api) -> None:
        body = {"username": "reception", "password": "wrong"}
        r = await api.client.post(f"{V1}/auth/login", json=body)
        assert r.status_code == 401 and "set-cookie" not in r.headers


class TestLogout:
    async def test_logout_needs_the_token_and_clears_both_cookies(self, browser: Browser) -> None:
        assert_refused(await browser.request("POST", f"{V1}/auth/logout"))
        assert await browser.waiting() == 0  # still logged in

        r = await browser.request("POST", f"{V1}/auth/logout", csrf=browser.csrf)
        assert r.status_code == 204
        cleared = set_cookies(r)
        assert set(cleared) == {"qms_session", "qms_csrf"}
        assert all("max-age=0" in flags(header) for header in cleared.values())
        r = await browser.request("GET", f"{V1}/auth/me")
        assert r.status_code == 401


class TestTheStaffPages:
    async def test_a_page_renews_a_missing_or_stale_token(self, api: Api, browser: Browser) -> None:
        page = f"/admin/reception?office={MAIN}"
        r = await api.client.get(page, headers={"Cookie": f"qms_session={browser.session}"})
        assert r.status_code == 200
        renewed = set_cookies(r)["qms_csrf"]
        assert renewed.startswith(f"qms_csrf={browser.csrf};")
        assert {"samesite=strict", "path=/"} <= flags(renewed)
        api.client.cookies.clear()

        r = await browser.request("GET", page)
        assert r.status_code == 200 and "qms_csrf" not in set_cookies(r)

    async def test_no_token_for_a_visitor_without_a_session(self, api: Api) -> None:
        r = await api.client.get("/admin/reception")
        assert r.status_code == 303 and "set-cookie" not in r.headers


class TestCookieFlags:
    async def test_the_session_is_hidden_from_scripts_the_token_is_not(
        self, browser: Browser
    ) -> None:
        cookies = set_cookies(browser.login)
        session, token = flags(cookies["qms_session"]), flags(cookies["qms_csrf"])
        assert {"httponly", "samesite=lax", "path=/"} <= session
        assert {"samesite=strict", "path=/"} <= token and "httponly" not in token
        assert "max-age=43200" in session and "max-age=43200" in token
        assert "secure" not in session | token  # plain HTTP unless cookie_secure

    async def test_behind_https_both_are_secure(self, api: Api) -> None:
        async with second_app(api, settings_for(api.stack.url, cookie_secure=True)) as client:
            body = {"username": "reception", "password": PASSWORD}
            r = await client.post(f"{V1}/auth/login", json=body)
            assert r.status_code == 200, r.text
            cookies = set_cookies(r)
            assert "secure" in flags(cookies["qms_session"])
            assert "secure" in flags(cookies["qms_csrf"])
            r = await client.post(
                f"{V1}/auth/logout", headers={"X-CSRF-Token": r.json()["csrf_token"]}
            )
            assert r.status_code == 204
            assert all("secure" in flags(h) for h in set_cookies(r).values())


@contextlib.asynccontextmanager
async def second_app(api: Api, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a second app on the same database, with other settings, over HTTPS."""
    app = create_app(settings, clock=api.stack.clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://qms.test") as client:
            yield client
