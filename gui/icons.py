"""Status icons, from the platform style so that they follow the light or dark scheme.

Each icon is made once per style and reused: a list of 35,000 findings asked the style for
one 105,000 times, 3 s of the GUI thread (cProfile of a file with 35,000 unknown keys).
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_PIXMAPS = {
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
}
# The style the cached icons came from (by name): a new style makes them again.
_made: dict[str, QIcon] = {}
_made_for: list[str] = [""]


def status_icon(status: str) -> QIcon:
    pixmap = _PIXMAPS.get(status, _PIXMAPS["info"])
    style = QApplication.style()
    name = style.name()
    if name != _made_for[0]:
        _made.clear()
        _made_for[0] = name
    icon = _made.get(pixmap.name)
    if icon is None:
        icon = _made[pixmap.name] = style.standardIcon(pixmap)
    return icon


def standard(name: str) -> QIcon:
    return QApplication.style().standardIcon(getattr(QStyle.StandardPixmap, name))
