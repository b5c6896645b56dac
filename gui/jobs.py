"""Slow work off the GUI thread: key stores, the keyring, whole-workspace checks.

Each job belongs to a *channel* ("chain", "workspace:<file>", ...). Submitting a job to a channel
makes any earlier job of that channel stale: its result is dropped when it arrives, so a key
store that finishes opening after the user moved on never overwrites what they now look at.

    jobs.run("chain", lambda: open_store(path)).then(show).or_else(say_why)

A failure no `or_else` handles is not lost: `unhandled` carries its sentence to the window.

Every job has a deadline, and the user can cancel what runs: the job is then given up (its
failure handler says so, and whatever it returns later is thrown away). Python cannot stop a
thread, so a given-up job runs on in a daemon thread, which never delays quitting, and a fresh
worker takes its place.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import sentence

DEADLINE_SECONDS = 120.0  # no job of this editor takes that long on a real file
WORKERS = 4


class JobStopped(Exception):
    """A job was given up: past its deadline, or cancelled. The message says which."""


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
    started = Signal()  # a job was submitted

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[tuple[str, int, Callable[[], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._workers = 0  # worker threads counted (a given-up job's thread no longer is)
        # Jobs queued or running on a counted worker. A worker takes its job off this count
        # before the result can reach the GUI thread: a job submitted in answer to a result
        # finds that worker free, not busy, and starts no other (the bound holds by
        # construction, not by the worker getting back to the queue in time).
        self._outstanding = 0
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._tokens: dict[str, int] = {}
        self._jobs: dict[tuple[str, int], Job] = {}
        self._results: dict[tuple[str, int], tuple[bool, Any]] = {}
        self._given_up: set[tuple[str, int]] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.pending = 0

    def run(
        self, channel: str, fn: Callable[[], Any], deadline: float | None = DEADLINE_SECONDS
    ) -> Job:
        """Run `fn` on a worker thread; earlier jobs of `channel` become stale. After
        `deadline` seconds the job is given up and fails with JobStopped."""
        token = self._tokens.get(channel, 0) + 1
        self._tokens[channel] = token
        job = Job()
        if self._closed:
            return job
        self._jobs[(channel, token)] = job
        self.pending += 1
        with self._lock:
            self._outstanding += 1
            if self._workers < min(self._outstanding, WORKERS):
                self._spawn()
        self._queue.put((channel, token, fn))
        if deadline is not None:
            stopped = JobStopped(f"it did not finish within {deadline:g} s and was stopped")
            QTimer.singleShot(
                int(deadline * 1000), self, lambda: self._give_up(channel, token, stopped)
            )
        self.started.emit()
        return job

    def submit(
        self,
        channel: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        deadline: float | None = DEADLINE_SECONDS,
    ) -> Job:
        return self.run(channel, fn, deadline).then(on_done).or_else(on_error)

    def _spawn(self) -> None:
        """With the lock held."""
        self._workers += 1
        threading.Thread(target=self._work, name="jobs", daemon=True).start()

    def _work(self) -> None:
        """A worker thread: runs jobs until told to stop, or until its job was given up (a
        fresh worker replaced it then)."""
        while True:
            item = self._queue.get()
            if item is None:
                break
            channel, token, fn = item
            try:
                outcome: tuple[bool, Any] = (True, fn())
            except Exception as exc:  # reported to the window as a sentence, never a crash
                outcome = (False, exc)
            except BaseException as exc:  # a Rust panic in a library: still only this job's end
                outcome = (False, RuntimeError(f"an unexpected failure ({type(exc).__name__})"))
            with self._lock:
                replaced = (channel, token) in self._given_up
                self._given_up.discard((channel, token))
                if not replaced:
                    self._results[(channel, token)] = outcome
                    self._outstanding -= 1  # before the GUI thread can hear of it
            if replaced:
                return  # no longer counted: a fresh worker took its place
            self._relay.finished.emit(channel, token)
        with self._lock:
            self._workers -= 1

    def cancel(self, channel: str) -> None:
        """Make whatever runs in `channel` stale."""
        self._tokens[channel] = self._tokens.get(channel, 0) + 1

    def cancel_all(self) -> None:
        """The user's Cancel: give up every job still running."""
        for channel, token in list(self._jobs):
            self._give_up(channel, token, JobStopped("it was cancelled"))

    def _give_up(self, channel: str, token: int, reason: JobStopped) -> None:
        with self._lock:
            if (channel, token) not in self._jobs or (channel, token) in self._results:
                return  # finished already, or its result is on the way
            self._given_up.add((channel, token))
            self._outstanding -= 1  # its thread, no longer counted, ends with it
            self._workers -= 1  # its thread no longer counts; it ends when its job does
            self._spawn()
        job = self._jobs.pop((channel, token))
        self.pending -= 1
        if token == self._tokens.get(channel):
            self._fail(channel, job, reason)
        if self.pending == 0:
            self.idle.emit()

    def _fail(self, channel: str, job: Job, exc: Exception) -> None:
        if job.fail is not None:
            job.fail(exc)
        else:
            self.unhandled.emit(channel, sentence(exc))

    def _finished(self, channel: str, token: int) -> None:
        with self._lock:
            ok, value = self._results.pop((channel, token))
        job = self._jobs.pop((channel, token), None)
        if job is None:
            return  # given up, or the window shut the jobs down
        self.pending -= 1
        if token != self._tokens.get(channel):
            self.dropped.emit(channel)
        elif ok:
            if job.done is not None:
                job.done(value)
        else:
            self._fail(channel, job, value)
        if self.pending == 0:
            self.idle.emit()

    def wait(self, timeout: float = 5.0) -> None:
        """At exit: let running jobs finish for up to `timeout` seconds, then stop taking new
        ones. Jobs still running then are left to their daemon threads: quitting never waits."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                busy = self._outstanding
            if busy <= 0:
                break
            time.sleep(0.01)
        self.shutdown()

    def shutdown(self) -> None:
        """Stop taking jobs; idle workers end. Nothing is waited for."""
        self._closed = True
        self._jobs.clear()
        with self._lock:
            for _ in range(self._workers):
                self._queue.put(None)
