"""Window sizes that fit the screen: the defaults are in device-independent pixels, so at 200%
scaling a 1320-wide window needs a 2640-pixel-wide screen. Clamp to what the screen offers."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = "default_size"


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.92) -> None:
    # Kept for --screenshot, whose pictures are made at the intended size on any screen.
    window.setProperty(DEFAULT_SIZE, QSize(width, height))
    screen = window.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * share))
        height = min(height, int(available.height() * share))
    window.resize(width, height)
