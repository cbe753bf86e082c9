"""Dependencies shared by routes, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request

from queue_server.api import csrf
from queue_server.container import Container
from queue_server.domain.errors import NotAuthenticated
from queue_server.domain.users import Principal
from queue_server.service import auth

SESSION_COOKIE = csrf.SESSION_COOKIE  # the staff pages and the websocket read it too
MAX_ID = 2_147_483_647  # ids are 32-bit integers in the database

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
TrackToken = Annotated[str, Path(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


AppDep = Annotated[Container, Depends(get_container)]


def request_token(request: Request, app: AppDep) -> str | None:
    """The bearer token, or the session cookie of a browser; an unsafe request that only
    the cookie authenticates must also carry the session's CSRF token (``csrf.verify``)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = request.cookies.get(SESSION_COOKIE) or None
    if cookie is not None:
        csrf.verify(request, cookie, app.settings)  # before any database read or write
    return cookie


TokenDep = Annotated[str | None, Depends(request_token)]


async def current_principal(app: AppDep, token: TokenDep) -> Principal:
    """The user or device behind the request's credentials."""
    if token is None:
        raise NotAuthenticated()
    return await auth.authenticate(uow=app.uow, token=token, clock=app.clock)


PrincipalDep = Annotated[Principal, Depends(current_principal)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=100,
        pattern=r"^[\x21-\x7e]+$",
        description="A retried request with the same key returns the same ticket.",
    ),
]


def public_url(request: Request, app: AppDep) -> str:
    """The address visitors' phones reach: the setting, else this request's own."""
    return (app.settings.public_url or str(request.base_url)).rstrip("/")


PublicUrl = Annotated[str, Depends(public_url)]
