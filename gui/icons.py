"""Status icons, from the platform style so that they follow the light or dark scheme."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_PIXMAPS = {
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def status_icon(status: str) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(_PIXMAPS.get(status, _PIXMAPS["info"]))


def standard(name: str) -> QIcon:
    return QApplication.style().standardIcon(getattr(QStyle.StandardPixmap, name))
