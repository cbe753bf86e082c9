"""Thin, lazily constructed wrappers over python-escpos's Usb and Serial printers.

Importable and constructible without hardware, pyusb or pyserial: the python-escpos
object is created and opened on first use.
"""

from __future__ import annotations

from typing import Any

from printers.drivers.base import PrinterStatus, PrinterUnavailable, parse_status

_RT_PRINTER = b"\x10\x04\x01"
_RT_ROLL_PAPER = b"\x10\x04\x04"


class _EscposBacked:
    """Shared send/status over a python-escpos printer object."""

    def __init__(self) -> None:
        self._printer: Any = None

    def _make(self) -> Any:
        raise NotImplementedError

    def _device(self) -> Any:
        if self._printer is None:
            try:
                printer = self._make()
                printer.open()
            except Exception as exc:  # python-escpos raises many kinds, incl. missing deps
                raise PrinterUnavailable(f"{self!r}: {exc}") from exc
            self._printer = printer
        return self._printer

    def send(self, data: bytes) -> None:
        """Write the job to the device."""
        device = self._device()
        try:
            device._raw(data)
        except Exception as exc:
            self._printer = None
            raise PrinterUnavailable(f"{self!r}: {exc}") from exc

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1 and 4 over the device; failure to open means offline."""
        try:
            device = self._device()
        except PrinterUnavailable:
            return PrinterStatus.OFFLINE
        try:
            printer = device.query_status(_RT_PRINTER)
            roll = device.query_status(_RT_ROLL_PAPER)
        except Exception:
            return PrinterStatus.UNKNOWN
        if not printer or not roll:
            return PrinterStatus.UNKNOWN
        return parse_status(printer[0], roll[0])


class UsbDriver(_EscposBacked):
    """A USB printer by vendor and product id (needs pyusb at print time)."""

    def __init__(self, vendor_id: int, product_id: int, timeout: float = 5.0) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"UsbDriver({self.vendor_id:04x}:{self.product_id:04x})"

    def _make(self) -> Any:
        from escpos.printer import Usb  # type: ignore[import-untyped]

        if not Usb.is_usable():
            raise RuntimeError("pyusb is not installed (pip install pyusb)")
        return Usb(self.vendor_id, self.product_id, timeout=int(self.timeout * 1000))


class SerialDriver(_EscposBacked):
    """A serial printer by device path and baud rate (needs pyserial at print time)."""

    def __init__(self, device: str, baudrate: int = 9600, timeout: float = 1.0) -> None:
        super().__init__()
        self.device = device
        self.baudrate = baudrate
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SerialDriver({self.device!r}, baudrate={self.baudrate})"

    def _make(self) -> Any:
        from escpos.printer import Serial

        if not Serial.is_usable():
            raise RuntimeError("pyserial is not installed (pip install pyserial)")
        return Serial(self.device, baudrate=self.baudrate, timeout=self.timeout)
