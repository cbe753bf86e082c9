"""Post-service ratings, the loyalty index, and the feedback a manager reviews.

Every finished ticket may get one rating: five faces (1–5), optionally "how likely are you
to recommend this centre?" (0–10), a comment and "I want to file a complaint". A low score,
a comment or a complaint is *feedback*: it waits for someone to review and answer it, and
a complaint is never routed to the administrator it is about.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.domain.errors import (
    AlreadyRated,
    ComplaintAboutAssignee,
    InvalidInput,
    NotRatable,
)
from queue_server.domain.tickets import Ticket, TicketStatus

LOW_SCORE = 2  # 1–2 faces: the visit went badly, someone should look
MAX_COMMENT = 1000


class RatingSource(enum.StrEnum):
    PAD = "pad"  # the tablet at the window
    PHONE = "phone"  # the visitor's phone page


class FeedbackStatus(enum.StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    ANSWERED = "answered"


@dataclass(frozen=True)
class RatingInput:
    """What the visitor gave, validated."""

    score: int
    recommend: int | None = None
    comment: str = ""
    complaint: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.score <= 5:
            raise InvalidInput(detail_uk="оцінка — від 1 до 5", detail_en="score must be 1 to 5")
        if self.recommend is not None and not 0 <= self.recommend <= 10:
            raise InvalidInput(
                detail_uk="готовність рекомендувати — від 0 до 10",
                detail_en="recommendation must be 0 to 10",
            )
        if len(self.comment) > MAX_COMMENT:
            raise InvalidInput(
                detail_uk=f"коментар — до {MAX_COMMENT} символів",
                detail_en=f"a comment has at most {MAX_COMMENT} characters",
            )
        if self.complaint and not self.comment.strip():
            raise InvalidInput(
                detail_uk="опишіть, будь ласка, суть скарги",
                detail_en="please say what the complaint is about",
            )


@dataclass
class Rating:
    """One visitor's rating of one finished ticket, and its review."""

    id: int
    office_id: int
    ticket_id: int
    service_id: int
    operator_id: int | None
    counter_id: int | None
    score: int
    recommend: int | None
    comment: str
    complaint: bool
    source: RatingSource
    created_at: datetime
    status: FeedbackStatus = FeedbackStatus.NEW
    assignee_id: int | None = None
    answer: str = ""
    updated_at: datetime | None = None

    @classmethod
    def of(
        cls,
        ticket: Ticket,
        given: RatingInput,
        source: RatingSource,
        at: datetime,
        window: timedelta,
        already_rated: bool,
    ) -> Rating:
        """Rate a ticket: finished, within ``window`` of its end, and only once."""
        if already_rated:
            raise AlreadyRated(number=ticket.number)
        finished = ticket.finished_at
        hours = round(window.total_seconds() / 3600, 1)
        if ticket.status is not TicketStatus.DONE or finished is None or at - finished > window:
            raise NotRatable(number=ticket.number, hours=f"{hours:g}")
        return cls(
            id=0,
            office_id=ticket.office_id,
            ticket_id=ticket.id,
            service_id=ticket.service_id,
            operator_id=ticket.operator_id,
            counter_id=ticket.counter_id,
            score=given.score,
            recommend=given.recommend,
            comment=given.comment.strip(),
            complaint=given.complaint,
            source=source,
            created_at=at,
        )

    @property
    def is_feedback(self) -> bool:
        """Whether someone should review it: a low score, a comment or a complaint."""
        return self.score <= LOW_SCORE or self.complaint or bool(self.comment)

    def about(self, user_id: int) -> bool:
        """Whether the rating is about the administrator ``user_id``."""
        return self.operator_id is not None and self.operator_id == user_id

    def assign(self, user_id: int | None, at: datetime) -> None:
        """Hand the review to someone, never to the administrator it is about."""
        if user_id is not None and self.about(user_id):
            raise ComplaintAboutAssignee()
        self.assignee_id = user_id
        if user_id is not None and self.status is FeedbackStatus.NEW:
            self.status = FeedbackStatus.IN_REVIEW
        self.updated_at = at

    def review(self, status: FeedbackStatus, answer: str | None, at: datetime) -> None:
        """Move the review on; an answered one says what was answered."""
        if answer is not None:
            self.answer = answer.strip()
        if status is FeedbackStatus.ANSWERED and not self.answer:
            raise InvalidInput(
                detail_uk="напишіть відповідь, перш ніж позначити відгук як опрацьований",
                detail_en="write the answer before marking the feedback answered",
            )
        self.status = status
        self.updated_at = at


def loyalty_index(recommendations: Iterable[int]) -> float | None:
    """%promoters (9–10) − %detractors (0–6), from −100 to +100; None without answers."""
    scores = list(recommendations)
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores), 1)
