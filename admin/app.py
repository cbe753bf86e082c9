"""The staff UI as a sub-app: ``/login``, ``/`` (by role), ``/window`` (the administrator's
window) and ``/reception`` (the reception desk and managers' control room).

``/feedback`` lists visitors' low scores, comments and complaints for review (managers see
all, with the daily digest; others what is assigned to them).

Mounted by the composition root at ``/admin``. Pages authenticate with the session cookie
on the server and carry no data of their own: the scripts read the JSON API and follow the
office's websocket with the same cookie, and send every change with the session's CSRF
token from the ``qms_csrf`` cookie, which each page renews (queue_server/api/csrf.py).
Named routes: ``login``, ``index``, ``window``, ``reception`` and ``static``; templates
call ``url_for`` with these names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from admin.access import (
    Staff,
    home_page,
    load_staff,
    login_address,
    safe_next,
    session_principal,
)
from queue_server import __version__
from queue_server.api.csrf import refresh_csrf_cookie
from queue_server.api.pages import main_root, mount_root, page_templates
from queue_server.container import Container
from queue_server.domain.users import CONFIGURERS, FRONT_DESK, Principal, Role

HERE = Path(__file__).resolve().parent
# Staff pages show today's queue: never from a cache. (Never framed and nothing from
# outside: the composition root's content security policy covers every page.)
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}
PAGE_ROLES = {
    "window": frozenset({Role.ADMINISTRATOR}),
    "reception": FRONT_DESK,
    # Everyone may open it; the API shows a person only what they may review.
    "feedback": frozenset(Role),
    # The manager's console: configuration, live load and reports.
    "manage": CONFIGURERS,
    "load": CONFIGURERS,
    "reports": CONFIGURERS,
}
# Pages that follow the office's websocket (and show the connection pill).
LIVE_PAGES = frozenset({"window", "reception", "load"})
OfficeParam = Annotated[int | None, Query(ge=1, le=2_147_483_647)]


def shell_config(request: Request) -> dict[str, Any]:
    """What every page's script needs: the API and the login page."""
    return {"apiBase": f"{main_root(request)}/api/v1", "loginUrl": f"{mount_root(request)}/login"}


def page_config(request: Request, container: Container, staff: Staff) -> dict[str, Any]:
    """What a page's scripts need, as a JSON data island: no data, only where to get it."""
    root, office, me = main_root(request), staff.office, staff.me
    return shell_config(request) | {
        "officeId": office.id,
        "timezone": office.timezone,
        "userId": me.principal.id,
        "wsPath": f"{root}/ws/offices/{office.id}",
        "qrBase": f"{root}/kiosk/qr/",
        "heartbeatSeconds": container.settings.heartbeat_seconds,
        "recallLimit": container.rules.recall_limit,
        "version": __version__,
    }


def create_admin_app(container: Container) -> FastAPI:
    """The administrator's window and the reception desk, behind the staff session."""
    app = FastAPI(title="ЦНАП: робоче місце", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.container = container
    templates = page_templates(HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def forbidden(request: Request, staff: Staff | None) -> HTMLResponse:
        principal = staff.principal if staff else None
        home = home_page(principal) if principal else None
        context = {"staff": staff, "home": home, "config": shell_config(request)}
        return templates.TemplateResponse(
            request, "admin/forbidden.html", context, status_code=403, headers=PAGE_HEADERS
        )

    async def staff_page(request: Request, name: str, office: int | None) -> Response:
        principal = await session_principal(request, container)
        if principal is None:
            return RedirectResponse(login_address(request), status_code=303)
        response = await render_staff_page(request, principal, name, office)
        # The page's script sends the session's CSRF token from this cookie; a stale or
        # missing one is set again, so reloading the page mends a refused request.
        refresh_csrf_cookie(request, response, container.settings)
        return response

    async def render_staff_page(
        request: Request, principal: Principal, name: str, office: int | None
    ) -> Response:
        staff = await load_staff(container, principal, office)
        if staff is None or not principal.has_any(PAGE_ROLES[name]):
            return forbidden(request, staff)
        manager = principal.has_any(CONFIGURERS)
        context = {
            "staff": staff,
            "page": name,
            "config": page_config(request, container, staff) | {"manager": manager},
            "live": name in LIVE_PAGES,
            "manager": manager,
        }
        return templates.TemplateResponse(
            request, f"admin/{name}.html", context, headers=PAGE_HEADERS
        )

    @app.get("/login", name="login", response_class=HTMLResponse)
    async def login(
        request: Request, next_page: Annotated[str, Query(alias="next", max_length=500)] = ""
    ) -> Response:
        """The login form; a person already logged in goes on at once."""
        target = safe_next(next_page, request)
        if await session_principal(request, container) is not None and next_page:
            return RedirectResponse(target, status_code=303)
        config = shell_config(request) | {"next": target}
        context: dict[str, Any] = {"config": config, "demo": None}
        if container.settings.demo:
            # The demo's known device tokens (demo mode only), so a newcomer can try it all.
            root = main_root(request)
            context["demo"] = {
                "kiosk": f"{root}/kiosk/?token=d_demo-kiosk",
                "kiosk_screen": f"{root}/kiosk/?token=d_demo-kiosk-screen",
                "display": f"{root}/display/?token=d_demo-display",
                "book": f"{root}/book/",
                "docs": f"{root}/docs",
            }
        return templates.TemplateResponse(
            request, "admin/login.html", context, headers=PAGE_HEADERS
        )

    @app.get("/", name="index", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        """The person's own page: administrators to the window, the front desk to reception."""
        principal = await session_principal(request, container)
        if principal is None:
            return RedirectResponse(login_address(request), status_code=303)
        home = home_page(principal)
        if home is None:
            response = forbidden(request, await load_staff(container, principal, None))
            refresh_csrf_cookie(request, response, container.settings)  # it can log out
            return response
        return RedirectResponse(mount_root(request) + app.url_path_for(home), status_code=303)

    @app.get("/window", name="window", response_class=HTMLResponse)
    async def window(request: Request, office: OfficeParam = None) -> Response:
        """The administrator's window: call, serve, redirect; the queue and the day."""
        return await staff_page(request, "window", office)

    @app.get("/reception", name="reception", response_class=HTMLResponse)
    async def reception(request: Request, office: OfficeParam = None) -> Response:
        """The reception desk: issue and find tickets, the office board, alerts, air raid."""
        return await staff_page(request, "reception", office)

    @app.get("/feedback", name="feedback", response_class=HTMLResponse)
    async def feedback(request: Request, office: OfficeParam = None) -> Response:
        """Visitors' feedback to review; for managers also the daily digest."""
        return await staff_page(request, "feedback", office)

    @app.get("/manage", name="manage", response_class=HTMLResponse)
    async def manage(request: Request, office: OfficeParam = None) -> Response:
        """The manager's configuration: office, services, windows, staff, devices."""
        return await staff_page(request, "manage", office)

    @app.get("/load", name="load", response_class=HTMLResponse)
    async def load(request: Request, office: OfficeParam = None) -> Response:
        """The live load of every window, administrator and service, all offices side by side."""
        return await staff_page(request, "load", office)

    @app.get("/reports", name="reports", response_class=HTMLResponse)
    async def reports(request: Request, office: OfficeParam = None) -> Response:
        """Reports for a period with charts, tables and CSV/XLSX export."""
        return await staff_page(request, "reports", office)

    return app
