"""Start the desktop application."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core import __version__

NO_DISPLAY = (
    "destination-editor: no display found. Run it on a desktop, under a virtual screen "
    "(xvfb-run destination-editor), or save a picture with "
    "'QT_QPA_PLATFORM=offscreen destination-editor --screenshot out.png'."
)


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="destination-editor", description="Edit SAP BTP destinations and their key stores."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "path", nargs="?", type=Path, help="a destination file, a workspace folder, or a key store"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parse_args(argv)  # --help and --version exit here
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Destination Editor")
    app.setOrganizationName("destination-editor")
    window = MainWindow()
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
