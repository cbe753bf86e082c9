"""The manager's configuration API (filled in by the manager console)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["configuration"])
