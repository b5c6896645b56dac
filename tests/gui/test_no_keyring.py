"""With no keyring (the fail backend), a password is never lost silently: opening a file does not
mark it modified, and a save that would take a password out of the file asks first, and keeps it
in the file when the user says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.test_form import field, type_into

BASIC = (
    "# basic with a clear-text password\nName=basic\nType=HTTP\nURL=https://b.example.com\n"
    "ProxyType=Internet\nAuthentication=BasicAuthentication\nUser=u\nPassword=s3cret\n"
)


def answer_dialogs(answers: list[QMessageBox.StandardButton], seen: list[str]) -> None:
    """Click each answer in the next message boxes, one box after the other."""
    done: list[QMessageBox] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box in done:
            QTimer.singleShot(20, click)
            return
        done.append(box)
        seen.append(box.text())
        box.button(answers[len(done) - 1]).click()
        if len(done) < len(answers):
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def _open(window, path: Path, idle) -> None:  # type: ignore[no-untyped-def]
    path.write_text(BASIC)
    window.open_file(path)
    idle(window)


def test_opening_a_clear_text_password_is_not_a_change(window, tmp_path: Path, idle) -> None:  # type: ignore[no-untyped-def]
    assert not window.editor.secrets.remembers
    _open(window, tmp_path / "basic.properties", idle)
    assert not window.session.modified and not window.isWindowModified()
    window.open_path(tmp_path)  # and through the workspace list
    idle(window)
    assert window.session is None or not window.session.modified


def test_closing_and_saving_keeps_the_password_when_chosen(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "basic.properties"
    _open(window, path, idle)
    type_into(qtbot, field(window, "Description").edit, "edited")
    seen: list[str] = []
    answer_dialogs([QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Yes], seen)
    window.close_destination()
    assert window.session is None
    assert "no OS keyring to keep Password" in seen[1]
    text = path.read_text()
    assert "Password=s3cret" in text and "Description=edited" in text and "# basic" in text


def test_cancelling_the_question_saves_nothing(window, tmp_path: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "basic.properties"
    _open(window, path, idle)
    type_into(qtbot, field(window, "Description").edit, "edited")
    seen: list[str] = []
    answer_dialogs([QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Cancel], seen)
    window.close_destination()
    assert window.session is not None and window.session.modified  # still open, still edited
    assert path.read_text() == BASIC


def test_removing_is_a_choice_the_user_makes(window, tmp_path: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "basic.properties"
    _open(window, path, idle)
    type_into(qtbot, field(window, "Description").edit, "edited")
    seen: list[str] = []
    answer_dialogs([QMessageBox.StandardButton.No], seen)
    assert window.save()
    assert len(seen) == 1 and "Keep the passwords in the file" in seen[0]
    assert "s3cret" not in path.read_text()
    assert window.session.password("Password") == "s3cret"  # still here while the window is


def test_the_keyring_found_missing_late_keeps_a_typed_password_for_the_session(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    """The keyring answers after the first paint. A password typed before it answered "none"
    is kept for this session only, as unticking the box by hand does; the file's own password
    is not taken for a typed one (tests/gui/test_app.py runs that through the real start)."""
    _open(window, tmp_path / "basic.properties", idle)
    box = field(window, "Password")
    window.form.set_keyring_available(True)  # as before the keyring answered: the box ticked
    box.set_password(box.edit.text(), False, True)
    assert box.remember.isChecked() and not window.session.modified
    window.form.set_keyring_available(False, "no keyring")
    assert not window.session.modified and not window.session.session_only
    window.form.set_keyring_available(True)
    box.set_password(box.edit.text(), False, True)
    type_into(qtbot, box.edit, "typed-now")
    assert window.session.typed == {"Password": "typed-now"} and not window.session.session_only
    window.form.set_keyring_available(False, "no keyring")
    assert window.session.session_only == {"Password"} and not box.remember.isChecked()
