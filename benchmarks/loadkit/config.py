"""Where things are and the demo data's facts the load benchmark relies on."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CEILING_APP = Path(__file__).resolve().parents[1] / "ceiling_app.py"
DEMO_DATA = ROOT / "queue_server" / "demo" / "data.json"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
# The scaled mode's event bus (and shared limits): the workers publish every event here.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
API = "/api/v1"
OFFICE_ID = 1
COUNTERS = 12  # demo office 1: counters 1..12, operated by admin01..admin12
PASSWORD = "demo"
TOP_UP_CONCURRENCY = 10
TOP_UP_MARGIN = 1.5  # waiting tickets per administrator, relative to its share of cycles
ERROR_SAMPLES = 5
