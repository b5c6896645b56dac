from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CLI = Path(sys.executable).parent / "destination-cli"


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `destination-cli` as a user would."""

    def run(
        *args: str | Path,
        stdin: str = "",
        env: dict[str, str] | None = None,
        no_root_read: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        prefix: list[str] = []
        if no_root_read and os.geteuid() == 0:
            # Root reads any file whatever its mode; without these two capabilities it cannot.
            prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
        return subprocess.run(
            [*prefix, str(CLI), *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    return run
