"""The whole OpenAPI surface fuzzed with schemathesis against a real server process: no
input, however odd, gets a 5xx or a response that breaks the published schema."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import fresh_database, in_thread, seed
from tests.factories import PASSWORD
from tests.servers import servers

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = 5  # per operation and phase: enough to catch a crash, short enough for CI


@pytest.mark.parametrize("username", ["manager", "reception"])
def test_no_input_gets_a_server_error_or_breaks_the_schema(
    tmp_path: Path, request: pytest.FixtureRequest, username: str
) -> None:
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    with servers(url, 1, tmp_path) as bases:
        base = bases[0]
        r = httpx.post(
            f"{base}/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        token = r.json()["token"]
        done = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{base}/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                "not_a_server_error,response_schema_conformance",
                "--max-examples",
                str(EXAMPLES),
                "--seed",
                "20261123",
                "--workers",
                "2",
                "--exclude-path",
                "/api/v1/auth/logout",  # it would end the session the fuzzing runs in
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    tested = re.search(r"Tested:\s+(\d+)", done.stdout)
    assert tested and int(tested[1]) >= 50, done.stdout[-3000:]  # (nearly) every operation
