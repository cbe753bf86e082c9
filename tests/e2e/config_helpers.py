"""The test office with a manager of each office and two deployment admins, behind the
real app, for the configuration API's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.main import create_app
from queue_server.service.ports import PublishedEvent
from tests.conftest import Api, Stack, fresh_database, seed, settings_for
from tests.factories import MAIN, TEST_DATA, FakeClock, office_data

V1 = "/api/v1"
EXTRA_USERS = [
    {"username": "boss", "display_name": "Керівник ЦНАП", "roles": ["manager"], "office": "main"},
    {
        "username": "branchboss",
        "display_name": "Керівник ВРМ",
        "roles": ["manager"],
        "office": "branch",
    },
    {"username": "root", "display_name": "Адміністратор системи", "roles": ["admin"]},
    {"username": "ops", "display_name": "Черговий", "roles": ["admin"], "office": "main"},
]
BOSS, BRANCHBOSS, ROOT, OPS = 7, 8, 9, 10
OTHER_SPHERE = 2  # "other": the inactive service "paused" (З) and "elsewhere" (Н)
DOCS = 1  # "docs": passport (П), residence (Р), capped (К)


@pytest.fixture(params=["sqlite"])
async def cfg(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app on a database seeded with the test office and the extra users."""
    url = fresh_database(request.param, tmp_path, request)
    await seed(url, office_data(users=[*TEST_DATA["users"], *EXTRA_USERS]))
    clock = FakeClock()
    app = create_app(settings_for(url), clock=clock)
    container = app.state.container
    stack = Stack(url=url, dialect=request.param, container=container, db=None, clock=clock)  # type: ignore[arg-type]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://qms.test") as client:
            yield Api(client=client, stack=stack, tokens={})


async def call(
    api: Api,
    method: str,
    path: str,
    who: str | None = "boss",
    body: Any = None,
    lang: str | None = None,
) -> httpx.Response:
    """``method`` on /api/v1``path`` as ``who`` (None: anonymous)."""
    headers = await api.as_(who) if who else {}
    if lang:
        headers["Accept-Language"] = lang
    return await api.client.request(method, V1 + path, json=body, headers=headers)


async def changes(api: Api, office_id: int = MAIN) -> list[PublishedEvent]:
    """The ConfigChanged events of the office's log, oldest first."""
    async with api.stack.uow(write=False) as tx:
        events = await tx.events.since(office_id, 0, 10_000)
    return [e for e in events if e.type == "config.changed"]


def message(r: httpx.Response) -> str:
    return str(r.json()["error"]["message"])
