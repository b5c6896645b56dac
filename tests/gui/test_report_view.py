"""The certificate details of a key store report (gui/report_view.py): filled once per report,
and the selected field's value copied by the button, Ctrl+C and the context menu."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from core.keystores import inspection
from gui.report_view import ReportView
from tests.keystore_data import DATA


def report(name: str) -> inspection.Report:
    return inspection.inspect_file(DATA / name, "changeit", now=datetime.now(UTC))


@pytest.mark.parametrize("with_entries", [False, True])
def test_a_report_fills_the_details_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, with_entries: bool
) -> None:
    view = ReportView(with_entries)
    qtbot.addWidget(view)
    filled: list[str] = []
    fields = inspection.certificate_fields

    def counted(node: inspection.Node) -> list[tuple[str, str]]:
        filled.append(node.facts.short_name)
        return fields(node)

    monkeypatch.setattr(inspection, "certificate_fields", counted)
    view.show_report(report("chain.jks"))
    # The leaf's fields, once: showing the first entry twice built the table twice.
    assert filled == ["client.example.com"]
    assert view.details.item(0, 0).text() == "Subject"
    assert view.details.item(0, 1).text() == "C=DE,O=Example,CN=client.example.com"
    # No widget per row: one Copy serves the table.
    assert view.details.columnCount() == 2
    assert view.details.viewport().findChildren(QAbstractButton) == []
    # Another certificate of the chain: its fields, once.
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    assert filled == ["client.example.com", "Example Issuing CA"]
    assert view.details.item(0, 1).text() == "C=DE,O=Example,CN=Example Issuing CA"


def test_the_selected_value_is_copied(qtbot: QtBot) -> None:
    view = ReportView(False)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.show_report(report("chain.jks"))
    details, clipboard = view.details, QApplication.clipboard()
    rows = {details.item(r, 0).text(): r for r in range(details.rowCount())}
    assert view.copy_button.text() == "Copy value"
    assert not view.copy_button.isEnabled() and not view.copy_action.isEnabled()

    details.selectRow(rows["Issuer"])
    assert view.copy_button.isEnabled()
    view.copy_button.click()
    assert clipboard.text() == "C=DE,O=Example,CN=Example Issuing CA"

    details.selectRow(rows["Subject"])
    details.setFocus()
    qtbot.keyClick(details, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "C=DE,O=Example,CN=client.example.com"

    clipboard.clear()
    details.selectRow(rows["Serial"])
    menu = details.actions()
    assert [a.text() for a in menu] == ["Copy value"]
    assert details.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    menu[0].trigger()
    assert clipboard.text() == details.item(rows["Serial"], 1).text()

    # Another certificate of the chain: the selected row is copied from what it shows now.
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    details.selectRow(rows["Subject"])
    view.copy_button.click()
    assert clipboard.text() == "C=DE,O=Example,CN=Example Issuing CA"

    # Another report: nothing of it is selected, so nothing to copy yet.
    view.show_report(report("chain.jks"))
    assert not view.copy_button.isEnabled() and not view.copy_action.isEnabled()
