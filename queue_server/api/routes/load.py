"""The manager's live load API (filled in by the manager console)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["live load"])
