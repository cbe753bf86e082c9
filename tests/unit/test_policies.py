"""The call-next policy as a pure function."""

from __future__ import annotations

from datetime import timedelta

from queue_server.domain.policies import CallNextPolicy
from queue_server.domain.users import Tier
from tests.factories import MONDAY_10_KYIV as T0
from tests.factories import make_ticket

POLICY = CallNextPolicy(secondary_penalty=timedelta(minutes=10))
PRIMARY_1 = {1: Tier.PRIMARY}


def pick(tickets, tiers=PRIMARY_1, counter_id=1, operator_id=7, now=T0):  # type: ignore[no-untyped-def]
    chosen = POLICY.pick(
        tickets, counter_id=counter_id, operator_id=operator_id, tiers=tiers, now=now
    )
    return chosen.id if chosen else None


def at(minutes: float):  # type: ignore[no-untyped-def]
    return T0 + timedelta(minutes=minutes)


def test_the_earliest_arrival_is_called_first() -> None:
    assert pick([make_ticket(2, arrived=at(5)), make_ticket(1, arrived=at(0))]) == 1


def test_priority_ticket_jumps_ahead_of_recent_arrivals() -> None:
    tickets = [make_ticket(1, arrived=at(0)), make_ticket(2, arrived=at(15), head_start_min=20)]
    assert pick(tickets) == 2


def test_nobody_waits_forever_behind_priority_visitors() -> None:
    tickets = [make_ticket(1, arrived=at(0)), make_ticket(2, arrived=at(25), head_start_min=20)]
    assert pick(tickets) == 1


def test_secondary_services_carry_the_tier_penalty() -> None:
    tiers = {1: Tier.PRIMARY, 2: Tier.SECONDARY}
    tickets = [make_ticket(1, service_id=2, arrived=at(0)), make_ticket(2, arrived=at(5))]
    assert pick(tickets, tiers) == 2
    tickets = [make_ticket(1, service_id=2, arrived=at(0)), make_ticket(2, arrived=at(11))]
    assert pick(tickets, tiers) == 1


def test_services_outside_the_operators_skills_are_never_called() -> None:
    assert pick([make_ticket(1, service_id=9)]) is None


def test_a_ticket_redirected_to_a_counter_waits_for_that_counter() -> None:
    ticket = make_ticket(1, service_id=9, target_counter_id=2)
    assert pick([ticket], counter_id=1) is None
    assert pick([ticket], counter_id=2) == 1


def test_a_ticket_redirected_to_an_operator_waits_for_that_operator() -> None:
    ticket = make_ticket(1, target_operator_id=8)
    assert pick([ticket], operator_id=7) is None
    assert pick([ticket], operator_id=8) == 1


def test_ties_go_to_the_earlier_issued_ticket() -> None:
    assert pick([make_ticket(3), make_ticket(2)]) == 2


def booked(tid: int, *, checked_in: float, slot: float, head_start_min: int = 60):  # type: ignore[no-untyped-def]
    """A booked visitor who checked in at ``checked_in`` for the slot at ``slot``."""
    ticket = make_ticket(tid, arrived=at(checked_in))
    ticket.booked_for = at(slot)
    ticket.head_start = at(checked_in) - at(slot) + timedelta(minutes=head_start_min)
    return ticket


def test_a_booked_visitor_is_served_at_the_slot_ahead_of_the_live_queue() -> None:
    live = [make_ticket(i, arrived=at(-40 + 5 * i)) for i in range(1, 6)]  # since 9:25
    visitor = booked(9, checked_in=-10, slot=0)
    assert visitor.queue_key < min(t.queue_key for t in live)
    assert pick([*live, visitor], now=at(-1)) == 1  # before the slot: the live queue
    assert pick([*live, visitor], now=at(0)) == 9  # at the slot: the booked visitor


def test_before_the_slot_a_booked_visitor_is_called_if_nobody_else_waits() -> None:
    assert pick([booked(9, checked_in=-10, slot=0)], now=at(-5)) == 9


def test_a_live_visitor_waiting_longer_than_the_booking_head_start_goes_first() -> None:
    waited_long = make_ticket(1, arrived=at(-70))
    assert pick([waited_long, booked(9, checked_in=-10, slot=0)], now=at(0)) == 1
