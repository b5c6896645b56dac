"""The toolbar says what each button does: a word beside its icon, icons that mean the action
(not Back/Forward arrows for Undo/Redo, an up arrow for Export, a reload for Check Connection),
and tooltips naming the shortcut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from gui.icons import standard


def _image(icon):  # type: ignore[no-untyped-def]
    return icon.pixmap(24, 24).toImage()


def test_buttons_have_words_meaningful_icons_and_shortcut_tips(window) -> None:  # type: ignore[no-untyped-def]
    bar = window.findChild(QToolBar, "main-toolbar")
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    c = window.commands
    words = [a.iconText() for a in bar.actions()]
    assert words == [
        "New",
        "Open",
        "Folder",
        "Save",
        "Undo",
        "Redo",
        "Inspect",
        "Export",
        "Check",
        "Health",
    ]
    assert c.undo.toolTip() == "Undo (Ctrl+Z)"
    assert c.redo.toolTip() in ("Redo (Ctrl+Shift+Z)", "Redo (Ctrl+Y)")
    assert c.check.toolTip() == "Check Connection (Ctrl+T)"
    assert c.export.toolTip() == "Export for Upload (Ctrl+E)"
    for action in bar.actions():
        assert not action.icon().isNull(), action.text()
        assert "(" in action.toolTip(), action.toolTip()  # every one names its shortcut
    misleading = {
        c.undo: "SP_ArrowBack",
        c.redo: "SP_ArrowForward",
        c.export: "SP_ArrowUp",
        c.check: "SP_BrowserReload",
    }
    for action, old in misleading.items():
        assert _image(action.icon()) != _image(standard(old)), action.text()
    assert _image(c.undo.icon()) != _image(c.redo.icon())
