"""What the editor shows, written as JSON for tests that drive the real program on an X server.

Enabled only by the environment variable `DESTINATION_EDITOR_SELFCHECK=FILE`: the window then
writes FILE (atomically) every tenth of a second: the focused field, the destination's values, the
title, an open dialog, the mnemonics on screen and every control that does not fit where it is
shown. Passwords never go into it: a typed password appears as its length only.
`DESTINATION_EDITOR_SCREENSHOT=PNG` also saves a picture of the whole screen once loading is done.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTabBar,
    QWidget,
)

from core.atomic import atomic_write
from core.schema import PROPERTIES, Kind
from core.secrets import strip_secrets

ENV = "DESTINATION_EDITOR_SELFCHECK"
SCREENSHOT_ENV = "DESTINATION_EDITOR_SCREENSHOT"
_CONTROLS = (QLabel, QLineEdit, QComboBox, QAbstractButton)


def install(window: Any) -> QObject | None:
    """Start writing the self-check file if the environment asks for it."""
    target = os.environ.get(ENV)
    shot = os.environ.get(SCREENSHOT_ENV)
    if not target and not shot:
        return None
    timer = QTimer(window)
    timer.setInterval(100)
    quiet = [0]  # ticks in a row with no background job: the debounced refreshes are done

    def tick() -> None:
        if target:
            atomic_write(Path(target), json.dumps(snapshot(window), indent=1).encode())
        quiet[0] = 0 if window.jobs.pending else quiet[0] + 1
        if shot and quiet[0] >= 10 and not Path(shot).exists():
            save_screen(window, Path(shot))

    timer.timeout.connect(tick)
    timer.start()
    return timer


def save_screen(window: Any, target: Path) -> None:
    """The whole screen, window frame and all, written in one go (a reader never sees half)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.screen().grabWindow(0).save(buffer, "PNG")
    buffer.close()
    atomic_write(target, bytes(data.data()))


def snapshot(window: Any) -> dict[str, Any]:
    session = window.session
    focus = QApplication.focusWidget()
    modal = QApplication.activeModalWidget()
    values: dict[str, str] = {}
    typed: dict[str, int] = {}
    if session is not None:
        values = dict(strip_secrets(session.destination))
        typed = {
            p.key: len(v)
            for p in PROPERTIES
            if p.kind is Kind.SECRET and (v := session.password(p.key))
        }
    return {
        "time": time.time(),
        "title": window.windowTitle(),
        "modified": window.isWindowModified(),
        "pending_jobs": window.jobs.pending,
        "values": values,
        "typed_password_lengths": typed,
        "focus": _describe_focus(window, focus),
        "modal": _describe_modal(modal),
        "window": _rect(window.frameGeometry()),
        "screen": _rect(window.screen().availableGeometry()),
        "rows_on_screen": _rows_on_screen(window),
        "mnemonics": mnemonics(window),
        "clipped": clipped(window),
        "form_horizontal_scroll": window.form_area.horizontalScrollBar().isVisible(),
        "form_width": window.form_area.width(),
        "chain_width": window.chain.width(),
        "remember": {
            key: row.field.remember.isChecked()
            for key, row in window.form.rows.items()
            if hasattr(row.field, "remember") and row.field.isVisible()
        },
    }


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _describe_focus(window: Any, focus: QWidget | None) -> dict[str, Any]:
    if focus is None:
        return {"key": None, "name": None}
    key = None
    for k, row in window.form.rows.items():
        if row.line.isAncestorOf(focus):
            key = k
            break
    text = focus.text() if isinstance(focus, QAbstractButton) else ""
    return {"key": key, "name": focus.accessibleName(), "text": text, "class": type(focus).__name__}


def _describe_modal(modal: QWidget | None) -> dict[str, Any] | None:
    if modal is None:
        return None
    text = modal.text() if isinstance(modal, QMessageBox) else ""
    buttons = [b.text() for b in modal.findChildren(QAbstractButton) if b.isVisible()]
    return {"title": modal.windowTitle(), "text": text, "buttons": buttons}


def _rows_on_screen(window: Any) -> list[str]:
    """The form's shown rows in the order a reader meets them: top to bottom."""
    form = window.form
    shown = [(k, r) for k, r in form.rows.items() if r.field.isVisible()]
    return [
        k
        for k, r in sorted(
            shown, key=lambda kr: kr[1].line.mapTo(form, kr[1].line.rect().topLeft()).y()
        )
    ]


def mnemonics(window: Any) -> list[dict[str, str | None]]:
    """Every Alt+letter a person can press now: shown labels with a buddy, buttons, tabs and
    the menu bar."""
    found: list[dict[str, str | None]] = []

    def add(text: str, what: str, key: str | None = None) -> None:
        plain = text.replace("&&", "")
        if "&" in plain and plain.index("&") + 1 < len(plain):
            letter = plain[plain.index("&") + 1].lower()
            found.append({"letter": letter, "text": text, "what": what, "key": key})

    row_of = {key: row.label for key, row in window.form.rows.items()}
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.buddy() is not None:
            key = next((k for k, other in row_of.items() if other is label), None)
            add(label.text(), "label", key)
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window):
            add(button.text(), "button")
    for bar in window.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            for i in range(bar.count()):
                add(bar.tabText(i), "tab")
    for action in window.menuBar().actions():
        add(action.text(), "menu")
    return found


def clipped(window: Any) -> list[dict[str, Any]]:
    """Shown controls that do not fit: narrower than their text needs, or cut off by the window
    or by a parent. Content inside a scroll area is measured against the scrolled widget, since
    scrolling it into view is what a scroll area is for."""
    bad: list[dict[str, Any]] = []
    window_rect = window.rect()
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, _CONTROLS) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue  # measured as its combo box
        if _inside_item_view(widget):
            continue
        name = (
            widget.accessibleName()
            or getattr(widget, "text", lambda: "")()
            or type(widget).__name__
        )
        hint = widget.minimumSizeHint()
        if widget.width() < min(hint.width(), 60) or widget.height() < hint.height() - 2:
            bad.append(
                {
                    "widget": name,
                    "why": "smaller than it needs",
                    "size": [widget.width(), widget.height()],
                    "needs": [hint.width(), hint.height()],
                }
            )
            continue
        scroll = _scroll_content(widget)
        if scroll is not None:
            box = QRect(widget.mapTo(scroll, widget.rect().topLeft()), widget.size())
            if not scroll.rect().contains(box):
                bad.append({"widget": name, "why": "outside the scrolled form"})
            continue
        box = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not window_rect.contains(box):
            bad.append({"widget": name, "why": "outside the window", "rect": _rect(box)})
    return bad


def _inside_item_view(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_content(widget: QWidget) -> QWidget | None:
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if grand is not None and isinstance(grand.parentWidget(), QScrollArea):
            return parent
        parent = grand
    return None
