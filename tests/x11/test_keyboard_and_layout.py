"""The editor as a person meets it: the real `destination-editor` on an X server with a window
manager, driven by key presses only. Each test reads what the window shows from its self-check
file (gui/selfcheck.py), never from inside the process."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from core.formats.properties import parse_properties
from tests.x11.conftest import Editor

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def letter_of(state: dict[str, Any], key: str) -> str:
    for m in state["mnemonics"]:
        if m["key"] == key:
            return str(m["letter"])
    raise AssertionError(f"{key} has no Alt+letter: {state['mnemonics']}")


def choose(editor: Editor, key: str, value: str) -> dict[str, Any]:
    """Pick a combo box value with the keyboard: Alt+letter, then arrow keys."""
    state = editor.key(f"alt+{letter_of(editor.state(), key)}")
    assert state["focus"]["key"] == key
    for _ in range(30):
        if state["values"].get(key) == value:
            return state
        state = editor.key("Down")
    raise AssertionError(f"{value} not offered for {key}")


def test_ctrl_n_puts_the_cursor_in_name(editor_at) -> None:  # type: ignore[no-untyped-def]
    editor = editor_at(1600, 1000)
    state = editor.key("ctrl+n")
    assert state["title"].startswith("Untitled")
    assert state["focus"]["key"] == "Name"
    state = editor.type("orders")
    assert state["values"]["Name"] == "orders"


def test_tab_follows_the_form_after_a_rule_change(editor_at) -> None:  # type: ignore[no-untyped-def]
    editor = editor_at(1600, 1000)
    editor.key("ctrl+n")
    state = choose(editor, "Authentication", "BasicAuthentication")
    rows = state["rows_on_screen"]
    assert rows.index("User") < rows.index("Password") < rows.index("TrustStoreLocation")
    state = editor.key(f"alt+{letter_of(state, 'Name')}")
    assert state["focus"]["key"] == "Name"
    editor.type("orders")
    # Tab through the form; on reaching User and Password, type as a person would
    visited = ["Name"]
    for _ in range(60):
        state = editor.key("Tab")
        key = state["focus"]["key"]
        if key is None or key == visited[-1]:
            if key is None and len(visited) > 1:
                break  # left the form
            continue
        visited.append(key)
        if key == "User":
            editor.type("alice")
        elif key == "Password" and state["focus"]["name"] == "Password":
            editor.type("s3cret")
    state = editor.settled()
    assert visited == rows, f"{visited} != {rows}"
    assert state["values"]["User"] == "alice"
    assert state["typed_password_lengths"] == {"Password": 6}
    assert "TrustStoreLocation" not in state["values"]


def test_every_alt_letter_is_unique_and_reaches_its_field(editor_at) -> None:  # type: ignore[no-untyped-def]
    editor = editor_at(1600, 1000, SAMPLES / "weather-api.properties")
    state = editor.settled()
    count = Counter(m["letter"] for m in state["mnemonics"])
    clashes = [m["text"] for m in state["mnemonics"] if count[m["letter"]] > 1]
    assert not clashes, clashes
    labels = [m for m in state["mnemonics"] if m["what"] == "label" and m["key"]]
    assert len(labels) >= 10
    for m in labels:
        state = editor.key(f"alt+{m['letter']}")
        assert state["focus"]["key"] == m["key"], (m, state["focus"])
        if state["focus"]["class"] == "QCheckBox":
            # a check box's Alt+letter also ticks it, as Qt does: tick it back, so that no
            # rule hides the rows still to be tried
            editor.key(f"alt+{m['letter']}")


def test_rule_change_keeps_alt_letters_unique(editor_at) -> None:  # type: ignore[no-untyped-def]
    editor = editor_at(1600, 1000)
    editor.key("ctrl+n")
    for auth in ("BasicAuthentication", "OAuth2ClientCredentials"):
        state = choose(editor, "Authentication", auth)
        count = Counter(m["letter"] for m in state["mnemonics"])
        assert all(n == 1 for n in count.values()), state["mnemonics"]


def test_closing_through_the_window_manager_asks_about_unsaved_changes(
    editor_at, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copy(SAMPLES / "hr-basic.properties", folder)
    before = (folder / "hr-basic.properties").read_bytes()
    editor = editor_at(1600, 1000, folder / "hr-basic.properties")
    state = editor.key(f"alt+{letter_of(editor.state(), 'Description')}")
    editor.type("edited")
    assert editor.settled()["modified"]
    editor.close_window()
    state = editor.wait_for(lambda s: s["modal"] is not None)
    assert "unsaved changes" in state["modal"]["text"]
    state = editor.key("Escape")  # Cancel: the editor stays, with the edit
    assert state["modal"] is None and state["modified"]
    assert editor.proc is not None and editor.proc.poll() is None
    editor.close_window()
    state = editor.wait_for(lambda s: s["modal"] is not None)
    for _ in range(6):  # to the Discard button with the keyboard
        if "Discard" in state["focus"]["text"]:
            break
        state = editor.key("Tab")
    assert "Discard" in state["focus"]["text"], state["focus"]
    editor.xdotool("key", "space")
    assert editor.proc.wait(timeout=20) == 0
    assert (folder / "hr-basic.properties").read_bytes() == before


def test_closing_and_saving_writes_the_file(editor_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copy(SAMPLES / "hr-basic.properties", folder)
    editor = editor_at(1600, 1000, folder / "hr-basic.properties")
    editor.key(f"alt+{letter_of(editor.state(), 'Description')}", "ctrl+a")
    editor.type("from the keyboard")
    editor.close_window()
    state = editor.wait_for(lambda s: s["modal"] is not None)
    assert "Save" in state["focus"]["text"]  # the default button
    editor.xdotool("key", "Return")
    assert editor.proc is not None and editor.proc.wait(timeout=20) == 0
    saved = dict(parse_properties((folder / "hr-basic.properties").read_bytes(), "hr").destination)
    assert saved["Description"] == "from the keyboard"


@pytest.mark.parametrize("size", [(800, 600), (1024, 700), (1600, 1000)])
def test_nothing_is_clipped(editor_at, size: tuple[int, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shot = tmp_path / "screen.png"
    editor = editor_at(
        *size,
        SAMPLES / "weather-api.properties",
        env={"DESTINATION_EDITOR_SCREENSHOT": str(shot)},
    )
    state = editor.wait_for(lambda s: not s["pending_jobs"])
    deadline = time.monotonic() + 10
    while not shot.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert shot.stat().st_size > 10_000
    x, y, w, h = state["window"]
    sx, sy, sw, sh = state["screen"]
    assert sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh, (state["window"], size)
    assert state["clipped"] == []
    assert state["form_width"] >= 340, state["form_width"]  # the form keeps a usable width
    assert not state["form_horizontal_scroll"]
    if size[0] >= 1024:  # with room to spare, the panel gives way before the form does
        assert state["form_width"] >= 400, state["form_width"]
    if size[0] >= 1600:
        assert state["form_width"] >= state["chain_width"]


def test_other_properties_by_keyboard_add_name_tab_on_and_remove(editor_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "custom.properties"
    shutil.copy(SAMPLES / "hr-basic.properties", path)
    with path.open("a") as file:
        file.write("Custom.One=1\nCustom.Two=2\n")
    editor = editor_at(1600, 1000, path)
    # Alt+A adds a row and opens its name for typing; Return names it.
    state = editor.key("alt+a")
    assert state["focus"]["class"] == "QLineEdit" and state["values"]["new.property"] == ""
    editor.key("ctrl+a")
    editor.type("Custom.Three")
    state = editor.key("Return")
    assert "new.property" not in state["values"] and state["values"]["Custom.Three"] == ""
    assert state["focus"]["name"] == "Other properties"
    # Tab leaves the table for its buttons, Shift+Tab comes back.
    state = editor.key("Tab")
    assert state["focus"]["text"] == "&Add property"
    state = editor.key("shift+Tab")
    assert state["focus"]["name"] == "Other properties"
    # Up to the first row; Alt+R twice removes it and the row that took its place.
    editor.key("ctrl+Home")
    editor.key("alt+r")
    state = editor.key("alt+r")
    assert "Custom.One" not in state["values"] and "Custom.Two" not in state["values"]
    assert "Custom.Three" in state["values"]
