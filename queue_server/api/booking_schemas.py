"""The JSON of appointments: the public booking page's, the kiosk check-in's, reception's."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from queue_server.api.device_schemas import IssuedTicketOut
from queue_server.api.schemas import Language, Model, RowId, Text
from queue_server.domain.bookings import (
    STATUS_UK,
    BookingRules,
    Slot,
    format_code,
    slot_minutes,
)
from queue_server.domain.offices import Office
from queue_server.domain.services import Service
from queue_server.service.booking_desk import CheckedIn
from queue_server.service.bookings import BookingView, DayOffer
from queue_server.service.printing import IssuedTicket

Code = Annotated[
    str,
    Field(
        min_length=8,
        max_length=12,
        pattern=r"^[0-9][0-9 \-]{6,10}[0-9]$",
        description="The booking's 8 digits (spaces and dashes allowed)",
    ),
]


class BookIn(Model):
    office_id: RowId
    service_id: RowId
    start: datetime = Field(description="A free slot's start, as the slots list gives it")
    phone: Text = Field(
        default="", max_length=20, description="Optional, for reminders: +380XXXXXXXXX"
    )
    language: Language = "uk"


class MoveIn(Model):
    start: datetime = Field(description="A free slot's start of the same service")


class CheckInIn(Model):
    code: Code
    print: bool = Field(default=True, description="A kiosk prints the ticket if it can")


class BookingRulesIn(Model):
    enabled: bool | None = None
    horizon_days: int | None = Field(default=None, description="1-90 days ahead")
    opens_at: str | None = Field(
        default=None, pattern=r"^[0-9]{2}:[0-9]{2}$", description="HH:MM a new day opens"
    )
    early_min: int | None = Field(default=None, description="Check-in opens this early, 0-120")
    grace_min: int | None = Field(default=None, description="and closes this late, 0-60")
    live_share_pct: int | None = Field(default=None, description="Kept for the live queue")
    per_phone_month: int | None = Field(default=None, description="Bookings per phone a month")
    head_start_min: int | None = Field(default=None, description="Over the live queue, 0-240")
    contact_days: int | None = Field(default=None, description="Phones erased after, 1-365")

    def changes(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)


# --- responses -------------------------------------------------------------------------


class BookingOfficeOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    address_uk: str
    address_en: str
    horizon_days: int
    contact_days: int = Field(description="A phone number is erased this long after the visit")

    @classmethod
    def of(cls, office: Office, rules: BookingRules) -> BookingOfficeOut:
        return cls(
            id=office.id,
            name_uk=office.name_uk,
            name_en=office.name_en,
            address_uk=office.address_uk,
            address_en=office.address_en,
            horizon_days=rules.horizon_days,
            contact_days=rules.contact_days,
        )


class BookingServiceOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    description_uk: str
    description_en: str
    documents_uk: list[str]
    documents_en: list[str]
    minutes: int = Field(description="The length of one appointment")

    @classmethod
    def of(cls, s: Service) -> BookingServiceOut:
        return cls(
            id=s.id,
            name_uk=s.name_uk,
            name_en=s.name_en,
            description_uk=s.card.description_uk,
            description_en=s.card.description_en,
            documents_uk=list(s.card.documents_uk),
            documents_en=list(s.card.documents_en),
            minutes=slot_minutes(s.avg_service_min),
        )


class DayOut(BaseModel):
    day: date
    weekday: int = Field(description="0 Monday ... 6 Sunday")
    free: int

    @classmethod
    def of(cls, offer: DayOffer) -> DayOut:
        return cls(day=offer.day, weekday=offer.day.weekday(), free=offer.free)


class SlotOut(BaseModel):
    start: datetime = Field(description="With the office's UTC offset; send it back to book")
    time: str = Field(description="HH:MM, the office's local time")
    free: int

    @classmethod
    def of(cls, slot: Slot) -> SlotOut:
        return cls(start=slot.start, time=slot.start.strftime("%H:%M"), free=slot.free)


def _masked(phone: str) -> str:
    return f"{phone[:4]} •• ••• •{phone[-3]} {phone[-2:]}" if phone else ""


class BookingOut(BaseModel):
    """A booking as its holder sees it (by code) and as staff list it."""

    id: int
    code: str = Field(description="1234-5678, as printed and spoken")
    qr_text: str = Field(description="What the confirmation's QR code holds: the 8 digits")
    office: BookingOfficeOut
    service_id: int
    service_uk: str
    service_en: str
    start: datetime
    date: str = Field(description="DD.MM.YYYY, local")
    time: str = Field(description="HH:MM, local")
    status: str = Field(description="booked, arrived, late, cancelled or missed")
    status_uk: str
    check_in_from: datetime
    check_in_until: datetime
    phone: str = Field(description="Masked: the last digits only")
    ticket_id: int | None
    changeable: bool = Field(description="May still be cancelled or moved")

    @classmethod
    def of(cls, view: BookingView, now: datetime) -> BookingOut:
        b, office, rules = view.booking, view.office, view.rules
        local = office.local(b.start)
        return cls(
            id=b.id,
            code=format_code(b.code),
            qr_text=b.code,
            office=BookingOfficeOut.of(office, rules),
            service_id=view.service.id,
            service_uk=view.service.name_uk,
            service_en=view.service.name_en,
            start=local,
            date=local.strftime("%d.%m.%Y"),
            time=local.strftime("%H:%M"),
            status=b.status.value,
            status_uk=STATUS_UK[b.status],
            check_in_from=office.local(rules.check_in_opens(b.start)),
            check_in_until=office.local(rules.check_in_closes(b.start)),
            phone=_masked(b.phone),
            ticket_id=b.ticket_id,
            changeable=b.changeable(now),
        )


class StaffBookingOut(BookingOut):
    """A day's booking at reception: with its ticket's number once checked in."""

    ticket_number: str | None

    @classmethod
    def listed(cls, view: BookingView, now: datetime) -> StaffBookingOut:
        base = BookingOut.of(view, now).model_dump()
        return cls.model_validate(base | {"ticket_number": view.ticket_number})


class CheckInOut(IssuedTicketOut):
    """The ticket a booking became at the kiosk."""

    booking: BookingOut
    late: bool = Field(description="After the grace period: a normal live ticket")

    @classmethod
    def checked_in(cls, issued: IssuedTicket, checked: CheckedIn, now: datetime) -> CheckInOut:
        base = IssuedTicketOut.issued(issued).model_dump()
        booking = BookingOut.of(checked.view, now)
        return cls.model_validate(base | {"booking": booking, "late": checked.late})


class BookingRulesOut(BaseModel):
    enabled: bool
    horizon_days: int
    opens_at: str
    early_min: int
    grace_min: int
    live_share_pct: int
    per_phone_month: int
    head_start_min: int
    contact_days: int

    @classmethod
    def of(cls, rules: BookingRules) -> BookingRulesOut:
        return cls.model_validate(rules.to_dict())
