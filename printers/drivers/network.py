"""Raw TCP (port 9100, "JetDirect") printer driver with DLE EOT status queries."""

from __future__ import annotations

import socket

from printers.drivers.base import (
    DLE_EOT_PRINTER,
    DLE_EOT_ROLL_PAPER,
    PrinterStatus,
    PrinterUnavailable,
    parse_status,
)


class NetworkDriver:
    """Send bytes to host:port over a fresh TCP connection per job."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"NetworkDriver({self.host!r}, {self.port})"

    def _connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def send(self, data: bytes) -> None:
        """Write the whole job and close the connection."""
        try:
            with self._connect() as conn:
                conn.sendall(data)
                conn.shutdown(socket.SHUT_WR)
        except OSError as exc:
            raise PrinterUnavailable(f"{self!r}: {exc}") from exc

    def status(self) -> PrinterStatus:
        """Ask DLE EOT 1 and 4; a refused or dropped connection means offline."""
        try:
            with self._connect() as conn:
                printer_byte = _query(conn, DLE_EOT_PRINTER)
                roll_byte = _query(conn, DLE_EOT_ROLL_PAPER)
        except TimeoutError:
            return PrinterStatus.UNKNOWN
        except OSError:
            return PrinterStatus.OFFLINE
        return parse_status(printer_byte, roll_byte)


def _query(conn: socket.socket, request: bytes) -> int:
    conn.sendall(request)
    reply = conn.recv(1)
    if not reply:
        raise ConnectionResetError("printer closed the connection")
    return reply[0]
