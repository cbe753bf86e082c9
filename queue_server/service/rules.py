"""The configurable rules of the queue that use cases apply."""

from __future__ import annotations

from dataclasses import dataclass, field

from queue_server.domain.policies import CallNextPolicy
from queue_server.domain.tickets import DEFAULT_RECALL_LIMIT


@dataclass(frozen=True)
class QueueRules:
    recall_limit: int = DEFAULT_RECALL_LIMIT
    policy: CallNextPolicy = field(default_factory=CallNextPolicy)
    #: Tickets (and referral slips) one kiosk may issue per minute: a child at the screen
    #: must not empty the day's numbers.
    kiosk_per_minute: int = 10
