"""The application starts, shows its window, and says how to run it without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow

EDITOR = Path(sys.executable).parent / "destination-editor"


def test_main_window_shows(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.isVisible()
    assert window.windowTitle().startswith("Destination Editor")


def test_without_a_display_it_says_how_to_run() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    r = subprocess.run([str(EDITOR)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert "no display found" in r.stderr and "xvfb-run" in r.stderr and "--screenshot" in r.stderr


def test_version() -> None:
    r = subprocess.run([str(EDITOR), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("destination-editor ")
