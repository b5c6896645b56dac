"""The moment the editor's first window shows what a person starts from: the workspace list and
the destination's form painted (or the welcome pane, when nothing is to be opened). Background
work the first paint does not need waits for it (gui.app.main): Python threads share one
interpreter lock with the window, so work running meanwhile delays the paint by about its own
length (measured with `valgrind --tool=callgrind`: the keyring's import and the first statuses
cost about an eighth of the start)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.jobs import DEADLINE_SECONDS, Job, Jobs, JobStopped
from gui.main_window import MainWindow

# Asking the OS keyring (its import alone is about 50 ms), summing up the workspace files for
# their statuses, the destination's findings, its stored passwords and its key store's chain:
# what the first paint shows without them, and a person sees follow. The last three load the
# key store code (cryptography), which holds the interpreter for about 0.1 s.
AFTER_FIRST_PAINT = ("keyring-open", "ws-fill", "findings", "secrets", "store-")


# The waiting jobs are started this far apart (ms), each in its own turn of the event loop, so
# the window answers in between; the workspace's statuses, the longest, go last.
RELEASE_STEP_MS = 1
RELEASED_LAST = "ws-fill"


def _waits(channel: str) -> bool:
    return channel.startswith(AFTER_FIRST_PAINT)


class StartJobs(Jobs):
    """Jobs whose AFTER_FIRST_PAINT channels wait until `release`. A waiting job counts as
    pending (so the window is not "loaded" before it ran), and a later one of its channel
    replaces it, as a later job makes an earlier one stale."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: dict[str, tuple[Callable[[], Any], float | None, Job]] | None = {}

    def run(
        self, channel: str, fn: Callable[[], Any], deadline: float | None = DEADLINE_SECONDS
    ) -> Job:
        if self._waiting is None or not _waits(channel):
            return super().run(channel, fn, deadline)
        if channel not in self._waiting:
            self.pending += 1
        job = Job()
        self._waiting[channel] = (fn, deadline, job)
        return job

    def cancel(self, channel: str) -> None:
        if self._waiting is not None and self._waiting.pop(channel, None) is not None:
            self.pending -= 1
        super().cancel(channel)

    def cancel_all(self) -> None:
        """The user's Cancel stops waiting jobs as it stops running ones: they fail with
        JobStopped, and never run."""
        waiting = self._waiting or {}
        if self._waiting is not None:
            self._waiting = {}
        for channel, (_, _, job) in waiting.items():
            self.pending -= 1
            if job.fail is not None:
                job.fail(JobStopped("it was cancelled"))
            else:
                self.unhandled.emit(channel, "it was cancelled")
        super().cancel_all()
        if waiting and self.pending == 0:
            self.idle.emit()

    def release(self) -> None:
        """Start the waiting jobs, one per turn of the event loop (RELEASE_STEP_MS apart), the
        workspace's statuses last: started at once, each job's thread start and first steps
        held the interpreter in turn, and the window stood still for all of them together
        (make bench's stall, 10,000 destinations). A job of a waiting channel submitted
        meanwhile still replaces the waiting one."""
        if self._waiting is None:
            return
        if not self._waiting:
            self._waiting = None
            return
        channel = min(self._waiting, key=lambda c: c.startswith(RELEASED_LAST))
        fn, deadline, job = self._waiting.pop(channel)
        if not self._waiting:
            self._waiting = None  # nothing waits any more: a job submitted now runs at once
        started = super().run(channel, fn, deadline)
        started.done, started.fail = job.done, job.fail
        self.pending -= 1  # counted by the run above now
        if self._waiting is not None:
            QTimer.singleShot(RELEASE_STEP_MS, self, self.release)


# A window told what to open at start is shown once that destination is in its form: laid out
# and painted once, finished, rather than empty (the welcome pane), then with the list, then with
# the form; that was about a tenth of the start (callgrind). Should it take longer than this, the
# window is shown as it is, as before.
SHOW_AT_THE_LATEST_MS = 400


def show_when_ready(window: MainWindow, expect_form: bool) -> None:
    """Show the main window now, or with `expect_form` once a destination is open in it (at the
    latest after SHOW_AT_THE_LATEST_MS)."""
    if not expect_form:
        window.show()
        return
    waiting = [True]

    def show() -> None:
        if waiting:
            waiting.clear()
            window.editor.opened.disconnect(show)
            window.show()

    window.editor.opened.connect(show)
    QTimer.singleShot(SHOW_AT_THE_LATEST_MS, window, show)


# Should neither be painted (an empty folder, a file that cannot be read), the waiting work
# starts anyway after this long, as it did before it waited at all.
AT_THE_LATEST_MS = 1500


class FirstPaint(QObject):
    """Calls `then` once, right after the main window first painted the destination's form, or
    the welcome pane when `expect_form` is false; at the latest after AT_THE_LATEST_MS."""

    def __init__(self, window: MainWindow, expect_form: bool, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.then: Callable[[], None] | None = then
        self.watched: list[QWidget] = [window.form] if expect_form else [window.welcome]
        for widget in self.watched:
            widget.installEventFilter(self)
        QTimer.singleShot(AT_THE_LATEST_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and (
            watched is not self.window.form or self.window.session is not None
        ):
            # After this paint and the rest of the window's (one flush paints them all), and
            # after the timers and input that came due meanwhile: a 0 ms call would go before
            # them, and the window would answer only once the released work had started too.
            QTimer.singleShot(RELEASE_STEP_MS, self, self._fire)
        return False

    def _fire(self) -> None:
        then, self.then = self.then, None
        if then is None:
            return
        for widget in self.watched:
            widget.removeEventFilter(self)
        then()
