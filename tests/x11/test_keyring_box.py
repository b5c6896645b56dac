"""The "Remember in OS keyring" box against a real Secret Service (tests/secret_service.py), in
the real program on an X server: it shows what the keyring holds after open, switch, save and
rename, and unticking it never loses a typed password without a word."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.x11.conftest import Editor
from tests.x11.test_keyboard_and_layout import SAMPLES, letter_of

WEATHER = (SAMPLES / "weather-api.properties").read_text()


def focus_on(editor: Editor, ok: Callable[[dict[str, Any]], bool], key: str = "shift+Tab") -> None:
    state = editor.state()
    for _ in range(60):
        if ok(state):
            return
        state = editor.key(key)
    raise AssertionError(state["focus"])


def test_remember_box_follows_the_keyring(editor_at, cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copy(SAMPLES / "weather-client.jks", folder)
    for name in ("alpha", "bravo"):
        path = folder / f"{name}.properties"
        path.write_text(WEATHER.replace("Name=weather-api", f"Name={name}"))
        r = cli("secret", "set", path, "KeyStorePassword", stdin="changeit\n", env=keyring_env)
        assert r.returncode == 0, r.stderr
    editor = editor_at(1600, 1000, folder, env=keyring_env)

    def loaded(state: dict[str, Any]) -> bool:
        return state["typed_password_lengths"].get("KeyStorePassword") == len("changeit")

    # open: the stored password is shown and the box says it is remembered
    state = editor.wait_for(lambda s: loaded(s) and s["values"]["Name"] == "alpha")
    assert state["remember"]["KeyStorePassword"] is True
    assert not state["modified"]

    # untick it with the keyboard and save: out of the keyring, still in the form
    editor.key(f"alt+{letter_of(state, 'Name')}")
    focus_on(
        editor,
        lambda s: s["focus"]["key"] == "KeyStorePassword" and "Remember" in s["focus"]["text"],
        "Tab",
    )
    state = editor.key("space")
    assert state["remember"]["KeyStorePassword"] is False and state["modified"]
    state = editor.key("ctrl+s")
    state = editor.wait_for(lambda s: not s["modified"] and not s["pending_jobs"])
    assert state["remember"]["KeyStorePassword"] is False
    assert loaded(state)  # not discarded: kept for this session, as the form says
    r = cli("secret", "get", folder / "alpha.properties", "KeyStorePassword", env=keyring_env)
    assert "changeit" not in r.stdout, r.stdout

    # switch to the other destination: its password is stored, so its box is ticked
    focus_on(editor, lambda s: s["focus"]["name"] == "Workspace")
    state = editor.key("Down")
    state = editor.wait_for(lambda s: loaded(s) and s["values"]["Name"] == "bravo")
    assert state["remember"]["KeyStorePassword"] is True

    # rename and save: the password moves with the Name, the box stays ticked
    editor.key(f"alt+{letter_of(state, 'Name')}", "ctrl+a")
    editor.type("charlie")
    editor.key("ctrl+s")
    state = editor.wait_for(lambda s: not s["modified"] and not s["pending_jobs"])
    assert state["values"]["Name"] == "charlie"
    assert state["remember"]["KeyStorePassword"] is True and loaded(state)
    r = cli("secret", "get", folder / "bravo.properties", "KeyStorePassword", env=keyring_env)
    assert r.stdout.strip() == "changeit", (r.stdout, r.stderr)
