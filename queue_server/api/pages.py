"""What every UI sub-app (display, kiosk, admin, visitor) needs from the server to render
its pages: a templates environment with ``url_for`` that works wherever the sub-app is
mounted, the main app's root path, and the device behind a token in a page's address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from queue_server.container import Container
from queue_server.domain.errors import QueueError
from queue_server.domain.users import DeviceKind, Principal
from queue_server.service.auth import authenticate

MAX_TOKEN = 200  # longer is no token of ours: refused without a database read


def mount_root(request: Request) -> str:
    """Where the sub-app serving ``request`` is mounted ("/kiosk")."""
    return str(request.scope.get("root_path", ""))


def main_root(request: Request) -> str:
    """The main app's root path: the API and the websockets live there."""
    return str(request.scope.get("app_root_path", ""))


def page_templates(directory: Path) -> Jinja2Templates:
    """Templates whose ``url_for`` names a route of their own sub-app."""
    templates = Jinja2Templates(directory=directory)

    @pass_context
    def url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
        """A path inside this sub-app, wherever it is mounted."""
        request: Request = context["request"]
        return mount_root(request) + str(request.app.url_path_for(name, **params))

    templates.env.globals["url_for"] = url_for
    return templates


async def device_principal(container: Container, token: str, kind: DeviceKind) -> Principal | None:
    """The device of ``kind`` the token belongs to; None for anything else (a page then
    explains itself instead of failing)."""
    if not token.strip() or len(token) > MAX_TOKEN:
        return None
    try:
        principal = await authenticate(uow=container.uow, token=token, clock=container.clock)
    except QueueError:
        return None
    if not principal.is_device(kind) or principal.office_id is None:
        return None
    return principal
