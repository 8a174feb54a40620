"""tests/serving.py's servers: whatever ends the test process, they end with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# A test process that starts a server as the tests do (serving.running), says the server's process id, and waits.
STARTS_A_SERVER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from serving import free_port, running
port = free_port()
with running([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)], f"http://127.0.0.1:{port}/",
             sys.argv[2], timeout=30) as server:
    print(server.pid, flush=True)
    time.sleep(60)
"""


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie no parent reaps counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_a_server_the_tests_started_ends_when_the_test_process_is_killed(tmp_path):
    """A test run stopped by SIGKILL (a CI job's timeout, a killed xdist worker) left the `kg serve` processes it
    had started running, in process groups of their own, their ports and memory held until someone found them."""
    server = None
    tests = subprocess.Popen([sys.executable, "-c", STARTS_A_SERVER, str(TESTS), str(tmp_path / "server.log")],
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        server = int(tests.stdout.readline())
        assert not gone(server)
        os.kill(tests.pid, signal.SIGKILL)
        tests.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not gone(server) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gone(server), f"the server ({server}) outlived the test process that started it"
    finally:
        if tests.poll() is None:
            tests.kill()
        tests.stdout.close()
        if server is not None and not gone(server):
            os.killpg(server, signal.SIGKILL)  # (what the fault left)
