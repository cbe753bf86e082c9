"""Every response carries the security headers, and every page a content security policy
that lets it load nothing from outside the server (the API docs excepted: Swagger UI
comes from a CDN)."""

from __future__ import annotations

import pytest

from queue_server.api.security import CONTENT_SECURITY_POLICY
from tests.conftest import Api


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/offices",
        "/healthz",
        "/display/?token=nope",
        "/kiosk/?token=nope",
        "/admin/login",
        "/t/unknown-token-123",
        "/rate/1?token=nope",
        "/no/such/page",
    ],
)
async def test_every_response_has_the_headers_and_the_policy(api: Api, path: str) -> None:
    r = await api.client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe" not in CONTENT_SECURITY_POLICY


async def test_pages_with_a_token_in_the_address_send_no_referrer(api: Api) -> None:
    r = await api.client.get("/kiosk/?token=nope")
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"


async def test_the_api_docs_keep_the_headers_but_not_the_policy(api: Api) -> None:
    r = await api.client.get("/docs")
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in r.headers
