"""Files dropped on the editor window: a destination file or folder opens; a key store dropped
on the form becomes its KeyStoreLocation, anywhere else it opens in the inspector."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from core.workspace import KEYSTORE_SUFFIXES


def enter(event: QDragEnterEvent) -> None:
    if event.mimeData().hasUrls():
        event.acceptProposedAction()


def drop(
    event: QDropEvent,
    window: QWidget,
    form: QWidget,
    use_keystore: Callable[[Path], None] | None,
    open_path: Callable[[Path], None],
) -> None:
    """`use_keystore` is None when no destination is open."""
    urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
    if not urls:
        return
    path = Path(urls[0].toLocalFile())
    under = window.childAt(event.position().toPoint())
    on_form = under is not None and form.isAncestorOf(under)
    if path.suffix.lower() in KEYSTORE_SUFFIXES and on_form and use_keystore is not None:
        use_keystore(path)
    else:
        open_path(path)
    event.acceptProposedAction()
