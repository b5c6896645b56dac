"""The form's Advanced group: the common properties administrators rarely need (SAP client,
WebIDE, HTML5, timeouts) are folded away below the authentication's and the key store's rows,
and open themselves when one of them holds a value or a finding points at one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from core.findings import Finding, Severity
from core.schema import ADVANCED, GROUPS, PROPERTIES

ADVANCED_KEYS = [p.key for p in PROPERTIES if p.group == ADVANCED]


def shown(window, key: str) -> bool:  # type: ignore[no-untyped-def]
    return window.form.rows[key].field.isVisible()


def top(window, key: str) -> int:  # type: ignore[no-untyped-def]
    line = window.form.rows[key].line
    return line.mapTo(window.form, QPoint(0, 0)).y()


def test_the_schema_folds_the_additional_properties_and_nothing_an_administrator_needs() -> None:
    assert {g.name for g in GROUPS} >= {p.group for p in PROPERTIES}
    assert [g.name for g in GROUPS if g.folded] == [ADVANCED]
    assert GROUPS[-1].name == ADVANCED  # below every other group
    assert {k for k in ADVANCED_KEYS if k.startswith(("HTML5.", "WebIDE"))} == {
        p.key for p in PROPERTIES if p.key.startswith(("HTML5.", "WebIDE"))
    }
    for key in ("Type", "URL", "ProxyType", "Authentication", "KeyStoreLocation", "Password"):
        assert key not in ADVANCED_KEYS


def test_folded_below_the_key_store_until_opened(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    fold = window.form.folds[ADVANCED]
    assert fold.isVisible() and not fold.is_open
    assert fold.hint.isVisible() and "HTML5" in fold.hint.text()
    assert not any(shown(window, k) for k in ADVANCED_KEYS)
    assert shown(window, "KeyStoreLocation") and shown(window, "KeyStorePassword")
    assert top(window, "KeyStorePassword") < fold.mapTo(window.form, QPoint(0, 0)).y()
    fold.button.click()
    assert shown(window, "HTML5.DynamicDestination") and shown(window, "WebIDEEnabled")
    assert top(window, "TrustStoreLocation") < top(window, "sap-client")
    fold.button.click()
    assert not shown(window, "HTML5.DynamicDestination")
    # the group belongs to HTTP: an RFC destination has no Advanced group at all
    window.form.rows["Type"].field.combo.setCurrentText("RFC")
    window.form.rows["Type"].field.combo.activated.emit(
        window.form.rows["Type"].field.combo.currentIndex()
    )
    assert window.session.destination["Type"] == "RFC"
    assert not window.form.groups[ADVANCED].isVisible()


def test_opens_itself_for_a_destination_that_uses_one(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    (workspace / "html5.properties").write_text(
        "Name=html5\nType=HTTP\nURL=https://h.example.com\nProxyType=Internet\n"
        "Authentication=NoAuthentication\nHTML5.DynamicDestination=true\n"
    )
    window.open_file(workspace / "html5.properties")
    idle(window)
    assert window.form.folds[ADVANCED].is_open
    assert shown(window, "HTML5.DynamicDestination") and shown(window, "HTML5.Timeout")
    assert "&" in window.form.rows["HTML5.DynamicDestination"].label.text()
    # the next destination without one starts folded again
    window.open_file(workspace / "basic.properties")
    idle(window)
    assert not window.form.folds[ADVANCED].is_open
    assert not shown(window, "HTML5.DynamicDestination")


def test_a_finding_opens_it_and_the_user_may_close_it_again(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "basic.properties")
    idle(window)
    form = window.form
    fold = form.folds[ADVANCED]
    assert not fold.is_open
    form.show_findings([Finding(Severity.WARNING, "x", "HTML5.Timeout is odd.", "HTML5.Timeout")])
    assert fold.is_open and shown(window, "HTML5.Timeout")
    fold.button.click()  # closed by hand: it stays closed while nothing new appears
    form.show_findings([Finding(Severity.WARNING, "x", "HTML5.Timeout is odd.", "HTML5.Timeout")])
    assert not fold.is_open
    # typing into a field above does not open it either
    form.rows["User"].field.edit.setFocus()
    qtbot.keyClicks(form.rows["User"].field.edit, "x")
    idle(window)
    assert not fold.is_open
    # a finding's "go to" opens it and puts the cursor in the field
    assert form.focus_property("WebIDEUsage")
    assert fold.is_open and shown(window, "WebIDEUsage")
