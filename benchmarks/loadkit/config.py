"""Where things are and the demo data's facts the load benchmark relies on."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CEILING_APP = Path(__file__).resolve().parents[1] / "ceiling_app.py"
DEMO_DATA = ROOT / "queue_server" / "demo" / "data.json"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
API = "/api/v1"
OFFICE_ID = 1
COUNTERS = 12  # demo office 1: counters 1..12, operated by admin01..admin12
PASSWORD = "demo"
TOP_UP_CONCURRENCY = 10
TOP_UP_MARGIN = 1.5  # waiting tickets per administrator, relative to its share of cycles
ERROR_SAMPLES = 5
