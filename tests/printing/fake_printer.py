"""A fake raw-TCP (port 9100) receipt printer that records jobs and answers DLE EOT n."""

from __future__ import annotations

import socket
import threading
from types import TracebackType

STATUS_BYTES: dict[str, tuple[int, int]] = {
    "ok": (0x12, 0x12),
    "paper_low": (0x12, 0x1E),  # roll sensor bits 2-3: near end
    "paper_out": (0x1A, 0x7E),  # offline + roll sensor bits 5-6: paper end
    "offline": (0x1A, 0x12),  # printer status bit 3: offline (e.g. cover open)
}
#: Besides the keys above, state "closing" accepts and drops every connection.
_QUERIES = {b"\x10\x04\x01", b"\x10\x04\x04"}


class FakePrinter:
    """Listen on 127.0.0.1 on a free port in a background thread."""

    def __init__(self, state: str = "ok") -> None:
        self.state = state
        self.connections: list[bytes] = []
        self._changed = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening: connections are refused from now on."""
        self._stop.set()
        self._thread.join(timeout=2)
        self._server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                if self.state == "closing":
                    continue  # accept, then hang up at once: a printer that drops us
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(2)
        received = bytearray()
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            before = len(received)
            received += chunk
            self._answer(conn, received, before)
        with self._changed:
            self.connections.append(bytes(received))
            self._changed.notify_all()

    def _answer(self, conn: socket.socket, received: bytearray, before: int) -> None:
        start = max(0, before - 2)
        while (index := received.find(b"\x10\x04", start)) >= 0 and index + 2 < len(received):
            printer_byte, roll_byte = STATUS_BYTES[self.state]
            n = received[index + 2]
            reply = {1: printer_byte, 4: roll_byte}.get(n, 0x12)
            try:
                conn.sendall(bytes([reply]))
            except OSError:
                return
            start = index + 3

    @property
    def jobs(self) -> list[bytes]:
        """Connections that carried more than status queries."""
        with self._changed:
            return [c for c in self.connections if c and not _only_queries(c)]

    def wait_for_connections(self, count: int, timeout: float = 2.0) -> None:
        """Block until ``count`` connections have finished."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.connections) >= count, timeout):
                raise TimeoutError(f"only {len(self.connections)} connection(s) seen")


def _only_queries(data: bytes) -> bool:
    return len(data) % 3 == 0 and all(data[i : i + 3] in _QUERIES for i in range(0, len(data), 3))
