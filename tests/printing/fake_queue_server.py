"""A fake queue server speaking the print-agent HTTP contract, in memory, in a thread."""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "d_kiosk_test"
_RESULT_PATH = re.compile(r"^/api/v1/print-jobs/(\d+)/result$")


class FakeQueueServer:
    """Queued jobs go out on claim; results and statuses are recorded for the test to read."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.queued: list[dict[str, Any]] = []
        self.claim_waits: list[int] = []
        self.results: list[tuple[int, dict[str, Any]]] = []
        self.statuses: list[str] = []
        self.given_up: set[int] = set()  # result reports for these jobs answer 409
        #: Status codes to answer before serving normally, per endpoint: claim, result, status.
        self.failures: dict[str, list[int]] = {"claim": [], "result": [], "status": []}
        self.lock = threading.Lock()
        self._next_id = 1
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """Base URL to pass as --server."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def add_job(self, data: bytes, kind: str = "ticket") -> int:
        """Queue ready ESC/POS bytes for the kiosk and return the job id."""
        with self.lock:
            job_id, self._next_id = self._next_id, self._next_id + 1
            encoded = base64.b64encode(data).decode()
            self.queued.append({"id": job_id, "kind": kind, "data": encoded})
        return job_id

    def close(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> FakeQueueServer:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, val: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def handle(self, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        """Answer one authorised POST: (status code, JSON body or None)."""
        if path == "/api/v1/print-agent/claim":
            return self._failure("claim") or self._claim(int(query.get("wait", ["0"])[0]))
        if path == "/api/v1/print-agent/status":
            if failed := self._failure("status"):
                return failed
            self.statuses.append(body["status"])
            return 204, None
        if match := _RESULT_PATH.match(path):
            return self._failure("result") or self._result(int(match[1]), body)
        return 404, _error("not_found", path)

    def _failure(self, endpoint: str) -> tuple[int, Any] | None:
        if self.failures[endpoint]:
            code = self.failures[endpoint].pop(0)
            return code, _error("injected", f"injected HTTP {code}")
        return None

    def _claim(self, wait: int) -> tuple[int, Any]:
        assert 0 <= wait <= 25, wait
        self.claim_waits.append(wait)
        if not self.queued:
            return 204, None  # a real server would hold the request up to `wait` seconds
        return 200, self.queued.pop(0)

    def _result(self, job_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        if job_id in self.given_up:
            return 409, _error("print_job_done", "the server already gave up on this job")
        assert set(body) == {"printed", "status"}, body
        self.results.append((job_id, body))
        return 200, {"id": job_id, "state": "printed" if body["printed"] else "failed"}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        fake: FakeQueueServer = self.server.fake  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != f"Bearer {fake.token}":
            self._send(401, _error("unauthorized", "unknown or revoked device token"))
            return
        if raw and self.headers.get("Content-Type") != "application/json":
            self._send(415, _error("unsupported_media_type", "send JSON"))
            return
        with fake.lock:
            status, body = fake.handle(parts.path, parse_qs(parts.query), json.loads(raw or "null"))
        self._send(status, body)

    def _send(self, status: int, body: Any) -> None:
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet
