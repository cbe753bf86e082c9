"""The queue server's print-agent endpoints over urllib: claim a job, report results and status.

Standard library only, so the agent runs on a kiosk computer with nothing else installed.
Errors are sorted by what the agent should do: :class:`Unauthorized` (stop),
:class:`Rejected` and its :class:`JobDone` (a result can only be dropped) and
:class:`Unavailable` (back off and retry).
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from printers.drivers import PrinterStatus, PrintResult


class AgentApiError(Exception):
    """The server refused a request or could not be reached."""


class Unauthorized(AgentApiError):
    """401/403: the device token is wrong or revoked; retrying cannot help."""


class Rejected(AgentApiError):
    """Another 4xx (404, 422...): this request will never succeed as it is."""


class JobDone(Rejected):
    """409: the server already gave up on the job; its result is no longer wanted."""


class Unavailable(AgentApiError):
    """A connection error, timeout, 429, 5xx or unexpected answer: back off and retry."""


@dataclass(frozen=True, slots=True)
class Job:
    """A claimed job: ESC/POS bytes already rendered by the server for this printer."""

    id: int
    kind: str
    data: bytes


class AgentApi:
    """The print-agent endpoints of the queue server, over urllib."""

    def __init__(self, server: str, token: str, *, timeout: float = 10.0) -> None:
        self.server = server.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._opener = urllib.request.build_opener(_NoRedirect)

    def claim(self, wait: int) -> Job | None:
        """Long-poll for this kiosk's next job; None if nothing came within ``wait`` seconds."""
        # The read timeout must outlast the long poll itself.
        status, body = self._post(f"/api/v1/print-agent/claim?wait={wait}", None, wait)
        if status == 204:
            return None
        if not isinstance(body, dict) or not isinstance(body.get("id"), int):
            raise Unavailable(f"unexpected claim answer (HTTP {status})")
        try:
            data = base64.b64decode(str(body.get("data", "")), validate=True)
        except binascii.Error:
            data = b""  # reported as not printed rather than lost: the job id is known
        return Job(id=body["id"], kind=str(body.get("kind", "?")), data=data)

    def report_result(self, job_id: int, result: PrintResult) -> None:
        """Tell the server whether the job printed; raise Rejected/JobDone if it never will."""
        body = {"printed": result.printed, "status": result.status.value}
        self._post(f"/api/v1/print-jobs/{job_id}/result", body)

    def report_status(self, status: PrinterStatus) -> None:
        """Tell the server the printer's status so the kiosk can switch to on-screen tickets."""
        self._post("/api/v1/print-agent/status", {"status": status.value})

    def _post(self, path: str, payload: object, extra_timeout: float = 0.0) -> tuple[int, Any]:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.server + path, data=data, method="POST")
        request.add_header("Authorization", f"Bearer {self._token}")
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout + extra_timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            raise _refusal(exc) from None
        except urllib.error.URLError as exc:
            raise Unavailable(str(exc.reason)) from None
        except (OSError, http.client.HTTPException) as exc:
            raise Unavailable(str(exc) or type(exc).__name__) from None
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            raise Unavailable(f"HTTP {status} with a body that is not JSON") from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn the POST into a GET and carry the token along."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        """Follow nothing; the 3xx then surfaces as an HTTPError."""
        return None


def _refusal(exc: urllib.error.HTTPError) -> AgentApiError:
    try:
        error = json.loads(exc.read()).get("error", {})
        detail = f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    except (ValueError, AttributeError, OSError):
        detail = ""
    text = f"HTTP {exc.code}" + (f" {detail}" if detail else "")
    if exc.code in (401, 403):
        return Unauthorized(text)
    if exc.code == 409:
        return JobDone(text)
    if 300 <= exc.code < 400:
        text += f" to {exc.headers.get('Location')}: give that address as --server"
    if 400 <= exc.code < 500 and exc.code not in (408, 429):
        return Rejected(text)
    return Unavailable(text)
