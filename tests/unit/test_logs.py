"""Log lines: one JSON object a line in JSON mode, and no token in uvicorn's request lines."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from queue_server.logs import JsonFormatter, PrivatePaths, RequestContext, current_request


def record(
    msg: str, *args: object, name: str = "queue_server.test", **extra: object
) -> logging.LogRecord:
    made = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
    made.__dict__.update(extra)
    return made


@pytest.fixture
def serving() -> Iterator[RequestContext]:
    """As if the request middleware were serving a ticket's phone page."""
    context = RequestContext("req-42", "/t/{track_token}", "/t/secret-token-1")
    token = current_request.set(context)
    yield context
    current_request.reset(token)


class TestJsonFormatter:
    def test_a_line_is_one_object_with_time_level_logger_and_message(self) -> None:
        line = JsonFormatter().format(record("issued %d tickets\nthen %s", 3, "stopped"))
        assert "\n" not in line
        entry = json.loads(line)
        assert entry["level"] == "WARNING" and entry["logger"] == "queue_server.test"
        assert entry["message"] == "issued 3 tickets\nthen stopped"
        assert entry["time"].endswith("Z")  # ISO 8601, UTC
        assert datetime.fromisoformat(entry["time"]).utcoffset() == timedelta(0)

    def test_extra_fields_are_kept(self) -> None:
        entry = json.loads(
            JsonFormatter().format(record("done", route="/healthz", status=200, ms=1.5))
        )
        assert (entry["route"], entry["status"], entry["ms"]) == ("/healthz", 200, 1.5)

    def test_uvicorn_colour_copies_are_left_out(self) -> None:
        entry = json.loads(JsonFormatter().format(record("started", color_message="\x1b[1m")))
        assert "color_message" not in entry

    def test_values_json_does_not_know_are_written_as_text(self) -> None:
        at = datetime(2025, 3, 1, 12, 0)
        entry = json.loads(JsonFormatter().format(record("at", at=at)))
        assert entry["at"] == str(at)

    def test_a_traceback_stays_on_the_line(self) -> None:
        try:
            raise ValueError("boom")
        except ValueError:
            failed = record("failed")
            failed.exc_info = sys.exc_info()
        line = JsonFormatter().format(failed)
        assert "\n" not in line
        assert "ValueError: boom" in json.loads(line)["exception"]

    def test_lines_written_while_serving_a_request_carry_its_id(
        self, serving: RequestContext
    ) -> None:
        entry = json.loads(JsonFormatter().format(record("looked up")))
        assert entry["request_id"] == "req-42"


def access_line(path: str) -> logging.LogRecord:
    """A request line as uvicorn writes it."""
    return record(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200, name="uvicorn.access"
    )


class TestPrivatePaths:
    def test_the_request_being_served_is_shown_by_its_safe_path(
        self, serving: RequestContext
    ) -> None:
        line = access_line("/t/secret-token-1?lang=en")
        assert PrivatePaths().filter(line)
        assert line.getMessage() == '127.0.0.1:5000 - "GET /t/{track_token} HTTP/1.1" 200'

    def test_a_websocket_line_too(self, serving: RequestContext) -> None:
        line = record(
            '%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", "/t/secret-token-1?x=1",
            name="uvicorn.error",
        )  # fmt: skip
        PrivatePaths().filter(line)
        assert "secret" not in line.getMessage()

    def test_without_a_request_the_query_string_is_dropped(self) -> None:
        line = access_line("/display/?token=d_device-token")
        PrivatePaths().filter(line)
        assert line.getMessage() == '127.0.0.1:5000 - "GET /display/ HTTP/1.1" 200'

    def test_the_application_quoting_the_path_gets_the_safe_one(
        self, serving: RequestContext
    ) -> None:
        line = record("unexpected error on %s %s", "GET", "/t/secret-token-1")
        PrivatePaths().filter(line)
        assert line.getMessage() == "unexpected error on GET /t/{track_token}"

    def test_other_paths_of_the_application_are_left_alone(self, serving: RequestContext) -> None:
        line = record("saved %s", "/tmp/x?y", name="queue_server")
        PrivatePaths().filter(line)
        assert line.getMessage() == "saved /tmp/x?y"
