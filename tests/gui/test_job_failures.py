"""No background job's failure is dropped: each kind of job is made to fail and its sentence
shows where the user looks (status bar, panel or dialog)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from core.errors import UserError
from core.keystores import CorruptKeyStore
from gui.jobs import Jobs

SAID = "the disk said no"


def fail(*_: object, **__: object) -> object:
    raise UserError(SAID)


def test_a_failure_no_one_handles_is_announced(qtbot: QtBot) -> None:
    jobs = Jobs()
    with qtbot.waitSignal(jobs.unhandled, timeout=10000) as unhandled:
        jobs.run("nobody", lambda: fail())
    assert unhandled.args == ["nobody", SAID]
    done: list[object] = []
    with qtbot.waitSignal(jobs.idle, timeout=10000):
        jobs.run("handled", lambda: fail()).then(done.append).or_else(done.append)
    assert [str(e) for e in done] == [SAID]
    jobs.wait()


def opened(window: object, path: Path) -> None:
    """Open a file and wait until it is read (that happens in a job)."""
    import time

    from PySide6.QtWidgets import QApplication

    window.open_file(path)  # type: ignore[attr-defined]
    end = time.monotonic() + 20
    while time.monotonic() < end and (
        window.session is None or window.session.path != path  # type: ignore[attr-defined]
    ):
        QApplication.processEvents()
        time.sleep(0.005)


def status(window: object) -> str:
    return str(window.statusBar().currentMessage())  # type: ignore[attr-defined]


# Each kind of job: what to break, how to start the job, and where its sentence must show.
KINDS: dict[str, tuple[str, Callable[..., None], Callable[..., str]]] = {
    "workspace row": (
        "gui.editor.summarize",
        lambda w, ws: w.open_workspace(ws),
        lambda w, ws: w.workspace.shown(0).authentication,
    ),
    "findings": (
        "gui.editor.check",
        lambda w, ws: w.open_file(ws / "weather.properties"),
        lambda w, ws: status(w),
    ),
    "stored passwords": (
        "core.secrets.FallbackStore.keys",
        lambda w, ws: w.open_file(ws / "weather.properties"),
        lambda w, ws: status(w),
    ),
    "keyring on save": (
        "core.services.session.PendingSecrets.apply",
        lambda w, ws: (opened(w, ws / "basic.properties"), w.save()),
        lambda w, ws: status(w),
    ),
    "bundle import": (
        "gui.editor.import_bundle",
        lambda w, ws: w.import_bundle(ws / "basic.properties", ws / "new"),
        lambda w, ws: status(w),
    ),
    "sample copy": (
        "gui.assets.copy_samples",
        lambda w, ws: w.open_samples(),
        lambda w, ws: status(w),
    ),
    "health view": (
        "gui.health_window.workspace_report",
        lambda w, ws: (w.open_workspace(ws), w.tools.show_health()),
        lambda w, ws: w.tools.health.summary.text(),
    ),
    "connection check": (
        "core.connection.check_connection",
        lambda w, ws: (opened(w, ws / "weather.properties"), w.check_connection()),
        lambda w, ws: w.connection.status.text(),
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_job_says_its_failure(
    window, workspace: Path, idle, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:  # type: ignore[no-untyped-def]
    target, start, shown = KINDS[kind]
    idle(window)
    monkeypatch.setattr(target, fail)
    start(window, workspace)
    idle(window)
    assert SAID in shown(window, workspace), kind


def test_the_chain_preview_says_its_failure(
    window, workspace: Path, idle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def corrupt(*_: object, **__: object) -> object:
        raise CorruptKeyStore(SAID)

    monkeypatch.setattr("core.keystores.inspection.inspect_file", corrupt)
    window.open_file(workspace / "weather.properties")
    idle(window)
    assert window.chain.status.text() == f"client.jks: {SAID}."


def test_bundle_and_upload_exports_say_their_failure(
    window, workspace: Path, tmp_path: Path, idle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("gui.bundle_dialog.collect", fail)
    monkeypatch.setattr("gui.export_dialog.prepare_upload", fail)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "o"), ""))
    window.open_workspace(workspace)
    idle(window)
    bundle = window.tools.export_bundle()
    bundle.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    idle(window)
    assert SAID in bundle.message.text()
    bundle.close()
    upload = window.tools.export()
    upload.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    idle(window)
    assert upload.message.text() == f"Not written: {SAID}"
    upload.close()


def test_the_keyring_failing_to_open_is_said(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.editor import EditorController

    monkeypatch.setattr("gui.editor.open_secret_store", fail)
    jobs = Jobs()
    said: list[str] = []
    editor = EditorController(jobs)  # the keyring opens in a job; its answer comes later
    editor.status.connect(said.append)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=10000)
    assert said == [SAID] and not editor.secrets.remembers
    jobs.wait()
