"""Shared test set-up. Qt must never look for a real screen in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def keyring_env() -> Iterator[dict[str, str | None]]:
    """Environment for a subprocess that should use a private, real Secret Service."""
    from tests import secret_service as ss

    if not ss.AVAILABLE:
        pytest.skip("dbus-daemon and gnome-keyring-daemon are needed (Debian: dbus gnome-keyring)")
    with ss.secret_service() as env:
        yield {**env, "PYTHON_KEYRING_BACKEND": None}


CLI = Path(sys.executable).parent / "destination-cli"


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `destination-cli` as a user would."""

    def run(
        *args: str | Path,
        stdin: str = "",
        env: dict[str, str | None] | None = None,
        no_root_read: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        prefix: list[str] = []
        if no_root_read and os.geteuid() == 0:
            # Root reads any file whatever its mode; without these two capabilities it cannot.
            prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
        # No test may touch the keyring of whoever runs it: the default is "no keyring"; tests
        # that want one pass the private Secret Service's variables. None removes a variable.
        merged = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        merged.update(env or {})
        return subprocess.run(
            [*prefix, str(CLI), *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in merged.items() if v is not None},
        )

    return run
