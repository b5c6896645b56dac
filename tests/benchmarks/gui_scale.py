"""The editor on generated workspaces (tests/benchmarks/workspace_gen.py), for `make bench`:

- start to a painted list of 1,000 and 10,000 destinations, sorted by name, as a ratio to
  `python -c "import PySide6.QtWidgets"` in the same run (target at 10,000: at most 6x);
- the GUI thread's longest stall while the statuses and days left fill in from the background,
  measured with a 5 ms QTimer heartbeat, the median of several runs (target: at most 50 ms).

The editor starts as `destination-editor FOLDER` does (gui.app.main); this script only watches
it and ends the process once it has what it measures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from workspace_gen import make_workspace  # beside this file

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
PAINT_TARGET = 6.0
STALL_TARGET_MS = 50
ENV = {
    **os.environ,
    "QT_QPA_PLATFORM": "offscreen",
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
}

Row = tuple[str, float, str, bool]


def watch(mode: str, folder: Path, count: int) -> None:
    """In the measured process: start the editor on `folder`, print what `mode` measures."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gaps: list[int] = []
    clock = QElapsedTimer()
    heart = QTimer()
    heart.setInterval(5)

    def beat() -> None:
        gaps.append(int(clock.restart()))

    heart.timeout.connect(beat)

    def window() -> object | None:
        from gui.main_window import MainWindow

        return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)

    def listed() -> None:
        w = window()
        view = getattr(w, "workspace", None)
        if view is None or view.count() < count or not view.isVisible():
            QTimer.singleShot(1, listed)
            return
        view.viewport().repaint()  # painted, sorted (the view sorts by name from the start)
        if mode == "paint":
            print(view.shown(0).name, flush=True)
            os._exit(0)  # what is measured is done; no need to wait for the statuses
        clock.start()
        heart.start()
        QTimer.singleShot(5, filled)

    def filled() -> None:
        w = window()
        view, jobs = w.workspace, w.jobs  # type: ignore[attr-defined]
        # The rows are looked at only once no job is left: a look at 10,000 rows is about
        # 2.5 ms of the GUI thread, every 20 ms, and the watcher must not add to what it measures.
        if jobs.pending or not all(r.summarized for r in view.rows.rows()):
            QTimer.singleShot(20, filled)
            return
        heart.stop()
        print(max(gaps) if gaps else 0, len(gaps), flush=True)
        os._exit(0)

    QTimer.singleShot(0, listed)
    from gui.app import main

    main([str(folder)])


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=ENV, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def paint_rows(count: int) -> Row:
    folder = make_workspace(count)
    ours_cmd = [sys.executable, __file__, "paint", str(folder), str(count)]
    ref_cmd = [sys.executable, "-c", "import PySide6.QtWidgets"]
    runs = RUNS if count <= 1000 else max(1, min(RUNS, 5))
    ours, ref = [], []
    for _ in range(runs):
        ref.append(_wall(ref_cmd))
        ours.append(_wall(ours_cmd))
    ratio = statistics.median(ours) / statistics.median(ref)
    judged = count >= 10_000
    note = (
        f"x the PySide6.QtWidgets import ({statistics.median(ours) * 1000:.0f} ms vs "
        f"{statistics.median(ref) * 1000:.0f} ms, median of {runs}"
        + (f"; target {PAINT_TARGET:.0f}x)" if judged else ")")
    )
    return (
        f"editor paints {count:,} destinations, sorted",
        ratio,
        note,
        ratio <= PAINT_TARGET or not judged,
    )


def stall(count: int) -> Row:
    folder = make_workspace(count)
    worst: list[int] = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, __file__, "stall", str(folder), str(count)],
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout.split()
        worst.append(int(out[0]))
    median = statistics.median(worst)
    note = f"ms, median of {RUNS} runs (worst run {max(worst)} ms; target {STALL_TARGET_MS})"
    return (
        f"longest GUI stall, statuses of {count:,} destinations fill in",
        median,
        note,
        median <= STALL_TARGET_MS,
    )


def rows() -> list[Row]:
    return [paint_rows(1_000), paint_rows(10_000), stall(10_000)]


if __name__ == "__main__":
    if len(sys.argv) == 4:
        watch(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
    else:
        for name, value, note, ok in rows():
            print(f"{name}\t{value:.2f}\t{note}\t{'ok' if ok else 'miss'}")
