"""Slow work off the GUI thread: key stores, the keyring, whole-workspace checks.

Each job belongs to a *channel* ("chain", "workspace:<file>", ...). Submitting a job to a channel
makes any earlier job of that channel stale: its result is dropped when it arrives, so a key
store that finishes opening after the user moved on never overwrites what they now look at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(str, int, bool, object)  # channel, token, ok, result or error sentence


class _Job(QRunnable):
    def __init__(self, relay: _Relay, channel: str, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._relay, self._channel, self._token, self._fn = relay, channel, token, fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the window as a sentence, never a crash
            self._relay.finished.emit(self._channel, self._token, False, exc)
            return
        self._relay.finished.emit(self._channel, self._token, True, result)


class Jobs(QObject):
    idle = Signal()  # no job is running any more
    dropped = Signal(str)  # a stale result was thrown away (channel)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._tokens: dict[str, int] = {}
        self._handlers: dict[
            tuple[str, int], tuple[Callable[[Any], None], Callable[[Exception], None]]
        ] = {}
        self.pending = 0

    def submit(
        self,
        channel: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> int:
        token = self._tokens.get(channel, 0) + 1
        self._tokens[channel] = token
        self._handlers[(channel, token)] = (on_done, on_error)
        self.pending += 1
        self._pool.start(_Job(self._relay, channel, token, fn))
        return token

    def cancel(self, channel: str) -> None:
        """Make whatever runs in `channel` stale."""
        self._tokens[channel] = self._tokens.get(channel, 0) + 1

    def _finished(self, channel: str, token: int, ok: bool, value: Any) -> None:
        self.pending -= 1
        on_done, on_error = self._handlers.pop((channel, token))
        if token != self._tokens.get(channel):
            self.dropped.emit(channel)
        elif ok:
            on_done(value)
        else:
            on_error(value)
        if self.pending == 0:
            self.idle.emit()

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self._pool.waitForDone(msecs))
