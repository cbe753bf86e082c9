"""The hall screen (табло) as a sub-app: ``GET /?token=`` renders the board of the display's
office; the page then follows the office's websocket and speaks each call. The zone a
manager gave the display overrides ``?zone=``; the office's information line runs along the
bottom. A configuration change reloads the page.

Mounted by the composition root at ``/display``. Named routes: ``board`` and ``static``;
templates call ``url_for`` with these names whatever the mount point is called.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from queue_server import __version__
from queue_server.api.pages import device_principal, main_root, mount_root, page_templates
from queue_server.container import Container
from queue_server.domain.errors import QueueError
from queue_server.domain.users import DeviceKind
from queue_server.service.config import display_settings

HERE = Path(__file__).resolve().parent
Lang = Literal["uk", "en", "both"]
# Highlight of a fresh call, and the age beyond which a call is shown but never spoken.
HIGHLIGHT_SECONDS = 8
SPEAK_WITHIN_SECONDS = 60
# The token is in the address: keep the page out of caches and out of Referer headers.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _lang(value: str) -> Lang:
    value = value.strip().lower()
    return value if value in ("uk", "en", "both") else "uk"  # type: ignore[return-value]


def create_display_app(container: Container) -> FastAPI:
    """The board of a hall screen, authenticated by its device token."""
    app = FastAPI(title="Табло ЦНАП", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.container = container
    templates = page_templates(HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", name="board", response_class=HTMLResponse)
    async def board(
        request: Request,
        token: Annotated[str, Query(max_length=200)] = "",
        zone: Annotated[str, Query(max_length=20)] = "",
        lang: Annotated[str, Query(max_length=10)] = "uk",
    ) -> HTMLResponse:
        """The full-screen board of the office the display token belongs to."""
        principal = await device_principal(container, token, DeviceKind.DISPLAY)
        settings = None
        if principal is not None:
            with contextlib.suppress(QueueError):  # revoked or gone a moment ago
                settings = await display_settings(uow=container.uow, principal=principal)
        if settings is None:
            return templates.TemplateResponse(
                request, "display/forbidden.html", {"lang": "uk"}, status_code=403, headers=NO_STORE
            )
        office, office_id = settings.office, settings.office.id
        # The zone the manager gave this display wins over the one in its address.
        zone = settings.device.zone or zone
        language = _lang(lang)
        # The websocket belongs to the main app: its path starts at the main app's root.
        root = main_root(request)
        config = {
            "officeId": office_id,
            "token": token,
            "zone": zone.strip(),
            "lang": language,  # also which of the call's announcements is played
            "version": __version__,
            "timezone": office.timezone,
            "heartbeatSeconds": container.settings.heartbeat_seconds,
            "highlightSeconds": HIGHLIGHT_SECONDS,
            "speakWithinSeconds": SPEAK_WITHIN_SECONDS,
            "wsPath": f"{root}/ws/offices/{office_id}",
            "soundsUrl": mount_root(request) + str(app.url_path_for("static", path="sounds/")),
            # A configuration change after this seq reloads the board (zone, info line).
            "deviceId": settings.device.id,
            "renderedSeq": settings.seq,
        }
        context = {
            "lang": language,
            "office_name": office.name_en if language == "en" else office.name_uk,
            "office_name_en": office.name_en,
            "zone": zone.strip(),
            "info_uk": office.info_uk,
            "info_en": office.info_en,
            "config": config,
        }
        return templates.TemplateResponse(
            request,
            "display/board.html",
            context,
            headers=NO_STORE,
        )

    return app
