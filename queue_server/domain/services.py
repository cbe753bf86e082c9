"""Spheres (categories), services with their information cards, priority categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from queue_server.domain.errors import ServiceUnavailable


@dataclass(frozen=True)
class InfoCard:
    """The service's information card, as the visitor reads it before taking a ticket."""

    description_uk: str = ""
    description_en: str = ""
    documents_uk: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()
    fee_uk: str = ""
    fee_en: str = ""
    term_uk: str = ""
    term_en: str = ""
    legal_basis_uk: str = ""
    legal_basis_en: str = ""


@dataclass(frozen=True)
class Referral:
    """Where to go for a service the centre does not provide (targeted redirection)."""

    body_uk: str
    body_en: str
    address_uk: str = ""
    address_en: str = ""
    phone: str = ""
    hours_uk: str = ""
    hours_en: str = ""


@dataclass
class Category:
    """A sphere: a group of services shown as one tile on the kiosk."""

    id: int
    office_id: int
    code: str
    name_uk: str
    name_en: str
    icon: str = ""
    position: int = 0


@dataclass
class Service:
    """What a visitor comes for; has a ticket prefix and an information card."""

    id: int
    office_id: int
    category_id: int
    code: str
    prefix: str
    name_uk: str
    name_en: str
    card: InfoCard = field(default_factory=InfoCard)
    referral: Referral | None = None
    daily_cap: int | None = None
    target_wait_min: int = 15
    avg_service_min: int | None = None
    active: bool = True
    popular: bool = False
    position: int = 0
    bookable: bool = False  # offered on the booking page

    def ensure_issuable(self) -> None:
        """Raise unless a ticket may be issued for this service."""
        if self.referral is not None:
            raise ServiceUnavailable(
                service_uk=self.name_uk,
                service_en=self.name_en,
                reason_uk=f"її надає {self.referral.body_uk}.",
                reason_en=f"it is provided by {self.referral.body_en}.",
            )
        if not self.active:
            raise ServiceUnavailable(
                service_uk=self.name_uk,
                service_en=self.name_en,
                reason_uk="її тимчасово не надають. Зверніться до рецепції.",
                reason_en="it is temporarily suspended. Please ask at reception.",
            )


#: The day's counter of tickets issued for a capped service is "cap:<service id>".
CAP_COUNTER_PREFIX = "cap:"


def cap_counter(service_id: int) -> str:
    return f"{CAP_COUNTER_PREFIX}{service_id}"


@dataclass(frozen=True)
class PriorityCategory:
    """A category of visitors served out of turn (позачергово), with its head start."""

    code: str
    name_uk: str
    name_en: str
    head_start_min: int = 20
    document_check: bool = True

    @property
    def head_start(self) -> timedelta:
        return timedelta(minutes=self.head_start_min)
