"""Readiness names what is missing."""

from __future__ import annotations

from queue_server.adapters.bus import InProcessBus
from queue_server.service.health import readiness


class _Unreachable:
    def __call__(self, **_: object) -> object:
        raise ConnectionRefusedError("database is down")


async def test_a_database_that_does_not_answer_is_not_ready() -> None:
    state = await readiness(uow=_Unreachable(), bus=InProcessBus())  # type: ignore[arg-type]
    assert (state.database, state.bus, state.ready) == (False, True, False)
