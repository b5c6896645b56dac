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
FAIL_KEYRING = "keyring.backends.fail.Keyring"


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


BASIC = (
    "Name=basic\nType=HTTP\nURL=https://example.com\nProxyType=Internet\n"
    "Authentication=BasicAuthentication\nUser=u\nPassword=clear-text\n"
)


def _run_editor(tmp_path: Path, code: str, *args: str, keyring: str) -> list[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": keyring,
        "PYTHONPATH": str(tmp_path),
        "HOME": str(tmp_path),
    }
    r = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_quit_when_loaded_ends_without_asking_about_changes(tmp_path: Path) -> None:
    """Closing asks Save/Discard/Cancel when the destination was changed; a benchmark or
    screenshot run ends without asking (nobody would answer), and saves nothing."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "basic.properties").write_text(BASIC)
    change = (
        "import sys; from gui import app\n"
        "seen = []\n"
        "def watch(w):\n"
        "    seen.append(w)\n"
        "    w.editor.opened.connect(lambda: w.session and w.editor.edit('User', 'changed'))\n"
        "code = app.main(sys.argv[1:], watch=watch)\n"
        "print(code, seen[0].session.modified)\n"
    )
    for args in (["--quit-when-loaded"], ["--screenshot", str(tmp_path / "out.png")]):
        out = _run_editor(tmp_path, change, *args, str(folder), keyring=FAIL_KEYRING)
        assert out == ["0", "True"]  # changed, and ended all the same
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "basic.properties").read_text() == BASIC  # nothing saved


def test_a_keyring_found_missing_after_the_file_opened_changes_nothing(tmp_path: Path) -> None:
    """The keyring answers after the first paint. When it turns out absent, "Remember in OS
    keyring" is unticked; a clear-text password of the file is not taken for a typed one, so
    the destination is not changed (and closing would not ask)."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "basic.properties").write_text(BASIC)
    # A keyring that answers late, and then fails to load.
    (tmp_path / "late_keyring.py").write_text(
        "import time\n"
        "from keyring.backends import fail\n"
        "class Keyring(fail.Keyring):\n"
        "    def __init__(self):\n"
        "        time.sleep(1)\n"
        "        raise RuntimeError('no keyring here')\n"
    )
    probe = (
        "import sys; from gui import app\n"
        "seen = []\n"
        "code = app.main(sys.argv[1:], watch=seen.append)\n"
        "w = seen[0]; box = w.form.rows['Password'].field\n"
        "print(code, w.editor.keyring_known, w.session.modified, box.edit.text(),"
        " box.remember.isChecked())\n"
    )
    out = _run_editor(
        tmp_path, probe, "--quit-when-loaded", str(folder), keyring="late_keyring.Keyring"
    )
    assert out == ["0", "True", "False", "clear-text", "False"]
