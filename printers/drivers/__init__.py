"""Printer drivers: ``send(bytes)`` and ``status()``, chosen by URL with driver_from_url."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from printers.drivers.base import (
    Driver,
    PrinterStatus,
    PrinterUnavailable,
    PrintResult,
    deliver,
    parse_status,
)
from printers.drivers.escpos_backed import SerialDriver, UsbDriver
from printers.drivers.local import DummyDriver, FileDriver
from printers.drivers.network import NetworkDriver

__all__ = [
    "Driver",
    "DummyDriver",
    "FileDriver",
    "NetworkDriver",
    "PrintResult",
    "PrinterStatus",
    "PrinterUnavailable",
    "SerialDriver",
    "UsbDriver",
    "deliver",
    "driver_from_url",
    "parse_status",
]

SUPPORTED = (
    "tcp://host:9100, file:///path, dummy://, usb://VID:PID, serial:///dev/ttyS0?baudrate=9600"
)
_USB_IDS = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")


def _bad(url: str, why: str) -> ValueError:
    return ValueError(f"printer URL {url!r}: {why} (supported: {SUPPORTED})")


def _one(query: dict[str, list[str]], key: str, url: str) -> str | None:
    values = query.pop(key, None)
    if values is None:
        return None
    if len(values) != 1:
        raise _bad(url, f"{key} given more than once")
    return values[0]


def _number(value: str | None, key: str, url: str, default: float) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _bad(url, f"{key} must be a number, not {value!r}") from None
    if number <= 0:
        raise _bad(url, f"{key} must be positive")
    return number


def driver_from_url(url: str) -> Driver:
    """Build a driver from a printer URL; raise ValueError for anything unsupported."""
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query, keep_blank_values=True)
    scheme = parts.scheme.lower()
    driver: Driver
    if scheme == "tcp":
        try:
            port = parts.port or 9100
        except ValueError:
            raise _bad(url, "port must be a number 1-65535") from None
        if not parts.hostname:
            raise _bad(url, "a host is required")
        timeout = _number(_one(query, "timeout", url), "timeout", url, 5.0)
        driver = NetworkDriver(parts.hostname, port, timeout=timeout)
    elif scheme == "file":
        if parts.netloc or not parts.path:
            raise _bad(url, "use an absolute path with three slashes, e.g. file:///dev/usb/lp0")
        driver = FileDriver(parts.path)
    elif scheme == "dummy":
        raw = _one(query, "status", url) or "ok"
        try:
            driver = DummyDriver(PrinterStatus(raw))
        except ValueError:
            raise _bad(url, f"unknown status {raw!r}") from None
    elif scheme == "usb":
        match = _USB_IDS.match(parts.netloc)
        if not match:
            raise _bad(url, "expected usb://VID:PID with 4 hex digits each, e.g. usb://04b8:0202")
        driver = UsbDriver(int(match[1], 16), int(match[2], 16))
    elif scheme == "serial":
        if parts.netloc or not parts.path:
            raise _bad(url, "expected serial:///dev/ttyS0?baudrate=9600")
        baud = _number(_one(query, "baudrate", url), "baudrate", url, 9600)
        driver = SerialDriver(parts.path, baudrate=int(baud))
    else:
        raise _bad(url, f"unsupported scheme {parts.scheme!r}" if scheme else "no scheme")
    if query:
        raise _bad(url, f"unknown parameter(s) {sorted(query)}")
    return driver
