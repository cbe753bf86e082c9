"""The hub's fan-out and what each caller may see of an event."""

from __future__ import annotations

from queue_server.domain.users import DeviceKind, Principal, Role
from queue_server.realtime.hub import QUEUE_SIZE, Hub
from queue_server.service.ports import PublishedEvent
from queue_server.service.stream import may_follow, visible
from tests.factories import MONDAY_10_KYIV, user

DISPLAY = Principal(kind="device", id=1, office_id=1, device_kind=DeviceKind.DISPLAY)
KIOSK = Principal(kind="device", id=2, office_id=1, device_kind=DeviceKind.KIOSK)


def event(
    seq: int, type_: str = "ticket.issued", office_id: int = 1, **data: object
) -> PublishedEvent:
    return PublishedEvent(
        office_id=office_id,
        seq=seq,
        type=type_,
        at=MONDAY_10_KYIV,
        ticket_id=7,
        counter_id=None,
        actor="user:2",
        data={"number": "П-001", "priority": "veteran", "note": "телефон", **data},
    )


async def test_events_reach_only_the_subscribers_of_their_office() -> None:
    hub = Hub()
    with hub.subscribe(1) as mine, hub.subscribe(2) as other:
        await hub.deliver([event(1), event(2)])
        assert [e.seq for e in mine.queue] == [1, 2]
        assert not other.queue
    assert hub.clients == 0


async def test_a_client_too_slow_for_its_queue_is_marked_for_dropping() -> None:
    hub = Hub()
    with hub.subscribe(1) as slow:
        await hub.deliver([event(n) for n in range(1, QUEUE_SIZE + 2)])
        assert slow.overflowed


def test_displays_see_no_notes_or_priority_categories() -> None:
    shown = visible(event(1, "ticket.called", counter_number=3), DISPLAY)
    assert shown is not None
    assert shown["data"]["number"] == "П-001"  # type: ignore[index]
    assert "note" not in shown["data"] and "priority" not in shown["data"]  # type: ignore[operator]
    assert visible(event(2, "device.registered"), DISPLAY) is None
    assert visible(event(3, "ticket.issued"), DISPLAY) is None  # nothing a board shows
    staff = visible(event(1), user(2, Role.RECEPTION))
    assert staff is not None and staff["data"]["note"] == "телефон"  # type: ignore[index]


def test_who_may_follow_an_office() -> None:
    assert may_follow(DISPLAY, 1) and not may_follow(DISPLAY, 2)
    assert not may_follow(KIOSK, 1)
    assert may_follow(user(3, Role.ADMINISTRATOR, office_id=1), 1)
    assert may_follow(user(1, Role.MANAGER, office_id=None), 2)


def test_a_display_gets_the_call_as_sound_segments() -> None:
    call = event(5, "ticket.called", number="П-012", counter_number=3, counter_id=3)
    shown = visible(call, DISPLAY)
    assert shown is not None
    announce = shown["data"]["announce"]  # type: ignore[index]
    assert announce["uk"] == ["chime", "talon", "letter-p", "num-12", "go-to-window", "num-3"]
    assert announce["en"][-1] == "en-num-3"
