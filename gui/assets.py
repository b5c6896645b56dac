"""Where the application's own files are: through importlib.resources, so a wheel or a frozen
bundle finds them wherever it was unpacked."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap

APP_ID = "app.destinationeditor.DestinationEditor"
# Left out of the installed samples: that destination's key store is made fresh by
# resources/samples/make_expiring.sh, so a copy inside a package would age and go stale.
UNSHIPPED_SAMPLES = frozenset({"billing-expiring.properties", "billing-client.jks"})


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


def copy_samples(target: Path) -> Path:
    """Copy the sample workspace to a folder the user may write to, and return it. An existing
    copy is kept as it is: the user may have edited it."""
    if target.is_dir() and any(target.iterdir()):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for item in (resources() / "samples").iterdir():
        if item.is_file() and item.name not in UNSHIPPED_SAMPLES and not item.name.endswith(".sh"):
            with as_file(item) as source:
                shutil.copyfile(source, target / item.name)
    return target
