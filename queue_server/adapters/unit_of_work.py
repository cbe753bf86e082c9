"""The SQL unit of work: one transaction, its event log rows, publishing after commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import insert, update

from queue_server.adapters.booking_store import SqlBookings
from queue_server.adapters.config_store import SqlConfig
from queue_server.adapters.database import Conn, Database, is_outage
from queue_server.adapters.device_store import SqlAlerts, SqlDevices, SqlPrintJobs
from queue_server.adapters.load_store import SqlLoad
from queue_server.adapters.orm import EventRow, OfficeRow
from queue_server.adapters.rating_store import SqlRatings
from queue_server.adapters.report_store import SqlReports
from queue_server.adapters.repositories import (
    SqlAuth,
    SqlCatalog,
    SqlCounters,
    SqlEvents,
    SqlOffices,
    SqlUsers,
)
from queue_server.adapters.ticket_store import SqlTickets
from queue_server.domain.counters import Counter
from queue_server.domain.errors import Unavailable
from queue_server.domain.events import Event
from queue_server.domain.tickets import Ticket
from queue_server.service.ports import (
    AlertRepository,
    AuthRepository,
    BookingRepository,
    Bus,
    CatalogRepository,
    ConfigRepository,
    CounterRepository,
    DeviceRepository,
    EventLog,
    LoadRepository,
    OfficeRepository,
    PrintJobRepository,
    PublishedEvent,
    RatingRepository,
    ReportRepository,
    TicketRepository,
    UserRepository,
)

# Seconds a caller is told to wait when the database is down (/readyz says the same).
RETRY_AFTER = 5


@dataclass
class _Pending:
    office_id: int
    event: Event
    ticket_id: int | None
    counter_id: int | None
    extra: dict[str, Any]


class SqlUnitOfWork:
    offices: OfficeRepository
    catalog: CatalogRepository
    tickets: TicketRepository
    counters: CounterRepository
    users: UserRepository
    auth: AuthRepository
    devices: DeviceRepository
    print_jobs: PrintJobRepository
    alerts: AlertRepository
    ratings: RatingRepository
    reports: ReportRepository
    config: ConfigRepository
    events: EventLog
    load: LoadRepository
    bookings: BookingRepository

    def __init__(self, db: Database, bus: Bus, *, actor: str, write: bool) -> None:
        self._db = db
        self._bus = bus
        self._write = write
        self.actor = actor
        self._conn: Conn | None = None
        self._locked = False
        self._seen: dict[int, Ticket | Counter] = {}
        self._logged: list[_Pending] = []

    async def __aenter__(self) -> SqlUnitOfWork:
        lock = self._db.write_lock if self._write else None
        if lock is not None:
            await lock.acquire()
            self._locked = True
        try:
            conn = await self._db.connect(readonly=not self._write)
        except BaseException as exc:
            self._release_lock()
            if is_outage(exc):
                raise Unavailable(retry_after=RETRY_AFTER) from exc
            raise
        self._conn = conn
        self.offices = SqlOffices(conn)
        self.catalog = SqlCatalog(conn)
        self.tickets = SqlTickets(conn, self)
        self.counters = SqlCounters(conn, self)
        self.users = SqlUsers(conn)
        self.auth = SqlAuth(conn)
        self.devices = SqlDevices(conn)
        self.print_jobs = SqlPrintJobs(conn, self)
        self.alerts = SqlAlerts(conn, self)
        self.ratings = SqlRatings(conn)
        self.reports = SqlReports(conn, self._db)
        self.config = SqlConfig(conn)
        self.events = SqlEvents(conn)
        self.load = SqlLoad(conn)
        self.bookings = SqlBookings(conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the transaction; a lost database becomes ``Unavailable`` (a 503 that asks
        to try again), whether it was lost during the block or while closing."""
        outage = exc is not None and is_outage(exc)
        try:
            await self._close()
        except Exception as failed:
            if not (outage or is_outage(failed)):
                raise
            if not outage:
                raise Unavailable(retry_after=RETRY_AFTER) from failed
        if outage:
            raise Unavailable(retry_after=RETRY_AFTER) from exc

    def track(self, entity: Ticket | Counter) -> None:
        """Remember an entity written in this transaction, to log its events at commit."""
        self._seen[id(entity)] = entity

    def log(self, office_id: int, events: Sequence[Event], *, ticket: Ticket | None = None) -> None:
        """Add office-level events (or events of ``ticket``) to this transaction's log."""
        ticket_id = ticket.id if ticket else None
        extra = {"number": ticket.number, "service_id": ticket.service_id} if ticket else {}
        for event in events:
            self._logged.append(_Pending(office_id, event, ticket_id, None, dict(extra)))

    async def commit(self) -> None:
        """Write the events, commit, release the connection, then publish."""
        assert self._conn is not None, "commit outside the unit of work"
        published = await self._write_events(self._drain())
        await self._conn.commit()
        await self._close()
        if published:
            await self._bus.publish(published)

    async def rollback(self) -> None:
        await self._close()

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        try:
            if conn is not None:
                try:
                    if conn.in_transaction():
                        await conn.rollback()
                finally:
                    await conn.close()
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self._locked and self._db.write_lock is not None:
            self._locked = False
            self._db.write_lock.release()

    def _drain(self) -> list[_Pending]:
        pending, self._logged = self._logged, []
        for entity in self._seen.values():
            if isinstance(entity, Ticket):
                extra = {"number": entity.number, "service_id": entity.service_id}
                ticket_id: int | None = entity.id
            else:
                extra = {"counter_number": entity.number}
                ticket_id = None
            for event in entity.events:
                counter_id = getattr(event, "counter_id", None)
                if isinstance(entity, Counter):
                    counter_id = entity.id
                pending.append(_Pending(entity.office_id, event, ticket_id, counter_id, extra))
            entity.events.clear()
        self._seen.clear()
        return pending

    async def _write_events(self, pending: list[_Pending]) -> list[PublishedEvent]:
        """Bump each office's sequence once (the last lock taken) and insert the rows."""
        assert self._conn is not None
        by_office: dict[int, list[_Pending]] = {}
        for p in pending:
            by_office.setdefault(p.office_id, []).append(p)
        published: list[PublishedEvent] = []
        for office_id in sorted(by_office):
            items = by_office[office_id]
            last = (
                await self._conn.execute(
                    update(OfficeRow)
                    .where(OfficeRow.id == office_id)
                    .values(event_seq=OfficeRow.event_seq + len(items))
                    .returning(OfficeRow.event_seq)
                )
            ).scalar_one()
            first = last - len(items) + 1
            rows = []
            for seq, p in enumerate(items, start=first):
                data = p.event.data() | p.extra
                rows.append(
                    {
                        "office_id": office_id,
                        "seq": seq,
                        "type": p.event.name,
                        "at": p.event.at,
                        "ticket_id": p.ticket_id,
                        "counter_id": p.counter_id,
                        "actor": self.actor,
                        "data": data,
                    }
                )
                published.append(
                    PublishedEvent(
                        office_id=office_id,
                        seq=seq,
                        type=p.event.name,
                        at=p.event.at,
                        ticket_id=p.ticket_id,
                        counter_id=p.counter_id,
                        actor=self.actor,
                        data=data,
                    )
                )
            await self._conn.execute(insert(EventRow), rows)
        return published


class SqlUnitOfWorkFactory:
    """Builds units of work on one database and bus (the composition root holds one)."""

    def __init__(self, db: Database, bus: Bus) -> None:
        self.db = db
        self.bus = bus

    def __call__(self, *, actor: str = "system", write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.db, self.bus, actor=actor, write=write)
