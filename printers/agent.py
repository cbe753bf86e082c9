"""Stand-alone print agent: claims rendered jobs from the queue server and prints them here.

Runs on a kiosk computer next to a printer the server cannot reach (USB, serial, file or
network): ``python -m printers.agent --server http://host:8000 --printer usb://04b8:0202``,
with the kiosk's device token in ``QMS_AGENT_TOKEN`` (or ``--token``). The HTTP client is in
:mod:`printers.agent_api`; the kiosk needs nothing but this package and python-escpos.

A claimed job is printed at most once: its result stays in memory until the server has it,
and nothing new is claimed meanwhile. Nothing is ever reprinted automatically.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence

from printers.agent_api import AgentApi, AgentApiError, Job, JobDone, Rejected, Unauthorized
from printers.drivers import Driver, PrinterStatus, PrintResult, deliver, driver_from_url

log = logging.getLogger("printers.agent")

TOKEN_ENV = "QMS_AGENT_TOKEN"
MAX_BACKOFF = 30.0
MIN_POLL = 1.0  # seconds between claims, so a server answering 204 at once is not hammered
STOP_ATTEMPTS = 3  # report attempts after a stop signal before giving up on a pending result


class Agent:
    """Claims, prints and reports jobs one at a time; ``run`` loops with back-off."""

    def __init__(
        self,
        api: AgentApi,
        driver: Driver,
        *,
        wait: int = 20,
        status_every: float = 15.0,
        once: bool = False,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api, self.driver = api, driver
        self.wait, self.status_every, self.once = wait, status_every, once
        self.sleep = sleep or self._nap
        self.clock = clock
        self.stopping = False
        self.pending: tuple[Job, PrintResult] | None = None
        self.reported_status: PrinterStatus | None = None
        self._seen_status: PrinterStatus | None = None
        self._status_due = -math.inf
        self._claimed = False
        self._idle_for = 0.0  # how long to pause before the next claim
        self._trouble: str | None = None

    def stop(self) -> None:
        """Finish the current job's report, then leave ``run`` (safe in a signal handler)."""
        self.stopping = True

    def step(self) -> None:
        """Report a pending result, then the printer status, then claim and print one job."""
        self._idle_for = 0.0
        self._flush_pending()
        self._check_status()
        if self.stopping or (self.once and self._claimed):
            return
        started = self.clock()
        job = self.api.claim(max(0, min(self.wait, math.ceil(self._status_due - started))))
        self._claimed = True
        if job is None:
            self._idle_for = MIN_POLL - (self.clock() - started)
            return
        self.pending = (job, self._print(job))
        self._flush_pending()
        self._check_status()  # a paper-out found while printing is reported at once

    def run(self) -> int:
        """Step until stopped; 2 if the token is refused, 1 if ``--once`` cannot get through."""
        delay, failures = 0.0, 0
        while not (self.stopping and self.pending is None):
            try:
                self.step()
            except Unauthorized as exc:
                log.error(
                    "the server refused the device token (%s): it is wrong or was revoked; "
                    "give a valid one with --token or %s. Exiting.",
                    exc,
                    TOKEN_ENV,
                )
                return 2
            except AgentApiError as exc:
                failures += 1
                if (code := self._give_up(exc, failures)) is not None:
                    return code
                delay = min(MAX_BACKOFF, delay * 2 or 1.0)
                self.sleep(delay)
                continue
            if self._trouble is not None:
                log.info("server reachable again")
                self._trouble = None
            delay, failures = 0.0, 0
            if self.once and self._claimed and self.pending is None:
                return 0
            if self._idle_for > 0 and not self.stopping:
                self.sleep(self._idle_for)
        return 0

    def _give_up(self, exc: AgentApiError, failures: int) -> int | None:
        """Log a server failure once per kind; return an exit status if retrying is pointless."""
        if self.once and self.pending is None:
            log.warning("server unavailable (%s); exiting (--once)", exc)
            return 0 if self._claimed else 1  # claimed: the job is done, only a status was lost
        if str(exc) != self._trouble:
            log.warning("server unavailable (%s); retrying with back-off", exc)
            self._trouble = str(exc)
        if self.stopping and self.pending is not None and failures >= STOP_ATTEMPTS:
            log.error("stopping with job %d's result unreported", self.pending[0].id)
            return 0
        return None

    def _print(self, job: Job) -> PrintResult:
        if not job.data:
            log.error("job %d (%s): failed: the server sent no printable data", job.id, job.kind)
            return PrintResult(printed=False, status=self._printer_status())
        try:
            result = deliver(self.driver, job.data)
        except Exception:  # a driver bug must not cost the job its report
            log.exception("job %d (%s): failed: the printer driver crashed", job.id, job.kind)
            return PrintResult(printed=False, status=PrinterStatus.UNKNOWN)
        if result.printed:
            log.info("job %d (%s): printed (printer %s)", job.id, job.kind, result.status.value)
        else:
            log.warning("job %d (%s): failed: printer %s", job.id, job.kind, result.status.value)
        return result

    def _flush_pending(self) -> None:
        if self.pending is None:
            return
        job, result = self.pending
        try:
            self.api.report_result(job.id, result)
        except JobDone as exc:
            log.warning("job %d: the server already gave up on it (%s); dropped", job.id, exc)
        except Rejected as exc:  # e.g. 404: retrying forever would block every later job
            log.error("job %d: the server refused its result (%s); dropped", job.id, exc)
        self.pending = None

    def _check_status(self) -> None:
        status = self._printer_status()
        if status is not self._seen_status:
            fine = status in (PrinterStatus.OK, PrinterStatus.UNKNOWN)
            log.log(logging.INFO if fine else logging.WARNING, "printer status: %s", status.value)
            self._seen_status = status
        now = self.clock()
        if status is self.reported_status and now < self._status_due:
            return
        self.api.report_status(status)
        self.reported_status = status
        self._status_due = now + self.status_every

    def _printer_status(self) -> PrinterStatus:
        try:
            return self.driver.status()
        except Exception:  # drivers should not raise here; an unknown status is the honest answer
            log.exception("printer status query failed")
            return PrinterStatus.UNKNOWN

    def _nap(self, seconds: float) -> None:
        # Short naps so a stop signal is honoured within half a second.
        end = time.monotonic() + seconds
        while not self.stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.5))


def _server_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError("must start with http:// or https://")
    return value


def _wait(value: str) -> int:
    if not value.isdigit() or int(value) > 25:
        raise argparse.ArgumentTypeError("must be a whole number of seconds, 0 to 25")
    return int(value)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return number


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line of ``python -m printers.agent``."""
    parser = argparse.ArgumentParser(
        prog="python -m printers.agent",
        description="Print queue tickets on a printer attached to this kiosk computer.",
        epilog=f"The device token may be given in the environment variable {TOKEN_ENV} "
        "instead of --token, so it does not show in the process list.",
    )
    parser.add_argument("--server", required=True, type=_server_url, help="e.g. http://host:8000")
    parser.add_argument("--token", help=f"device token (default: ${TOKEN_ENV})")
    parser.add_argument("--printer", required=True, help="e.g. usb://04b8:0202, tcp://host:9100")
    parser.add_argument("--wait", type=_wait, default=20, help="long-poll seconds (default 20)")
    parser.add_argument(
        "--status-every", type=_positive, default=15.0, help="seconds between status reports"
    )
    parser.add_argument("--once", action="store_true", help="print at most one job, then exit")
    parser.add_argument("--verbose", "-v", action="store_true", help="log debug messages")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the agent from the command line; return the process exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or a usage error, already printed by argparse
        return exc.code if isinstance(exc.code, int) else 2
    token = args.token or os.environ.get(TOKEN_ENV, "")
    if not token:
        parser.print_usage(sys.stderr)
        print(f"error: give --token or set {TOKEN_ENV}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        driver = driver_from_url(args.printer)
    except ValueError as exc:
        log.error("%s", exc)
        return 2
    agent = Agent(
        AgentApi(args.server, token),
        driver,
        wait=args.wait,
        status_every=args.status_every,
        once=args.once,
    )
    log.info("print agent started: server %s, printer %r", args.server, driver)

    def on_signal(signum: int, frame: object) -> None:
        agent.stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return agent.run()
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


if __name__ == "__main__":
    sys.exit(main())
