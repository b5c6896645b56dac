"""A save before the OS keyring answered at start-up never takes a password out of the file
without asking: the start-up placeholder store does not remember anything."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from core.secrets import FallbackStore, MemoryStore, scope_of
from tests.bundle_data import bundle_with_a_password
from tests.gui.test_form import field, type_into
from tests.gui.test_no_keyring import BASIC, answer_dialogs


@pytest.fixture
def slow_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, MemoryStore]]:
    """The keyring answers (with `kept` as its store) only once the event is set."""
    answer, kept = threading.Event(), MemoryStore()

    def open_store() -> FallbackStore:
        answer.wait(30)
        return FallbackStore(kept)

    monkeypatch.setattr("gui.editor.open_secret_store", open_store)
    yield answer, kept
    answer.set()


@pytest.fixture
def early_window(qtbot: QtBot, slow_keyring) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    w = MainWindow()
    w.show()
    yield w
    slow_keyring[0].set()
    w.editor.session = None
    w.close()
    w.jobs.wait()
    w.deleteLater()


def _open_and_edit(window, path: Path, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    path.write_text(BASIC)
    window.open_file(path)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)
    type_into(qtbot, field(window, "Description").edit, "edited")
    assert not getattr(window.editor, "keyring_known", False)


def test_a_save_before_the_keyring_answers_asks_and_keeps(
    early_window, tmp_path: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "basic.properties"
    _open_and_edit(early_window, path, qtbot)
    seen: list[str] = []
    answer_dialogs([QMessageBox.StandardButton.Yes], seen)
    assert early_window.save()
    assert len(seen) == 1 and "has not answered yet" in seen[0]
    text = path.read_text()
    assert "Password=s3cret" in text and "Description=edited" in text


def test_removed_passwords_go_to_the_keyring_once_it_answers(
    early_window, slow_keyring, tmp_path: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    answer, kept = slow_keyring
    path = tmp_path / "basic.properties"
    _open_and_edit(early_window, path, qtbot)
    seen: list[str] = []
    answer_dialogs([QMessageBox.StandardButton.No], seen)
    assert early_window.save()
    assert len(seen) == 1 and "s3cret" not in path.read_text()
    answer.set()
    qtbot.waitUntil(lambda: early_window.editor.keyring_known, timeout=20000)
    qtbot.waitUntil(lambda: early_window.jobs.pending == 0, timeout=20000)
    assert kept.get(scope_of(tmp_path, "basic"), "Password") == "s3cret"


def test_a_bundle_imported_before_the_keyring_answers_keeps_its_passwords(
    early_window, slow_keyring, tmp_path: Path, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    answer, kept = slow_keyring
    target = tmp_path / "imported"
    early_window.import_bundle(bundle_with_a_password(tmp_path), target)
    qtbot.wait(200)
    answer.set()
    qtbot.waitUntil(lambda: early_window.editor.folder == target.resolve(), timeout=20000)
    qtbot.waitUntil(lambda: early_window.jobs.pending == 0, timeout=20000)
    assert kept.get(scope_of(target, "x"), "Password") == "p"
