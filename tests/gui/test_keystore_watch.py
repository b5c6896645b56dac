"""The editor follows its key store files on disk: a store that keytool changes, that is replaced
by a rename, or deleted and made again, re-checks the destinations naming it (their rows, the
open one's findings and chain panel) without a user action, and no other destination."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from core.findings import Finding
from core.secrets import MemoryStore
from core.workspace import Summary, summarize
from tests.keystore_data import DATA, PASSWORD
from tests.keytool import KEYTOOL

pytestmark = pytest.mark.skipif(KEYTOOL is None, reason="keytool is not installed")

WAIT_MS = 20_000


def _destination(folder: Path, name: str, store: str | None) -> Path:
    path = folder / f"{name}.properties"
    lines = f"Name={name}\nType=HTTP\nURL=https://{name}.example.com\nProxyType=Internet\n"
    if store is None:
        lines += "Authentication=BasicAuthentication\nUser=u\nPassword=p\n"
    else:
        lines += (
            "Authentication=ClientCertificateAuthentication\n"
            f"KeyStoreLocation={store}\nKeyStorePassword={PASSWORD}\n"
        )
    path.write_text(lines, encoding="latin-1")
    return path


@pytest.fixture
def stores(tmp_path: Path) -> Path:
    shutil.copy(DATA / "chain.jks", tmp_path / "client.jks")
    shutil.copy(DATA / "chain.p12", tmp_path / "other.p12")
    _destination(tmp_path, "weather", "client.jks")
    _destination(tmp_path, "sales", "other.p12")
    _destination(tmp_path, "basic", None)
    return tmp_path


def _status(window: object, path: Path) -> str | None:
    rows = window.workspace.rows.rows()  # type: ignore[attr-defined]
    return next(r.status for r in rows if r.path.resolve() == path.resolve() and r.summarized)


def _codes(findings: Iterable[Finding]) -> set[str]:
    return {f.code for f in findings}


def _verdict(path: Path) -> str:
    """What a fresh check of the file says now (as `destination-cli validate` does)."""
    from datetime import UTC, datetime

    return summarize(path, MemoryStore(), datetime.now(UTC))[0].status


def _open(window: object, qtbot: QtBot, folder: Path, path: Path) -> None:
    window.open_file(path)  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: (
            window.session is not None  # type: ignore[attr-defined]
            and window.workspace.count() == 3  # type: ignore[attr-defined]
            and all(r.summarized for r in window.workspace.rows.rows())  # type: ignore[attr-defined]
            and window.jobs.pending == 0  # type: ignore[attr-defined]
            and "entr" in window.chain.status.text()
        ),  # type: ignore[attr-defined]
        timeout=WAIT_MS,
    )
    watched = window.keystore_watch.watched  # type: ignore[attr-defined]
    assert watched == {(folder / "client.jks").resolve(), (folder / "other.p12").resolve()}


def test_a_key_entry_deleted_by_keytool_shows_without_a_user_action(
    stores: Path, window: object, qtbot: QtBot
) -> None:
    weather = stores / "weather.properties"
    _open(window, qtbot, stores, weather)
    before = _status(window, weather)
    assert before == _verdict(weather) != "error"  # a warning: the password is in the file
    assert "1 entry" in window.chain.status.text()  # type: ignore[attr-defined]
    assert "store.empty" not in _codes(window.editor.findings)  # type: ignore[attr-defined]
    rows: list[set[str]] = []

    def summed(batch: list[tuple[Path, list[Summary] | None, str | None]]) -> None:
        rows.extend(_codes(s.findings) for p, ss, _ in batch if p == weather for s in ss or ())

    window.editor.summarized.connect(summed)  # type: ignore[attr-defined]
    store = str(stores / "client.jks")
    delete = ["-delete", "-alias", "client", "-keystore", store, "-storepass", PASSWORD]
    subprocess.run([KEYTOOL or "keytool", *delete], check=True, capture_output=True)
    # Java sees no entry in it now: the row, the findings and the chain panel say so.
    qtbot.waitUntil(lambda: "0 entries" in window.chain.status.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "store.empty" in _codes(window.editor.findings), timeout=WAIT_MS)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: any("store.empty" in codes for codes in rows), timeout=WAIT_MS)
    assert _status(window, weather) == _verdict(weather)


def test_a_store_replaced_by_rename_then_again_is_followed_each_time(
    stores: Path, window: object, qtbot: QtBot
) -> None:
    weather, store = stores / "weather.properties", stores / "client.jks"
    _open(window, qtbot, stores, weather)
    before = _status(window, weather)
    assert before != "error"
    replacement = stores / "incoming.tmp"
    shutil.copy(DATA / "expired.jks", replacement)
    os.replace(replacement, store)  # as an atomic save does: the old file's watch goes with it
    qtbot.waitUntil(lambda: _status(window, weather) == "error", timeout=WAIT_MS)
    assert _verdict(weather) == "error"
    qtbot.waitUntil(lambda: "1 error" in window.chain.status.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    shutil.copy(DATA / "chain.jks", replacement)
    os.replace(replacement, store)  # the watch was put back on the new file
    qtbot.waitUntil(lambda: _status(window, weather) == before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "0 errors" in window.chain.status.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_a_store_deleted_then_made_again_is_followed(
    stores: Path, window: object, qtbot: QtBot
) -> None:
    weather, store = stores / "weather.properties", stores / "client.jks"
    _open(window, qtbot, stores, weather)
    before = _status(window, weather)
    assert before != "error"
    store.unlink()
    qtbot.waitUntil(lambda: _status(window, weather) == "error", timeout=WAIT_MS)
    assert _verdict(weather) == "error"
    qtbot.waitUntil(lambda: "not in the workspace" in window.chain.status.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    shutil.copy(DATA / "chain.jks", store)
    qtbot.waitUntil(lambda: _status(window, weather) == before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "1 entry" in window.chain.status.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_only_the_destinations_naming_the_changed_store_are_checked_again(
    stores: Path, window: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.editor

    sales = stores / "sales.properties"
    _open(window, qtbot, stores, sales)  # open another destination than the one that follows
    summed: list[Path] = []
    changes: list[list[Path]] = []
    window.keystore_watch.changed.connect(changes.append)  # type: ignore[attr-defined]

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        summed.append(path)
        return summarize(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gui.editor, "summarize", counting)
    store = stores / "client.jks"
    for _ in range(3):  # a burst of writes, as keytool makes: one re-check
        store.write_bytes((DATA / "expired.jks").read_bytes())
        qtbot.wait(20)
    weather = stores / "weather.properties"
    qtbot.waitUntil(lambda: _status(window, weather) == "error", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert changes == [[store.resolve()]]
    assert summed == [weather.resolve()]
    assert _status(window, sales) == _verdict(sales) != "error"
    assert "1 entry" in window.chain.status.text()  # type: ignore[attr-defined]  # other.p12's
