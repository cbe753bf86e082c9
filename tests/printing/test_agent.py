"""The print agent claims jobs over HTTP, prints each at most once and reports what happened."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from printers.agent import Agent, main
from printers.agent_api import AgentApi, Unavailable
from printers.drivers import PrinterStatus, driver_from_url
from printers.render import render
from printers.slip import TicketSlip
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter
from tests.printing.fake_queue_server import TOKEN, FakeQueueServer

ROOT = Path(__file__).resolve().parents[2]


class CountingDriver:
    """Wraps a driver and counts the printer connections it makes, so tests can wait for them."""

    def __init__(self, printer: FakePrinter) -> None:
        self.inner = driver_from_url(f"tcp://127.0.0.1:{printer.port}?timeout=2")
        self.calls = 0

    def send(self, data: bytes) -> None:
        self.calls += 1
        self.inner.send(data)

    def status(self) -> PrinterStatus:
        self.calls += 1
        return self.inner.status()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[FakeQueueServer]:
    with FakeQueueServer() as fake:
        yield fake


@dataclass
class Kiosk:
    """A fake server and printer wired to agents whose sleeps are recorded, not slept."""

    server: FakeQueueServer
    printer: FakePrinter
    driver: CountingDriver
    sleeps: list[float] = field(default_factory=list)

    def agent(self, token: str = TOKEN, **options: Any) -> Agent:
        options.setdefault("wait", 0)
        api = AgentApi(self.server.url, token)
        return Agent(api, self.driver, sleep=self.sleeps.append, **options)

    def printed(self) -> list[bytes]:
        """Jobs the printer received, once every connection the agent made has finished."""
        self.printer.wait_for_connections(self.driver.calls)
        return self.printer.jobs


@pytest.fixture
def kiosk(server: FakeQueueServer, fake_printer: FakePrinter) -> Kiosk:
    return Kiosk(server, fake_printer, CountingDriver(fake_printer))


def test_a_queued_ticket_is_printed_once_and_reported_printed(
    kiosk: Kiosk, slip: TicketSlip
) -> None:
    job_id = kiosk.server.add_job(render(slip))
    assert kiosk.agent(once=True).run() == 0
    assert kiosk.agent(once=True).run() == 0  # nothing left to claim
    [job] = kiosk.printed()
    lines = decode(job).lines
    assert {"ЦНАП Київ", "П-012", "Паспорт громадянина", "Перед вами: 3"} <= set(lines)
    assert kiosk.server.results == [(job_id, {"printed": True, "status": "ok"})]
    assert kiosk.sleeps == []


def test_paper_out_fails_the_job_sends_nothing_and_is_never_reprinted(
    kiosk: Kiosk, slip: TicketSlip
) -> None:
    kiosk.printer.state = "paper_out"
    job_id = kiosk.server.add_job(render(slip))
    agent = kiosk.agent()
    agent.step()
    assert kiosk.server.results == [(job_id, {"printed": False, "status": "paper_out"})]
    assert kiosk.server.statuses == ["paper_out"]
    kiosk.printer.state = "ok"  # paper changed: the agent reports it but prints nothing by itself
    agent.step()
    assert kiosk.server.statuses == ["paper_out", "ok"]
    assert kiosk.printed() == []
    assert len(kiosk.server.results) == 1


def test_a_failed_result_report_is_retried_without_printing_again(
    kiosk: Kiosk, slip: TicketSlip
) -> None:
    job_id = kiosk.server.add_job(render(slip))
    kiosk.server.failures["result"] = [503, 502]
    assert kiosk.agent(once=True).run() == 0
    assert kiosk.server.results == [(job_id, {"printed": True, "status": "ok"})]
    assert kiosk.sleeps == [1.0, 2.0]
    assert len(kiosk.server.claim_waits) == 1
    assert len(kiosk.printed()) == 1


def test_nothing_new_is_claimed_until_the_pending_result_is_reported(kiosk: Kiosk) -> None:
    first, second = kiosk.server.add_job(b"\x1b@first\n"), kiosk.server.add_job(b"\x1b@second\n")
    kiosk.server.failures["result"] = [500, 500]
    agent = kiosk.agent()
    for _ in range(2):
        with pytest.raises(Unavailable, match="HTTP 500"):
            agent.step()
    assert len(kiosk.server.claim_waits) == 1
    assert [job["id"] for job in kiosk.server.queued] == [second]
    agent.step()
    assert [job_id for job_id, _ in kiosk.server.results] == [first, second]
    assert kiosk.printed() == [b"\x1b@first\n", b"\x1b@second\n"]


def test_a_job_the_server_gave_up_on_is_dropped(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = kiosk.server.add_job(b"\x1b@late\n")
    kiosk.server.given_up.add(job_id)
    agent = kiosk.agent()
    agent.step()
    agent.step()
    assert agent.pending is None
    assert kiosk.server.results == []
    assert len(kiosk.printed()) == 1
    assert f"job {job_id}: the server already gave up on it" in caplog.text


def test_a_result_the_server_refuses_for_good_is_dropped_so_later_jobs_still_print(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.server.add_job(b"\x1b@gone\n")
    later = kiosk.server.add_job(b"\x1b@later\n")
    kiosk.server.failures["result"] = [404]
    agent = kiosk.agent()
    agent.step()
    agent.step()
    assert kiosk.server.results == [(later, {"printed": True, "status": "ok"})]
    assert len(kiosk.printed()) == 2
    assert "refused its result (HTTP 404" in caplog.text


def test_a_revoked_token_exits_with_status_2_without_retrying(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.server.add_job(b"\x1b@x\n")
    assert kiosk.agent(token="d_revoked").run() == 2
    assert kiosk.sleeps == []
    assert len(kiosk.server.queued) == 1
    assert "refused the device token (HTTP 401 unauthorized" in caplog.text


def test_printer_status_is_reported_at_start_when_it_changes_and_when_due(kiosk: Kiosk) -> None:
    now = [100.0]
    agent = kiosk.agent(status_every=15.0, clock=lambda: now[0])
    agent.step()
    agent.step()
    assert kiosk.server.statuses == ["ok"]
    kiosk.printer.state = "paper_low"
    agent.step()
    kiosk.printer.state = "offline"
    agent.step()
    assert kiosk.server.statuses == ["ok", "paper_low", "offline"]
    now[0] += 15.0
    agent.step()
    assert kiosk.server.statuses == ["ok", "paper_low", "offline", "offline"]


def test_the_long_poll_ends_in_time_for_the_next_status_report(kiosk: Kiosk) -> None:
    now = [0.0]
    agent = kiosk.agent(wait=20, status_every=15.0, clock=lambda: now[0])
    agent.step()
    now[0] = 10.0
    agent.step()
    assert kiosk.server.claim_waits == [15, 5]


def test_server_errors_back_off_up_to_30_seconds_and_are_logged_once(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk.server.failures["claim"] = [503] * 7
    agent = kiosk.agent(clock=lambda: 0.0)

    def sleep(seconds: float) -> None:
        kiosk.sleeps.append(seconds)
        if kiosk.server.claim_waits:  # a claim got through: the next pause is the idle one
            agent.stop()

    agent.sleep = sleep
    with caplog.at_level(logging.INFO, logger="printers.agent"):
        assert agent.run() == 0
    assert kiosk.sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 1.0]
    assert caplog.text.count("server unavailable (HTTP 503 injected") == 1
    assert caplog.text.count("server reachable again") == 1


def test_once_exits_1_when_the_server_cannot_be_reached(kiosk: Kiosk) -> None:
    kiosk.server.close()
    assert kiosk.agent(once=True).run() == 1
    assert kiosk.sleeps == []


def test_a_stop_request_finishes_the_pending_report_then_exits_0(kiosk: Kiosk) -> None:
    job_id = kiosk.server.add_job(b"\x1b@x\n")
    kiosk.server.failures["result"] = [503]
    agent = kiosk.agent()
    agent.sleep = lambda seconds: agent.stop()  # the signal arrives during the back-off
    assert agent.run() == 0
    assert kiosk.server.results == [(job_id, {"printed": True, "status": "ok"})]
    assert len(kiosk.server.claim_waits) == 1


def test_main_reads_the_token_from_QMS_AGENT_TOKEN(
    server: FakeQueueServer, fake_printer: FakePrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = server.add_job(b"\x1b@env\n")
    monkeypatch.setenv("QMS_AGENT_TOKEN", TOKEN)
    printer = f"tcp://127.0.0.1:{fake_printer.port}"
    assert main(["--server", server.url, "--printer", printer, "--wait", "0", "--once"]) == 0
    assert server.results == [(job_id, {"printed": True, "status": "ok"})]
    assert server.statuses == ["ok"]


def test_the_token_option_wins_over_the_environment(
    server: FakeQueueServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QMS_AGENT_TOKEN", TOKEN)
    argv = ["--server", server.url, "--printer", "dummy://", "--once", "--token", "d_other"]
    assert main(argv) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--server", "host:8000", "--printer", "dummy://", "--token", "t"],
        ["--server", "http://h", "--printer", "dummy://", "--token", "t", "--wait", "26"],
        ["--server", "http://h", "--printer", "dummy://", "--token", "t", "--status-every", "0"],
        ["--server", "http://h", "--printer", "lpt://1", "--token", "t"],
        ["--server", "http://h", "--printer", "dummy://"],  # no token anywhere
    ],
)
def test_bad_arguments_exit_with_status_2(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QMS_AGENT_TOKEN", raising=False)
    assert main(argv) == 2


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "printers.agent", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_python_m_printers_agent_help_describes_the_options() -> None:
    out, _ = run_module("--help").communicate(timeout=10)
    for option in ("--server", "--token", "--printer", "--wait", "--status-every", "--once"):
        assert option in out
    assert "QMS_AGENT_TOKEN" in out


def test_sigterm_stops_the_agent_with_status_0(server: FakeQueueServer) -> None:
    process = run_module(
        "--server", server.url, "--printer", "dummy://", "--wait", "0",
        env={"QMS_AGENT_TOKEN": TOKEN},
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not server.claim_waits and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert server.statuses[0] == "ok"
    assert "print agent started" in err
