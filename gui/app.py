"""Start the desktop application: `destination-editor [--screenshot PNG] [FILE|FOLDER|KEYSTORE]`."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window loads Qt after the arguments are read
    from gui.jobs import Jobs
    from gui.main_window import MainWindow

NO_DISPLAY = (
    "destination-editor: no display found. Run it on a desktop, under a virtual screen "
    "(xvfb-run destination-editor), or save a picture with "
    "'QT_QPA_PLATFORM=offscreen destination-editor --screenshot out.png'."
)
SCREENSHOT_TIMEOUT_MS = 60_000


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import core

        print(f"{parser.prog} {core.__version__}")
        parser.exit()


# What the first window runs on that does not use Qt, imported before Qt is: once PySide6 is
# loaded, its import hook reads the source of every module imported after it (to see whether it
# uses PySide6), about 25 ms of the start for these (-X importtime, thread_time). Most of it is
# javaproperties, which the first destination's form needs, and with it xml.sax and urllib.
BEFORE_QT = (
    "core.workspace",
    "core.services.session",
    "core.services.check",
    "core.bundles",
    "core.report",
    "core.keystores.errors",
    "html",
    "queue",
)


def keep_gui_responsive() -> None:
    """Background jobs are Python threads sharing the GIL with the window. Measured with
    `make bench` (a 2,000-certificate store opening), two settings keep the GUI thread's longest
    stall small: the GIL is handed over every millisecond instead of every 5, and the objects
    made at start-up, which live until exit, are frozen out of the cyclic collector's passes.
    The collector, off while the first window was built (main), runs from here on."""
    sys.setswitchinterval(0.001)
    gc.freeze()
    gc.enable()


def warm_up(jobs: Jobs) -> None:
    """Load the key store code (cryptography's native module among it) in the background while
    the user looks at the first window. Loading it holds the interpreter for about a tenth of a
    second; done here, a key store opened later does not stall the window (make bench)."""

    def load() -> None:
        import core.keystores.inspection
        import core.keystores.opener  # noqa: F401

    # A failure is not handled here: the window's status bar says it (Jobs.unhandled).
    jobs.run("warm-up", load)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="destination-editor", description="Edit SAP BTP destinations and their key stores."
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--quit-when-loaded",
        action="store_true",
        help="exit once everything is loaded and painted (for benchmarks)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="render the window once loading has finished, save it, and exit",
    )
    parser.add_argument(
        "--health",
        action="store_true",
        help="open the workspace health view (certificate expiry of every destination)",
    )
    parser.add_argument(
        "--check-connection",
        action="store_true",
        help="check the opened destination's connection at once",
    )
    parser.add_argument(
        "path", nargs="?", type=Path, help="a destination file, a workspace folder, or a key store"
    )
    return parser.parse_args(argv)


def main(
    argv: Sequence[str] | None = None, watch: Callable[[MainWindow], None] | None = None
) -> int:
    """`watch` is called with the main window once it is built and told what to open: the
    start-up benchmark (tests/benchmarks/gui_bench.py) watches it from there."""
    args = parse_args(argv)
    if (args.screenshot or args.quit_when_loaded) and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    if args.path is not None and not args.path.exists():
        print(f"destination-editor: {args.path}: no such file or folder", file=sys.stderr)
        return 2

    # Start-up makes objects that live until exit: the cyclic collector's passes over them
    # (about a hundred, 30-60 ms of the GUI thread before the first paint) find nothing to free.
    # It is switched back on once the first window is painted (keep_gui_responsive).
    gc.disable()
    try:
        return _run(args, watch)
    finally:
        gc.enable()


def _run(args: argparse.Namespace, watch: Callable[[MainWindow], None] | None) -> int:
    for name in BEFORE_QT:
        importlib.import_module(name)
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Destination Editor")
    app.setOrganizationName("destination-editor")
    from gui.assets import APP_ID, app_icon

    app.setDesktopFileName(APP_ID)  # ties the window to its launcher and icon on Wayland
    app.setWindowIcon(app_icon())

    from core.workspace import KEYSTORE_SUFFIXES
    from gui.first_paint import FirstPaint, StartJobs, show_when_ready
    from gui.main_window import MainWindow

    jobs = StartJobs()
    window = MainWindow(jobs)
    jobs.setParent(window)
    from gui.selfcheck import install

    install(window)  # only when a test asks for it, through the environment

    def after_first_paint() -> None:
        keep_gui_responsive()
        jobs.release()
        warm_up(jobs)

    shown: QWidget = window
    if (
        args.path is not None
        and args.path.is_file()
        and args.path.suffix.lower() in KEYSTORE_SUFFIXES
    ):
        after_first_paint()  # the inspector opens the store at once: the code is needed now
        shown = window.tools.open_inspector(args.path)
    else:
        if args.path is not None:
            window.open_path(args.path)
            expect_form = True
        else:
            expect_form = window.reopen_last()  # else the welcome pane shows
        show_when_ready(window, expect_form)
        FirstPaint(window, expect_form, after_first_paint)
        if watch is not None:
            watch(window)
        if args.check_connection:
            # Once the keyring and the destination are loaded, as a person would wait for them.
            def check_once() -> None:
                window.loading_finished.disconnect(check_once)
                window.check_connection()

            window.loading_finished.connect(check_once)
        if args.health:
            shown = window.tools.show_health() or window

    if args.screenshot or args.quit_when_loaded:
        return _screenshot(app, window, shown, args.screenshot)
    return int(app.exec())


def _screenshot(app: object, window: MainWindow, shown: object, target: Path | None) -> int:
    """Wait until every background job is done, let the window paint, save it (if a target is
    given), quit."""
    from PySide6.QtCore import QSize, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(app, QApplication) and isinstance(shown, QWidget)
    jobs = window.jobs
    result = {"code": 1}

    def grab() -> None:
        if jobs.pending:
            QTimer.singleShot(10, grab)
            return
        app.processEvents()
        if target is None:
            shown.repaint()  # painted, then done
            result["code"] = 0
        else:
            ok = shown.grab().save(str(target), "PNG")
            result["code"] = 0 if ok else 1
            if not ok:
                print(f"destination-editor: {target}: could not be written", file=sys.stderr)
        # exit, not quit: quit first closes the windows, and closing asks Save/Discard/Cancel
        # when the destination counts as changed (as it can with a clear-text password in its
        # file, once the keyring turns out absent); nobody is there to answer.
        app.exit(result["code"])

    def give_up() -> None:
        print("destination-editor: loading did not finish in time; no screenshot", file=sys.stderr)
        app.exit(1)

    # The offscreen screen is small: pictures are made at the window's intended size instead,
    # and the main window's a little larger than its default.
    from gui.sizing import DEFAULT_SIZE

    shown.resize(QSize(1440, 900) if shown is window else shown.property(DEFAULT_SIZE))
    QTimer.singleShot(0, grab)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, give_up)
    app.exec()
    # Not closed either (see above): nothing is saved, the layout of this picture included.
    window.tools.close_all()
    window.jobs.shutdown()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
