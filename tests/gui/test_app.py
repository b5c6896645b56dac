"""The application starts, shows its window, and says how to run it without a display."""

from __future__ import annotations

import os
import shutil
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


def test_the_window_has_the_application_icon() -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from gui import app; from PySide6.QtWidgets import QApplication;"
            "app.main(['--quit-when-loaded']);"
            "i = QApplication.windowIcon(); print(i.isNull(), QApplication.desktopFileName())",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "app.destinationeditor.DestinationEditor"]


def test_open_sample_workspace_copies_the_samples_and_opens_them(
    window,  # type: ignore[no-untyped-def]
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)  # a throwaway data folder, not the user's
    monkeypatch.setattr(QStandardPaths, "setTestModeEnabled", lambda _: None)
    data = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    )
    try:
        shutil.rmtree(data / "samples", ignore_errors=True)
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
        action = next(a for a in help_menu.actions() if a.text() == "Open &Sample Workspace")
        action.trigger()
        qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
        ws = window.workspace
        names = [ws.shown(i).name for i in range(ws.count())]  # sorted by name as shown
        assert names == [
            "billing",
            "hr-system",
            "legacy-erp",
            "orders",
            "partner-portal",
            "sales-oauth",
            "weather-api",
        ]
        assert (data / "samples" / "weather-client.jks").read_bytes() == (
            Path(__file__).parents[2] / "resources" / "samples" / "weather-client.jks"
        ).read_bytes()
        assert "samples" in window.statusBar().currentMessage()
        # the "expires soon" store was made just now: 20 days from today, whatever the date
        billing = next(ws.shown(i) for i in range(ws.count()) if ws.shown(i).name == "billing")
        assert billing.days_left in (19, 20)
    finally:
        shutil.rmtree(data, ignore_errors=True)
        QStandardPaths.setTestModeEnabled(False)


def test_a_dark_palette_is_followed(window, workspace: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    """A dark desktop hands Qt a dark palette; nothing of ours paints a light background."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(color))
    app.setPalette(dark)
    try:
        window.open_workspace(workspace)
        qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
        for widget in window.findChildren(QWidget):
            assert "background" not in widget.styleSheet(), widget
        image = window.findings.viewport().grab().toImage()
        corner = image.pixelColor(image.width() - 3, image.height() - 3)
        assert corner.lightness() < 80, corner.name()
    finally:
        app.setPalette(before)


def test_every_control_has_an_accessible_name(window, workspace: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    """What a screen reader says for each control a person can reach with Tab: its label, its
    text, or the name we gave it; never nothing."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTextEdit,
        QWidget,
    )

    from tests.keystore_data import DATA

    def unnamed(top: QWidget) -> list[str]:
        out = []
        kinds = (
            QAbstractButton,
            QLineEdit,
            QComboBox,
            QAbstractItemView,
            QAbstractSpinBox,
            QTextEdit,
        )
        for kind in kinds:
            for w in top.findChildren(kind):
                if not w.isVisibleTo(top) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
                    continue
                iface = QAccessible.queryAccessibleInterface(w)
                if iface is None or not iface.text(QAccessible.Text.Name).strip():
                    out.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
        return out

    window.open_workspace(workspace)
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    tops = [window, window.tools.open_inspector(DATA / "chain.jks")]
    tops += [window.tools.keystore_tool(a) for a in ("build", "convert", "fix")]
    tops += [window.tools.export_bundle(), window.tools.show_health()]
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    assert [(t.windowTitle(), unnamed(t)) for t in tops] == [(t.windowTitle(), []) for t in tops]
    for t in tops[1:]:
        t.close()
