"""The ticket state machine: every step checks it is allowed and records an event."""

from __future__ import annotations

import pytest

from queue_server.domain import events as ev
from queue_server.domain.errors import CounterBusy, InvalidInput, InvalidTransition
from queue_server.domain.tickets import Outcome, TicketStatus, format_number
from tests.factories import MONDAY_10_KYIV as NOW
from tests.factories import make_counter, make_ticket


def called_ticket():  # type: ignore[no-untyped-def]
    ticket, counter = make_ticket(1), make_counter()
    ticket.call(counter, 7, at=NOW)
    return ticket, counter


class TestLifeOfAVisit:
    def test_call_start_finish_records_each_step(self) -> None:
        ticket, counter = called_ticket()
        ticket.start(at=NOW)
        ticket.finish(counter, Outcome.DOCUMENTS_ACCEPTED, at=NOW)
        assert ticket.status is TicketStatus.DONE
        assert counter.current_ticket_id is None
        assert [type(e) for e in ticket.events] == [
            ev.TicketCalled,
            ev.TicketStarted,
            ev.TicketFinished,
        ]

    def test_calling_puts_the_ticket_at_the_counter(self) -> None:
        ticket, counter = called_ticket()
        assert ticket.status is TicketStatus.CALLED
        assert (ticket.counter_id, ticket.operator_id) == (counter.id, 7)
        assert counter.current_ticket_id == ticket.id

    def test_a_counter_with_a_visitor_cannot_call_another(self) -> None:
        _, counter = called_ticket()
        with pytest.raises(CounterBusy):
            make_ticket(2).call(counter, 7, at=NOW)

    def test_finish_needs_service_to_have_started(self) -> None:
        ticket, counter = called_ticket()
        with pytest.raises(InvalidTransition) as err:
            ticket.finish(counter, Outcome.CONSULTATION, at=NOW)
        assert "викликано" in err.value.message("uk")
        assert "called" in err.value.message("en")

    def test_a_refusal_needs_its_reason(self) -> None:
        ticket, counter = called_ticket()
        ticket.start(at=NOW)
        with pytest.raises(InvalidInput):
            ticket.finish(counter, Outcome.REFUSED, "  ", at=NOW)
        ticket.finish(counter, Outcome.REFUSED, "Неповний пакет документів", at=NOW)
        assert ticket.outcome_note == "Неповний пакет документів"


class TestRecall:
    def test_recall_counts_up_to_the_limit_then_marks_no_show(self) -> None:
        ticket, counter = called_ticket()
        for expected in (1, 2, 3):
            ticket.recall(counter, at=NOW, limit=3)
            assert ticket.recall_count == expected
        ticket.recall(counter, at=NOW, limit=3)
        assert ticket.status is TicketStatus.NO_SHOW
        assert counter.current_ticket_id is None
        assert isinstance(ticket.events[-1], ev.TicketNoShow)
        assert ticket.events[-1].reason == "recall_limit"

    def test_only_a_called_ticket_can_be_recalled(self) -> None:
        with pytest.raises(InvalidTransition):
            make_ticket(1).recall(make_counter(), at=NOW)


class TestRedirectParkCancel:
    def test_redirect_keeps_arrival_time_and_frees_the_counter(self) -> None:
        ticket, counter = called_ticket()
        ticket.start(at=NOW)
        later = NOW.replace(hour=9)
        ticket.redirect(2, counter, at=later, to_counter_id=3, note="до юриста")
        assert ticket.status is TicketStatus.WAITING
        assert ticket.arrived_at == NOW
        assert (ticket.service_id, ticket.target_counter_id) == (2, 3)
        assert counter.current_ticket_id is None
        assert "до юриста" in ticket.note

    def test_redirect_can_restart_the_wait(self) -> None:
        ticket, counter = called_ticket()
        later = NOW.replace(hour=9)
        ticket.redirect(2, counter, at=later, keep_arrival=False)
        assert ticket.arrived_at == later

    def test_park_and_unpark_return_to_the_queue(self) -> None:
        ticket, counter = called_ticket()
        ticket.park(counter, at=NOW)
        assert ticket.status is TicketStatus.PARKED
        assert counter.current_ticket_id is None
        ticket.unpark(at=NOW)
        assert ticket.status is TicketStatus.WAITING

    @pytest.mark.parametrize("status", [TicketStatus.WAITING, TicketStatus.PARKED])
    def test_waiting_and_parked_tickets_can_be_cancelled_or_expire(
        self, status: TicketStatus
    ) -> None:
        a, b = make_ticket(1, status=status), make_ticket(2, status=status)
        a.cancel(at=NOW)
        b.expire(at=NOW)
        assert (a.status, b.status) == (TicketStatus.CANCELLED, TicketStatus.EXPIRED)

    @pytest.mark.parametrize(
        "status", [TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED]
    )
    def test_final_tickets_accept_no_step(self, status: TicketStatus) -> None:
        ticket, counter = make_ticket(1, status=status), make_counter()
        for step in (
            lambda: ticket.call(counter, 7, at=NOW),
            lambda: ticket.cancel(at=NOW),
            lambda: ticket.park(None, at=NOW),
            lambda: ticket.redirect(2, None, at=NOW),
        ):
            with pytest.raises(InvalidTransition):
                step()
        assert ticket.events == []


def test_numbers_have_three_digits_at_least() -> None:
    assert format_number("А", 12) == "А-012"
    assert format_number("П", 1234) == "П-1234"
