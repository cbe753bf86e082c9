"""The JSON contract of /api/v1: request bodies and responses, and their builders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from queue_server.domain.counters import Counter
from queue_server.domain.offices import Office
from queue_server.domain.services import PriorityCategory, Service
from queue_server.domain.tickets import Outcome
from queue_server.domain.users import DeviceKind
from queue_server.service.ports import Device
from queue_server.service.printing import printer_view
from queue_server.service.queries import Catalog, QueueSnapshot
from queue_server.service.tickets import TicketInfo

Language = Literal["uk", "en"]
MAX_ID = 2_147_483_647


def _printable(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(_printable)]
RowId = Annotated[int, Field(gt=0, le=MAX_ID)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- requests ------------------------------------------------------------------------


class LoginIn(Model):
    username: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=200)


class TicketIn(Model):
    service_id: RowId
    priority: Text | None = Field(default=None, max_length=64, description="Priority category code")
    language: Language = "uk"
    note: Text = Field(default="", max_length=500)
    print: bool = Field(
        default=False, description="At a kiosk: print the ticket on the kiosk's printer."
    )
    document_seen: bool = Field(
        default=False, description="Reception saw the priority document (staff only)"
    )


class FinishIn(Model):
    outcome: Outcome
    note: Text = Field(default="", max_length=1000, description="Required for a refusal")


class RedirectIn(Model):
    service_id: RowId | None = None
    counter_id: RowId | None = None
    operator_id: RowId | None = None
    keep_arrival: bool = True
    note: Text = Field(default="", max_length=1000)


class PauseIn(Model):
    reason: Text = Field(min_length=1, max_length=200)


class CancelIn(Model):
    reason: Text = Field(default="", max_length=500)


class DeviceIn(Model):
    kind: DeviceKind
    name: Text = Field(min_length=1, max_length=200)


# --- responses -----------------------------------------------------------------------


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    roles: list[str]
    office_id: int | None


class LoginOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"
    csrf_token: str = Field(description="X-CSRF-Token of a browser using the session cookie.")
    expires_in: int
    user: UserOut


class OfficeOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    address_uk: str
    address_en: str
    timezone: str
    open_now: bool
    next_opening: datetime | None
    paused_since: datetime | None = None
    schedule: dict[str, list[list[str]]]

    @classmethod
    def of(cls, office: Office, now: datetime) -> OfficeOut:
        is_open = office.is_open(now)
        return cls(
            id=office.id,
            name_uk=office.name_uk,
            name_en=office.name_en,
            address_uk=office.address_uk,
            address_en=office.address_en,
            timezone=office.timezone,
            open_now=is_open,
            next_opening=None if is_open else office.next_opening(now),
            paused_since=office.paused_since,
            schedule=office.schedule.to_dict(),
        )


class CardOut(BaseModel):
    description_uk: str
    description_en: str
    documents_uk: list[str]
    documents_en: list[str]
    fee_uk: str
    fee_en: str
    term_uk: str
    term_en: str
    legal_basis_uk: str
    legal_basis_en: str


class ReferralOut(BaseModel):
    body_uk: str
    body_en: str
    address_uk: str
    address_en: str
    phone: str
    hours_uk: str
    hours_en: str


class ServiceOut(BaseModel):
    id: int
    code: str
    prefix: str
    name_uk: str
    name_en: str
    popular: bool
    active: bool
    daily_cap: int | None
    tickets_left: int | None = Field(
        default=None, description="Tickets left today under the daily cap (null: no cap)"
    )
    target_wait_min: int
    card: CardOut
    referral: ReferralOut | None

    @classmethod
    def of(cls, s: Service, tickets_left: int | None = None) -> ServiceOut:
        return cls(
            tickets_left=tickets_left,
            id=s.id,
            code=s.code,
            prefix=s.prefix,
            name_uk=s.name_uk,
            name_en=s.name_en,
            popular=s.popular,
            active=s.active,
            daily_cap=s.daily_cap,
            target_wait_min=s.target_wait_min,
            card=CardOut.model_validate(s.card, from_attributes=True),
            referral=ReferralOut.model_validate(s.referral, from_attributes=True)
            if s.referral
            else None,
        )


class CategoryOut(BaseModel):
    id: int
    code: str
    name_uk: str
    name_en: str
    icon: str
    services: list[ServiceOut]


class PriorityOut(BaseModel):
    code: str
    name_uk: str
    name_en: str
    head_start_min: int
    document_check: bool

    @classmethod
    def of(cls, p: PriorityCategory) -> PriorityOut:
        return cls.model_validate(p, from_attributes=True)


class CatalogOut(BaseModel):
    office: OfficeOut
    categories: list[CategoryOut]
    priorities: list[PriorityOut]

    @classmethod
    def of(cls, catalog: Catalog, now: datetime) -> CatalogOut:
        return cls(
            office=OfficeOut.of(catalog.office, now),
            categories=[
                CategoryOut(
                    id=c.id,
                    code=c.code,
                    name_uk=c.name_uk,
                    name_en=c.name_en,
                    icon=c.icon,
                    services=[
                        ServiceOut.of(s, catalog.tickets_left.get(s.id))
                        for s in catalog.services_of(c.id)
                    ],
                )
                for c in catalog.categories
            ],
            priorities=[PriorityOut.of(p) for p in catalog.priorities],
        )


class ServiceRef(BaseModel):
    id: int
    code: str
    name_uk: str
    name_en: str


class EstimateOut(BaseModel):
    low_min: int
    high_min: int
    text_uk: str
    text_en: str


class TrackOut(BaseModel):
    """What anyone holding the ticket's QR code may see: nothing personal."""

    number: str
    status: str
    service: ServiceRef
    position: int
    estimate: EstimateOut | None
    counter_number: int | None
    issued_at: datetime
    called_at: datetime | None

    @classmethod
    def fields_of(cls, info: TicketInfo) -> dict[str, object]:
        t = info.ticket
        return {
            "number": t.number,
            "status": t.status.value,
            "service": ServiceRef(
                id=info.service.id,
                code=info.service.code,
                name_uk=info.service.name_uk,
                name_en=info.service.name_en,
            ),
            "position": info.position,
            "estimate": EstimateOut(
                low_min=info.estimate.low_min,
                high_min=info.estimate.high_min,
                text_uk=info.estimate.text("uk"),
                text_en=info.estimate.text("en"),
            )
            if info.estimate
            else None,
            "counter_number": info.counter_number,
            "issued_at": t.issued_at,
            "called_at": t.called_at,
        }

    @classmethod
    def of(cls, info: TicketInfo) -> TrackOut:
        return cls.model_validate(cls.fields_of(info))


class TicketOut(TrackOut):
    """A ticket as staff and the issuing kiosk see it."""

    id: int
    office_id: int
    track_token: str
    priority: str | None
    language: str
    note: str
    counter_id: int | None
    operator_id: int | None
    target_counter_id: int | None
    target_operator_id: int | None
    started_at: datetime | None
    finished_at: datetime | None
    recall_count: int
    outcome: str | None
    outcome_note: str
    document_seen: bool
    issued_by_kiosk: bool
    booked_for: datetime | None = Field(
        description="A booked visitor's slot: the ticket is called at this time"
    )

    @classmethod
    def of(cls, info: TicketInfo) -> TicketOut:
        t = info.ticket
        return cls.model_validate(
            cls.fields_of(info)
            | {
                "id": t.id,
                "office_id": t.office_id,
                "track_token": t.track_token,
                "priority": t.priority,
                "language": t.language,
                "note": t.note,
                "counter_id": t.counter_id,
                "operator_id": t.operator_id,
                "target_counter_id": t.target_counter_id,
                "target_operator_id": t.target_operator_id,
                "started_at": t.started_at,
                "finished_at": t.finished_at,
                "recall_count": t.recall_count,
                "outcome": t.outcome.value if t.outcome else None,
                "outcome_note": t.outcome_note,
                "document_seen": t.document_seen,
                "issued_by_kiosk": t.issued_by.startswith("device:"),
                "booked_for": t.booked_for,
            }
        )


class CounterOut(BaseModel):
    id: int
    office_id: int
    number: int
    name_uk: str
    name_en: str
    zone: str
    state: str
    operator_id: int | None
    current_ticket_id: int | None
    paused_reason: str | None
    paused_at: datetime | None

    @classmethod
    def of(cls, c: Counter) -> CounterOut:
        return cls(
            id=c.id,
            office_id=c.office_id,
            number=c.number,
            name_uk=c.name_uk,
            name_en=c.name_en,
            zone=c.zone,
            state=c.state.value,
            operator_id=c.operator_id,
            current_ticket_id=c.current_ticket_id,
            paused_reason=c.paused_reason,
            paused_at=c.paused_at,
        )


class QueueLineOut(BaseModel):
    service: ServiceRef
    waiting: int
    longest_wait_s: int
    target_wait_min: int
    above_target: bool


class BoardCounterOut(CounterOut):
    operator_name: str | None
    ticket_number: str | None
    ticket_status: str | None


class CallOut(BaseModel):
    ticket_id: int
    number: str
    counter_id: int
    counter_number: int
    at: datetime


class QueueOut(BaseModel):
    office_id: int
    at: datetime
    paused_since: datetime | None = Field(
        default=None, description="Air-raid pause: since when nobody is called"
    )
    waiting_total: int
    services: list[QueueLineOut]
    counters: list[BoardCounterOut]
    recent_calls: list[CallOut]

    @classmethod
    def of(cls, snap: QueueSnapshot) -> QueueOut:
        return cls(
            office_id=snap.office.id,
            at=snap.at,
            paused_since=snap.office.paused_since,
            waiting_total=sum(line.waiting for line in snap.lines),
            services=[
                QueueLineOut(
                    service=ServiceRef(
                        id=line.service.id,
                        code=line.service.code,
                        name_uk=line.service.name_uk,
                        name_en=line.service.name_en,
                    ),
                    waiting=line.waiting,
                    longest_wait_s=line.longest_wait_s,
                    target_wait_min=line.service.target_wait_min,
                    above_target=line.above_target,
                )
                for line in snap.lines
            ],
            counters=[
                BoardCounterOut(
                    **CounterOut.of(v.counter).model_dump(),
                    operator_name=v.operator_name if snap.show_names else None,
                    ticket_number=v.ticket_number,
                    ticket_status=v.ticket_status,
                )
                for v in snap.counters
            ],
            recent_calls=[
                CallOut.model_validate(c, from_attributes=True) for c in snap.recent_calls
            ],
        )


class PrinterOut(BaseModel):
    """A kiosk's printer: its settings and whether it can print now."""

    url: str
    codepage: str
    codepage_table: int | None
    paper_mm: int
    raster: bool
    status: str = Field(description="ok, paper_low, paper_out, offline or unknown")
    can_print: bool
    checked_at: datetime | None

    @classmethod
    def of(cls, d: Device, now: datetime) -> PrinterOut | None:
        if d.printer is None:
            return None
        view = printer_view(d, now)
        return cls(
            url=d.printer.url,
            codepage=d.printer.codepage,
            codepage_table=d.printer.codepage_table,
            paper_mm=d.printer.paper_mm,
            raster=d.printer.raster,
            status=view.status,
            can_print=view.can_print,
            checked_at=d.printer_state.checked_at,
        )


class DeviceOut(BaseModel):
    id: int
    office_id: int
    kind: str
    name: str
    revoked: bool
    last_seen_at: datetime | None = None
    online: bool = Field(default=False, description="Seen within three heartbeats")
    printer: PrinterOut | None = None

    @classmethod
    def of(cls, d: Device, now: datetime | None = None, heartbeat_s: float = 10) -> DeviceOut:
        online = bool(
            now and d.last_seen_at and (now - d.last_seen_at).total_seconds() < 3 * heartbeat_s
        )
        return cls(
            id=d.id,
            office_id=d.office_id,
            kind=d.kind.value,
            name=d.name,
            revoked=d.revoked,
            last_seen_at=d.last_seen_at,
            online=online and not d.revoked,
            printer=PrinterOut.of(d, now) if now else None,
        )


class DeviceIssuedOut(DeviceOut):
    token: str = Field(description="Shown once: configure it on the device now.")
