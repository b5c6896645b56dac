"""What the packaging tests share: the repository root, running a program, checking a PNG."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "app.destinationeditor.DestinationEditor"


def need(tool: str) -> str:
    """The path of a system tool; in CI its absence is a failure (.ci/run installs it)."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing; .ci/run should install it")
        pytest.skip(f"{tool} is not installed")
    return found


def run(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str | None] | None = None,
    stdin: str = "",
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    """Run a program as a user would; an env value of None removes that variable."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={k: v for k, v in merged.items() if v is not None},
    )


def check_screenshot(png: Path) -> tuple[int, int]:
    """The PNG is a real picture of a window: readable, window-sized, not one flat colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a readable PNG"
    assert image.width() >= 800 and image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, "the screenshot is nearly one colour: nothing was painted"
    return image.width(), image.height()


def inspect_fixture(
    cli: Path, name: str, cwd: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`cli inspect` on a tests/data fixture with its password, no keyring."""
    from tests.keystore_data import DATA, PASSWORD

    return run(
        cli, "inspect", DATA / name, "--password-env", "STORE_PW", *extra, cwd=cwd,
        env={"STORE_PW": PASSWORD, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )  # fmt: skip
