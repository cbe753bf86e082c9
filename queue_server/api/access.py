"""Every HTTP request timed, given a request id, and (in JSON log mode) logged once.

A pure ASGI middleware: it never buffers a body. The route of a request is its path
template (``/api/v1/tickets/{ticket_id}/start``), found in a table of the app's routes,
mounted UIs included, built at the first request; an unknown path is ``unmatched``. The
template keeps the metric's label set small, and it is what the logs show in place of a
path with a token or a code in it (``/t/{track_token}``, ``/api/v1/bookings/{code}``): a
path is logged as it came only if every parameter in it is a number (an id).

The request id comes from the ``X-Request-ID`` header when it looks like one (letters,
digits and ``._:=+/-``, at most 128), else it is made up; the response echoes it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_server.api.metrics import Metrics
from queue_server.logs import RequestContext, current_request

log = logging.getLogger("queue_server.access")

UNMATCHED = "unmatched"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:=+/-]{1,128}$")
REQUEST_ID_HEADER = b"x-request-id"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class _Entry:
    prefix: str  # the mounts' paths before the route's own
    regex: re.Pattern[str]
    template: str
    methods: frozenset[str] | None  # None: any (a mount, a websocket)


class RouteTemplates:
    """The path template of a request, matched the way the router matches it."""

    def __init__(self, routes: Iterable[BaseRoute]) -> None:
        self._entries: list[_Entry] = []
        self._add(routes, "")
        # Only the routes that can match a path's first segment are tried, in order.
        firsts = [(_first_segment(e.template), e) for e in self._entries]
        self._any = [e for first, e in firsts if "{" in first]
        self._by_first: dict[str, list[_Entry]] = {}
        for first, _ in firsts:
            if "{" not in first and first not in self._by_first:
                self._by_first[first] = [e for f, e in firsts if f == first or "{" in f]

    def _add(self, routes: Iterable[BaseRoute], prefix: str) -> None:
        for route in iter_route_contexts(list(routes)):
            regex: re.Pattern[str] | None = getattr(route, "path_regex", None)
            if regex is None:
                continue
            if isinstance(route.original_route, Mount):
                # The mounted app's own routes first; the mount itself catches the rest.
                self._add(route.original_route.routes, prefix + route.original_route.path)
            methods = route.methods
            self._entries.append(
                _Entry(
                    prefix,
                    regex,
                    prefix + str(route.path_format),
                    None if methods is None else frozenset(methods),
                )
            )

    def find(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        """The template and the path parameters; a route that matches the path but not
        the method (the router answers 405) if none matches both."""
        fallback: tuple[str, dict[str, Any]] | None = None
        for entry in self._by_first.get(_first_segment(path), self._any):
            if not path.startswith(entry.prefix):
                continue
            match = entry.regex.match(path[len(entry.prefix) :])
            if match is None:
                continue
            if entry.methods is None or method in entry.methods:
                return entry.template, match.groupdict()
            if fallback is None:
                fallback = entry.template, match.groupdict()
        return fallback or (UNMATCHED, {})


def _first_segment(path: str) -> str:
    return path[1:].partition("/")[0]


def loggable_path(path: str, template: str, params: dict[str, Any]) -> str:
    """The path itself if its only parameters are ids, else its template."""
    if template != UNMATCHED and all(str(v).isdigit() for v in params.values()):
        return path
    return template


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            text = bytes(value).decode("latin-1")
            if REQUEST_ID.match(text):
                return text
            break
    return os.urandom(16).hex()


def _status_class(status: int) -> str:
    return f"{status // 100}xx"


class RequestLog:
    """Times each HTTP request into the metrics, echoes its request id, and writes the
    access line when ``access_log`` (JSON logs; uvicorn writes it in text mode)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, access_log: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log = access_log
        self._templates: RouteTemplates | None = None

    def templates(self, scope: Scope) -> RouteTemplates:
        if self._templates is None:  # every route is in place by the first request
            self._templates = RouteTemplates(scope["app"].routes)
        return self._templates

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        path: str = scope["path"]
        root = scope.get("root_path", "")
        route_path = path[len(root) :] if root and path.startswith(root) else path
        method = scope.get("method", "GET")
        method = method if method in METHODS else "other"  # a label: no made-up values
        template, params = self.templates(scope).find(method, route_path)
        safe = loggable_path(path, template, params)
        if scope["type"] == "websocket":
            # Only uvicorn's "WebSocket ... [accepted]" line needs the safe path.
            token = current_request.set(RequestContext(None, safe, path))
            try:
                await self.app(scope, receive, send)
            finally:
                current_request.reset(token)
            return

        request_id = _request_id(scope)
        header = (REQUEST_ID_HEADER, request_id.encode("latin-1"))
        status = 500  # if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        token = current_request.set(RequestContext(request_id, safe, path))
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duration = time.perf_counter() - start
            self.metrics.request_duration.labels(method, template, _status_class(status)).observe(
                duration
            )
            if self.access_log:
                log.info(
                    "%s %s %d",
                    method,
                    safe,
                    status,
                    extra={
                        "method": method,
                        "route": template,
                        "path": safe,
                        "status": status,
                        "duration_ms": round(duration * 1000, 2),
                        "request_id": request_id,
                    },
                )
            current_request.reset(token)
