"""File > Subaccounts…, the compare view and Push Selected…, driven through their widgets against
the Destination service stand-in (secrets in the session store: the GUI tests run without a
keyring)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.secrets import scope_of
from tests.destination_standin import CERTS, StandIn, serve
from tests.remote_data import make_workspace, write_key


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTS / "test-ca.pem"))
    with serve() as s:
        yield s


@pytest.fixture
def setup(window, service: StandIn, tmp_path: Path, qtbot: QtBot, idle):  # type: ignore[no-untyped-def]
    """A workspace with its secrets in the window's store and the stand-in added as "dev"."""
    store = window.editor.secrets

    def set_secret(path: Path, key: str, value: str) -> None:
        store.set(scope_of(path.parent, path.stem), key, value)

    ws = make_workspace(tmp_path / "ws", set_secret)
    window.open_workspace(ws)
    idle(window)
    dialog = window.remote_menu.show_subaccounts()
    assert dialog.list.count() == 0 and not dialog.remove_button.isEnabled()
    dialog.add(write_key(service, tmp_path / "key.json"), "dev")
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=20000)
    assert dialog.list.item(0).text().startswith("dev  —  https://127.0.0.1:")
    assert dialog.message.text().startswith("Added dev; its clientsecret is kept")
    dialog.close()
    yield ws
    from core.remote.remotes import remove_remote

    remove_remote("dev", store)


def rows(view) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    tree = view.tree
    return {
        tree.topLevelItem(i).text(0): (tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2))
        for i in range(tree.topLevelItemCount())
    }


def compared(view, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    view.compare_button.click()
    qtbot.waitUntil(
        lambda: (
            view.status.text().startswith(("Could not", "0", "1", "2", "3", "4", "5"))
            or "hold the same" in view.status.text()
        ),
        timeout=20000,
    )


def test_compare_then_push_selected(window, setup: Path, service: StandIn, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    view = window.remote_menu.show_compare(setup)
    assert view.remote.currentText() == "dev"
    compared(view, qtbot)
    assert rows(view) == {
        "hr-system": ("only here", ""),
        "sales-oauth": ("only here", ""),
        "weather-api": ("only here", ""),
        "certificate client.p12": (rows(view)["certificate client.p12"][0], "(absent)"),
        "certificate trust.jks": (rows(view)["certificate trust.jks"][0], "(absent)"),
    }
    assert not view.push_button.isEnabled()
    view.tree.topLevelItem(2).setCheckState(0, Qt.CheckState.Checked)  # weather-api
    assert view.selected() == ["weather-api"] and view.push_button.isEnabled()
    view.push_button.click()
    dialog = view.push_dialog
    qtbot.waitUntil(lambda: dialog.push_button.isEnabled(), timeout=20000)
    plan = [dialog.steps.item(i).text() for i in range(dialog.steps.count())]
    assert plan == [
        "upload certificate client.p12",
        "upload certificate trust.jks",
        "create weather-api",
    ]
    dialog.push_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert dialog.message.text() == "Applied 3 of 3 steps."
    assert dialog.progress.value() == 3 and dialog.cancel_button.text() == "Close"
    held = service.collection("subaccount", "Destinations")
    assert list(held) == ["weather-api"] and held["weather-api"]["KeyStorePassword"] == "changeit"
    dialog.cancel_button.click()  # Close: the view compares again
    qtbot.waitUntil(lambda: "weather-api" not in rows(view), timeout=20000)
    assert set(rows(view)) == {"hr-system", "sales-oauth"}
    # A change made in the subaccount shows per property.
    held["weather-api"]["URL"] = "https://elsewhere.example.com"
    compared(view, qtbot)
    item = next(
        view.tree.topLevelItem(i)
        for i in range(view.tree.topLevelItemCount())
        if view.tree.topLevelItem(i).text(0) == "weather-api"
    )
    assert (item.text(1), item.text(2)) == ("changed", "changed")
    assert [(item.child(0).text(0), item.child(0).text(1), item.child(0).text(2))] == [
        ("URL", "https://weather.example.com", "https://elsewhere.example.com")
    ]
    view.close()


def test_cancel_stops_before_the_next_step(
    window, setup: Path, service: StandIn, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    from gui.push_dialog import PushDialog

    dialog = PushDialog(
        window.jobs,
        window.editor.secrets,
        "dev",
        setup,
        "subaccount",
        ["hr-system", "sales-oauth", "weather-api"],
        window,
    )
    qtbot.waitUntil(lambda: dialog.push_button.isEnabled(), timeout=20000)
    service.slow = 0.4
    dialog.push_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=20000)
    assert dialog.cancel_button.text() == "Cancel"
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    result = dialog.outcome
    assert result.cancelled and result.not_applied and len(result.applied) < 5
    assert dialog.message.text().startswith(
        f"Applied {len(result.applied)} of 5 steps. Cancelled; not applied: "
    )
    dialog.close()


def test_error_findings_block_the_push_in_the_dialog(
    window, setup: Path, service: StandIn, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    from gui.push_dialog import PushDialog

    window.editor.secrets.delete(scope_of(setup, "hr-system"), "Password")
    dialog = PushDialog(
        window.jobs, window.editor.secrets, "dev", setup, "subaccount", ["hr-system"], window
    )
    qtbot.waitUntil(lambda: dialog.cancel_button.text() == "Close", timeout=20000)
    assert dialog.heading.text() == "Nothing can be pushed: these destinations have error findings."
    assert "(property.required)" in dialog.steps.item(0).text()
    assert not dialog.push_button.isEnabled()
    assert service.collection("subaccount", "Destinations") == {}
    dialog.close()


def test_a_failure_shows_its_sentence(window, setup: Path, service: StandIn, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    service.forbid = True
    view = window.remote_menu.show_compare(setup)
    compared(view, qtbot)
    assert view.status.text().startswith(
        "Could not compare: the Destination service forbids reading the destinations to remote 'dev' (403 Forbidden)"
    )
    view.close()


def test_deleting_needs_the_box_ticked_and_a_confirmation(  # type: ignore[no-untyped-def]
    window, setup: Path, service: StandIn, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from gui.push_dialog import PushDialog
    from tests.gui.conftest import answer_next_dialog

    held = service.collection("subaccount", "Destinations")
    held["extra"] = {"Name": "extra", "Type": "HTTP", "URL": "https://x.example.com"}
    dialog = PushDialog(
        window.jobs, window.editor.secrets, "dev", setup, "subaccount", ["extra"], window
    )
    dialog.show()
    qtbot.waitUntil(lambda: dialog.delete.isVisible(), timeout=20000)
    assert dialog.steps.item(0).text() == "kept (only in the subaccount): extra"
    assert not dialog.push_button.isEnabled()
    dialog.delete.setChecked(True)
    qtbot.waitUntil(lambda: dialog.push_button.isEnabled(), timeout=20000)
    assert [dialog.steps.item(i).text() for i in range(dialog.steps.count())] == ["delete extra"]
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Cancel, seen)
    dialog.push_button.click()
    assert seen == ["Delete extra in dev? This cannot be undone."]
    assert dialog.message.text() == "Nothing was pushed: deleting was not confirmed."
    assert "extra" in held
    answer_next_dialog(QMessageBox.StandardButton.Yes)
    dialog.push_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert "extra" not in held and dialog.message.text() == "Applied 1 of 1 steps."
    dialog.close()


def test_every_control_of_the_remote_windows_has_an_accessible_name(  # type: ignore[no-untyped-def]
    window, setup: Path, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QWidget

    from gui.push_dialog import PushDialog

    def unnamed(top: QWidget) -> list[str]:
        out = []
        for kind in (QAbstractButton, QComboBox, QAbstractItemView):
            for w in top.findChildren(kind):
                if not w.isVisibleTo(top) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
                    continue
                iface = QAccessible.queryAccessibleInterface(w)
                if iface is None or not iface.text(QAccessible.Text.Name).strip():
                    out.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
        return out

    tops = [
        window.remote_menu.show_subaccounts(),
        window.remote_menu.show_compare(setup),
        PushDialog(
            window.jobs, window.editor.secrets, "dev", setup, "subaccount", ["hr-system"], window
        ),
    ]
    tops[2].show()
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    assert [(t.windowTitle(), unnamed(t)) for t in tops] == [(t.windowTitle(), []) for t in tops]
    for t in tops:
        t.close()


def test_the_menus_offer_subaccounts_and_compare(window) -> None:  # type: ignore[no-untyped-def]
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    file_items = [a.text() for a in menus["&File"].actions()]
    tools_items = [a.text() for a in menus["&Tools"].actions()]
    assert file_items.index("Subaccoun&ts…") == file_items.index("&Inspect Key Store…") - 1
    assert tools_items[:3] == [
        "Check &Connection",
        "Workspace &Health…",
        "Compare with &Subaccount…",
    ]
