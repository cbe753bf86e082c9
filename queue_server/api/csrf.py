"""Cross-site request forgery: an unsafe request that a staff browser authenticates with
its session cookie must show that it comes from the staff pages.

Any site a person visits could make their browser send a POST here, and the browser
would attach the session cookie. Two checks stop that:

- **Double submit.** Login sets, beside the HttpOnly session cookie, a cookie ``qms_csrf``
  that the pages' script can read; the script copies it into the ``X-CSRF-Token`` header
  of every unsafe request. Another site can read neither cookie, and cannot send a custom
  header to this server at all (that takes a CORS preflight, which the server never grants).
- **Origin.** When the browser names the page's origin, its host must be this server's.

The token is HMAC-SHA256(secret key, session token): bound to the session, new with every
login, and checked by any worker without a database read. Without a secret key (demo mode
only) the key is a fixed constant, so that every worker and every restart agree; the token
still cannot be made without the session token, which the HttpOnly cookie keeps from
scripts and other sites.

Requests with a bearer token (kiosks, displays, rating pads, scripts) or with no
credentials (login, bookings, phones' ratings) carry no cookie to forge and are not
checked; neither are GET, HEAD and OPTIONS.

Websockets have no CSRF token, but a page of another site could open one from a visitor's
browser, with its cookie (cross-site websocket hijacking): a handshake that names another
site's ``Origin`` is refused (``origin_allowed``) before any credentials are read. One
without an ``Origin`` (devices, print agents, scripts: not a browser) goes on, as here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from urllib.parse import urlsplit

from fastapi import Request, Response
from starlette.requests import HTTPConnection

from queue_server.config import Settings
from queue_server.domain.errors import Forbidden

SESSION_COOKIE = "qms_session"
CSRF_COOKIE = "qms_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEMO_KEY = b"qms demo mode: no secret key"

log = logging.getLogger(__name__)


class CsrfFailed(Forbidden):
    """An unsafe cookie-authenticated request without the session's token, or from a page
    of another site."""

    code = "csrf_failed"
    message_uk = (
        "Сторінка застаріла або запит надіслано з іншого сайту. "
        "Оновіть сторінку й спробуйте ще раз."
    )
    message_en = (
        "The page is out of date or the request came from another site. "
        "Reload the page and try again."
    )


def csrf_token(session_token: str, secret_key: str | None) -> str:
    """The CSRF token of a session: HMAC-SHA256 of its token, URL-safe base64."""
    key = secret_key.encode() if secret_key else DEMO_KEY
    digest = hmac.new(key, b"csrf:" + session_token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hostname(value: str | None) -> str | None:
    """The host of an origin, a URL or a Host header, lower case; None if there is none."""
    if not value:
        return None
    value = value.split(",")[0].strip()  # X-Forwarded-Host may list several
    try:
        return urlsplit(value if "://" in value else f"//{value}").hostname
    except ValueError:
        return None


def own_hosts(connection: HTTPConnection, settings: Settings) -> set[str]:
    """The names this server answers to: the request's Host (and a proxy's forwarded one)
    and the public address. Ports are not compared: cookies are shared across ports."""
    names = (
        connection.headers.get("host"),
        connection.headers.get("x-forwarded-host"),
        settings.public_url,
    )
    return {host for host in map(_hostname, names) if host}


def _from_own_page(connection: HTTPConnection, settings: Settings) -> bool:
    """No ``Origin`` named (not a browser), or one of this server's hosts."""
    origin = connection.headers.get("origin")
    return origin is None or _hostname(origin) in own_hosts(connection, settings)


def origin_allowed(connection: HTTPConnection, settings: Settings) -> bool:
    """Whether a websocket handshake may go on: it does unless a page of another site
    opened it. A refusal is logged with the route's template: a path or query may hold a
    token."""
    if _from_own_page(connection, settings):
        return True
    log.warning(
        "refused a websocket to %s from %s: origin %r is another site",
        getattr(connection.scope.get("route"), "path", "?"),
        connection.client.host if connection.client else "unknown",
        connection.headers.get("origin"),
    )
    return False


def verify(request: Request, session_token: str, settings: Settings) -> None:
    """Raise ``CsrfFailed`` unless a cookie-authenticated unsafe request carries the
    session's token and, when it names one, comes from a page of this server."""
    if request.method in SAFE_METHODS:
        return
    if not _from_own_page(request, settings):
        raise CsrfFailed()
    sent = request.headers.get(CSRF_HEADER, "").encode()
    expected = csrf_token(session_token, settings.secret_key).encode()
    if not hmac.compare_digest(sent, expected):
        raise CsrfFailed()


def set_session_cookies(
    response: Response, session_token: str, *, max_age: int, settings: Settings
) -> None:
    """The HttpOnly session cookie and the session's CSRF token beside it."""
    response.set_cookie(
        SESSION_COOKIE,
        session_token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",  # a link from elsewhere to a staff page still finds the person in
        secure=settings.cookie_secure,
    )
    set_csrf_cookie(response, session_token, max_age=max_age, settings=settings)


def set_csrf_cookie(
    response: Response, session_token: str, *, max_age: int, settings: Settings
) -> None:
    """The readable cookie the staff pages copy into ``X-CSRF-Token``."""
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token(session_token, settings.secret_key),
        max_age=max_age,
        path="/",
        httponly=False,
        samesite="strict",
        secure=settings.cookie_secure,
    )


def refresh_csrf_cookie(request: Request, response: Response, settings: Settings) -> None:
    """Give a page of a logged-in person the CSRF cookie of their session if it lacks it
    (a login before this check existed, a changed secret key): reloading the page is then
    all a person with a refused request has to do."""
    session_token = request.cookies.get(SESSION_COOKIE)
    if not session_token:
        return
    if request.cookies.get(CSRF_COOKIE) != csrf_token(session_token, settings.secret_key):
        max_age = settings.session_hours * 3600
        set_csrf_cookie(response, session_token, max_age=max_age, settings=settings)


def clear_session_cookies(response: Response, settings: Settings) -> None:
    """Both cookies gone: logged out."""
    secure = settings.cookie_secure
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")
