"""Logging: readable lines (``QMS_LOG_FORMAT=text``) or one JSON object a line (``json``).

The configuration is one ``logging.config.dictConfig`` dictionary, which uvicorn applies in
its main process and again in every worker process it starts. In both formats a line
that quotes the path of the request being served (uvicorn's access line, a websocket
being accepted, an unexpected error) shows the path the request middleware judged safe to
log (``RequestContext.path``): a route template such as ``/t/{track_token}`` in place of
a path with a token or a code in it; uvicorn's lines never show the query string, which
carries device tokens (``/display/?token=...``).
"""

from __future__ import annotations

import contextvars
import copy
import json
import logging
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from uvicorn.config import LOGGING_CONFIG

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# What every LogRecord has; anything else on a record came from ``extra=`` and is logged.
_STANDARD = frozenset(vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
    "taskName",
}


@dataclass(frozen=True)
class RequestContext:
    """The request being served, as log lines may show it."""

    request_id: str | None
    path: str  # what may be logged: the raw path, or the route template if it has secrets
    raw_path: str  # the path as received, to recognise it in uvicorn's lines


current_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "current_request", default=None
)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, extra fields,
    the request id of the request being served, and the traceback if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = current_request.get()
        if request is not None and request.request_id is not None:
            entry["request_id"] = request.request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PrivatePaths(logging.Filter):
    """Puts the loggable path in place of the path of the request being served wherever
    a line quotes it (``"GET /t/{track_token} HTTP/1.1" 200``), and drops the query string
    from the paths in uvicorn's lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.args, tuple) or not record.args:
            return True
        request = current_request.get()
        from_server = record.name.startswith("uvicorn")
        if request is None and not from_server:
            return True
        args = list(record.args)
        for i, arg in enumerate(args):
            if not isinstance(arg, str) or not arg.startswith("/"):
                continue
            path, _, query = arg.partition("?")
            if request is not None and urllib.parse.unquote(path) == request.raw_path:
                args[i] = request.path
            elif from_server and query:
                args[i] = path
        record.args = tuple(args)
        return True


def logging_config(log_format: str) -> dict[str, Any]:
    """The ``dictConfig`` of the server's logging: uvicorn's own and the application's."""
    if log_format == "json":
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"private": {"()": PrivatePaths}},
            "formatters": {"json": {"()": JsonFormatter}},
            "handlers": {
                "json": {
                    "class": "logging.StreamHandler",
                    "formatter": "json",
                    "filters": ["private"],
                    "stream": "ext://sys.stderr",
                }
            },
            "loggers": {
                "uvicorn": {"handlers": ["json"], "level": "INFO", "propagate": False},
                "uvicorn.error": {"level": "INFO"},
                # The request middleware writes the access lines (with more in them).
                "uvicorn.access": {"handlers": [], "level": "INFO", "propagate": False},
            },
            "root": {"handlers": ["json"], "level": "INFO"},
        }
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"private": {"()": PrivatePaths}}
    for handler in config["handlers"].values():
        handler["filters"] = ["private"]
    config["formatters"]["plain"] = {"format": TEXT_FORMAT}
    config["handlers"]["plain"] = {
        "class": "logging.StreamHandler",
        "formatter": "plain",
        "filters": ["private"],
        "stream": "ext://sys.stderr",
    }
    config["root"] = {"handlers": ["plain"], "level": "INFO"}
    return config
