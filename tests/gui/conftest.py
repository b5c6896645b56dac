"""Qt tests run offscreen, with no keyring of the user's and settings in a temp folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.keystore_data import DATA

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="de-gui-settings-")
QCoreApplication.setOrganizationName("destination-editor-tests")
QCoreApplication.setApplicationName("Destination Editor")

CCA = (
    "# a client certificate destination\nName=weather\nType=HTTP\nURL=https://api.example.com\n"
    "ProxyType=Internet\nAuthentication=ClientCertificateAuthentication\n"
    "KeyStoreLocation=client.jks\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copy(DATA / "chain.jks", tmp_path / "client.jks")
    shutil.copy(DATA / "chain.p12", tmp_path / "client.p12")
    (tmp_path / "weather.properties").write_text(CCA)
    (tmp_path / "basic.properties").write_text(
        "Name=basic\nType=HTTP\nURL=https://b.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=u\n"
    )
    return tmp_path


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[object]:
    from gui.main_window import MainWindow

    w = MainWindow()  # closed below, not by qtbot: it would meet the unsaved-changes prompt
    w.show()
    qtbot.waitUntil(lambda: w.jobs.pending == 0, timeout=20000)
    yield w
    w.editor.session = None  # teardown only: no unsaved-changes prompt
    w.close()
    w.jobs.wait()
    w.deleteLater()


def answer_next_dialog(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Click `button` in the next modal message box, as a person would."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        if seen is not None:
            seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, click)


@pytest.fixture
def idle(qtbot: QtBot) -> Callable[[object], None]:
    def wait(window: object) -> None:
        qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)  # type: ignore[attr-defined]
        qtbot.wait(300)  # the debounce timer
        qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)  # type: ignore[attr-defined]

    return wait
