"""File > Export Bundle and Import Bundle, driven through the window (no keyring here: the GUI
tests run with keyring's fail backend, as a desktop without a Secret Service would)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from tests.bundle_data import bundle_with_a_password


def test_export_the_workspace_as_init_data_then_import_it(
    window,  # type: ignore[no-untyped-def]
    workspace: Path,
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    window.open_workspace(workspace)
    idle(window)
    bundle = tmp_path / "config.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bundle), ""))
    dialog = window.tools.export_bundle()
    dialog.init_data.setChecked(True)
    assert not dialog.warning.isVisible()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=20000)
    assert dialog.message.text().startswith("Wrote config.json: 2 destinations, 1 key store file.")
    level = json.loads(bundle.read_text())["init_data"]["subaccount"]
    assert sorted(d["Name"] for d in level["destinations"]) == ["basic", "weather"]
    assert [c["Name"] for c in level["certificates"]] == ["client.jks"]
    dialog.close()

    target = tmp_path / "imported"
    window.import_bundle(bundle, target)
    qtbot.waitUntil(lambda: window.editor.folder == target.resolve(), timeout=20000)
    idle(window)
    assert "Imported config.json: 3 files, 0 passwords" in window.statusBar().currentMessage()
    assert (target / "client.jks").read_bytes() == (workspace / "client.jks").read_bytes()
    assert window.workspace.count() == 2


def test_importing_passwords_without_a_keyring_writes_nothing(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
) -> None:
    idle(window)  # the keyring has answered: there is none
    bundle = bundle_with_a_password(tmp_path)
    target = tmp_path / "t"
    window.import_bundle(bundle, target)
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    assert window.statusBar().currentMessage().startswith("Nothing imported:")
    assert "no OS keyring to move them into" in window.statusBar().currentMessage()
    assert not target.exists()


def test_export_policy_defaults_to_fail_and_update_without_passwords_is_refused(
    window,  # type: ignore[no-untyped-def]
    workspace: Path,
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    window.open_workspace(workspace)
    idle(window)
    bundle = tmp_path / "config.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bundle), ""))
    dialog = window.tools.export_bundle()
    dialog.init_data.setChecked(True)
    assert dialog.policy.currentText() == "fail"
    dialog.policy.setCurrentText("update")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=20000)
    assert "would remove their live passwords" in dialog.message.text()
    assert not bundle.exists()
    dialog.policy.setCurrentText("fail")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Wrote"), timeout=20000)
    level = json.loads(bundle.read_text())["init_data"]["subaccount"]
    assert level["existing_destinations_policy"] == "fail"
    dialog.close()
