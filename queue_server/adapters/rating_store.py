"""Ratings and their review, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from queue_server.adapters.database import Conn
from queue_server.adapters.orm import RatingRow
from queue_server.domain.errors import NotFound
from queue_server.domain.ratings import LOW_SCORE, FeedbackStatus, Rating, RatingSource


def rating_from_row(r: Any) -> Rating:
    return Rating(
        id=r.id,
        office_id=r.office_id,
        ticket_id=r.ticket_id,
        service_id=r.service_id,
        operator_id=r.operator_id,
        counter_id=r.counter_id,
        score=r.score,
        recommend=r.recommend,
        comment=r.comment,
        complaint=r.complaint,
        source=RatingSource(r.source),
        created_at=r.created_at,
        status=FeedbackStatus(r.status),
        assignee_id=r.assignee_id,
        answer=r.answer,
        updated_at=r.updated_at,
    )


# What needs a person's review: a low score, a complaint or a comment.
_IS_FEEDBACK = or_(RatingRow.score <= LOW_SCORE, RatingRow.complaint, RatingRow.comment != "")


class SqlRatings:
    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    async def add(self, rating: Rating) -> bool:
        statement = (
            insert(RatingRow)
            .values(
                office_id=rating.office_id,
                ticket_id=rating.ticket_id,
                service_id=rating.service_id,
                operator_id=rating.operator_id,
                counter_id=rating.counter_id,
                score=rating.score,
                recommend=rating.recommend,
                comment=rating.comment,
                complaint=rating.complaint,
                source=rating.source.value,
                created_at=rating.created_at,
                status=rating.status.value,
                answer=rating.answer,
            )
            .returning(RatingRow.id)
        )
        try:
            async with self.conn.begin_nested():
                rating.id = (await self.conn.execute(statement)).scalar_one()
        except IntegrityError:
            return False  # the ticket was rated a moment ago (the pad and the phone at once)
        return True

    async def get(self, rating_id: int) -> Rating:
        row = (await self.conn.execute(select(RatingRow).where(RatingRow.id == rating_id))).first()
        if row is None:
            raise NotFound(what="відгук / feedback", key=rating_id)
        return rating_from_row(row)

    async def of_ticket(self, ticket_id: int) -> Rating | None:
        stmt = select(RatingRow).where(RatingRow.ticket_id == ticket_id)
        row = (await self.conn.execute(stmt)).first()
        return rating_from_row(row) if row else None

    async def save(self, rating: Rating) -> None:
        await self.conn.execute(
            update(RatingRow)
            .where(RatingRow.id == rating.id)
            .values(
                status=rating.status.value,
                assignee_id=rating.assignee_id,
                answer=rating.answer,
                updated_at=rating.updated_at,
            )
        )

    async def feedback(
        self, office_id: int, statuses: Sequence[FeedbackStatus], limit: int
    ) -> Sequence[Rating]:
        stmt = (
            select(RatingRow)
            .where(
                RatingRow.office_id == office_id,
                RatingRow.status.in_([s.value for s in statuses]),
                _IS_FEEDBACK,
            )
            .order_by(RatingRow.created_at.desc(), RatingRow.id.desc())
            .limit(limit)
        )
        return [rating_from_row(r) for r in await self.conn.execute(stmt)]

    async def between(self, office_id: int, start: datetime, end: datetime) -> Sequence[Rating]:
        stmt = select(RatingRow).where(
            RatingRow.office_id == office_id,
            RatingRow.created_at >= start,
            RatingRow.created_at < end,
        )
        return [rating_from_row(r) for r in await self.conn.execute(stmt)]

    async def unanswered(self, office_id: int) -> int:
        stmt = select(RatingRow.id).where(
            RatingRow.office_id == office_id,
            RatingRow.status != FeedbackStatus.ANSWERED.value,
            _IS_FEEDBACK,
        )
        return len((await self.conn.execute(stmt)).all())

    async def erase_texts_before(self, cutoff: datetime) -> int:
        result = await self.conn.execute(
            update(RatingRow)
            .where(
                RatingRow.created_at < cutoff,
                or_(RatingRow.comment != "", RatingRow.answer != ""),
            )
            .values(comment="", answer="")
        )
        return int(result.rowcount)
