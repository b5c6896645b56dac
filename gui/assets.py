"""Where the application's own files are: through importlib.resources, so a wheel or a frozen
bundle finds them wherever it was unpacked."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap

APP_ID = "app.destinationeditor.DestinationEditor"


def resources() -> Traversable:
    try:
        return files("gui.resources")
    except ModuleNotFoundError:
        # A source checkout (editable install): pyproject.toml maps the repository's resources/
        # folder to gui.resources only when building, so it is found beside the packages here.
        return Path(__file__).resolve().parent.parent / "resources"


def app_icon() -> QIcon:
    with as_file(resources() / "icons" / "destination-editor.svg") as svg:
        pixmap = QPixmap(str(svg))
    return QIcon(pixmap)


def action_icon(name: str) -> QIcon:
    """The desktop theme's icon of that freedesktop.org name (KDE, GNOME), else the one shipped
    in resources/icons, drawn to mean the same."""
    with as_file(resources() / "icons" / f"{name}.svg") as svg:
        shipped = QIcon(QPixmap(str(svg)))
    return QIcon.fromTheme(name, shipped)


def copy_samples(target: Path) -> Path:
    """Copy the sample workspace to a folder the user may write to, and return it. An existing
    copy is kept as it is: the user may have edited it. The "expires soon" key store is made
    now, so that it expires 20 days from today (core.samples)."""
    from datetime import UTC, datetime

    from core.samples import EXPIRING_DESTINATION, EXPIRING_STORE, make_expiring_store

    if target.is_dir() and any(target.iterdir()):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for item in (resources() / "samples").iterdir():
        if item.is_file() and item.name != EXPIRING_STORE and not item.name.endswith(".sh"):
            with as_file(item) as source:
                shutil.copyfile(source, target / item.name)
    if (target / EXPIRING_DESTINATION).exists():
        make_expiring_store(target / EXPIRING_STORE, datetime.now(UTC))
    return target
