"""The JSON contract of ratings, feedback review and the daily digest."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from queue_server.api.schemas import Model, ServiceRef, Text, TrackOut
from queue_server.domain.ratings import Rating, RatingInput
from queue_server.domain.services import Service
from queue_server.domain.tickets import Ticket
from queue_server.domain.users import User
from queue_server.service.phone import PhoneView
from queue_server.service.ratings import Digest, FeedbackItem, Tally


class RatingIn(Model):
    score: int = Field(ge=1, le=5, description="Five faces: 1 (very bad) to 5 (very good)")
    recommend: int | None = Field(
        default=None, ge=0, le=10, description="How likely to recommend the centre, 0–10"
    )
    comment: Text = Field(default="", max_length=1000)
    complaint: bool = Field(default=False, description="A complaint (needs a comment)")

    def given(self) -> RatingInput:
        return RatingInput(
            score=self.score,
            recommend=self.recommend,
            comment=self.comment,
            complaint=self.complaint,
        )


class RatingOut(BaseModel):
    score: int
    recommend: int | None
    complaint: bool
    source: str
    created_at: datetime

    @classmethod
    def of(cls, r: Rating) -> RatingOut:
        return cls(
            score=r.score,
            recommend=r.recommend,
            complaint=r.complaint,
            source=r.source.value,
            created_at=r.created_at,
        )


class TrackRatingOut(BaseModel):
    """Whether the visitor may still rate, and their rating if they did."""

    rated: bool
    rating: RatingOut | None


class PromptOut(BaseModel):
    """The ticket a rating pad asks about."""

    ticket_id: int
    number: str
    finished_at: datetime | None
    service: ServiceRef

    @classmethod
    def of(cls, t: Ticket, s: Service) -> PromptOut:
        return cls(
            ticket_id=t.id,
            number=t.number,
            finished_at=t.finished_at,
            service=ServiceRef(id=s.id, code=s.code, name_uk=s.name_uk, name_en=s.name_en),
        )


Status = Literal["new", "in_review", "answered"]


class FeedbackOut(BaseModel):
    id: int
    ticket_number: str
    service_name_uk: str
    service_name_en: str
    operator_name: str | None = Field(description="Who served (managers only)")
    score: int
    recommend: int | None
    comment: str
    complaint: bool
    source: str
    created_at: datetime
    status: Status
    assignee_id: int | None
    answer: str

    @classmethod
    def of(cls, item: FeedbackItem) -> FeedbackOut:
        r = item.rating
        return cls(
            id=r.id,
            ticket_number=item.ticket_number,
            service_name_uk=item.service_name_uk,
            service_name_en=item.service_name_en,
            operator_name=item.operator_name,
            score=r.score,
            recommend=r.recommend,
            comment=r.comment,
            complaint=r.complaint,
            source=r.source.value,
            created_at=r.created_at,
            status=r.status.value,
            assignee_id=r.assignee_id,
            answer=r.answer,
        )


class FeedbackPatch(Model):
    assignee_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    status: Status | None = None
    answer: Text | None = Field(default=None, max_length=2000)


class TallyOut(BaseModel):
    id: int | None
    name_uk: str
    name_en: str
    count: int
    average: float | None
    loyalty_index: float | None

    @classmethod
    def of(cls, t: Tally) -> TallyOut:
        return cls(
            id=t.key,
            name_uk=t.name_uk,
            name_en=t.name_en,
            count=t.count,
            average=t.average,
            loyalty_index=t.loyalty,
        )


class DigestOut(BaseModel):
    day: date
    count: int
    average: float | None
    loyalty_index: float | None = Field(description="%promoters − %detractors, −100…+100")
    by_service: list[TallyOut]
    by_administrator: list[TallyOut]
    complaints: int
    unanswered: int = Field(description="Feedback of any day still waiting for an answer")

    @classmethod
    def of(cls, d: Digest) -> DigestOut:
        return cls(
            day=d.day,
            count=d.count,
            average=d.average,
            loyalty_index=d.loyalty,
            by_service=[TallyOut.of(t) for t in d.by_service],
            by_administrator=[TallyOut.of(t) for t in d.by_operator],
            complaints=d.complaints,
            unanswered=d.unanswered,
        )


class StaffOut(BaseModel):
    id: int
    display_name: str
    roles: list[str]

    @classmethod
    def of(cls, u: User) -> StaffOut:
        return cls(id=u.id, display_name=u.display_name, roles=sorted(u.roles))


class PhoneOut(TrackOut):
    """The ticket as its visitor follows it on the phone: nothing personal."""

    office_name_uk: str
    office_name_en: str
    office_paused: bool = Field(description="Air-raid pause: nobody is called now")
    rated: bool
    ratable: bool = Field(description="Finished, not yet rated, and within the rating window")
    rating: RatingOut | None

    @classmethod
    def of_view(cls, view: PhoneView) -> PhoneOut:
        return cls.model_validate(
            TrackOut.fields_of(view.info)
            | {
                "office_name_uk": view.office.name_uk,
                "office_name_en": view.office.name_en,
                "office_paused": view.office.paused_since is not None,
                "rated": view.rating is not None,
                "ratable": view.ratable,
                "rating": RatingOut.of(view.rating) if view.rating else None,
            }
        )
