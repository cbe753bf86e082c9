"""NetworkDriver against a fake TCP 9100 printer: printed, paper low, paper out, offline."""

from __future__ import annotations

import pytest

from printers.drivers import (
    NetworkDriver,
    PrinterStatus,
    PrinterUnavailable,
    deliver,
    parse_status,
)
from printers.render import render
from printers.slip import TicketSlip
from tests.printing.conftest import PHONE_URL
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter


def driver_for(printer: FakePrinter) -> NetworkDriver:
    return NetworkDriver("127.0.0.1", printer.port, timeout=1.0)


def test_ok_printer_prints_the_slip(fake_printer: FakePrinter, slip: TicketSlip) -> None:
    result = deliver(driver_for(fake_printer), render(slip))
    assert result.printed
    assert result.status is PrinterStatus.OK
    fake_printer.wait_for_connections(2)  # the status query, then the job
    [job] = fake_printer.jobs
    decoded = decode(job)
    assert "П-012" in decoded.lines
    assert "Перед вами: 3" in decoded.lines
    assert decoded.qr_payloads == [PHONE_URL]
    assert decoded.ends_with_cut


def test_paper_low_still_prints_and_reports_it(fake_printer: FakePrinter, slip: TicketSlip) -> None:
    fake_printer.state = "paper_low"
    result = deliver(driver_for(fake_printer), render(slip))
    assert result.printed
    assert result.status is PrinterStatus.PAPER_LOW
    fake_printer.wait_for_connections(2)
    assert len(fake_printer.jobs) == 1


def test_paper_out_does_not_print(fake_printer: FakePrinter, slip: TicketSlip) -> None:
    fake_printer.state = "paper_out"
    result = deliver(driver_for(fake_printer), render(slip))
    assert not result.printed
    assert result.status is PrinterStatus.PAPER_OUT
    fake_printer.wait_for_connections(1)
    assert fake_printer.jobs == []


def test_offline_status_bit_does_not_print(fake_printer: FakePrinter, slip: TicketSlip) -> None:
    fake_printer.state = "offline"
    assert deliver(driver_for(fake_printer), render(slip)).status is PrinterStatus.OFFLINE


def test_refused_connection_is_offline(slip: TicketSlip) -> None:
    printer = FakePrinter()
    driver = driver_for(printer)
    printer.stop()
    assert driver.status() is PrinterStatus.OFFLINE
    result = deliver(driver, render(slip))
    assert result == type(result)(printed=False, status=PrinterStatus.OFFLINE)
    with pytest.raises(PrinterUnavailable):
        driver.send(b"\x1b@")


def test_dropped_connection_is_offline(fake_printer: FakePrinter) -> None:
    fake_printer.state = "closing"
    assert driver_for(fake_printer).status() is PrinterStatus.OFFLINE


@pytest.mark.parametrize(
    ("printer_byte", "roll_byte", "expected"),
    [
        (0x12, 0x12, PrinterStatus.OK),
        (0x12, 0x1E, PrinterStatus.PAPER_LOW),
        (0x12, 0x16, PrinterStatus.PAPER_LOW),  # one near-end sensor bit is enough
        (0x1A, 0x7E, PrinterStatus.PAPER_OUT),
        (0x12, 0x72, PrinterStatus.PAPER_OUT),
        (0x1A, 0x12, PrinterStatus.OFFLINE),
        (0xFF, 0x12, PrinterStatus.UNKNOWN),  # fixed bits wrong: not a status reply
        (0x12, 0x00, PrinterStatus.UNKNOWN),
    ],
)
def test_status_bytes_follow_the_epson_spec(
    printer_byte: int, roll_byte: int, expected: PrinterStatus
) -> None:
    assert parse_status(printer_byte, roll_byte) is expected
