"""Slow work off the GUI thread: key stores, the keyring, whole-workspace checks.

Each job belongs to a *channel* ("chain", "workspace:<file>", ...). Submitting a job to a channel
makes any earlier job of that channel stale: its result is dropped when it arrives, so a key
store that finishes opening after the user moved on never overwrites what they now look at.

    jobs.run("chain", lambda: open_store(path)).then(show).or_else(say_why)

A failure no `or_else` handles is not lost: `unhandled` carries its sentence to the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.errors import sentence


class _Relay(QObject):
    # Only plain values cross threads through Qt: results wait in a dict (see Jobs._results).
    finished = Signal(str, int)


class Job:
    """A submitted job: say what to do with its result and with its failure. The handlers are
    set on the GUI thread before the result can arrive there, so none is missed."""

    def __init__(self) -> None:
        self.done: Callable[[Any], None] | None = None
        self.fail: Callable[[Exception], None] | None = None

    def then(self, done: Callable[[Any], None]) -> Job:
        self.done = done
        return self

    def or_else(self, fail: Callable[[Exception], None]) -> Job:
        self.fail = fail
        return self


class Jobs(QObject):
    idle = Signal()  # no job is running any more
    dropped = Signal(str)  # a stale result was thrown away (channel)
    unhandled = Signal(str, str)  # a failure no caller handles: channel, sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A plain Python thread pool: the jobs are Python callables and need no Qt objects.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="jobs")
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._tokens: dict[str, int] = {}
        self._jobs: dict[tuple[str, int], Job] = {}
        self._results: dict[tuple[str, int], tuple[bool, Any]] = {}
        self._lock = threading.Lock()
        self.pending = 0

    def run(self, channel: str, fn: Callable[[], Any]) -> Job:
        """Run `fn` on a worker thread; earlier jobs of `channel` become stale."""
        token = self._tokens.get(channel, 0) + 1
        self._tokens[channel] = token
        job = self._jobs[(channel, token)] = Job()
        self.pending += 1
        self._pool.submit(self._run, channel, token, fn)
        return job

    def submit(
        self,
        channel: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> Job:
        return self.run(channel, fn).then(on_done).or_else(on_error)

    def _run(self, channel: str, token: int, fn: Callable[[], Any]) -> None:
        """On a pool thread."""
        try:
            outcome: tuple[bool, Any] = (True, fn())
        except Exception as exc:  # reported to the window as a sentence, never a crash
            outcome = (False, exc)
        with self._lock:
            self._results[(channel, token)] = outcome
        self._relay.finished.emit(channel, token)

    def cancel(self, channel: str) -> None:
        """Make whatever runs in `channel` stale."""
        self._tokens[channel] = self._tokens.get(channel, 0) + 1

    def _finished(self, channel: str, token: int) -> None:
        with self._lock:
            ok, value = self._results.pop((channel, token))
        self.pending -= 1
        job = self._jobs.pop((channel, token))
        if token != self._tokens.get(channel):
            self.dropped.emit(channel)
        elif ok:
            if job.done is not None:
                job.done(value)
        elif job.fail is not None:
            job.fail(value)
        else:
            self.unhandled.emit(channel, sentence(value))
        if self.pending == 0:
            self.idle.emit()

    def wait(self) -> None:
        """Let running jobs finish (at exit)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
