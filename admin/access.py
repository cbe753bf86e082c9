"""Who is looking at a staff page: the session cookie's principal, the office the page is
about, and where a person goes after logging in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request

from queue_server.api.deps import SESSION_COOKIE
from queue_server.api.pages import mount_root
from queue_server.container import Container
from queue_server.domain.errors import QueueError
from queue_server.domain.offices import Office
from queue_server.domain.users import FRONT_DESK, Principal, Role
from queue_server.service.auth import Whoami, authenticate, whoami
from queue_server.service.queries import list_offices


@dataclass(frozen=True)
class Staff:
    """A logged-in staff member and the office their page shows."""

    me: Whoami
    office: Office
    offices: Sequence[Office]  # the offices the person may switch between

    @property
    def principal(self) -> Principal:
        return self.me.principal


async def session_principal(request: Request, container: Container) -> Principal | None:
    """The user behind the session cookie; None without a valid staff session."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token.strip():
        return None
    try:
        principal = await authenticate(uow=container.uow, token=token, clock=container.clock)
    except QueueError:
        return None
    # A device token is not a person: kiosks and displays have their own pages.
    return principal if principal.kind == "user" else None


async def load_staff(
    container: Container, principal: Principal, office_param: int | None
) -> Staff | None:
    """The person, with the office the page is about; None if they belong to none."""
    offices = [o for o in await list_offices(uow=container.uow) if principal.sees_office(o.id)]
    if not offices:
        return None
    wanted = principal.office_id if principal.office_id is not None else office_param
    office = next((o for o in offices if o.id == wanted), offices[0])
    me = await whoami(uow=container.uow, principal=principal)
    return Staff(me=me, office=office, offices=offices)


def home_page(principal: Principal) -> str | None:
    """The route name of a person's page: the window or the reception desk."""
    if principal.has_any({Role.ADMINISTRATOR}):
        return "window"
    if principal.has_any(FRONT_DESK):
        return "reception"
    return None


def safe_next(value: str, request: Request) -> str:
    """A page of this sub-app to return to after login; never another site."""
    root = mount_root(request)
    value = value.strip()
    ok = value.startswith(f"{root}/") and not any(bad in value for bad in ("//", "\\", ".."))
    return value if ok and not value.startswith(f"{root}/login") else f"{root}/"


def login_address(request: Request) -> str:
    """The login page, coming back to the page asked for."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{mount_root(request)}/login?next={quote(here, safe='/')}"
