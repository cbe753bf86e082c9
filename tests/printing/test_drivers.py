"""File and dummy drivers, lazy USB/serial wrappers, and driver_from_url."""

from __future__ import annotations

from pathlib import Path

import pytest

from printers.drivers import (
    Driver,
    DummyDriver,
    FileDriver,
    NetworkDriver,
    PrinterStatus,
    PrinterUnavailable,
    SerialDriver,
    UsbDriver,
    deliver,
    driver_from_url,
)
from printers.render import render
from printers.slip import TicketSlip
from tests.printing.escpos_decoder import decode


def test_file_driver_writes_the_job(tmp_path: Path, slip: TicketSlip) -> None:
    target = tmp_path / "lp0"
    target.touch()
    driver = FileDriver(target)
    assert driver.status() is PrinterStatus.UNKNOWN
    driver.send(render(slip))
    assert "П-012" in decode(target.read_bytes()).lines


def test_file_driver_missing_path_is_offline(tmp_path: Path) -> None:
    driver = FileDriver(tmp_path / "no-such-dir" / "lp0")
    assert driver.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterUnavailable):
        driver.send(b"\x1b@")


def test_dummy_driver_keeps_jobs_and_obeys_its_status(slip: TicketSlip) -> None:
    driver = DummyDriver()
    assert deliver(driver, render(slip)).printed
    assert decode(driver.data).qr_payloads == [slip.qr_url]
    driver.current_status = PrinterStatus.PAPER_OUT
    assert not deliver(driver, render(slip)).printed
    with pytest.raises(PrinterUnavailable):
        driver.send(b"x")
    assert len(driver.jobs) == 1


def test_usb_and_serial_wrappers_construct_without_hardware() -> None:
    usb = UsbDriver(0x04B8, 0x0202)
    serial = SerialDriver("/dev/ttyS-does-not-exist", baudrate=19200)
    assert isinstance(usb, Driver)
    assert isinstance(serial, Driver)
    assert serial.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterUnavailable):
        serial.send(b"\x1b@")


@pytest.mark.parametrize(
    ("url", "kind", "attrs"),
    [
        ("tcp://10.0.0.5:9100", NetworkDriver, {"host": "10.0.0.5", "port": 9100}),
        ("tcp://printer.local", NetworkDriver, {"host": "printer.local", "port": 9100}),
        ("tcp://10.0.0.5:9101?timeout=2.5", NetworkDriver, {"port": 9101, "timeout": 2.5}),
        ("file:///dev/usb/lp0", FileDriver, {"path": Path("/dev/usb/lp0")}),
        ("dummy://", DummyDriver, {"current_status": PrinterStatus.OK}),
        ("dummy://?status=paper_out", DummyDriver, {"current_status": PrinterStatus.PAPER_OUT}),
        ("usb://04b8:0202", UsbDriver, {"vendor_id": 0x04B8, "product_id": 0x0202}),
        ("serial:///dev/ttyS0?baudrate=9600", SerialDriver, {"device": "/dev/ttyS0"}),
        ("serial:///dev/ttyUSB0", SerialDriver, {"baudrate": 9600}),
    ],
)
def test_driver_from_url(url: str, kind: type, attrs: dict[str, object]) -> None:
    driver = driver_from_url(url)
    assert isinstance(driver, kind)
    for name, value in attrs.items():
        assert getattr(driver, name) == value


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "no scheme"),
        ("/dev/usb/lp0", "no scheme"),
        ("http://printer:9100", "unsupported scheme 'http'"),
        ("tcp://:9100", "host is required"),
        ("tcp://printer:99999", "port"),
        ("tcp://printer:9100?timeout=soon", "timeout must be a number"),
        ("tcp://printer:9100?colour=red", "unknown parameter"),
        ("file://relative/path", "absolute path"),
        ("dummy://?status=jammed", "unknown status 'jammed'"),
        ("usb://epson", "usb://VID:PID"),
        ("usb://4b8:202", "usb://VID:PID"),
        ("serial://ttyS0", "serial:///dev/ttyS0"),
        ("serial:///dev/ttyS0?baudrate=fast", "baudrate must be a number"),
    ],
)
def test_driver_from_url_rejects_with_a_clear_message(url: str, message: str) -> None:
    with pytest.raises(ValueError, match="printer URL") as info:
        driver_from_url(url)
    assert message in str(info.value)
    assert "supported:" in str(info.value)
