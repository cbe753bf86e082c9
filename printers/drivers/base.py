"""The driver protocol, printer status and the Epson real-time status byte parser."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

#: DLE EOT n real-time status requests (Epson ESC/POS).
DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_ROLL_PAPER = b"\x10\x04\x04"

_FIXED_MASK = 0b1001_0011  # bits 0, 1, 4, 7 have fixed values in every DLE EOT reply
_FIXED_VALUE = 0b0001_0010  # bit 1 and bit 4 set, bits 0 and 7 clear
_OFFLINE_BIT = 0b0000_1000  # printer status, bit 3
_NEAR_END_BITS = 0b0000_1100  # roll paper sensor, bits 2-3
_PAPER_END_BITS = 0b0110_0000  # roll paper sensor, bits 5-6


class PrinterStatus(enum.StrEnum):
    """What a printer reports, reduced to what the kiosk acts on."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class PrinterUnavailable(OSError):
    """The bytes could not be delivered to the printer."""


@runtime_checkable
class Driver(Protocol):
    """Sends ESC/POS bytes to one printer and reports its status."""

    def send(self, data: bytes) -> None:
        """Deliver ``data`` to the printer or raise PrinterUnavailable."""
        ...

    def status(self) -> PrinterStatus:
        """Return the printer's current status without printing."""
        ...


def _valid(byte: int) -> bool:
    return byte & _FIXED_MASK == _FIXED_VALUE


def parse_status(printer_byte: int, roll_paper_byte: int) -> PrinterStatus:
    """Map DLE EOT 1 and DLE EOT 4 reply bytes to a PrinterStatus."""
    if not (_valid(printer_byte) and _valid(roll_paper_byte)):
        return PrinterStatus.UNKNOWN
    if roll_paper_byte & _PAPER_END_BITS:
        return PrinterStatus.PAPER_OUT
    if printer_byte & _OFFLINE_BIT:
        return PrinterStatus.OFFLINE
    if roll_paper_byte & _NEAR_END_BITS:
        return PrinterStatus.PAPER_LOW
    return PrinterStatus.OK


@dataclass(frozen=True, slots=True)
class PrintResult:
    """Whether a job was sent, and the status that decided it."""

    printed: bool
    status: PrinterStatus


def deliver(driver: Driver, data: bytes) -> PrintResult:
    """Check status, then send unless the printer is out of paper or offline."""
    status = driver.status()
    if status in (PrinterStatus.PAPER_OUT, PrinterStatus.OFFLINE):
        return PrintResult(printed=False, status=status)
    try:
        driver.send(data)
    except PrinterUnavailable:
        return PrintResult(printed=False, status=PrinterStatus.OFFLINE)
    return PrintResult(printed=True, status=status)
