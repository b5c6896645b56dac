"""The workspace as a person meets it: a file opened alone brings its folder; a start with no
argument reopens where they left, else shows a welcome pane; the list, the connection result and
the inspector show the destination that is open, not an earlier one; file dialogs start where
the file belongs."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from core.formats import Format
from core.secrets import FallbackStore, MemoryStore
from gui import last_session
from gui.places import EXPORT_FOLDER
from tests.keystore_data import DATA


def _selected(window) -> list[str]:  # type: ignore[no-untyped-def]
    view = window.workspace
    return [str(view.model().data(i)) for i in view.selectionModel().selectedRows()]


def _tip(window, file: str) -> str:  # type: ignore[no-untyped-def]
    view = window.workspace
    return next(
        view.shown(i).tooltip for i in range(view.count()) if view.shown(i).path.name == file
    )


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folder or file each save dialog starts at; the person then cancels."""
    starts: list[str] = []

    def save_name(_parent: object, _title: str, start: str = "", *_: object) -> tuple[str, str]:
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    return starts


def test_a_file_opened_alone_brings_its_folder_as_the_workspace(
    window, workspace: Path, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    assert window.editor.folder == workspace.resolve()
    assert window.workspace.count() == 2
    assert _selected(window) == ["weather"]


def test_start_reopens_the_last_workspace_and_destination(
    window, workspace: Path, idle, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    window.open_file(workspace / "weather.properties")
    idle(window)
    window.editor.set_password("KeyStorePassword", "never-in-settings", False)
    settings = QSettings()
    settings.sync()
    assert all("never-in-settings" not in str(settings.value(k)) for k in settings.allKeys())
    again = MainWindow()
    try:
        assert again.reopen_last()
        idle(again)
        assert again.session is not None
        assert again.session.path == (workspace / "weather.properties").resolve()
        assert again.editor.folder == workspace.resolve()
        assert again.middle.currentWidget() is again.form_area
    finally:
        again.close()
        again.jobs.wait()
        again.deleteLater()


def test_an_empty_start_shows_the_welcome_pane(window, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings()
    for key in (last_session.FOLDER, last_session.FILE, last_session.INDEX):
        settings.remove(key)
    assert not window.reopen_last()
    assert window.middle.currentWidget() is window.welcome
    texts = [b.text() for b in window.welcome.buttons]
    assert texts == ["Open Folder…", "Open Sample Workspace", "New Destination"]
    window.welcome.buttons[2].click()  # New
    idle(window)
    assert window.session is not None
    assert window.middle.currentWidget() is window.form_area
    assert window.form.isEnabled()


def test_the_list_selects_the_destination_that_is_open(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_workspace(workspace)
    idle(window)
    assert _selected(window) == ["basic"]  # the first one opens
    window.open_file(workspace / "weather.properties")  # e.g. from Recent Files or Health
    idle(window)
    assert _selected(window) == ["weather"]
    window.new_destination()
    idle(window)
    assert _selected(window) == []


class SlowKeyring(MemoryStore):
    """A keyring that takes its time to store, as the Secret Service may."""

    def set(self, scope: str, key: str, value: str) -> None:
        time.sleep(0.5)
        super().set(scope, key, value)


def test_a_rows_status_follows_a_fix_once_saved(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    window.editor.secrets = FallbackStore(SlowKeyring())
    window.open_workspace(workspace)
    idle(window)
    assert _tip(window, "basic.properties").endswith(": error")  # no password
    window.open_file(workspace / "basic.properties")
    window.editor.set_password("Password", "pw", True)
    assert window.save()
    idle(window)
    assert _tip(window, "basic.properties") == "basic.properties: basic: ok"


def test_an_old_connection_result_goes_when_the_inputs_change(
    window, tmp_path: Path, idle, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "local.properties"
    path.write_text(
        "Name=local\nType=HTTP\nURL=https://127.0.0.1:9\nProxyType=Internet\n"
        "Authentication=NoAuthentication\n"
    )
    window.open_file(path)
    idle(window)
    window.check_connection()
    qtbot.waitUntil(lambda: window.connection.button.isEnabled(), timeout=20000)
    assert window.connection.status.text() != "Not checked yet."
    window.editor.edit("Description", "unchanged URL, still the same result")
    assert window.connection.status.text() != "Not checked yet."  # a note changes no result
    window.editor.set_password("Password", "x", False)
    window.editor.edit("URL", "https://127.0.0.1:10")
    assert "changed since this check" in window.connection.status.text()
    assert window.connection.view.toPlainText() == ""


def test_the_inspector_does_not_keep_another_stores_password(
    window, tmp_path: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(DATA / "chain.p12", tmp_path / "a.p12")
    shutil.copy(DATA / "legacy.p12", tmp_path / "b.p12")
    inspector = window.tools.open_inspector(tmp_path / "a.p12")
    view = inspector.view
    qtbot.waitUntil(lambda: view.password_row.isVisible(), timeout=20000)
    view.password.setText("a-password")
    inspector.open_path(tmp_path / "b.p12")
    assert view.password.text() == ""


def test_save_as_for_a_new_destination_starts_in_the_workspace(
    window, workspace: Path, idle, asked: list[str]
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "basic.properties")
    idle(window)
    window.new_destination()
    window.editor.edit("Name", "fresh")
    window.save_as()
    assert Path(asked[0]) == workspace.resolve() / "fresh.properties"


def test_export_for_upload_starts_outside_the_workspace_then_where_it_went(
    window, workspace: Path, idle, asked: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:  # type: ignore[no-untyped-def]
    QSettings().remove(EXPORT_FOLDER)
    window.open_file(workspace / "basic.properties")
    idle(window)
    dialog = window.tools.export()
    dialog._save()
    start = Path(asked[-1])
    assert start.name == "basic-upload.properties"
    assert workspace.resolve() not in start.resolve().parents
    elsewhere = tmp_path_factory.mktemp("exports")
    QSettings().setValue(EXPORT_FOLDER, str(elsewhere))
    dialog._save()
    assert Path(asked[-1]).parent == elsewhere
    dialog.close()
    assert dialog.format.currentText() == Format.PROPERTIES.value


def test_certificate_export_is_named_after_its_cn_in_the_export_folder(
    window, tmp_path: Path, qtbot: QtBot, asked: list[str]
) -> None:  # type: ignore[no-untyped-def]
    QSettings().setValue(EXPORT_FOLDER, str(tmp_path))
    shutil.copy(DATA / "chain.jks", tmp_path / "client.jks")
    inspector = window.tools.open_inspector(tmp_path / "client.jks")
    tree = inspector.view.view.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=20000)
    tree.setCurrentItem(tree.topLevelItem(0))
    node = inspector.view.view.selected_node()
    assert node is not None
    inspector.view._export("pem-cert")
    start = Path(asked[-1])
    assert start.parent == tmp_path
    assert start.name == f"{node.facts.short_name}.pem"
    assert start.name == "client.example.com.pem"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # Both fail for root too (CI runs as root, and root reads a mode-000 file).
        ("a.properties", b"Name=a\n" + b"#" * (2 * 1024 * 1024)),  # over the 1 MB cap
        ("a.json", b'{"Name": "a\xff", "Type": "HTTP"}'),  # not UTF-8
    ],
    ids=["too-big", "not-utf8"],
)
def test_a_first_file_that_cannot_be_opened_says_why_in_the_middle(  # type: ignore[no-untyped-def]
    window, workspace: Path, idle, cli, name: str, content: bytes
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import answer_next_dialog

    bad = workspace / name
    bad.write_bytes(content)
    said = cli("validate", bad.resolve())
    assert said.returncode == 2
    cause = said.stderr.strip().removeprefix("destination-cli: ")
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Ok, seen)
    window.open_workspace(workspace)  # its first file, listed first, is opened
    idle(window)
    assert window.session is None
    assert seen == [cause]  # the dialog as before
    # Once the dialog is gone, the middle of the window still says why nothing is open.
    assert window.middle.currentWidget() is window.welcome
    # Named as `destination-cli validate` run in the folder names it.
    assert window.welcome.reason.isVisibleTo(window)
    assert window.welcome.reason.text() == f"Not opened: {cause.replace(str(bad.resolve()), name)}."
    # Opening another destination clears it; a new failure says its own.
    window.workspace.select((workspace.resolve() / "basic.properties", 0))
    idle(window)
    assert window.session is not None and not window.welcome.reason.isVisibleTo(window)
