"""A private, real Secret Service for tests: its own D-Bus session and gnome-keyring-daemon.

Needs Debian's `dbus` and `gnome-keyring` (`.ci/run` installs them). The keyring lives in a fresh
XDG_DATA_HOME, unlocked with a password only the test knows, so nothing touches a user's keyring.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

AVAILABLE = bool(shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon"))
# Bound for each keyring call in tests of what is stored: the product's 5 s is a user's patience,
# and a loaded CI machine can exceed it. The timeout itself has its own test (a hanging backend).
CALL_TIMEOUT = 60.0


@contextmanager
def secret_service() -> Iterator[dict[str, str]]:
    """Yield the environment variables that point a process at the private Secret Service."""
    home = Path(tempfile.mkdtemp(prefix="de-keyring-"))
    (home / "data").mkdir()
    (home / "run").mkdir(mode=0o700)
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    full = {**os.environ, **env}
    full.pop("PYTHON_KEYRING_BACKEND", None)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=full,
    )
    daemon = None
    try:
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        full.update(env)
        daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=full,
        )
        assert daemon.stdin is not None
        daemon.stdin.write(b"keyring-test-unlock")
        daemon.stdin.close()
        _wait_for_service(full)
        yield env
    finally:
        for proc in (daemon, bus):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if bus.stdout is not None:
            bus.stdout.close()
        shutil.rmtree(home, ignore_errors=True)


def _wait_for_service(env: dict[str, str]) -> None:
    # Up, and its default collection unlocked: the daemon unlocks it from stdin a moment after
    # it appears on the bus.
    probe = (
        "import secretstorage; c = secretstorage.dbus_init(); "
        "assert not secretstorage.get_default_collection(c).is_locked()"
    )
    deadline = time.monotonic() + 20
    while True:
        r = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, timeout=20)
        if r.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(
                "the private Secret Service did not start: " + r.stderr.decode()[-300:]
            )
        time.sleep(0.2)


def wait_unlocked(timeout: float = 10) -> None:
    """Wait until the default collection of the service in os.environ is unlocked. Once, under
    CI load, it was found locked between two tests without any test locking it."""
    import secretstorage

    deadline = time.monotonic() + timeout
    while True:
        with closing(secretstorage.dbus_init()) as bus:
            if not secretstorage.get_default_collection(bus).is_locked():
                return
        if time.monotonic() > deadline:
            raise RuntimeError("the private Secret Service's collection stays locked")
        time.sleep(0.1)
