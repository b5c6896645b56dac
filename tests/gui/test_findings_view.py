"""The findings list: a model in a one-column table drawn as a list (gui/findings_view.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.findings import Finding, Severity
from gui.findings_view import FindingsView


def test_rows_grow_with_a_larger_font_and_follow_a_new_style(qtbot: QtBot) -> None:
    view = FindingsView()
    qtbot.addWidget(view)
    view.show_findings((Finding(Severity.ERROR, "x", "Something is wrong.", "URL"),))
    rows = view.verticalHeader()
    assert rows.defaultSectionSize() == view._row_height()
    # A bigger font (the desktop's text size, relayed by Qt): a row of the old height clipped
    # its line, which a list's rows never did.
    font = view.font()
    font.setPointSize(font.pointSize() * 2)
    view.setFont(font)
    # (at least as high: the hidden header's minimum follows the font too)
    assert rows.defaultSectionSize() >= view._row_height() > view.fontMetrics().height()
    # Another style at run time: its list icon size and row height.
    before = QApplication.style().name()
    QApplication.setStyle("Windows")
    try:
        assert rows.defaultSectionSize() >= view._row_height()
    finally:
        QApplication.setStyle(before)
