"""Drivers without a network: a file or device path, and an in-memory dummy."""

from __future__ import annotations

from pathlib import Path

from printers.drivers.base import PrinterStatus, PrinterUnavailable


class FileDriver:
    """Append bytes to a file or character device such as /dev/usb/lp0."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"FileDriver({str(self.path)!r})"

    def send(self, data: bytes) -> None:
        """Write the job to the path."""
        try:
            with self.path.open("ab") as handle:
                handle.write(data)
        except OSError as exc:
            raise PrinterUnavailable(f"{self!r}: {exc}") from exc

    def status(self) -> PrinterStatus:
        """Unknown (a device file cannot be asked), or offline if the path is missing."""
        return PrinterStatus.UNKNOWN if self.path.exists() else PrinterStatus.OFFLINE


class DummyDriver:
    """Keep jobs in memory; the status is whatever the test or demo sets."""

    def __init__(self, status: PrinterStatus = PrinterStatus.OK) -> None:
        self.jobs: list[bytes] = []
        self.current_status = status

    def __repr__(self) -> str:
        return f"DummyDriver(status={self.current_status.value!r}, jobs={len(self.jobs)})"

    def send(self, data: bytes) -> None:
        """Record the job, or refuse it while paper-out or offline."""
        if self.current_status in (PrinterStatus.PAPER_OUT, PrinterStatus.OFFLINE):
            raise PrinterUnavailable(f"dummy printer is {self.current_status.value}")
        self.jobs.append(bytes(data))

    def status(self) -> PrinterStatus:
        """Return the configured status."""
        return self.current_status

    @property
    def data(self) -> bytes:
        """Return all jobs joined."""
        return b"".join(self.jobs)
