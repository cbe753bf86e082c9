"""Readiness names what is missing; a database that is down is a 503, not a 500."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from queue_server.adapters.bus import InProcessBus
from queue_server.adapters.database import create_database, is_outage
from queue_server.adapters.unit_of_work import SqlUnitOfWorkFactory
from queue_server.domain.errors import Unavailable
from queue_server.service.health import readiness
from tests.servers import free_port


class _Unreachable:
    def __call__(self, **_: object) -> object:
        raise ConnectionRefusedError("database is down")


async def test_a_database_that_does_not_answer_is_not_ready() -> None:
    state = await readiness(uow=_Unreachable(), bus=InProcessBus())  # type: ignore[arg-type]
    assert (state.database, state.bus, state.ready) == (False, True, False)


async def test_a_database_that_is_down_is_unavailable_not_an_internal_error() -> None:
    """Nobody listens on the port: the unit of work says Unavailable (the API's 503 with
    Retry-After), and its write lock and connection are given back."""
    db = create_database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test")
    uow = SqlUnitOfWorkFactory(db, InProcessBus())
    try:
        for _ in range(2):
            with pytest.raises(Unavailable) as caught:
                async with uow(actor="test") as tx:
                    await tx.offices.all()
            assert caught.value.params == {"retry_after": 5}
            assert "nothing was saved" in caught.value.message("en")
    finally:
        await db.dispose()


def test_what_counts_as_an_outage() -> None:
    refused = ConnectionRefusedError("refused")
    wrapped = DBAPIError("SELECT 1", None, refused)
    assert is_outage(refused) and is_outage(wrapped)
    try:
        try:
            raise refused
        except OSError as e:
            raise RuntimeError("while reading") from e
    except RuntimeError as chained:
        assert is_outage(chained)
    assert not is_outage(ValueError("a bug"))
    assert not is_outage(DBAPIError("SELECT nope", None, ValueError("syntax")))
