"""The touchscreen kiosk (термінал) as a sub-app: ``GET /?token=`` renders the kiosk of the
device's office; the page then issues tickets through the JSON API with the same token.

Mounted by the composition root at ``/kiosk``. Named routes: ``home``, ``qr`` and
``static``; templates call ``url_for`` with these names whatever the mount point is called.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from kiosk.qr import TRACK_TOKEN, phone_url, qr_svg
from queue_server import __version__
from queue_server.api.pages import device_principal, main_root, mount_root, page_templates
from queue_server.api.schemas import CatalogOut
from queue_server.container import Container
from queue_server.domain.errors import QueueError
from queue_server.domain.users import DeviceKind
from queue_server.service.kiosk import KioskHome, kiosk_home

HERE = Path(__file__).resolve().parent
Lang = Literal["uk", "en"]
# The token is in the address: keep the page out of caches and out of Referer headers.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# Nothing from outside the server, ever (a kiosk runs unattended in a public hall): the
# composition root's content security policy covers every page.
PAGE_HEADERS = NO_STORE
# «Ви ще тут?» shows this long before the idle reset; any touch cancels it.
IDLE_WARNING_SECONDS = 10
# How often the kiosk reports itself; three missed heartbeats make a device offline.
MIN_DEVICE_CHECK_SECONDS = 15


def _lang(value: str) -> Lang:
    return "en" if value.strip().lower() == "en" else "uk"


def _page_config(
    request: Request, app: FastAPI, container: Container, home: KioskHome, token: str, lang: Lang
) -> dict[str, Any]:
    now = container.clock()
    settings = container.settings
    office = home.catalog.office
    qr_path = mount_root(request) + str(app.url_path_for("qr", track_token="{token}"))
    return {
        "officeId": office.id,
        "deviceId": home.device_id,
        "deviceName": home.device_name,
        "token": token,
        "lang": lang,
        "version": __version__,
        "serverNow": now.isoformat(),
        "catalog": CatalogOut.of(home.catalog, now).model_dump(mode="json"),
        "popular": list(home.popular),
        "printer": dataclasses.asdict(home.printer),
        "idleSeconds": settings.kiosk_idle_seconds,
        "idleWarningSeconds": IDLE_WARNING_SECONDS,
        "deviceCheckSeconds": max(MIN_DEVICE_CHECK_SECONDS, settings.heartbeat_seconds * 3),
        "apiBase": f"{main_root(request)}/api/v1",
        "qrUrl": qr_path,
    }


def create_kiosk_app(container: Container) -> FastAPI:
    """The kiosk's pages, authenticated by its device token."""
    app = FastAPI(title="Термінал ЦНАП", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.container = container
    templates = page_templates(HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    async def load_home(token: str) -> KioskHome | None:
        principal = await device_principal(container, token, DeviceKind.KIOSK)
        if principal is None:
            return None
        try:
            return await kiosk_home(uow=container.uow, principal=principal, clock=container.clock)
        except QueueError:  # the office or the device went away between two queries
            return None

    @app.get("/", name="home", response_class=HTMLResponse)
    async def home(
        request: Request,
        token: Annotated[str, Query(max_length=200)] = "",
        lang: Annotated[str, Query(max_length=10)] = "uk",
    ) -> HTMLResponse:
        """The kiosk of the office the device token belongs to."""
        data = await load_home(token)
        if data is None:
            return templates.TemplateResponse(
                request, "kiosk/forbidden.html", {}, status_code=403, headers=PAGE_HEADERS
            )
        language = _lang(lang)
        office = data.catalog.office
        context = {
            "lang": language,
            "office_name": office.name_en if language == "en" else office.name_uk,
            "config": _page_config(request, app, container, data, token, language),
        }
        return templates.TemplateResponse(request, "kiosk/home.html", context, headers=PAGE_HEADERS)

    @app.get("/qr/{track_token}.svg", name="qr")
    async def qr(request: Request, track_token: str) -> Response:
        """The QR code of a ticket's phone page, as SVG."""
        if not TRACK_TOKEN.fullmatch(track_token):
            return Response(status_code=404, headers=NO_STORE)
        base = container.settings.public_url or (
            f"{request.url.scheme}://{request.url.netloc}{main_root(request)}"
        )
        return Response(
            qr_svg(phone_url(base, track_token)), media_type="image/svg+xml", headers=NO_STORE
        )

    return app
