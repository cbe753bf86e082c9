"""The visitor's pages as three sub-apps sharing templates and static files.

- ``create_phone_app``, mounted at ``/t``: ``GET /{track_token}`` is the page behind the
  QR code on every ticket (public: the unguessable token is the key). It is rendered with
  the ticket's current view and then follows ``WS /ws/track/{track_token}``.
- ``create_pad_app``, mounted at ``/rate``: ``GET /{counter_id}?token=`` is the rating pad
  (a tablet) at a window, authenticated by its device token.
- ``create_booking_app``, mounted at ``/book``: ``GET /`` books an appointment (office,
  service, day, time, optional phone, confirmation with the code and its QR) and
  ``GET /manage?code=`` finds a booking by its code to cancel or move it. Public: the
  page talks to the public booking API, and the code is the only key.

Named routes: ``ticket``, ``pad``, ``book`` and ``manage``, and ``static``; templates call
``url_for`` with these names whatever the mount point is called. Nothing here shows a
name: numbers and codes only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_server import __version__
from queue_server.api.booking_schemas import BookingOfficeOut
from queue_server.api.pages import device_principal, main_root, mount_root, page_templates
from queue_server.api.rating_schemas import PhoneOut
from queue_server.container import Container
from queue_server.domain.errors import Forbidden, NotFound
from queue_server.domain.users import DeviceKind
from queue_server.service.bookings import booking_offices
from queue_server.service.phone import phone_view
from queue_server.service.ratings import rating_prompt
from visitor.texts import TEXTS, Lang, lang_of

HERE = Path(__file__).resolve().parent
TRACK_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
COUNTER_ID = re.compile(r"^[1-9][0-9]{0,9}$")
MAX_ID = 2_147_483_647
# What the booking page accepts as ?code= (digits, spaces, dashes); the script checks it.
CODE_GIVEN = re.compile(r"^[0-9 \-]{1,20}$")
# Tokens are in the address: keep the pages out of caches, Referer headers and search
# engines. (Nothing from outside the server, ever: the composition root's content
# security policy covers every page.)
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
PHONE_POLL_SECONDS = 15  # the fallback when the websocket stays down
PAD_POLL_SECONDS = 2
PAD_HEARTBEAT_SECONDS = 30
PAD_IDLE_SECONDS = 60  # a walked-away visitor's half-done rating is dropped after this
PAD_THANKS_SECONDS = 5


def _base(container: Container, title: str) -> tuple[FastAPI, Jinja2Templates]:
    """A sub-app serving the shared static files, and the shared templates."""
    sub = FastAPI(title=title, docs_url=None, redoc_url=None, openapi_url=None)
    sub.state.container = container
    sub.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return sub, page_templates(HERE / "templates")


def _notice(
    templates: Jinja2Templates, request: Request, lang: Lang, title: str, text: str, status: int
) -> HTMLResponse:
    """A plain page that explains what went wrong, in both languages."""
    other: Lang = "en" if lang == "uk" else "uk"
    context: dict[str, Any] = {"lang": lang, "t": TEXTS[lang], "other": other}
    context |= {"o": TEXTS[other], "title_key": title, "text_key": text}
    return templates.TemplateResponse(
        request, "visitor/notice.html", context, status_code=status, headers=PAGE_HEADERS
    )


def _install_not_found(app: FastAPI, templates: Jinja2Templates, title: str, text: str) -> None:
    """Any unknown path under the mount gets the friendly page, never a JSON 404."""

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code != 404:
            return PlainTextResponse(str(exc.detail), status_code=exc.status_code)
        lang = lang_of(request.query_params.get("lang", ""))
        return _notice(templates, request, lang, title, text, 404)

    app.add_exception_handler(StarletteHTTPException, not_found)


def create_phone_app(container: Container) -> FastAPI:
    """The page behind a ticket's QR code: its place in the queue, the call, the rating."""
    app, templates = _base(container, "Талон ЦНАП")
    _install_not_found(app, templates, "notFoundTitle", "notFoundText")

    @app.get("/{track_token}", name="ticket", response_class=HTMLResponse)
    async def ticket(request: Request, track_token: str, lang: str = "") -> HTMLResponse:
        """The ticket as its visitor follows it, live."""
        language = lang_of(lang)
        if not TRACK_TOKEN.fullmatch(track_token):
            return _notice(templates, request, language, "notFoundTitle", "notFoundText", 404)
        try:
            view = await phone_view(
                uow=container.uow,
                track_token=track_token,
                clock=container.clock,
                rules=container.rating_rules,
            )
        except NotFound:
            return _notice(templates, request, language, "notFoundTitle", "notFoundText", 404)
        data = PhoneOut.of_view(view).model_dump(mode="json")
        root = main_root(request)
        config = {
            "lang": language,
            "langGiven": lang.strip().lower() in ("uk", "en"),
            "timezone": view.office.timezone,
            "wsPath": f"{root}/ws/track/{track_token}",
            "trackUrl": f"{root}/api/v1/track/{track_token}",
            "heartbeatSeconds": container.settings.heartbeat_seconds,
            "pollSeconds": PHONE_POLL_SECONDS,
            "texts": TEXTS,
            "ticket": data,
        }
        issued = view.office.local(view.info.ticket.issued_at)
        context: dict[str, Any] = {"lang": language, "t": TEXTS[language], "v": data}
        context |= {"config": config, "issued": issued.strftime("%H:%M")}
        return templates.TemplateResponse(
            request, "visitor/phone.html", context, headers=PAGE_HEADERS
        )

    return app


def create_pad_app(container: Container) -> FastAPI:
    """The rating pad at a window: asks about the ticket just finished there."""
    app, templates = _base(container, "Оцінка обслуговування")
    _install_not_found(app, templates, "padNoCounterTitle", "padNoCounterText")

    @app.get("/{counter_id}", name="pad", response_class=HTMLResponse)
    async def pad(
        request: Request,
        counter_id: str,
        token: str = "",
        lang: str = "",
    ) -> HTMLResponse:
        """The pad of one window, authenticated by its rating-pad device token."""
        language = lang_of(lang)
        principal = await device_principal(container, token, DeviceKind.RATING_PAD)
        if principal is None:
            return _notice(
                templates, request, language, "padForbiddenTitle", "padForbiddenText", 403
            )
        if not COUNTER_ID.fullmatch(counter_id) or int(counter_id) > MAX_ID:
            return _notice(
                templates, request, language, "padNoCounterTitle", "padNoCounterText", 404
            )
        try:
            # Read-only: proves the window exists and belongs to the pad's office.
            await rating_prompt(
                uow=container.uow,
                principal=principal,
                counter_id=int(counter_id),
                clock=container.clock,
            )
        except NotFound:
            return _notice(
                templates, request, language, "padNoCounterTitle", "padNoCounterText", 404
            )
        except Forbidden:
            return _notice(
                templates, request, language, "padForbiddenTitle", "padForbiddenText", 403
            )
        root = main_root(request)
        config = {
            "lang": language,
            "langGiven": lang.strip().lower() in ("uk", "en"),
            "version": __version__,
            "counterId": int(counter_id),
            "token": token,
            "apiBase": f"{root}/api/v1",
            "healthUrl": f"{root}/healthz",  # a new server version reloads an idle pad
            "pollSeconds": PAD_POLL_SECONDS,
            "heartbeatSeconds": PAD_HEARTBEAT_SECONDS,
            "idleSeconds": PAD_IDLE_SECONDS,
            "thanksSeconds": PAD_THANKS_SECONDS,
            "texts": TEXTS,
        }
        context = {"lang": language, "t": TEXTS[language], "config": config}
        return templates.TemplateResponse(
            request, "visitor/pad.html", context, headers=PAGE_HEADERS
        )

    return app


def create_booking_app(container: Container) -> FastAPI:
    """Booking an appointment from a phone, and cancelling or moving it by its code."""
    app, templates = _base(container, "Попередній запис")
    _install_not_found(app, templates, "bookNotFoundTitle", "bookNotFoundText")

    async def page(request: Request, mode: str, code: str, lang: str) -> HTMLResponse:
        language = lang_of(lang)
        offices = [
            BookingOfficeOut.of(office, rules).model_dump(mode="json")
            for office, rules in await booking_offices(uow=container.uow)
        ]
        code = code.strip() if CODE_GIVEN.fullmatch(code.strip()) else ""
        here = mount_root(request)
        config = {
            "lang": language,
            "langGiven": lang.strip().lower() in ("uk", "en"),
            "apiBase": f"{main_root(request)}/api/v1",
            "bookUrl": here + app.url_path_for("book"),
            "manageUrl": here + app.url_path_for("manage"),
            "mode": "manage" if code else mode,
            "code": code,
            "offices": offices,
            "texts": TEXTS,
        }
        context = {"lang": language, "t": TEXTS[language], "config": config}
        return templates.TemplateResponse(
            request, "visitor/book.html", context, headers=PAGE_HEADERS
        )

    @app.get("/", name="book", response_class=HTMLResponse)
    async def book(request: Request, code: str = "", lang: str = "") -> HTMLResponse:
        """Book an appointment: office, service, day, time, then the code to keep."""
        return await page(request, "book", code, lang)

    @app.get("/manage", name="manage", response_class=HTMLResponse)
    async def manage(request: Request, code: str = "", lang: str = "") -> HTMLResponse:
        """A booking by its code: its state, and cancelling or moving it."""
        return await page(request, "manage", code, lang)

    return app
