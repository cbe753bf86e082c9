"""What the composition root builds once and the routes use: ports and rules."""

from __future__ import annotations

from dataclasses import dataclass

from queue_server.config import Settings
from queue_server.service.auth import PasswordHasher
from queue_server.service.ports import Clock, EventBus, PrinterGateway, UnitOfWorkFactory
from queue_server.service.ratings import RatingRules
from queue_server.service.rules import QueueRules


@dataclass(frozen=True)
class Container:
    settings: Settings
    uow: UnitOfWorkFactory
    bus: EventBus
    clock: Clock
    rules: QueueRules
    hasher: PasswordHasher
    printers: PrinterGateway
    rating_rules: RatingRules
