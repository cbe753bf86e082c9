"""The database schema as typed SQLAlchemy models (Alembic migrations are made from these).

Rows are storage only: repositories turn them into domain entities and back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC on every database (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class OfficeRow(Base):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_uk: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    address_uk: Mapped[str] = mapped_column(String(300), default="")
    address_en: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Kyiv")
    schedule: Mapped[dict[str, Any]] = mapped_column(default=dict)
    event_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    paused_since: Mapped[datetime | None] = mapped_column(nullable=True)
    # The information line of the hall displays.
    info_uk: Mapped[str] = mapped_column(Text, default="", server_default="")
    info_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Appointment settings (domain.bookings.BookingRules.to_dict); None: the defaults.
    booking: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)


class OfficeExceptionRow(Base):
    """An exception day: a holiday (no intervals) or a shortened/extended day."""

    __tablename__ = "office_exceptions"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    intervals: Mapped[list[Any]] = mapped_column(default=list)
    note_uk: Mapped[str] = mapped_column(String(200), default="")
    note_en: Mapped[str] = mapped_column(String(200), default="")


class CategoryRow(Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name_uk: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    icon: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ServiceRow(Base):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(4))
    name_uk: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    card: Mapped[dict[str, Any]] = mapped_column(default=dict)
    referral: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_wait_min: Mapped[int] = mapped_column(Integer, default=15)
    avg_service_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    popular: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Offered for appointments on the booking page.
    bookable: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class PriorityCategoryRow(Base):
    __tablename__ = "priority_categories"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_uk: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    head_start_min: Mapped[int] = mapped_column(Integer, default=20)
    document_check: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("offices.id", ondelete="SET NULL"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)


class SkillRow(Base):
    __tablename__ = "skills"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    tier: Mapped[str] = mapped_column(String(16), default="primary")


class SessionRow(Base):
    """A login session; only the SHA-256 of its token is stored."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class DeviceRow(Base):
    """A kiosk, display or rating pad; only the SHA-256 of its token is stored."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A kiosk's receipt printer: {"url", "codepage", "codepage_table", "paper_mm", "raster"}.
    printer: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    printer_status: Mapped[str] = mapped_column(
        String(16), default="unknown", server_default="unknown"
    )
    printer_checked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A display's zone: it shows and speaks only the calls of that zone's windows.
    zone: Mapped[str] = mapped_column(String(32), default="", server_default="")


class CounterRow(Base):
    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name_uk: Mapped[str] = mapped_column(String(100), default="")
    name_en: Mapped[str] = mapped_column(String(100), default="")
    zone: Mapped[str] = mapped_column(String(32), default="")
    # One operator at one counter: the unique index enforces it under any concurrency.
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    current_ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    paused_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(nullable=True)
    opened_at: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # call-next: waiting tickets of an office in virtual-arrival order
        Index("ix_tickets_office_status_queue_key", "office_id", "status", "queue_key"),
        # wait estimates: the latest finished services of a service
        Index("ix_tickets_service_status_finished_at", "service_id", "status", "finished_at"),
        Index("ix_tickets_office_business_day", "office_id", "business_day"),
        # a kiosk's rate limit: its tickets of the last minute
        Index("ix_tickets_issued_by_issued_at", "issued_by", "issued_at"),
        # a rating pad: the ticket just finished at its window
        Index("ix_tickets_counter_id_finished_at", "counter_id", "finished_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    number: Mapped[str] = mapped_column(String(16))
    business_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(64), nullable=True)
    head_start_s: Mapped[int] = mapped_column(Integer, default=0)
    queue_key: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8), default="uk")
    note: Mapped[str] = mapped_column(Text, default="")
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    target_operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    issued_at: Mapped[datetime]
    arrived_at: Mapped[datetime]
    called_at: Mapped[datetime | None] = mapped_column(nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    redirect_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    track_token: Mapped[str] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    issued_by: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Reception saw the priority document, so the window need not ask again.
    document_seen: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A booked visitor who checked in in time: the slot, before which the ticket waits.
    booked_for: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class DailyCounterRow(Base):
    """Per office and business day counters: ticket numbers per prefix, daily caps."""

    __tablename__ = "daily_counters"

    office_id: Mapped[int] = mapped_column(
        ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class EventRow(Base):
    """The append-only log; ``seq`` is per office and follows commit order."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("office_id", "seq"),
        # a window's day: its pauses and calls
        Index("ix_events_counter_id_at", "counter_id", "at"),
        # reports: the office's air-raid pauses; the manager's change log
        Index("ix_events_office_id_type_at", "office_id", "type", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    ticket_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    counter_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PrintJobRow(Base):
    """One slip for one kiosk's printer, with how it went."""

    __tablename__ = "print_jobs"
    __table_args__ = (
        # a print agent's next job; a kiosk's jobs of the last minute
        Index("ix_print_jobs_device_status_id", "device_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    slip: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32), default="")
    requested_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)


class AlertRow(Base):
    """Something reception must see to: a help request, a printer that cannot print."""

    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_office_acknowledged_at", "office_id", "acknowledged_at"),
        # One open alert per device and kind, however many workers notice the problem.
        Index(
            "uq_alerts_open_device_kind",
            "device_id",
            "kind",
            unique=True,
            sqlite_where=text("acknowledged_at IS NULL"),
            postgresql_where=text("acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(200), default="")
    raised_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None] = mapped_column(nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(40), nullable=True)


class RatingRow(Base):
    """One visitor's rating of one finished ticket, and its review."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_office_created_at", "office_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    score: Mapped[int] = mapped_column(Integer)
    recommend: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)


class BookingRow(Base):
    """An appointment: an office, a service and a time, with its code (no name)."""

    __tablename__ = "bookings"
    __table_args__ = (
        # a slot's bookings; a day's list for reception
        Index("ix_bookings_service_id_start", "service_id", "start"),
        Index("ix_bookings_office_id_day", "office_id", "day"),
        # the no-show sweep: bookings still expected
        Index("ix_bookings_status_start", "status", "start"),
        Index("ix_bookings_phone", "phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    start: Mapped[datetime]
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(16), default="")
    language: Mapped[str] = mapped_column(String(8), default="uk")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
