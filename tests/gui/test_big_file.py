"""A 1 MB destination file with 35,000 properties this tool does not know: the window opens it
without stalling, lists every property and every finding, edits any of them, and saves it back
byte for byte when nothing changed.

The stall is measured as `destination-editor FILE` starts (gui.app.main, in a subprocess, with
a 5 ms QTimer heartbeat as tests/benchmarks/gui_scale.py does): before, the GUI thread made an
item and asked the style for an icon per property and per finding, and stopped for seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.findings_view import KEY_ROLE

COUNT = 35_000
HEAD = (
    "Name=big\nType=HTTP\nURL=https://x.example\nAuthentication=NoAuthentication\n"
    "ProxyType=Internet\n"
)
# The GUI thread's longest stall while the file opens, is checked and is edited. It measured
# about 0.1-0.2 s on a 2-core machine under a load of 1 (seconds before); the margin is for a
# busier machine.
STALL_LIMIT_MS = 1000
FIRST_PAINT_LIMIT_S = 6.0  # about 0.7-1 s measured
EDITED_ROW = 17_000


def unknown_keys(count: int = COUNT) -> list[str]:
    return [f"x.unknown.{n:05d}" for n in range(count)]


def write_big(path: Path, count: int = COUNT) -> Path:
    lines = [f"{key}=value {key[-5:]}\n" for key in unknown_keys(count)]
    path.write_bytes((HEAD + "".join(lines)).encode("latin-1"))
    return path


def watch(path: str) -> None:
    """In the subprocess: start the editor on `path`, measure, edit one value, print JSON."""
    started = time.perf_counter()
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gaps: list[int] = []
    clock = QElapsedTimer()
    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(lambda: gaps.append(int(clock.restart())))
    seen: dict[str, float] = {}

    def watched(window) -> None:  # type: ignore[no-untyped-def]
        def shown() -> None:
            if not window.isVisible():
                QTimer.singleShot(1, shown)
                return
            seen["first_visible"] = time.perf_counter() - started
            clock.start()
            heart.start()
            QTimer.singleShot(5, loaded)

        def settled() -> bool:
            rows = window.workspace.rows.rows()
            return window.jobs.pending == 0 and all(r.summarized for r in rows)

        def loaded() -> None:
            if not settled() or window.findings.model().rowCount() == 0:
                QTimer.singleShot(20, loaded)
                return
            other = window.form.other.table.model()
            other.setData(other.index(EDITED_ROW, 1), "edited")  # as the cell's editor does
            QTimer.singleShot(20, edited)

        def edited() -> None:
            if not settled():
                QTimer.singleShot(20, edited)
                return
            heart.stop()
            findings = window.findings.model()
            result = {
                "first_visible": seen["first_visible"],
                "longest_gap_ms": max(gaps, default=0),
                "beats": len(gaps),
                "other_rows": window.form.other.table.model().rowCount(),
                "finding_rows": findings.rowCount(),
                "edited": window.session.destination.get(f"x.unknown.{EDITED_ROW:05d}"),
            }
            print(json.dumps(result), flush=True)
            os._exit(0)  # measured; closing would ask about the unsaved edit

        QTimer.singleShot(0, shown)

    from gui.app import main

    main([path], watch=watched)
    del app


def test_a_huge_file_opens_without_stalling_the_window(tmp_path: Path) -> None:
    path = write_big(tmp_path / "big.properties")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the last workspace is remembered there
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    code = f"from tests.gui.test_big_file import watch; watch({str(path)!r})"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["other_rows"] == COUNT and result["finding_rows"] == COUNT, result
    assert result["edited"] == "edited", result
    assert result["longest_gap_ms"] <= STALL_LIMIT_MS, result
    assert result["first_visible"] <= FIRST_PAINT_LIMIT_S, result


@pytest.mark.slow  # about 7 s: two saves of 1 MB and a check of 35,000 rows and findings
def test_a_huge_file_lists_everything_and_round_trips_byte_for_byte(
    window, tmp_path: Path, qtbot: QtBot, idle, cli
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ws"
    folder.mkdir()
    path = write_big(folder / "big.properties")
    original = path.read_bytes()
    window.open_file(path)
    idle(window)

    # Every property is in Other properties, in the file's order, with its value.
    other = window.form.other.table.model()
    keys = unknown_keys()
    assert [other.index(r, 0).data() for r in range(other.rowCount())] == keys
    assert other.index(COUNT - 1, 1).data() == f"value {COUNT - 1:05d}"
    tip = other.index(3, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "x.unknown.00003 is not a property this tool knows; it is kept as it is."

    # The findings list says what `destination-cli validate` says: one note per property.
    run = cli("validate", "--json", path)
    assert run.returncode == 0, run.stderr
    (said,) = json.loads(run.stdout)["files"][0]["destinations"]
    expected = [(f["code"], f["property"]) for f in said["findings"]]
    assert len(expected) == COUNT
    listed = window.findings.model()
    rows = [listed.index(r, 0) for r in range(listed.rowCount())]
    shown = [(i.data(Qt.ItemDataRole.ToolTipRole), i.data(KEY_ROLE)) for i in rows]
    assert shown == expected

    # Saved unchanged: the same bytes.
    assert window.save()
    idle(window)
    assert path.read_bytes() == original

    # One value edited in the table: that line changes, and nothing else.
    key = f"x.unknown.{EDITED_ROW:05d}"
    assert other.setData(other.index(EDITED_ROW, 1), "edited")
    assert window.session.destination[key] == "edited"
    assert window.save()
    idle(window)
    before = f"{key}=value {EDITED_ROW:05d}\n".encode()
    assert path.read_bytes() == original.replace(before, f"{key}=edited\n".encode())
