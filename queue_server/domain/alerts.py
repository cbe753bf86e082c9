"""Alerts for reception: a visitor asked for help at a kiosk, a printer cannot print.

An alert stays open until someone at the front desk acknowledges it; while it is open,
the same problem of the same device does not raise a second one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from queue_server.domain import events as ev


class AlertKind(enum.StrEnum):
    HELP = "help"  # «Потрібна допомога» at a kiosk
    PRINTER = "printer"  # the kiosk's printer is out of paper or offline
    OFFLINE = "offline"  # a kiosk, display or rating pad stopped reporting


@dataclass
class Alert:
    id: int
    office_id: int
    kind: AlertKind
    raised_at: datetime
    device_id: int | None = None
    detail: str = ""
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    events: list[ev.Event] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    def raised(self) -> None:
        """Record that the stored alert was raised (it has its id now)."""
        self.events.append(
            ev.AlertRaised(
                at=self.raised_at,
                alert_id=self.id,
                kind=self.kind.value,
                device_id=self.device_id,
                detail=self.detail,
            )
        )

    def acknowledge(self, by: str, at: datetime) -> bool:
        """Someone has seen to it; False if it was acknowledged already."""
        if not self.open:
            return False
        self.acknowledged_at = at
        self.acknowledged_by = by
        self.events.append(ev.AlertAcknowledged(at=at, alert_id=self.id))
        return True
