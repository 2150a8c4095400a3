"""Shared fixtures: the generated code, the bodies to check, a sandbox gateway.

run.sh generates the code into $BEREKE_CONSUMER_WORK before pytest starts.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

WORK = Path(os.environ["BEREKE_CONSUMER_WORK"])
sys.path.insert(0, str(WORK / "python"))


@pytest.fixture(scope="session")
def bodies():
    """Every document JSON example and corpus body, with its definition."""
    items = json.loads((WORK / "bodies.json").read_text())
    assert len(items) >= 50, f"only {len(items)} bodies"
    return items


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sandbox_url():
    """A bereke-sandbox binary listening on a free loopback port."""
    port = free_port()
    log = open(WORK / "sandbox.log", "wb")
    process = subprocess.Popen(
        [os.environ["BEREKE_SANDBOX"], "--addr", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(f"sandbox did not start: {(WORK / 'sandbox.log').read_text()}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/payment"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
