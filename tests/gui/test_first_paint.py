"""Work the first paint does not need waits for it (gui/first_paint.py): the jobs of those
channels wait, count as pending, and run with their handlers once released; the release comes
right after the form (or the welcome pane) was painted."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.first_paint import FirstPaint, StartJobs, show_when_ready
from gui.jobs import DEADLINE_SECONDS, Jobs, JobStopped


def test_waiting_jobs_count_as_pending_and_run_with_their_handlers_once_released(
    qtbot: QtBot,
) -> None:
    jobs = StartJobs()
    ran: list[str] = []
    got: list[object] = []
    jobs.run("keyring-open", lambda: ran.append("keyring") or "store").then(got.append)
    jobs.run("open", lambda: ran.append("open") or "session").then(got.append)
    qtbot.waitUntil(lambda: got == ["session"], timeout=5000)
    assert ran == ["open"] and jobs.pending == 1  # the keyring waits, and is still to come
    jobs.release()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=5000)
    assert ran == ["open", "keyring"] and got == ["session", "store"]
    jobs.run("ws-fill", lambda: "now").then(got.append)  # released: nothing waits any more
    qtbot.waitUntil(lambda: got[-1:] == ["now"], timeout=5000)
    jobs.wait()


def test_a_later_job_of_a_waiting_channel_replaces_it_and_cancel_drops_it(qtbot: QtBot) -> None:
    jobs = StartJobs()
    got: list[object] = []
    jobs.run("ws-fill", lambda: "first").then(got.append)
    jobs.run("ws-fill", lambda: "second").then(got.append)
    jobs.run("store-1", lambda: "chain").then(got.append)
    assert jobs.pending == 2
    jobs.cancel("store-1")  # the chain view moved on before the store was opened
    assert jobs.pending == 1
    jobs.release()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=5000)
    assert got == ["second"]
    jobs.wait()


def test_released_one_per_turn_the_statuses_last(qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Started at once, the jobs' threads held the interpreter in turn and the window stood still
    for all of them; the workspace's statuses, the longest, start last."""
    started: list[str] = []
    run = Jobs.run

    def spy(self: Jobs, channel: str, fn, deadline: float | None = DEADLINE_SECONDS):  # type: ignore[no-untyped-def]
        started.append(channel)
        return run(self, channel, fn, deadline)

    monkeypatch.setattr(Jobs, "run", spy)
    jobs = StartJobs()
    got: list[object] = []
    for channel in ("keyring-open", "ws-fill", "findings", "secrets"):
        jobs.run(channel, lambda c=channel: c).then(got.append)
    assert started == []
    jobs.release()
    assert started == ["keyring-open"]  # the others in later turns of the event loop
    jobs.run("ws-fill", lambda: "the fill again").then(got.append)  # replaces the waiting one
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=5000)
    assert started == ["keyring-open", "findings", "secrets", "ws-fill"]
    assert sorted(map(str, got)) == ["findings", "keyring-open", "secrets", "the fill again"]
    jobs.run("ws-fill", lambda: "now").then(got.append)  # released: nothing waits any more
    assert started[-1] == "ws-fill" and len(started) == 5
    qtbot.waitUntil(lambda: got[-1:] == ["now"], timeout=5000)
    jobs.wait()


def test_cancel_all_stops_waiting_jobs_as_it_stops_running_ones(qtbot: QtBot) -> None:
    jobs = StartJobs()
    failed: list[Exception] = []
    idle: list[bool] = []
    jobs.idle.connect(lambda: idle.append(True))
    started = threading.Event()
    jobs.run("keyring-open", started.set).or_else(failed.append)
    jobs.cancel_all()
    assert jobs.pending == 0 and idle == [True]
    assert len(failed) == 1 and isinstance(failed[0], JobStopped)
    jobs.release()
    qtbot.wait(100)
    assert not started.is_set()  # given up: never run
    jobs.wait()


def test_released_after_the_form_is_painted_with_the_destination(
    qtbot: QtBot,
    workspace: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from gui.main_window import MainWindow

    monkeypatch.setattr("gui.first_paint.AT_THE_LATEST_MS", 60_000)  # the paint, not the timer

    jobs = StartJobs()
    window = MainWindow(jobs)
    qtbot.addWidget(window)
    released: list[object] = []
    FirstPaint(window, True, lambda: released.append(window.session))
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert released == []  # the welcome pane was painted, not yet the destination
    window.open_path(workspace)
    qtbot.waitUntil(lambda: bool(released), timeout=10000)
    assert released[0] is not None and released[0] is window.session
    assert jobs.pending > 0  # the keyring and the statuses waited for the paint
    jobs.release()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert window.editor.keyring_known
    assert all(r.summarized for r in window.workspace.rows.rows())
    window.editor.session = None
    window.close()
    jobs.wait()


def test_with_nothing_to_open_the_welcome_pane_releases(qtbot: QtBot) -> None:
    from gui.main_window import MainWindow

    jobs = StartJobs()
    window = MainWindow(jobs)
    qtbot.addWidget(window)
    released: list[bool] = []
    FirstPaint(window, False, lambda: released.append(True))
    window.show()
    qtbot.waitUntil(lambda: released == [True], timeout=10000)
    jobs.release()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    window.close()
    jobs.wait()


def test_released_at_the_latest_when_no_destination_is_ever_painted(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from gui.main_window import MainWindow

    monkeypatch.setattr("gui.first_paint.AT_THE_LATEST_MS", 300)
    jobs = StartJobs()
    window = MainWindow(jobs)
    qtbot.addWidget(window)
    released: list[bool] = []
    FirstPaint(window, True, lambda: released.append(True))
    window.show()
    window.open_path(tmp_path)  # an empty folder: no form to paint
    qtbot.waitUntil(lambda: released == [True], timeout=10000)
    jobs.release()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert window.session is None and window.editor.keyring_known
    window.close()
    jobs.wait()


def test_the_window_shows_once_its_destination_is_in_the_form(
    qtbot: QtBot,
    workspace: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Laid out and painted once, finished: not first empty, then with the list."""
    from gui.main_window import MainWindow

    monkeypatch.setattr("gui.first_paint.SHOW_AT_THE_LATEST_MS", 60_000)
    window = MainWindow()
    qtbot.addWidget(window)
    seen: list[bool] = []
    window.workspace.rows.modelReset.connect(lambda: seen.append(window.isVisible()))
    window.open_path(workspace)
    show_when_ready(window, True)
    assert not window.isVisible()
    qtbot.waitUntil(window.isVisible, timeout=10000)
    assert window.session is not None and seen[:1] == [False]  # listed while still hidden
    window.editor.session = None
    window.close()
    window.jobs.wait()


def test_the_window_shows_at_the_latest_after_a_moment(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from gui.main_window import MainWindow

    monkeypatch.setattr("gui.first_paint.SHOW_AT_THE_LATEST_MS", 200)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(tmp_path)  # an empty folder: nothing opens
    show_when_ready(window, True)
    qtbot.waitUntil(window.isVisible, timeout=10000)
    assert window.session is None
    shown = MainWindow()
    qtbot.addWidget(shown)
    show_when_ready(shown, False)  # nothing to open: at once, with the welcome pane
    assert shown.isVisible()
    for w in (window, shown):
        w.close()
        w.jobs.wait()
