"""Kiosk printers and print jobs in the domain: settings, status, a job's life."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queue_server.domain.errors import InvalidInput, PrintJobDone
from queue_server.domain.printing import (
    AGENT_LEASE,
    AGENT_SILENCE,
    FailReason,
    PrinterConfig,
    PrinterState,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
    ReferralSlipText,
)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def job() -> PrintJob:
    slip = ReferralSlipText("ЦНАП", "Пенсія", "Пенсійний фонд", "вул. Шевченка, 1", "", "")
    return PrintJob(id=7, office_id=1, device_id=3, slip=slip, created_at=NOW, requested_by="x")


class TestPrinterConfig:
    def test_paper_width_decides_columns_and_dots(self) -> None:
        assert (PrinterConfig("dummy://").columns, PrinterConfig("dummy://").dots) == (48, 576)
        narrow = PrinterConfig("dummy://", paper_mm=58)
        assert (narrow.columns, narrow.dots) == (32, 384)

    @pytest.mark.parametrize(
        "settings",
        [
            {"url": " "},
            {"url": "dummy://", "codepage": "cp437"},
            {"url": "dummy://", "paper_mm": 76},
        ],
    )
    def test_impossible_settings_are_refused(self, settings: dict[str, object]) -> None:
        with pytest.raises(InvalidInput):
            PrinterConfig(**settings)  # type: ignore[arg-type]

    def test_agent_url_means_the_server_does_not_reach_the_printer(self) -> None:
        assert PrinterConfig("agent://").via_agent
        assert not PrinterConfig("tcp://10.0.0.5:9100").via_agent


class TestPrinterState:
    def test_a_silent_agent_means_offline(self) -> None:
        agent = PrinterConfig("agent://")
        state = PrinterState(PrinterStatus.OK, NOW)
        assert state.effective(agent, NOW + AGENT_SILENCE) is PrinterStatus.OK
        later = NOW + AGENT_SILENCE + timedelta(seconds=1)
        assert state.effective(agent, later) is PrinterStatus.OFFLINE
        assert PrinterState().effective(agent, NOW) is PrinterStatus.OFFLINE

    def test_a_network_printer_keeps_its_last_status(self) -> None:
        state = PrinterState(PrinterStatus.PAPER_LOW, NOW)
        assert state.effective(PrinterConfig("tcp://p:9100"), NOW + timedelta(days=1)) is (
            PrinterStatus.PAPER_LOW
        )

    def test_only_paper_out_and_offline_stop_printing(self) -> None:
        assert {s for s in PrinterStatus if s.blocks_printing} == {
            PrinterStatus.PAPER_OUT,
            PrinterStatus.OFFLINE,
        }


class TestPrintJob:
    def test_a_job_is_claimed_once(self) -> None:
        j = job()
        j.claim(NOW)
        assert j.status is PrintJobStatus.SENDING
        with pytest.raises(PrintJobDone):
            j.claim(NOW)

    def test_a_failed_job_records_why_and_is_never_finished_again(self) -> None:
        j = job()
        j.claim(NOW)
        j.finish(printed=False, printer=PrinterStatus.PAPER_OUT, at=NOW)
        assert (j.status, j.reason) == (PrintJobStatus.FAILED, "paper_out")
        assert [e.name for e in j.events] == ["print.finished"]
        with pytest.raises(PrintJobDone):
            j.finish(printed=True, printer=PrinterStatus.OK, at=NOW)
        j.give_up(FailReason.NO_REPORT, NOW)  # a final job stays as it is
        assert j.reason == "paper_out"

    def test_an_unreported_claim_is_overdue_after_the_lease(self) -> None:
        j = job()
        j.claim(NOW)
        assert not j.overdue(NOW + AGENT_LEASE)
        assert j.overdue(NOW + AGENT_LEASE + timedelta(seconds=1))
