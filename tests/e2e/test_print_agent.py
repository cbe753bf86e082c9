"""The print agent against a real server process: a kiosk whose printer the server cannot
reach (``agent://``) gets its ticket printed by ``python -m printers.agent`` running next
to the printer (a fake ESC/POS printer on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from printers.agent import main as agent_main
from tests.conftest import fresh_database, in_thread, seed
from tests.factories import MAIN, PASSPORT, PASSWORD
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter
from tests.servers import servers

V1 = "/api/v1"


@pytest.fixture
def base(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    with servers(url, 1, tmp_path) as bases:
        yield bases[0]


def agent_kiosk(client: httpx.Client) -> tuple[int, str]:
    """A kiosk whose printer is behind a print agent; its id and token."""
    r = client.post(f"{V1}/auth/login", json={"username": "manager", "password": PASSWORD})
    manager = {"Authorization": f"Bearer {r.json()['token']}"}
    client.cookies.clear()
    r = client.post(
        f"{V1}/offices/{MAIN}/devices", json={"kind": "kiosk", "name": "Кіоск"}, headers=manager
    )
    kiosk_id, token = r.json()["id"], r.json()["token"]
    r = client.put(f"{V1}/devices/{kiosk_id}/printer", json={"url": "agent://"}, headers=manager)
    assert r.status_code == 200, r.text
    return kiosk_id, token


def test_the_agent_prints_a_kiosk_ticket_the_server_could_not_reach(base: str) -> None:
    with httpx.Client(base_url=base, timeout=10) as client, FakePrinter() as printer:
        _, token = agent_kiosk(client)
        kiosk = {"Authorization": f"Bearer {token}"}
        printer_url = f"tcp://127.0.0.1:{printer.port}"
        args = ["--server", base, "--token", token, "--printer", printer_url, "--once"]
        # The first run only tells the server its printer is fine: nothing waits yet.
        assert agent_main([*args, "--wait", "0"]) == 0
        assert client.get(f"{V1}/devices/me", headers=kiosk).json()["printer"]["can_print"]
        r = client.post(
            f"{V1}/offices/{MAIN}/tickets",
            json={"service_id": PASSPORT, "print": True, "language": "uk"},
            headers=kiosk,
        )
        ticket = r.json()
        assert ticket["print_job"]["status"] == "queued"
        assert agent_main([*args, "--wait", "5"]) == 0
        job = client.get(f"{V1}/print-jobs/{ticket['print_job']['id']}", headers=kiosk).json()
        assert job["status"] == "printed"
        [printed] = printer.jobs
        assert ticket["number"] in decode(printed).lines


def test_a_revoked_kiosk_stops_its_agent(base: str) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        kiosk_id, token = agent_kiosk(client)
        r = client.post(f"{V1}/auth/login", json={"username": "manager", "password": PASSWORD})
        client.delete(
            f"{V1}/devices/{kiosk_id}", headers={"Authorization": f"Bearer {r.json()['token']}"}
        )
    done = subprocess.run(
        [sys.executable, "-m", "printers.agent", "--server", base, "--printer", "dummy://"],
        env=os.environ | {"QMS_AGENT_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "token" in done.stderr.lower()
