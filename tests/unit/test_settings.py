"""Settings refuse configurations that cannot work, with a message that says why."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from queue_server.config import Settings


def test_a_secret_key_is_required_outside_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QMS_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="QMS_SECRET_KEY is required"):
        Settings(demo=False)
    assert Settings(demo=True).secret_key is None


def test_the_embedded_mode_refuses_several_workers() -> None:
    with pytest.raises(ValidationError, match="one worker only"):
        Settings(demo=True, workers=2)
    pg = "postgresql+asyncpg://postgres@127.0.0.1/test"
    assert Settings(demo=True, workers=2, database_url=pg).workers == 2


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMS_DEMO", "1")
    monkeypatch.setenv("QMS_PORT", "9001")
    monkeypatch.setenv("QMS_RECALL_LIMIT", "2")
    settings = Settings()
    assert (settings.demo, settings.port, settings.recall_limit) == (True, 9001, 2)
