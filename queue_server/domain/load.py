"""The manager's live load: when a window's state began, its breaks today, and the alerts.

Alerts are conditions of *now*, worked out on every read of the live load and never
stored: each clears by itself as soon as its condition no longer holds.

- ``wait_over_target``: the oldest waiting ticket of a service has waited longer than the
  service's target wait. The wait runs from the ticket's arrival (a redirect that keeps
  the arrival keeps it) to now, minus the office's air-raid pauses in between: the same
  pause rule as the report's wait, so the queue does not "age" in the shelter.
- ``idle_counter``: a window is open (an administrator is there, not on a break, no
  visitor at it) for more than :data:`IDLE_AFTER` while a service the administrator has
  a skill for (either tier) has tickets waiting. Not raised while the office is paused:
  nobody may call then.
- ``device_offline``: a kiosk, hall display or rating pad, not revoked, that reported
  before and has been silent longer than the threshold of reception's offline alerts
  (``service.alerts.is_silent``: three heartbeats, at least a minute).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from queue_server.domain import events as ev
from queue_server.domain.counters import Counter, CounterState

#: An open window without a visitor for longer than this, with a queue for it, alerts.
IDLE_AFTER = timedelta(minutes=2)


class LoadAlertKind(StrEnum):
    WAIT_OVER_TARGET = "wait_over_target"
    IDLE_COUNTER = "idle_counter"
    DEVICE_OFFLINE = "device_offline"


@dataclass(frozen=True)
class LoadAlert:
    kind: LoadAlertKind
    office_id: int
    message_uk: str
    message_en: str
    service_id: int | None = None
    counter_id: int | None = None
    device_id: int | None = None


def minutes(seconds: float) -> int:
    """Whole minutes, as the alerts say them."""
    return int(seconds // 60)


def state_since(
    counter: Counter,
    *,
    called_at: datetime | None,
    started_at: datetime | None,
    released_at: datetime | None,
) -> datetime | None:
    """When the counter's current state began: the call or the start of its visitor, the
    break, or (free) the later of its opening and the last time it became free."""
    state = counter.state
    if state is CounterState.CLOSED:
        return None
    if state is CounterState.PAUSED:
        return counter.paused_at
    if state is CounterState.SERVING:
        return started_at or called_at
    opened = counter.opened_at
    if released_at is None or (opened is not None and opened > released_at):
        return opened
    return released_at


class Mark(Protocol):
    """A break begun (``counter.paused``) or ended at a counter, by whom."""

    @property
    def type(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...


def paused_seconds(marks: Iterable[Mark], actor: str, now: datetime) -> int:
    """The time between each of ``actor``'s breaks and the resume after it (or now): the
    same figure as the administrator's own day at the window."""
    total = timedelta(0)
    started: datetime | None = None
    for mark in marks:
        if mark.actor != actor:
            continue
        if mark.type == ev.CounterPaused.name:
            started = mark.at
        elif started is not None:
            total += mark.at - started
            started = None
    if started is not None:
        total += now - started
    return int(total.total_seconds())


def wait_alert(
    office_id: int,
    *,
    service_id: int,
    name_uk: str,
    name_en: str,
    longest_wait_s: float,
    target_wait_min: int,
) -> LoadAlert | None:
    """The service's oldest ticket has waited longer than its target."""
    if longest_wait_s <= target_wait_min * 60:
        return None
    waited = minutes(longest_wait_s)
    return LoadAlert(
        kind=LoadAlertKind.WAIT_OVER_TARGET,
        office_id=office_id,
        service_id=service_id,
        message_uk=f"«{name_uk}»: очікування {waited} хв при нормативі {target_wait_min} хв",
        message_en=f"“{name_en}”: waiting {waited} min, target {target_wait_min} min",
    )


def idle_alert(
    counter: Counter,
    *,
    operator_name: str,
    since: datetime | None,
    now: datetime,
    skills: frozenset[int],
    waiting: Mapping[int, int],
    office_paused: bool,
) -> LoadAlert | None:
    """An open window without a visitor past :data:`IDLE_AFTER` while its
    administrator's services have a queue."""
    if office_paused or counter.state is not CounterState.OPEN or since is None:
        return None
    idle = now - since
    queue = sum(n for service_id, n in waiting.items() if service_id in skills)
    if idle <= IDLE_AFTER or queue == 0:
        return None
    idle_min, who = minutes(idle.total_seconds()), f" ({operator_name})" if operator_name else ""
    return LoadAlert(
        kind=LoadAlertKind.IDLE_COUNTER,
        office_id=counter.office_id,
        counter_id=counter.id,
        message_uk=(
            f"Вікно {counter.number}{who} вільне {idle_min} хв, а на його послуги чекають: {queue}"
        ),
        message_en=(
            f"Window {counter.number}{who} has been free for {idle_min} min "
            f"while {queue} wait for its services"
        ),
    )


def offline_alert(office_id: int, *, device_id: int, name: str, silent_s: float) -> LoadAlert:
    """A device stopped reporting."""
    silent = minutes(silent_s)
    return LoadAlert(
        kind=LoadAlertKind.DEVICE_OFFLINE,
        office_id=office_id,
        device_id=device_id,
        message_uk=f"Пристрій «{name}» не на зв'язку {silent} хв",
        message_en=f"Device “{name}” offline for {silent} min",
    )
