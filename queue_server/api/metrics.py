"""``GET /metrics``: this process's metrics in the Prometheus text format.

Served only when ``QMS_METRICS_TOKEN`` is set, and then only to ``Authorization: Bearer
<that token>`` (401 otherwise); unset, the address does not exist (404). Every app has
its own registry, so apps built side by side (tests) never share a counter. Each worker
process counts for itself and a scrape reaches whichever worker takes the connection, so
a deployment that wants every worker seen runs one worker per container and scrapes each.

- ``qms_http_request_duration_seconds{method, route, status}``: route is the path
  template (``/api/v1/tickets/{ticket_id}/start``, ``unmatched`` for unknown paths),
  status the class (``2xx``); timed by ``api.access.RequestLog``.
- ``qms_tickets_issued_total{office_id}``, ``qms_calls_total{office_id, kind}`` (kind
  ``call`` for ``ticket.called``, ``recall`` for ``ticket.recalled``): counted from the
  events this process receives from the bus, which carries every process's events, so
  with Redis each process counts every ticket of the centre: ``max`` over them, not ``sum``.
- ``qms_bus_lag_seconds``: from an event's time to its delivery to this process.
- ``qms_websocket_clients{kind}``: open sockets, ``office`` streams and ``track`` (phones).
- The ``process_*`` and ``python_*`` metrics of the client library.
"""

from __future__ import annotations

import contextlib
import hmac
import time
from collections.abc import Iterator, Sequence
from typing import Literal

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from starlette.exceptions import HTTPException

from queue_server.api.deps import AppDep
from queue_server.domain.errors import NotAuthenticated
from queue_server.service.ports import PublishedEvent

# Most requests take a few milliseconds; the targets are about p99 under 50 ms.
REQUEST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CALLS = {"ticket.called": "call", "ticket.recalled": "recall"}
SocketKind = Literal["office", "track"]


class Metrics:
    """The instruments of one app, on a registry of its own."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.request_duration = Histogram(
            "qms_http_request_duration_seconds",
            "Time to serve an HTTP request, by method, route template and status class.",
            ["method", "route", "status"],
            buckets=REQUEST_BUCKETS,
            registry=registry,
        )
        self.tickets_issued = Counter(
            "qms_tickets_issued_total",
            "Tickets issued (ticket.issued events received).",
            ["office_id"],
            registry=registry,
        )
        self.calls = Counter(
            "qms_calls_total",
            "Visitors called to a window: kind call (first call) or recall.",
            ["office_id", "kind"],
            registry=registry,
        )
        self.bus_lag = Histogram(
            "qms_bus_lag_seconds",
            "From an event's time (its commit) to its delivery to this process.",
            buckets=LAG_BUCKETS,
            registry=registry,
        )
        self.websocket_clients = Gauge(
            "qms_websocket_clients",
            "Open websockets: office event streams and ticket tracking (phones).",
            ["kind"],
            registry=registry,
        )
        for kind in ("office", "track"):
            self.websocket_clients.labels(kind)

    async def observe_events(self, events: Sequence[PublishedEvent]) -> None:
        """A bus listener: counts tickets and calls, and times the delivery."""
        now = time.time()
        for event in events:
            self.bus_lag.observe(max(0.0, now - event.at.timestamp()))
            if event.type == "ticket.issued":
                self.tickets_issued.labels(str(event.office_id)).inc()
            elif event.type in CALLS:
                self.calls.labels(str(event.office_id), CALLS[event.type]).inc()

    @contextlib.contextmanager
    def connected(self, kind: SocketKind) -> Iterator[None]:
        """Counts an accepted websocket as open until the block ends."""
        gauge = self.websocket_clients.labels(kind)
        gauge.inc()
        try:
            yield
        finally:
            gauge.dec()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


router = APIRouter()


def _bearer(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request, app: AppDep) -> Response:
    """This process's metrics for Prometheus (bearer ``QMS_METRICS_TOKEN``)."""
    expected = app.settings.metrics_token
    if not expected:
        raise HTTPException(status_code=404)
    if not hmac.compare_digest(_bearer(request).encode(), expected.encode()):
        raise NotAuthenticated()
    registry: Metrics = request.app.state.metrics
    return Response(
        registry.exposition(),
        media_type=CONTENT_TYPE_PLAIN_0_0_4,
        headers={"Cache-Control": "no-store"},
    )
