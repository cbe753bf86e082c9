"""What the use cases need from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from queue_server.domain.alerts import Alert, AlertKind
from queue_server.domain.bookings import Booking, BookingRules, BookingStatus
from queue_server.domain.counters import Counter
from queue_server.domain.events import Event
from queue_server.domain.offices import Office
from queue_server.domain.printing import (
    PrinterConfig,
    PrinterState,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
    SlipText,
)
from queue_server.domain.ratings import FeedbackStatus, Rating
from queue_server.domain.reports import TicketFact
from queue_server.domain.services import Category, PriorityCategory, Service
from queue_server.domain.tickets import Ticket
from queue_server.domain.users import DeviceKind, Principal, Skill, Tier, User


class Clock(Protocol):
    def __call__(self) -> datetime:
        """The current time, timezone-aware."""
        ...


@dataclass(frozen=True)
class PublishedEvent:
    """An event as it was written to the office's log and as the bus carries it."""

    office_id: int
    seq: int
    type: str
    at: datetime
    ticket_id: int | None
    counter_id: int | None
    actor: str
    data: Mapping[str, object]


class Bus(Protocol):
    async def publish(self, events: Sequence[PublishedEvent]) -> None:
        """Hand committed events to every listener; never raises for a listener's fault."""
        ...


Listener = Callable[[Sequence[PublishedEvent]], Awaitable[None]]


class EventBus(Bus, Protocol):
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every batch of committed events; returns the unsubscribe."""
        ...

    def on_resync(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when events may have been lost (the bus reconnected)."""
        ...

    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def ready(self) -> bool:
        """Whether events published now reach every worker."""
        ...


@dataclass(frozen=True)
class Device:
    id: int
    office_id: int
    kind: DeviceKind
    name: str
    revoked: bool = False
    last_seen_at: datetime | None = None
    printer: PrinterConfig | None = None
    printer_state: PrinterState = field(default_factory=PrinterState)
    zone: str = ""  # a display's zone ("" shows every window)


@dataclass(frozen=True)
class ServiceQueue:
    service_id: int
    waiting: int
    oldest_arrived_at: datetime


@dataclass(frozen=True)
class CounterView:
    counter: Counter
    operator_name: str | None
    ticket_number: str | None
    ticket_status: str | None


@dataclass(frozen=True)
class RecentCall:
    ticket_id: int
    number: str
    counter_id: int
    counter_number: int
    at: datetime


class OfficeRepository(Protocol):
    async def get(self, office_id: int) -> Office: ...
    async def all(self) -> Sequence[Office]: ...
    async def any_exist(self) -> bool: ...
    async def paused_since(self, office_id: int) -> datetime | None:
        """Since when the office is paused (air-raid alert), None when it works."""
        ...

    async def set_paused(self, office_id: int, since: datetime | None) -> None: ...


class CatalogRepository(Protocol):
    async def categories(self, office_id: int) -> Sequence[Category]: ...
    async def services(self, office_id: int) -> Sequence[Service]: ...
    async def service(self, service_id: int) -> Service: ...
    async def priority(self, code: str) -> PriorityCategory: ...
    async def priorities(self) -> Sequence[PriorityCategory]: ...


class TicketRepository(Protocol):
    async def next_seq(self, office_id: int, key: str, day: date) -> int:
        """Atomically bump and return the day's counter called ``key`` (a prefix, a cap)."""
        ...

    async def day_counts(self, office_id: int, day: date, prefix: str) -> Mapping[str, int]:
        """The day's counters whose key starts with ``prefix``, without bumping them."""
        ...

    async def add(self, ticket: Ticket, *, idempotency_key: str | None = None) -> None:
        """Store a new ticket and give it its id."""
        ...

    async def get(self, ticket_id: int) -> Ticket: ...
    async def by_track_token(self, token: str) -> Ticket: ...
    async def by_idempotency_key(self, key: str) -> Ticket | None: ...
    async def save(self, ticket: Ticket) -> None:
        """Write the ticket back; ConcurrentChange if someone changed it meanwhile."""
        ...

    async def claim_next(
        self,
        office_id: int,
        *,
        counter_id: int,
        operator_id: int,
        tiers: Mapping[int, Tier],
        secondary_penalty_ms: int,
        now: datetime,
        day: date,
    ) -> Ticket | None:
        """Pick and lock the ticket the call-next policy gives this counter at ``now``,
        of business day ``day`` only (yesterday's queue waits for its expiry, not a call)."""
        ...

    async def position(self, ticket: Ticket) -> int:
        """How many waiting tickets of the same service are ahead of ``ticket``."""
        ...

    async def recent_service_minutes(self, service_id: int, since: datetime) -> Sequence[float]:
        """Durations of the latest finished services, newest first."""
        ...

    async def unfinished_before(self, office_id: int, day: date) -> Sequence[Ticket]:
        """Tickets of earlier business days still waiting or parked."""
        ...

    async def queues(self, office_id: int) -> Sequence[ServiceQueue]: ...
    async def recent_calls(self, office_id: int, limit: int) -> Sequence[RecentCall]: ...
    async def waiting_in(self, office_id: int) -> Sequence[Ticket]:
        """The office's waiting tickets by virtual arrival time."""
        ...

    async def by_number(self, office_id: int, day: date, number: str) -> Sequence[Ticket]:
        """The office's tickets of the business day with this number."""
        ...

    async def last_finished_at(self, counter_id: int, since: datetime) -> Ticket | None:
        """The ticket most recently finished at the counter since ``since``."""
        ...

    async def served_by(self, office_id: int, operator_id: int, day: date) -> Sequence[Ticket]:
        """Tickets the operator finished or marked no-show on the business day."""
        ...

    async def erase_notes_before(self, cutoff: datetime) -> int:
        """Erase the free-text notes of tickets issued before ``cutoff``; how many."""
        ...

    async def issued_by_since(self, actor: str, since: datetime) -> int:
        """How many tickets ``actor`` has issued since ``since`` (a kiosk's rate limit)."""
        ...

    async def demand(self, office_id: int, since: date) -> Mapping[int, int]:
        """Tickets issued per service from the business day ``since`` on."""
        ...


class CounterRepository(Protocol):
    async def get(self, counter_id: int) -> Counter: ...
    async def of_operator(self, user_id: int) -> Counter | None: ...
    async def views(self, office_id: int) -> Sequence[CounterView]: ...
    async def open_serving(self, office_id: int, service_id: int) -> int:
        """How many open (not paused) counters have an operator skilled in the service."""
        ...

    async def save(self, counter: Counter) -> None: ...


class UserRepository(Protocol):
    async def by_username(self, username: str) -> User | None: ...
    async def get(self, user_id: int) -> User: ...
    async def skills(self, user_id: int) -> Mapping[int, Tier]: ...
    async def failed_login(self, user_id: int) -> int:
        """Count a wrong password (atomically); the wrong passwords in a row so far."""
        ...

    async def lock(self, user_id: int, until: datetime) -> None: ...

    async def logged_in(self, user_id: int) -> None:
        """Forget the wrong passwords before a successful login."""
        ...

    async def of_office(self, office_id: int) -> Sequence[User]:
        """Active staff of the office and of every office, by name (without skills)."""
        ...


class AuthRepository(Protocol):
    async def add_session(self, token_hash: str, user_id: int, expires_at: datetime) -> None: ...
    async def drop_session(self, token_hash: str) -> None: ...
    async def session_principal(self, token_hash: str, now: datetime) -> Principal | None: ...
    async def device_principal(self, token_hash: str) -> Principal | None: ...
    async def add_device(
        self, office_id: int, kind: DeviceKind, name: str, token_hash: str, at: datetime
    ) -> Device: ...
    async def revoke_device(self, device_id: int, at: datetime) -> Device: ...
    async def devices(self, office_id: int) -> Sequence[Device]: ...
    async def touch_device(self, device_id: int, at: datetime) -> None:
        """Record that the device was alive at ``at``."""
        ...


class DeviceRepository(Protocol):
    async def get(self, device_id: int) -> Device: ...
    async def set_printer(self, device_id: int, printer: PrinterConfig | None) -> None: ...
    async def set_printer_state(self, device_id: int, state: PrinterState) -> None: ...


class PrintJobRepository(Protocol):
    async def add(self, job: PrintJob) -> None:
        """Store a new job and give it its id."""
        ...

    async def get(self, job_id: int) -> PrintJob: ...
    async def save(self, job: PrintJob, *, was: PrintJobStatus) -> None:
        """Write the job's state back and log its events; ConcurrentChange unless the
        stored job still had status ``was``."""
        ...

    async def has_queued(self, device_id: int) -> bool:
        """Whether the device has a job waiting (a look without a lock)."""
        ...

    async def next_for(self, device_id: int) -> PrintJob | None:
        """The device's oldest queued job, locked for this transaction."""
        ...

    async def of_ticket(self, ticket_id: int, device_id: int) -> PrintJob | None:
        """The first job of a ticket on a device (an idempotent replay finds it)."""
        ...

    async def count_since(self, device_id: int, since: datetime) -> int: ...
    async def claimed_before(self, before: datetime) -> Sequence[PrintJob]:
        """Jobs a print agent claimed before ``before`` and never reported."""
        ...

    async def recent(self, office_id: int, limit: int) -> Sequence[PrintJob]: ...


class AlertRepository(Protocol):
    async def add(self, alert: Alert) -> bool:
        """Store a new alert, give it its id and log that it was raised; False, and
        nothing stored, when the device has an open alert of that kind already."""
        ...

    async def get(self, alert_id: int) -> Alert: ...
    async def save(self, alert: Alert) -> None: ...
    async def open_for(self, device_id: int, kind: AlertKind) -> Alert | None: ...
    async def latest_for(self, device_id: int, kind: AlertKind) -> Alert | None: ...
    async def open_in(self, office_id: int) -> Sequence[Alert]: ...


class RatingRepository(Protocol):
    async def add(self, rating: Rating) -> bool:
        """Store a rating and give it its id; False, and nothing stored, when the ticket
        has a rating already."""
        ...

    async def get(self, rating_id: int) -> Rating: ...
    async def of_ticket(self, ticket_id: int) -> Rating | None: ...
    async def save(self, rating: Rating) -> None:
        """Write back its review: status, assignee, answer."""
        ...

    async def feedback(
        self, office_id: int, statuses: Sequence[FeedbackStatus], limit: int
    ) -> Sequence[Rating]:
        """Low scores, comments and complaints with these statuses, newest first."""
        ...

    async def between(self, office_id: int, start: datetime, end: datetime) -> Sequence[Rating]: ...
    async def erase_texts_before(self, cutoff: datetime) -> int:
        """Erase the comments and answers of ratings made before ``cutoff``; how many."""
        ...

    async def unanswered(self, office_id: int) -> int:
        """How much feedback still waits for an answer."""
        ...


class PrinterGateway(Protocol):
    """The way to the printers (the ``printers`` package behind an adapter)."""

    def check(self, printer: PrinterConfig) -> None:
        """Raise InvalidInput unless the printer's URL names a supported driver."""
        ...

    def render(self, printer: PrinterConfig, slip: SlipText) -> bytes:
        """The slip as ESC/POS bytes for this printer."""
        ...

    async def status(self, printer: PrinterConfig) -> PrinterStatus:
        """Ask a printer the server reaches how it is (without printing)."""
        ...

    async def deliver(self, printer: PrinterConfig, data: bytes) -> tuple[bool, PrinterStatus]:
        """Send a rendered job; whether it printed and the status that decided it."""
        ...


class EventLog(Protocol):
    async def since(self, office_id: int, seq: int, limit: int) -> Sequence[PublishedEvent]:
        """The office's events after ``seq``, oldest first, at most ``limit``."""
        ...

    async def latest(self, office_id: int) -> int:
        """The office's last event sequence number (0 before any event)."""
        ...

    async def of_ticket(self, ticket_id: int) -> Sequence[PublishedEvent]:
        """A ticket's history, oldest first."""
        ...

    async def of_counter(
        self, counter_id: int, since: datetime, types: Sequence[str]
    ) -> Sequence[PublishedEvent]:
        """A counter's events of the given types since ``since``, oldest first."""
        ...


@dataclass(frozen=True)
class Staffing:
    """Who could serve booked visitors: the office's windows and, per service, its
    active administrators with the skill."""

    counters: int
    administrators: Mapping[int, int]

    def serving(self, service_id: int) -> int:
        return min(self.counters, self.administrators.get(service_id, 0))


class BookingRepository(Protocol):
    async def rules(self, office_id: int) -> BookingRules: ...
    async def save_rules(self, office_id: int, rules: BookingRules) -> None: ...
    async def lock(self, office_id: int, month: date) -> None:
        """Serialise the office's bookings of ``month`` until this transaction ends."""
        ...

    async def add(self, booking: Booking) -> None: ...
    async def code_exists(self, code: str) -> bool: ...
    async def by_code(self, code: str) -> Booking: ...
    async def save(self, booking: Booking) -> None:
        """Write back; ConcurrentChange if someone changed it meanwhile."""
        ...

    async def taken(
        self, service_id: int, start: datetime, end: datetime
    ) -> Mapping[datetime, int]:
        """Bookings holding each slot of the service starting in [start, end)."""
        ...

    async def of_phone(self, phone: str, start: datetime, end: datetime) -> int:
        """Bookings a phone number holds with slots in [start, end)."""
        ...

    async def of_day(self, office_id: int, day: date) -> Sequence[tuple[Booking, str | None]]:
        """The day's bookings in time order, each with its ticket's number if any."""
        ...

    async def expected_before(self, office_id: int, before: datetime) -> Sequence[Booking]:
        """Bookings still awaited whose slot started before ``before``."""
        ...

    async def erase_phones_before(self, office_id: int, before: datetime) -> int: ...
    async def staffing(self, office_id: int) -> Staffing: ...
    async def tally(
        self, office_ids: Sequence[int], first: date, last: date
    ) -> Mapping[BookingStatus, int]:
        """Bookings of the offices for the days first..last, by status."""
        ...


class ReportRepository(Protocol):
    async def scan(
        self,
        office_ids: Sequence[int],
        first: date,
        last: date,
        sink: Callable[[Iterable[TicketFact]], None],
    ) -> None:
        """Feed the offices' tickets of business days first..last to ``sink``, in batches."""
        ...

    async def pauses(
        self, office_ids: Sequence[int], start: datetime, end: datetime, now: datetime
    ) -> dict[int, list[tuple[datetime, datetime]]]:
        """The offices' air-raid pauses overlapping start..end (an open one ends ``now``)."""
        ...


@dataclass(frozen=True)
class CurrentTicket:
    """The ticket at a counter now, with the times its state began."""

    counter_id: int
    ticket_id: int
    service_id: int
    called_at: datetime | None
    started_at: datetime | None


@dataclass(frozen=True)
class CounterMark:
    """A counter's break began (``counter.paused``) or ended (``counter.resumed``)."""

    counter_id: int
    type: str
    at: datetime
    actor: str


class LoadRepository(Protocol):
    """What the manager's live load reads besides the board: one query each per office."""

    async def current_tickets(self, office_id: int) -> Mapping[int, CurrentTicket]:
        """The ticket at each of the office's counters that has one, by counter id."""
        ...

    async def last_released(self, office_id: int, since: datetime) -> Mapping[int, datetime]:
        """When each counter last became free since ``since``: its visitor finished, did
        not come, was redirected or set aside, or its break ended."""
        ...

    async def pause_marks(self, office_id: int, since: datetime) -> Sequence[CounterMark]:
        """The breaks begun and ended at the office's counters since ``since``, oldest first."""
        ...

    async def skills(self, user_ids: Sequence[int]) -> Mapping[int, frozenset[int]]:
        """The services each of these users has a skill for (any tier)."""
        ...


@dataclass(frozen=True)
class ExceptionDay:
    """A day with other hours than the week's: closed (no intervals), shorter or longer."""

    day: date
    intervals: tuple[tuple[int, int], ...] = ()  # minutes from local midnight
    note_uk: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class PrioritySetting:
    """A priority category as configured (the catalogue lists only the active ones)."""

    category: PriorityCategory
    active: bool = True
    position: int = 0


class ConfigRepository(Protocol):
    """What managers edit. Reads here include inactive users and every category."""

    async def save_office(self, office: Office) -> None:
        """Write names, addresses, time zone, weekly hours and the information line."""
        ...

    async def exceptions(self, office_id: int) -> Sequence[ExceptionDay]: ...
    async def put_exception(self, office_id: int, day: ExceptionDay) -> None: ...
    async def drop_exception(self, office_id: int, day: date) -> bool: ...
    async def category(self, category_id: int) -> Category: ...
    async def add_category(self, category: Category) -> int: ...
    async def save_category(self, category: Category) -> None: ...
    async def drop_category(self, category_id: int) -> bool:
        """Delete a sphere without services; False, and nothing deleted, if it has some."""
        ...

    async def add_service(self, service: Service) -> int: ...
    async def save_service(self, service: Service) -> None: ...
    async def counters(self, office_id: int) -> Sequence[Counter]: ...
    async def add_counter(self, counter: Counter) -> int: ...
    async def save_counter(self, counter: Counter) -> None:
        """Write number, names and zone (never who works there)."""
        ...

    async def counter_used(self, counter_id: int) -> bool:
        """Whether tickets or ratings refer to the counter."""
        ...

    async def drop_counter(self, counter_id: int) -> bool:
        """Delete a closed counter; False, and nothing deleted, if somebody opened it."""
        ...

    async def users(self, office_id: int) -> Sequence[User]:
        """The office's own users, inactive ones too, with their skills."""
        ...

    async def add_user(self, user: User) -> int: ...
    async def save_user(self, user: User) -> None:
        """Write name, roles, whether active, and the password hash."""
        ...

    async def set_skills(self, user_id: int, skills: Sequence[Skill]) -> None: ...
    async def end_sessions(self, user_id: int, keep: str | None = None) -> None:
        """Log the user out everywhere but the session whose token hash is ``keep``."""
        ...

    async def save_device(self, device: Device) -> None:
        """Write the device's name and zone."""
        ...

    async def priorities(self) -> Sequence[PrioritySetting]: ...
    async def add_priority(self, setting: PrioritySetting) -> None: ...
    async def save_priority(self, setting: PrioritySetting) -> None: ...
    async def changes(
        self, office_id: int, types: Sequence[str], limit: int
    ) -> Sequence[PublishedEvent]:
        """The office's latest events of these types, newest first."""
        ...

    async def display_names(self, user_ids: Sequence[int]) -> Mapping[int, str]: ...


class UnitOfWork(Protocol):
    """One transaction. Events of saved entities are logged at commit, published after it."""

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

    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def log(self, office_id: int, events: Sequence[Event], *, ticket: Ticket | None = None) -> None:
        """Add events (devices, configuration; of ``ticket`` when given, which is not
        changed itself, e.g. its rating) to this transaction's log."""
        ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, actor: str = "system", write: bool = True) -> UnitOfWork:
        """A new unit of work acting for ``actor``; ``write=False`` for read-only work."""
        ...


class IdempotencyRace(Exception):
    """Two requests with the same Idempotency-Key were stored at once; retry to read it."""
