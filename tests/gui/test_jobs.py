"""Background jobs have a deadline and a Cancel, a library's panic ends only its job, and
quitting never waits for a job that runs for ever."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

from pytestqt.qtbot import QtBot

from gui.jobs import Jobs, JobStopped

FOREVER = threading.Event()  # never set: a job waiting on it runs for ever


def _forever() -> None:
    FOREVER.wait()


def test_a_job_past_its_deadline_is_given_up(qtbot: QtBot) -> None:
    jobs = Jobs()
    errors: list[Exception] = []
    jobs.submit("slow", _forever, lambda _: None, errors.append, deadline=0.3)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=3000)
    assert len(errors) == 1 and isinstance(errors[0], JobStopped)
    assert "did not finish within 0.3 s" in str(errors[0])
    done: list[int] = []  # a fresh worker took the stuck one's place
    for i in range(6):
        jobs.submit(f"next{i}", lambda i=i: i, done.append, errors.append)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(done) == 6, timeout=3000)
    jobs.shutdown()


def test_cancel_gives_up_what_runs(qtbot: QtBot) -> None:
    jobs = Jobs()
    errors: list[Exception] = []
    jobs.submit("slow", _forever, lambda _: None, errors.append)
    qtbot.wait(50)
    jobs.cancel_all()
    assert jobs.pending == 0 and "cancelled" in str(errors[0])
    jobs.shutdown()


def test_a_panic_in_a_job_is_that_jobs_error(qtbot: QtBot) -> None:
    def panic() -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

        PBKDF2HMAC(hashes.SHA256(), 32, b"salt", 2**32).derive(b"x")  # pyo3 PanicException

    jobs = Jobs()
    errors: list[Exception] = []
    jobs.submit("panic", panic, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=5000)
    assert "an unexpected failure (PanicException)" in str(errors[0])
    jobs.shutdown()


def test_the_window_offers_cancel_for_long_work(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    errors: list[Exception] = []
    window.jobs.submit("slow", _forever, lambda _: None, errors.append)
    qtbot.waitUntil(window.cancel_button.isVisible, timeout=3000)
    window.cancel_button.click()
    assert window.jobs.pending == 0 and "cancelled" in str(errors[0])
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=1000)


QUIT = textwrap.dedent(
    """
    import sys, threading, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from gui.main_window import MainWindow
    window = MainWindow()
    window.show()
    def close():
        window.jobs.submit("forever", threading.Event().wait, print, print)
        time.sleep(0.2)  # it runs now
        print(time.time(), flush=True)
        window.close()
    QTimer.singleShot(300, close)
    app.exec()
    """
)


def test_quitting_does_not_wait_for_a_job_that_runs_for_ever() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", QUIT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        closed_at = float(proc.stdout.readline())
        _, err = proc.communicate(timeout=30)
        took = time.time() - closed_at
    assert proc.returncode == 0, err
    assert took < 1.0, f"quitting took {took:.2f} s"


class _SlowLock:
    """The jobs' lock, taken late by worker threads: a worker that has handed over a result
    reaches its next step long after the GUI thread has answered that result."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.002)
        self._lock.acquire()

    def __exit__(self, *_: object) -> None:
        self._lock.release()


def _hammer(qtbot: QtBot, chains: int, rounds: int) -> int:
    """`chains` jobs at a time, each submitting the next in answer to its result, as the
    workspace fill does; the most workers there ever were."""
    jobs = Jobs()
    jobs._lock = _SlowLock()  # type: ignore[assignment]
    peak, left = 0, [rounds] * chains

    def submit(chain: int) -> None:
        nonlocal peak
        jobs.run(f"chain{chain}", lambda: None).then(lambda _: answer(chain))
        peak = max(peak, jobs._workers)  # workers are only ever started by a submission

    def answer(chain: int) -> None:
        left[chain] -= 1
        if left[chain]:
            submit(chain)

    for chain in range(chains):
        submit(chain)
    qtbot.waitUntil(lambda: not any(left), timeout=20000)
    jobs.shutdown()
    return peak


def test_jobs_one_after_the_other_keep_one_worker(qtbot: QtBot) -> None:
    assert _hammer(qtbot, chains=1, rounds=150) == 1


def test_two_chains_of_jobs_keep_two_workers(qtbot: QtBot) -> None:
    assert _hammer(qtbot, chains=2, rounds=100) <= 2


def test_a_burst_of_jobs_starts_at_most_four_workers(qtbot: QtBot) -> None:
    from gui.jobs import WORKERS

    jobs = Jobs()
    release, done, peak = threading.Event(), [], 0
    for i in range(3 * WORKERS):
        jobs.run(f"burst{i}", release.wait).then(done.append)
        peak = max(peak, jobs._workers)
    assert peak == WORKERS
    release.set()
    qtbot.waitUntil(lambda: len(done) == 3 * WORKERS, timeout=5000)
    jobs.shutdown()
