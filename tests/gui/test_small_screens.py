"""Small screens and Alt+letters across the whole window, offscreen (the real-X tests in
tests/x11 check the same on a real screen)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.selfcheck import clipped, mnemonics


def test_no_two_visible_controls_share_an_alt_letter(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    for name in ("weather.properties", "basic.properties"):
        window.open_file(workspace / name)
        idle(window)
        found = mnemonics(window)
        count = Counter(m["letter"] for m in found)
        assert not [m["text"] for m in found if count[m["letter"]] > 1], name
        texts = {m["text"] for m in found}
        assert {"&Add property", "&Remove property"} <= texts


def test_a_narrow_window_keeps_the_form_usable(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    # the window cannot be made narrower than form, panel and workspace need side by side
    assert window.minimumSizeHint().width() <= 720
    assert window.minimumSizeHint().height() <= 480  # it was 506
    window.resize(500, 480)
    qtbot.wait(50)
    form = window.form_area
    assert form.width() >= window.form.minimumSizeHint().width()  # it was about 50 pixels
    assert form.width() >= window.chain.width()  # the panel gave way first
    assert not form.horizontalScrollBar().isVisible()
    window.resize(1024, 700)
    qtbot.wait(50)
    assert not form.horizontalScrollBar().isVisible()
    assert clipped(window) == []
