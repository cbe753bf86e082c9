"""The places every phone is shown at once (one read for the whole office) are the ones
each ticket's own view gives: people ahead in its service and the wait range."""

from __future__ import annotations

from queue_server.domain.users import Role
from queue_server.service import counters, tickets
from queue_server.service.phone import office_places
from queue_server.service.rules import QueueRules
from queue_server.service.tickets import IssueRequest, describe
from tests.conftest import Stack
from tests.factories import ADMIN1, COUNTER_1, MAIN, PASSPORT, RECEPTION, RESIDENCE, user

DESK = user(RECEPTION, Role.RECEPTION)
A1 = user(ADMIN1, Role.ADMINISTRATOR)


async def test_office_places_agree_with_each_tickets_own_view(stack: Stack) -> None:
    s = stack
    await counters.open_session(uow=s.uow, principal=A1, counter_id=COUNTER_1, clock=s.clock)
    issued = []
    for i in range(9):
        request = IssueRequest(
            service_id=PASSPORT if i % 3 else RESIDENCE,
            priority="disability" if i == 5 else None,
        )
        info = await tickets.issue_ticket(
            uow=s.uow, principal=DESK, office_id=MAIN, request=request, clock=s.clock
        )
        issued.append(info.ticket.id)
        s.clock.advance(minutes=2)
    await counters.call_next(
        uow=s.uow, principal=A1, counter_id=COUNTER_1, clock=s.clock, rules=QueueRules()
    )
    places = await office_places(uow=s.uow, office_id=MAIN, clock=s.clock)
    async with s.uow(write=False) as tx:
        for ticket_id in issued:
            info = await describe(tx, await tx.tickets.get(ticket_id), s.clock())
            if info.ticket.status.value != "waiting":
                assert ticket_id not in places
                continue
            place = places[ticket_id]
            assert place.ahead == info.position, ticket_id
            assert place.estimate == info.estimate, ticket_id
    assert len(places) == 8
