"""The README's run command: `python -m queue_server` in demo mode on an empty folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.servers import ROOT, free_port, wait_healthy

V1 = "/api/v1"


def test_demo_centre_starts_on_an_empty_database(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "QMS_DEMO": "1",
        "QMS_PORT": str(port),
        "QMS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'var' / 'qms.sqlite3'}",
    }
    env.pop("QMS_SECRET_KEY", None)
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "queue_server"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        offices = httpx.get(f"{base}{V1}/offices").json()
        assert len(offices) == 2
        catalog = httpx.get(f"{base}{V1}/offices/{offices[0]['id']}/services").json()
        services = [s for c in catalog["categories"] for s in c["services"]]
        assert len(catalog["categories"]) >= 8 and len(services) >= 40
        assert len(catalog["priorities"]) == 3
        for username in ("manager", "reception", "admin01", "admin12"):
            r = httpx.post(
                f"{base}{V1}/auth/login", json={"username": username, "password": "demo"}
            )
            assert r.status_code == 200, (username, r.text)
        assert httpx.get(f"{base}/docs").status_code == 200
        board = httpx.get(f"{base}/display/", params={"token": "d_demo-display"})
        assert board.status_code == 200 and "ЦНАП" in board.text
        # The address the README gives opens the staff login, which links every demo screen.
        start = httpx.get(f"{base}/", follow_redirects=True)
        assert start.url.path == "/admin/login"
        assert "d_demo-kiosk" in start.text and "d_demo-display" in start.text
        for token in ("d_demo-kiosk", "d_demo-kiosk-screen"):
            kiosk = httpx.get(f"{base}/kiosk/", params={"token": token})
            assert kiosk.status_code == 200, token
        # The demo centre takes appointments, with free times on its bookable services.
        assert "/book/" in start.text
        assert httpx.get(f"{base}/book/").status_code == 200
        bookable = httpx.get(f"{base}{V1}/booking/offices/{offices[0]['id']}/services").json()
        assert len(bookable) >= 10
        path = f"{V1}/booking/offices/{offices[0]['id']}/services/{bookable[0]['id']}/days"
        assert sum(day["free"] for day in httpx.get(f"{base}{path}").json()) > 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    output = (tmp_path / "server.log").read_text()
    assert "demo logins" in output


def test_demo_data_is_consistent() -> None:
    data = json.loads((ROOT / "queue_server" / "demo" / "data.json").read_text("utf-8"))
    main = data["offices"][0]
    assert len(main["counters"]) == 12
    assert {c["zone"] for c in main["counters"]} == {"A", "B"}
    offered = {s["code"]: s for cat in data["catalog"] for s in cat["services"]}
    usernames = {u["username"] for u in data["users"]}
    assert {"manager", "reception"} | {f"admin{n:02d}" for n in range(1, 13)} <= usernames
    primary = {code for u in data["users"] for code in u.get("skills", {}).get("primary", [])}
    servable = {c for c, s in offered.items() if s.get("active", True) and not s.get("referral")}
    assert servable <= primary, "every servable service has an administrator"
