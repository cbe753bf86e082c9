"""One JSON error shape for every 4xx and 5xx: {"error": {"code", "message"}}.

The message is in the request's language: Ukrainian by default, English when the
request asks for it (``?lang=en`` or ``Accept-Language: en``).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from queue_server.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    QueueError,
    TooManyRequests,
    Unavailable,
)

log = logging.getLogger(__name__)

STATUS: dict[type, int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    TooManyRequests: 429,
    Unavailable: 503,
}

HTTP_MESSAGES = {
    404: ("Сторінку або ресурс не знайдено.", "No such page or resource."),
    405: ("Цей метод не підтримується для цієї адреси.", "This method is not allowed here."),
}


def request_language(request: Request) -> str:
    """ "en" when the request asks for English, else "uk"."""
    lang = request.query_params.get("lang")
    if lang in ("uk", "en"):
        return lang
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "uk"


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


def status_of(exc: QueueError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


async def queue_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueueError)
    status = status_of(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if status in (429, 503):
        headers = {"Retry-After": str(exc.params.get("retry_after", 60))}
    body = error_body(exc.code, exc.message(request_language(request)))
    return JSONResponse(body, status_code=status, headers=headers)


def _field(loc: tuple[object, ...] | list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lang = request_language(request)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        message = (
            "Тіло запиту не є коректним JSON."
            if lang == "uk"
            else "The request body is not valid JSON."
        )
        return JSONResponse(error_body("malformed_json", message), status_code=400)
    details = [{"field": _field(e.get("loc", ())), "problem": e.get("msg", "")} for e in errors]
    listed = "; ".join(f"{d['field']}: {d['problem']}" for d in details)
    prefix = "Невірні дані запиту" if lang == "uk" else "Invalid request data"
    return JSONResponse(
        error_body("invalid_input", f"{prefix} — {listed}", fields=details), status_code=422
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    uk, en = HTTP_MESSAGES.get(exc.status_code, (str(exc.detail), str(exc.detail)))
    message = en if request_language(request) == "en" else uk
    return JSONResponse(
        error_body(f"http_{exc.status_code}", message),
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    uk = "Внутрішня помилка сервера. Спробуйте ще раз або зверніться до адміністратора системи."
    en = "Internal server error. Try again or contact the system administrator."
    message = en if request_language(request) == "en" else uk
    return JSONResponse(error_body("internal_error", message), status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueueError, queue_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated"},
    403: {"description": "Not allowed for this caller"},
    404: {"description": "Unknown office, service, ticket or counter"},
    409: {"description": "The current state does not allow this"},
    422: {"description": "Invalid input"},
    429: {"description": "Too many requests from this device; see Retry-After"},
    503: {"description": "The database is unreachable for a moment; see Retry-After"},
}
