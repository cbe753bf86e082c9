"""The composition root: settings, database, bus and rules, wired into one FastAPI app."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse

from admin.app import create_admin_app
from display.app import create_display_app
from kiosk.app import create_kiosk_app
from queue_server import __version__
from queue_server.adapters.bus import InProcessBus
from queue_server.adapters.database import Database, create_database
from queue_server.adapters.demo import load_demo_data
from queue_server.adapters.migrate import upgrade_async
from queue_server.adapters.passwords import Argon2Hasher
from queue_server.adapters.printing import EscposGateway
from queue_server.adapters.redis_bus import RedisBus
from queue_server.adapters.unit_of_work import SqlUnitOfWorkFactory
from queue_server.api import errors, metrics, throttle
from queue_server.api.access import RequestLog
from queue_server.api.routes import (
    alerts,
    auth,
    bookings,
    config,
    counters,
    health,
    load,
    offices,
    printing,
    ratings,
    reports,
    tickets,
    window,
)
from queue_server.api.security import SecurityHeaders
from queue_server.config import Settings
from queue_server.container import Container
from queue_server.domain.policies import CallNextPolicy
from queue_server.realtime import routes as realtime
from queue_server.realtime import track
from queue_server.realtime.hub import Hub
from queue_server.service.alerts import offline_silence, raise_offline_alerts
from queue_server.service.booking_desk import erase_contacts, mark_missed
from queue_server.service.days import expire_previous_days
from queue_server.service.ports import Clock, EventBus
from queue_server.service.print_agent import fail_unreported_jobs
from queue_server.service.ratings import RatingRules
from queue_server.service.retention import purge_personal_data
from queue_server.service.rules import QueueRules
from visitor.app import create_booking_app, create_pad_app, create_phone_app

log = logging.getLogger("queue_server")
EXPIRY_EVERY = timedelta(minutes=1)
PURGE_EVERY = timedelta(hours=1)


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_container(settings: Settings, clock: Clock = utc_now) -> tuple[Container, Database]:
    """Every shared resource, built once; nothing here touches the network yet."""
    db = create_database(settings.database_url)
    bus: EventBus = RedisBus(settings.redis_url) if settings.redis_url else InProcessBus()
    container = Container(
        settings=settings,
        uow=SqlUnitOfWorkFactory(db, bus),
        bus=bus,
        clock=clock,
        rules=QueueRules(
            recall_limit=settings.recall_limit,
            kiosk_per_minute=settings.kiosk_tickets_per_minute,
            policy=CallNextPolicy(
                secondary_penalty=timedelta(minutes=settings.secondary_penalty_min)
            ),
        ),
        hasher=Argon2Hasher(),
        printers=EscposGateway(),
        rating_rules=RatingRules(window=timedelta(hours=settings.rating_hours)),
    )
    return container, db


def offline_after(container: Container) -> timedelta:
    """A device silent for three heartbeats (and at least a minute) is offline."""
    return offline_silence(container.settings.heartbeat_seconds)


async def _expire_periodically(container: Container) -> None:
    """Close past days' tickets, mark bookings nobody came for as missed, fail print jobs
    an agent never reported, alert reception to devices that went silent, and erase
    personal data past its retention (hourly)."""
    keep = timedelta(days=container.settings.personal_data_days)
    purged_at: datetime | None = None
    while True:
        await asyncio.sleep(EXPIRY_EVERY.total_seconds())
        try:
            await expire_previous_days(uow=container.uow, clock=container.clock)
            await mark_missed(uow=container.uow, clock=container.clock)
            await fail_unreported_jobs(uow=container.uow, clock=container.clock)
            await raise_offline_alerts(
                uow=container.uow, clock=container.clock, silence=offline_after(container)
            )
            now = container.clock()
            if purged_at is None or now - purged_at >= PURGE_EVERY:
                purged = await purge_personal_data(
                    uow=container.uow, clock=container.clock, keep=keep
                )
                phones = await erase_contacts(uow=container.uow, clock=container.clock)
                purged_at = now
                if purged.comments or purged.notes or phones:
                    log.info(
                        "erased %d old comments, %d old notes and %d booking phone numbers",
                        purged.comments,
                        purged.notes,
                        phones,
                    )
        except Exception:
            log.exception("periodic expiry failed; will retry")


def create_app(settings: Settings | None = None, *, clock: Clock = utc_now) -> FastAPI:
    """The application: API under /api/v1, docs at /docs."""
    settings = settings or Settings()
    container, db = build_container(settings, clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade_async(settings.database_url)
        if settings.demo and await load_demo_data(db, container.hasher):
            log.info("demo data loaded")
        await expire_previous_days(uow=container.uow, clock=container.clock)
        await container.bus.start()
        # What startup made lives as long as the process: kept out of the collector's full
        # passes, which would otherwise stall the event loop some 100 ms now and then
        # (measured during a yearly report: benchmarks/README.md).
        gc.freeze()
        expiry = asyncio.create_task(_expire_periodically(container))
        try:
            yield
        finally:
            expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await expiry
            await container.bus.close()
            await throttle.close_limits(app)
            await db.dispose()

    app = FastAPI(
        title="Електронна черга ЦНАП",
        description="Queue server of a centre of administrative services (ЦНАП).",
        version=__version__,
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.hub = hub = Hub()
    app.state.places = track.Places(container)
    app.state.metrics = app_metrics = metrics.Metrics()
    container.bus.subscribe(hub.deliver)
    container.bus.subscribe(app_metrics.observe_events)
    container.bus.on_resync(hub.resync)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    # Outside the security headers: it times them too, and adds the request id.
    app.add_middleware(RequestLog, metrics=app_metrics, access_log=settings.log_format == "json")
    api = APIRouter(prefix="/api/v1")
    for module in (
        auth,
        offices,
        tickets,
        counters,
        window,
        printing,
        alerts,
        ratings,
        config,
        load,
        reports,
        bookings,
    ):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(realtime.router)
    app.include_router(track.router)
    app.mount("/display", create_display_app(container), name="display")
    app.mount("/kiosk", create_kiosk_app(container), name="kiosk")
    app.mount("/admin", create_admin_app(container), name="admin")
    app.mount("/t", create_phone_app(container), name="phone")
    app.mount("/rate", create_pad_app(container), name="rating_pad")
    app.mount("/book", create_booking_app(container), name="booking")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        """People start at the staff login (in demo mode it links every demo screen)."""
        return RedirectResponse("/admin/")

    return app
