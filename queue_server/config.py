"""All configuration, read from the environment once into one settings object."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    """Every setting is ``QMS_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="QMS_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'qms.sqlite3'}",
        description="SQLAlchemy async URL: sqlite+aiosqlite:///path or postgresql+asyncpg://...",
    )
    redis_url: str | None = Field(default=None, description="Unset: in-process event bus.")
    demo: bool = Field(default=False, description="Load demo data on first start.")
    secret_key: str | None = Field(default=None, description="Required outside demo mode.")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    session_hours: int = Field(default=12, description="How long a staff login lasts.")
    recall_limit: int = Field(default=3, ge=0, le=20)
    secondary_penalty_min: int = Field(default=10, ge=0, le=24 * 60)
    migrate_on_start: bool = True
    heartbeat_seconds: float = Field(
        default=10.0, gt=0, le=300, description="Websocket heartbeat and catch-up interval."
    )
    public_url: str | None = Field(
        default=None,
        description="The address visitors' phones reach (QR codes); unset: the request's own.",
    )
    kiosk_idle_seconds: int = Field(
        default=60, ge=15, le=600, description="A kiosk left untouched returns to its start."
    )
    kiosk_tickets_per_minute: int = Field(
        default=10, ge=1, le=600, description="Tickets one kiosk may issue per minute."
    )
    rating_hours: int = Field(
        default=24, ge=1, le=24 * 14, description="How long after a visit it may be rated."
    )
    personal_data_days: int = Field(
        default=180,
        ge=1,
        le=3650,
        description="Days to keep visitors' comments and ticket notes before they are erased.",
    )
    cookie_secure: bool = Field(default=False, description="Set behind HTTPS.")
    bookings_per_hour: int = Field(
        default=20, ge=1, le=10_000, description="Bookings one client address may make an hour."
    )
    code_misses_per_hour: int = Field(
        default=30, ge=1, le=10_000, description="Unknown booking codes one address may try."
    )
    metrics_token: str | None = Field(
        default=None,
        min_length=16,
        description="Bearer token Prometheus presents at /metrics; unset: no /metrics.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description=(
            "Proxies whose X-Forwarded-For/-Proto are believed (comma-separated, or *): "
            "nginx's address, so the visitor's address is the one limited and logged."
        ),
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="text: readable lines; json: one JSON object a line."
    )

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # docker-compose passes an unset optional variable as an empty string.
        return None if value == "" else value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if not self.demo and not self.secret_key:
            raise ValueError(
                "QMS_SECRET_KEY is required outside demo mode (set QMS_DEMO=1 to try the system)"
            )
        if self.is_sqlite and self.workers > 1:
            raise ValueError(
                "the embedded SQLite mode runs one worker only; use PostgreSQL and Redis "
                "(QMS_DATABASE_URL, QMS_REDIS_URL) to run several"
            )
        return self
