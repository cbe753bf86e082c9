"""Ratings in the domain: what a visitor may give, the loyalty index, and who may
review a complaint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queue_server.domain.errors import (
    AlreadyRated,
    ComplaintAboutAssignee,
    InvalidInput,
    NotRatable,
)
from queue_server.domain.ratings import (
    FeedbackStatus,
    Rating,
    RatingInput,
    RatingSource,
    loyalty_index,
)
from queue_server.domain.tickets import Outcome, Ticket, TicketStatus
from tests.factories import make_counter, make_ticket

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def finished_ticket(operator_id: int = 7) -> Ticket:
    ticket = make_ticket(1)
    counter = make_counter(operator_id=operator_id)
    ticket.call(counter, operator_id, at=NOW)
    ticket.start(at=NOW)
    ticket.finish(counter, Outcome.CONSULTATION, "", at=NOW)
    return ticket


class TestLoyaltyIndex:
    def test_is_promoters_minus_detractors_in_percent(self) -> None:
        # 3 promoters (9, 10, 9), 2 passives (7, 8), 5 detractors (0..6)
        assert loyalty_index([9, 10, 9, 7, 8, 0, 3, 6, 5, 1]) == -20.0

    @pytest.mark.parametrize(
        ("scores", "index"), [([10, 9], 100.0), ([0, 6], -100.0), ([7, 8], 0.0), ([], None)]
    )
    def test_runs_from_minus_100_to_plus_100(self, scores: list[int], index: float | None) -> None:
        assert loyalty_index(scores) == index


class TestRatingInput:
    @pytest.mark.parametrize(
        "given",
        [
            {"score": 0},
            {"score": 6},
            {"score": 5, "recommend": 11},
            {"score": 1, "complaint": True},
            {"score": 3, "comment": "x" * 1001},
        ],
    )
    def test_impossible_ratings_are_refused(self, given: dict[str, object]) -> None:
        with pytest.raises(InvalidInput):
            RatingInput(**given)  # type: ignore[arg-type]


class TestRatingATicket:
    def test_only_a_finished_ticket_within_the_window_and_only_once(self) -> None:
        given = RatingInput(score=5)
        waiting = make_ticket(2)
        with pytest.raises(NotRatable):
            Rating.of(waiting, given, RatingSource.PHONE, NOW, DAY, already_rated=False)
        done = finished_ticket()
        assert done.status is TicketStatus.DONE
        rating = Rating.of(done, given, RatingSource.PHONE, NOW + DAY, DAY, already_rated=False)
        assert (rating.score, rating.operator_id) == (5, 7)
        with pytest.raises(NotRatable):
            later = NOW + DAY + timedelta(seconds=1)
            Rating.of(done, given, RatingSource.PHONE, later, DAY, already_rated=False)
        with pytest.raises(AlreadyRated):
            Rating.of(done, given, RatingSource.PAD, NOW, DAY, already_rated=True)

    def test_feedback_is_a_low_score_a_comment_or_a_complaint(self) -> None:
        done = finished_ticket()

        def rate(**given: object) -> Rating:
            return Rating.of(
                done, RatingInput(**given), RatingSource.PAD, NOW, DAY, already_rated=False
            )

        assert not rate(score=4).is_feedback
        assert rate(score=2).is_feedback
        assert rate(score=5, comment="дякую!").is_feedback
        assert rate(score=4, complaint=True, comment="хамство").is_feedback


class TestComplaintRouting:
    def test_a_complaint_is_never_assigned_to_the_administrator_it_is_about(self) -> None:
        rating = Rating.of(
            finished_ticket(operator_id=7),
            RatingInput(score=1, complaint=True, comment="грубо"),
            RatingSource.PHONE,
            NOW,
            DAY,
            already_rated=False,
        )
        with pytest.raises(ComplaintAboutAssignee):
            rating.assign(7, NOW)
        rating.assign(9, NOW)
        assert (rating.assignee_id, rating.status) == (9, FeedbackStatus.IN_REVIEW)
        with pytest.raises(InvalidInput):
            rating.review(FeedbackStatus.ANSWERED, "", NOW)
        rating.review(FeedbackStatus.ANSWERED, "Вибачилися, провели бесіду", NOW)
        assert rating.status is FeedbackStatus.ANSWERED
