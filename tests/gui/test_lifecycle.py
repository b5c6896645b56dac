"""Duplicate and Delete destination: the controller's (no widget), the menu's and the workspace
list's context menu."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.secrets import FallbackStore, MemoryStore, scope_of
from gui.editor import EditorController
from gui.jobs import Jobs
from tests.gui.conftest import answer_next_dialog


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[EditorController]:
    jobs = Jobs()
    controller = EditorController(jobs)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    controller.secrets = FallbackStore(MemoryStore())
    yield controller
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    jobs.wait()


def settle(qtbot: QtBot, editor: EditorController) -> None:
    qtbot.wait(300)
    qtbot.waitUntil(lambda: editor.jobs.pending == 0, timeout=20000)


def _tip(window, file: str) -> str:  # type: ignore[no-untyped-def]
    view = window.workspace
    return next(
        view.shown(i).tooltip for i in range(view.count()) if view.shown(i).path.name == file
    )


def _trash() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "Trash" / "files"


def test_duplicate_writes_a_new_file_with_a_free_name_and_the_passwords(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    editor.open_workspace(workspace)
    editor.open_file(workspace / "basic.properties")
    settle(qtbot, editor)
    editor.set_password("Password", "s3cret", True)
    assert editor.save()
    settle(qtbot, editor)
    editor.duplicate()
    settle(qtbot, editor)
    copy = workspace / "basic-copy.properties"
    assert copy.is_file() and "Name=basic-copy" in copy.read_text()
    assert "s3cret" not in copy.read_text()
    assert editor.session is not None and editor.session.path == copy
    assert not editor.session.modified
    assert editor.secrets.get(scope_of(workspace, "basic-copy"), "Password") == "s3cret"
    assert copy in editor.files
    editor.open_file(workspace / "basic.properties")
    settle(qtbot, editor)
    editor.duplicate()  # a second copy does not take the first one's name
    settle(qtbot, editor)
    assert (workspace / "basic-copy-2.properties").is_file()


def test_duplicate_inside_a_json_file_adds_to_it(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "many.json"
    d = {
        "Type": "HTTP",
        "URL": "https://a.example.com",
        "ProxyType": "Internet",
        "Authentication": "NoAuthentication",
    }
    path.write_text(json.dumps([{"Name": "a", **d}, {"Name": "b", **d}]))
    editor.open_file(path, 1)
    settle(qtbot, editor)
    editor.duplicate()
    settle(qtbot, editor)
    assert [e["Name"] for e in json.loads(path.read_text())] == ["a", "b", "b-copy"]
    assert editor.session is not None and editor.session.index == 2


def test_delete_moves_the_file_to_the_trash_and_forgets_its_passwords(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    editor.open_workspace(workspace)
    path = workspace / "basic.properties"
    editor.secrets.set(scope_of(workspace, "basic"), "Password", "old")
    editor.open_file(path)
    settle(qtbot, editor)
    assert editor.trashes_file
    assert editor.delete(forget=True)
    settle(qtbot, editor)
    assert not path.exists()
    assert (_trash() / "basic.properties").is_file()
    assert editor.session is None
    assert path not in editor.files
    assert editor.secrets.get(scope_of(workspace, "basic"), "Password") is None


def test_delete_can_keep_the_passwords(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    editor.secrets.set(scope_of(workspace, "basic"), "Password", "old")
    editor.open_file(workspace / "basic.properties")
    settle(qtbot, editor)
    assert editor.delete(forget=False)
    settle(qtbot, editor)
    assert editor.secrets.get(scope_of(workspace, "basic"), "Password") == "old"


def test_the_duplicate_name_finding_comes_and_goes_in_the_workspace_list(
    window, tmp_path: Path, idle
) -> None:  # type: ignore[no-untyped-def]
    for file in ("a.properties", "b.properties"):
        (tmp_path / file).write_text(
            "Name=orders\nType=HTTP\nURL=https://t.example.com\nProxyType=Internet\n"
            "Authentication=NoAuthentication\n"
        )
    window.open_workspace(tmp_path)
    idle(window)
    assert _tip(window, "a.properties") == "a.properties: orders: error"
    window.open_file(tmp_path / "b.properties")
    idle(window)
    assert "name.duplicate" in {f.code for f in window.editor.findings}
    window.editor.edit("Name", "other")
    window.save()
    idle(window)
    assert "name.duplicate" not in {f.code for f in window.editor.findings}
    assert _tip(window, "a.properties") == "a.properties: orders: ok"


def test_context_menu_and_delete_question(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_workspace(workspace)
    idle(window)
    view = window.workspace
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    texts = [a.text() for a in view.actions()]
    assert "D&uplicate Destination" in texts and "De&lete Destination…" in texts
    window.open_file(workspace / "basic.properties")
    idle(window)
    assert window.commands.delete.isEnabled() and window.commands.duplicate.isEnabled()
    seen: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    answer_next_dialog(QMessageBox.StandardButton.Cancel, seen)
    window.commands.delete.trigger()
    assert seen == ["Move basic.properties (basic) to the trash?"]
    assert (workspace / "basic.properties").exists()
    answer_next_dialog(QMessageBox.StandardButton.Yes)
    view.setFocus()
    QApplication.processEvents()
    window.commands.delete.trigger()
    idle(window)
    assert not (workspace / "basic.properties").exists()
    assert all(view.shown(i).name != "basic" for i in range(view.count()))
    # The next row opens, as a file manager selects the next file.
    assert window.session is not None and window.session.path.name == "weather.properties"
