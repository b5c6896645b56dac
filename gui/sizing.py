"""Window sizes that fit the screen: the defaults are in device-independent pixels, so at 200%
scaling a 1320-wide window needs a 2640-pixel-wide screen. Clamp to what the screen offers."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QSplitter, QWidget

DEFAULT_SIZE = "default_size"
# Three lines of a list: enough to see that it holds something. Lists under and beside the form
# may get this low, so that a window fits a low screen (600 pixels) without being taller.
LIST_MIN_HEIGHT = 48


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.92) -> None:
    # Kept for --screenshot, whose pictures are made at the intended size on any screen.
    window.setProperty(DEFAULT_SIZE, QSize(width, height))
    screen = window.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * share))
        height = min(height, int(available.height() * share))
    window.resize(width, height)


def restore_layout(window: QWidget, splitters: dict[str, QSplitter], settings: QSettings) -> None:
    """The window's size and splitter positions as the user left them (Qt's settings)."""
    geometry = settings.value("window/geometry")
    if isinstance(geometry, (QByteArray, bytes)):
        window.restoreGeometry(geometry)
    for name, splitter in splitters.items():
        state = settings.value(f"window/splitter-{name}")
        if isinstance(state, (QByteArray, bytes)):
            splitter.restoreState(state)


def save_layout(window: QWidget, splitters: dict[str, QSplitter], settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    for name, splitter in splitters.items():
        settings.setValue(f"window/splitter-{name}", splitter.saveState())


def split(parent: QWidget, orientation: Qt.Orientation, *parts: tuple[QWidget, int]) -> QSplitter:
    """A splitter holding `parts`, each (widget, its initial size)."""
    splitter = QSplitter(orientation, parent)
    for widget, _ in parts:
        splitter.addWidget(widget)
    splitter.setSizes([size for _, size in parts])
    return splitter


def make_room(splitter: QSplitter, size: int, keep: int = 300) -> None:
    """Grow the splitter's second part to `size` when the first keeps at least `keep`."""
    first, second = splitter.sizes()
    if second < size < first + second - keep:
        splitter.setSizes([first + second - size, size])
