"""Logging in and out."""

from __future__ import annotations

from fastapi import APIRouter, Response

from queue_server.api import csrf
from queue_server.api.deps import AppDep, PrincipalDep, TokenDep
from queue_server.api.errors import ERROR_RESPONSES
from queue_server.api.schemas import LoginIn, LoginOut, UserOut
from queue_server.service import auth

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=LoginOut, responses={401: ERROR_RESPONSES[401]})
async def login(body: LoginIn, response: Response, app: AppDep) -> LoginOut:
    """Check a username and password; returns a bearer token and sets the session cookie
    and its CSRF token (also returned) for the staff pages."""
    result = await auth.login(
        uow=app.uow,
        hasher=app.hasher,
        username=body.username,
        password=body.password,
        session_hours=app.settings.session_hours,
        clock=app.clock,
    )
    csrf.set_session_cookies(
        response, result.token, max_age=result.expires_in, settings=app.settings
    )
    user = result.user
    return LoginOut(
        token=result.token,
        csrf_token=csrf.csrf_token(result.token, app.settings.secret_key),
        expires_in=result.expires_in,
        user=UserOut(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            roles=sorted(user.roles),
            office_id=user.office_id,
        ),
    )


@router.post(
    "/logout", status_code=204, response_class=Response, responses={403: ERROR_RESPONSES[403]}
)
async def logout(app: AppDep, token: TokenDep) -> Response:
    """End this session and clear both cookies (a browser's request needs its CSRF token)."""
    if token:
        await auth.logout(uow=app.uow, token=token)
    response = Response(status_code=204)
    csrf.clear_session_cookies(response, app.settings)
    return response


@router.post(
    "/logout-everywhere",
    status_code=204,
    response_class=Response,
    responses={k: ERROR_RESPONSES[k] for k in (401, 403)},
)
async def logout_everywhere(app: AppDep, principal: PrincipalDep) -> Response:
    """End every session of the caller (staff), this one included, and clear the cookies."""
    await auth.logout_everywhere(uow=app.uow, principal=principal)
    response = Response(status_code=204)
    csrf.clear_session_cookies(response, app.settings)
    return response


@router.get("/me", response_model=dict[str, object], responses={401: ERROR_RESPONSES[401]})
async def me(app: AppDep, principal: PrincipalDep) -> dict[str, object]:
    """Who the caller is: a user with roles (and the counter they work at) or a device."""
    who = await auth.whoami(uow=app.uow, principal=principal)
    return {
        "kind": principal.kind,
        "id": principal.id,
        "office_id": principal.office_id,
        "roles": sorted(principal.roles),
        "device_kind": principal.device_kind,
        "display_name": who.display_name,
        "counter_id": who.counter.id if who.counter else None,
        "counter_number": who.counter.number if who.counter else None,
    }
