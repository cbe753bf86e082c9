"""The JSON contract of the manager's configuration API (``/api/v1/config/...``).

Field limits keep every value within what the database stores, so no input reaches it
malformed; the rules of a change (prefixes, ranges, uniqueness, who may grant what) are
the use cases', which explain a refusal in Ukrainian and English. In a PATCH body a field
left out keeps its value; ``null`` clears the fields that may be empty (daily cap,
average time, referral) and is ignored for the others.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from queue_server.api.schemas import (
    CardOut,
    Model,
    PrinterOut,
    ReferralOut,
    RowId,
    Text,
)
from queue_server.domain.counters import Counter
from queue_server.domain.offices import format_hhmm
from queue_server.domain.services import Category, InfoCard, Referral, Service
from queue_server.domain.users import Role, Skill, Tier, User
from queue_server.service.config import ChangeRecord, OfficeConfig, OfficeSettings
from queue_server.service.ports import Device, ExceptionDay, PrioritySetting

MAX_NUMBER = 1_000_000  # beyond any rule: the use cases say what the real range is
Name = Annotated[Text, Field(max_length=200)]
Long = Annotated[Text, Field(max_length=2000)]
Short = Annotated[Text, Field(max_length=200)]
Code = Annotated[Text, Field(max_length=64, description="Latin letters, digits, - _ .")]
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
HHMM = Annotated[str, Field(min_length=1, max_length=5, examples=["08:00"])]
Interval = Annotated[list[HHMM], Field(min_length=2, max_length=2)]
Intervals = Annotated[list[Interval], Field(max_length=12)]
Documents = Annotated[list[Long], Field(max_length=50)]


def given(model: BaseModel, nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields the request set; ``null`` only for those that may be empty."""
    data = {name: getattr(model, name) for name in model.model_fields_set}
    return {k: v for k, v in data.items() if v is not None or k in nullable}


# --- requests --------------------------------------------------------------------------


class OfficePatch(Model):
    name_uk: Name | None = None
    name_en: Name | None = None
    address_uk: Annotated[Text, Field(max_length=300)] | None = None
    address_en: Annotated[Text, Field(max_length=300)] | None = None
    timezone: Annotated[str, Field(max_length=64, examples=["Europe/Kyiv"])] | None = None
    schedule: (
        Annotated[
            dict[Annotated[str, Field(max_length=3)], Intervals],
            Field(max_length=7, description='The whole week: {"mon": [["08:00", "17:00"]]}'),
        ]
        | None
    ) = None
    info_uk: Long | None = Field(default=None, description="The displays' information line")
    info_en: Long | None = None


class ExceptionIn(Model):
    intervals: Intervals = Field(default_factory=list, description="Empty: closed that day")
    note_uk: Short = ""
    note_en: Short = ""


class CategoryIn(Model):
    code: Code
    name_uk: Name
    name_en: Name = ""
    icon: Annotated[Text, Field(max_length=64)] = ""
    position: Count = 0


class CategoryPatch(Model):
    code: Code | None = None
    name_uk: Name | None = None
    name_en: Name | None = None
    icon: Annotated[Text, Field(max_length=64)] | None = None
    position: Count | None = None


class CardIn(Model):
    description_uk: Long = ""
    description_en: Long = ""
    documents_uk: Documents = Field(default_factory=list)
    documents_en: Documents = Field(default_factory=list)
    fee_uk: Long = ""
    fee_en: Long = ""
    term_uk: Long = ""
    term_en: Long = ""
    legal_basis_uk: Long = ""
    legal_basis_en: Long = ""

    def domain(self) -> InfoCard:
        data = self.model_dump()
        for key in ("documents_uk", "documents_en"):
            data[key] = tuple(data[key])
        return InfoCard(**data)


class ReferralIn(Model):
    body_uk: Annotated[Text, Field(min_length=1, max_length=500)]
    body_en: Annotated[Text, Field(max_length=500)] = ""
    address_uk: Annotated[Text, Field(max_length=500)] = ""
    address_en: Annotated[Text, Field(max_length=500)] = ""
    phone: Annotated[Text, Field(max_length=100)] = ""
    hours_uk: Annotated[Text, Field(max_length=500)] = ""
    hours_en: Annotated[Text, Field(max_length=500)] = ""

    def domain(self) -> Referral:
        return Referral(**self.model_dump())


class ServicePatch(Model):
    category_id: RowId | None = None
    code: Code | None = None
    prefix: Annotated[Text, Field(max_length=8, description="1-4 Ukrainian letters")] | None = None
    name_uk: Annotated[Text, Field(max_length=300)] | None = None
    name_en: Annotated[Text, Field(max_length=300)] | None = None
    card: CardIn | None = Field(default=None, description="Replaced whole")
    referral: ReferralIn | None = Field(
        default=None, description="Where to go instead (replaced whole); null: none"
    )
    daily_cap: Count | None = Field(default=None, description="1-100000; null: no cap")
    target_wait_min: Count | None = Field(default=None, description="1-240")
    avg_service_min: Count | None = Field(default=None, description="1-240; null: unknown")
    active: bool | None = None
    popular: bool | None = None
    position: Count | None = None
    bookable: bool | None = Field(default=None, description="Offered on the booking page")

    def fields(self) -> dict[str, Any]:
        values = given(self, frozenset({"referral", "daily_cap", "avg_service_min"}))
        for key in ("card", "referral"):
            if values.get(key) is not None:
                values[key] = values[key].domain()
        return values


class ServiceIn(ServicePatch):
    category_id: RowId
    code: Code
    prefix: Annotated[Text, Field(max_length=8, description="1-4 Ukrainian letters")]
    name_uk: Annotated[Text, Field(max_length=300)]
    target_wait_min: Count = Field(default=15, description="1-240")


class CounterPatch(Model):
    number: Count | None = Field(default=None, description="1-999, spoken on the displays")
    name_uk: Annotated[Text, Field(max_length=100)] | None = None
    name_en: Annotated[Text, Field(max_length=100)] | None = None
    zone: Annotated[Text, Field(max_length=32)] | None = None


class CounterIn(CounterPatch):
    number: Count = Field(description="1-999, spoken on the displays")


class UserPatch(Model):
    display_name: Name | None = None
    roles: Annotated[list[Role], Field(min_length=1, max_length=4)] | None = None
    active: bool | None = None
    password: Annotated[str, Field(max_length=200, description="At least 8 characters")] | None = (
        None
    )

    def fields(self) -> dict[str, Any]:
        values = given(self)
        values.pop("password", None)
        if "roles" in values:
            values["roles"] = frozenset(values["roles"])
        return values


class UserIn(Model):
    username: Annotated[str, Field(max_length=64)]
    display_name: Name
    password: Annotated[str, Field(max_length=200, description="At least 8 characters")]
    roles: Annotated[list[Role], Field(min_length=1, max_length=4)]
    active: bool = True


class SkillIn(Model):
    service_id: RowId
    tier: Tier = Tier.PRIMARY


class SkillsIn(Model):
    skills: Annotated[list[SkillIn], Field(max_length=1000)]

    def domain(self) -> list[Skill]:
        return [Skill(s.service_id, s.tier) for s in self.skills]


class DevicePatch(Model):
    name: Annotated[Text, Field(max_length=200)] | None = None
    zone: Annotated[Text, Field(max_length=32, description='"" shows every window')] | None = None


class PriorityPatch(Model):
    name_uk: Annotated[Text, Field(max_length=300)] | None = None
    name_en: Annotated[Text, Field(max_length=300)] | None = None
    head_start_min: Count | None = Field(default=None, description="0-240")
    document_check: bool | None = None
    active: bool | None = None
    position: Count | None = None


class PriorityIn(PriorityPatch):
    code: Code
    name_uk: Annotated[Text, Field(max_length=300)]
    head_start_min: Count = Field(default=20, description="0-240")


# --- responses -------------------------------------------------------------------------


def _intervals(pairs: tuple[tuple[int, int], ...]) -> list[list[str]]:
    return [[format_hhmm(a), format_hhmm(b)] for a, b in pairs]


class ExceptionOut(BaseModel):
    day: date
    intervals: list[list[str]]
    note_uk: str
    note_en: str

    @classmethod
    def of(cls, e: ExceptionDay) -> ExceptionOut:
        return cls(
            day=e.day, intervals=_intervals(e.intervals), note_uk=e.note_uk, note_en=e.note_en
        )


class OfficeSettingsOut(BaseModel):
    id: int
    name_uk: str
    name_en: str
    address_uk: str
    address_en: str
    timezone: str
    schedule: dict[str, list[list[str]]]
    exceptions: list[ExceptionOut]
    info_uk: str
    info_en: str

    @classmethod
    def of(cls, s: OfficeSettings) -> OfficeSettingsOut:
        o = s.office
        return cls(
            id=o.id,
            name_uk=o.name_uk,
            name_en=o.name_en,
            address_uk=o.address_uk,
            address_en=o.address_en,
            timezone=o.timezone,
            schedule=o.schedule.to_dict(),
            exceptions=[ExceptionOut.of(e) for e in s.exceptions],
            info_uk=o.info_uk,
            info_en=o.info_en,
        )


class CategoryConfigOut(BaseModel):
    id: int
    code: str
    name_uk: str
    name_en: str
    icon: str
    position: int

    @classmethod
    def of(cls, c: Category) -> CategoryConfigOut:
        return cls.model_validate(c, from_attributes=True)


class ServiceConfigOut(BaseModel):
    id: int
    category_id: int
    code: str
    prefix: str
    name_uk: str
    name_en: str
    card: CardOut
    referral: ReferralOut | None
    daily_cap: int | None
    target_wait_min: int
    avg_service_min: int | None
    active: bool
    popular: bool
    position: int
    bookable: bool

    @classmethod
    def of(cls, s: Service) -> ServiceConfigOut:
        return cls.model_validate(s, from_attributes=True)


class CounterConfigOut(BaseModel):
    id: int
    number: int
    name_uk: str
    name_en: str
    zone: str

    @classmethod
    def of(cls, c: Counter) -> CounterConfigOut:
        return cls.model_validate(c, from_attributes=True)


class SkillOut(BaseModel):
    service_id: int
    tier: str


class UserConfigOut(BaseModel):
    id: int
    username: str
    display_name: str
    roles: list[str]
    active: bool
    skills: list[SkillOut]

    @classmethod
    def of(cls, u: User) -> UserConfigOut:
        return cls(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            roles=sorted(r.value for r in u.roles),
            active=u.active,
            skills=[SkillOut(service_id=s.service_id, tier=s.tier.value) for s in u.skills],
        )


class DeviceConfigOut(BaseModel):
    id: int
    kind: str
    name: str
    zone: str
    revoked: bool
    last_seen_at: datetime | None
    printer: PrinterOut | None

    @classmethod
    def of(cls, d: Device, now: datetime) -> DeviceConfigOut:
        return cls(
            id=d.id,
            kind=d.kind.value,
            name=d.name,
            zone=d.zone,
            revoked=d.revoked,
            last_seen_at=d.last_seen_at,
            printer=PrinterOut.of(d, now),
        )


class PriorityConfigOut(BaseModel):
    code: str
    name_uk: str
    name_en: str
    head_start_min: int
    document_check: bool
    active: bool
    position: int

    @classmethod
    def of(cls, p: PrioritySetting) -> PriorityConfigOut:
        return cls(**dataclasses.asdict(p.category), active=p.active, position=p.position)


class OfficeConfigOut(BaseModel):
    office: OfficeSettingsOut
    categories: list[CategoryConfigOut]
    services: list[ServiceConfigOut]
    counters: list[CounterConfigOut]
    users: list[UserConfigOut]
    devices: list[DeviceConfigOut]
    priorities: list[PriorityConfigOut]

    @classmethod
    def of(cls, c: OfficeConfig, now: datetime) -> OfficeConfigOut:
        return cls(
            office=OfficeSettingsOut.of(c.settings),
            categories=[CategoryConfigOut.of(x) for x in c.categories],
            services=[ServiceConfigOut.of(x) for x in c.services],
            counters=[CounterConfigOut.of(x) for x in c.counters],
            users=[UserConfigOut.of(x) for x in c.users],
            devices=[DeviceConfigOut.of(x, now) for x in c.devices],
            priorities=[PriorityConfigOut.of(x) for x in c.priorities],
        )


class ChangeOut(BaseModel):
    at: datetime
    actor: str = Field(description='"user:7", "device:3" or "system"')
    actor_name: str | None = Field(description="The user's display name")
    entity: str = Field(description="office, exception, category, service, counter, ...")
    entity_id: str
    action: str = Field(description="created, updated, deleted, registered, revoked, ...")
    changes: dict[str, Any] = Field(description="Changed fields and their new values")

    @classmethod
    def of(cls, c: ChangeRecord) -> ChangeOut:
        return cls.model_validate(c, from_attributes=True)
