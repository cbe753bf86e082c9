"""What a printed slip says: frozen dataclasses and the uk/en label table (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Language = Literal["uk", "en"]

#: Every label printed on a slip, in Ukrainian and English. Ukrainian is always shown first;
#: with language "en" the English label follows it ("Перед вами / People ahead").
LABELS: dict[str, dict[str, str]] = {
    "uk": {
        "ticket": "Ваш талон",
        "service": "Послуга",
        "issued": "Час",
        "ahead": "Перед вами",
        "estimate": "Очікування",
        "scan": "Стежте за чергою в телефоні",
        "referral": "Цю послугу надає",
        "address": "Адреса",
        "phone": "Телефон",
        "hours": "Графік",
    },
    "en": {
        "ticket": "Your ticket",
        "service": "Service",
        "issued": "Time",
        "ahead": "People ahead",
        "estimate": "Wait",
        "scan": "Follow the queue on your phone",
        "referral": "This service is provided by",
        "address": "Address",
        "phone": "Phone",
        "hours": "Hours",
    },
}


def label(key: str, language: Language) -> str:
    """Return the label for ``key``: Ukrainian, plus " / English" when language is "en"."""
    uk = LABELS["uk"][key]
    if language == "en":
        return f"{uk} / {LABELS['en'][key]}"
    return uk


def _check_language(language: str) -> None:
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, not {language!r}")


@dataclass(frozen=True, slots=True)
class TicketSlip:
    """A queue ticket as printed at the kiosk; deliberately has no field for a person's name."""

    office_name: str
    ticket_number: str
    service_name: str
    issued_at: datetime
    timezone: str
    people_ahead: int
    wait_estimate: str | None
    qr_url: str
    language: Language = "uk"
    priority_note: str | None = None
    #: A booked visitor's ticket: when they will be called (replaces people ahead).
    booking_note: str | None = None
    footer: str = ""

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.people_ahead < 0:
            raise ValueError("people_ahead must not be negative")
        if not self.ticket_number.strip():
            raise ValueError("ticket_number must not be empty")
        _check_language(self.language)


@dataclass(frozen=True, slots=True)
class ReferralSlip:
    """Where to go for a service this office does not provide."""

    office_name: str
    service_name: str
    provider: str
    address: str
    phone: str
    hours: str
    language: Language = "uk"
    footer: str = ""

    def __post_init__(self) -> None:
        _check_language(self.language)
