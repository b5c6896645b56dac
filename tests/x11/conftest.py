"""The real program on a real X server: Xvfb, the openbox window manager, and key presses sent
with xdotool as a keyboard would send them. What the window shows is read back from the JSON
it writes when `DESTINATION_EDITOR_SELFCHECK` is set (gui/selfcheck.py).

Needs Debian's xvfb, openbox, xdotool, wmctrl and the xcb libraries Qt loads (`.ci/run`
installs them). Without an X server these tests are skipped, saying which program is missing.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

EDITOR = Path(sys.executable).parent / "destination-editor"
TOOLS = ("Xvfb", "openbox", "xdotool", "wmctrl")


@contextmanager
def x_server(width: int, height: int) -> Iterator[str]:
    """An Xvfb screen of the given size with openbox managing its windows; yields DISPLAY."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"no X server can be started: {', '.join(missing)} not installed")
    # Xvfb picks a free display number itself and writes it to the pipe once it accepts clients.
    # -noreset: by default the server resets when its last client leaves, and a client that
    # connects meanwhile (openbox, while wmctrl's probe disconnects) is refused.
    read_end, write_end = os.pipe()
    options = ["-screen", "0", f"{width}x{height}x24", "-noreset", "-nolisten", "tcp"]
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    wm = None
    wm_log = tempfile.TemporaryFile()  # noqa: SIM115 (closed after the server stops)
    try:
        with os.fdopen(read_end) as pipe:
            ready, _, _ = select.select([pipe], [], [], 20)
            number = pipe.readline().strip() if ready else ""
        if not number.isdigit():
            pytest.skip("no X server can be started: Xvfb did not come up")
        display = f":{number}"
        env = {**os.environ, "DISPLAY": display}
        wm = subprocess.Popen(
            ["openbox", "--sm-disable"], env=env, stdout=wm_log, stderr=subprocess.STDOUT
        )
        # openbox is up once it has set the EWMH check window wmctrl reads
        deadline = time.monotonic() + 30
        while subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline or wm.poll() is not None:
                wm_log.seek(0)
                raise RuntimeError(f"openbox did not start: {wm_log.read().decode()[-1000:]}")
            time.sleep(0.05)
        yield display
    finally:
        for proc in (wm, xvfb):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        wm_log.close()


class Editor:
    """The running `destination-editor` and the keyboard in front of it."""

    def __init__(
        self, display: str, tmp: Path, extra_env: dict[str, str | None] | None = None
    ) -> None:
        self.display = display
        self.state_file = tmp / "selfcheck.json"
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "DESTINATION_EDITOR_SELFCHECK": str(self.state_file),
        }
        for name, value in (extra_env or {}).items():  # None removes a variable
            if value is None:
                self.env.pop(name, None)
            else:
                self.env[name] = value
        self.env.pop("WAYLAND_DISPLAY", None)
        self.log = tmp / "editor.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *args: str | Path) -> None:
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(EDITOR), *map(str, args)], env=self.env, stdout=log, stderr=log
            )
        self.wait_for(lambda s: not s["pending_jobs"] and s["focus"]["name"] is not None)

    def state(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.state_file.read_text()))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def wait_for(self, ok: Callable[[dict[str, Any]], bool], timeout: float = 20) -> dict[str, Any]:
        """The first state written after now for which `ok` holds."""
        since = time.time()
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"the editor exited: {self.log.read_text()[-2000:]}")
            state = self.state()
            if state and state["time"] > since and ok(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"not reached in {timeout} s; last state: {json.dumps(state)[:3000]}")

    def settled(self) -> dict[str, Any]:
        """A state written a moment after the last key press: the keys have been handled."""
        since = time.time() + 0.25
        first = self.wait_for(lambda s: s["time"] > since)
        # one more state: the keys queued before the first were handled before the next tick
        return self.wait_for(lambda s: s["time"] > first["time"])

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def key(self, *keys: str) -> dict[str, Any]:
        self.xdotool("key", "--clearmodifiers", "--delay", "60", *keys)
        return self.settled()

    def type(self, text: str) -> dict[str, Any]:
        self.xdotool("type", "--delay", "30", text)
        return self.settled()

    def close_window(self) -> None:
        """Close through the window manager, as its title bar button does (WM_DELETE_WINDOW)."""
        subprocess.run(["wmctrl", "-c", "Destination Editor"], env=self.env, check=True, timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def editor_at(tmp_path: Path) -> Iterator[Callable[..., Editor]]:
    """Start the editor on a fresh X screen of a given size: `editor_at(800, 600, *args)`."""
    stack: list[Any] = []

    def start(
        width: int, height: int, *args: str | Path, env: dict[str, str | None] | None = None
    ) -> Editor:
        server = x_server(width, height)
        display = server.__enter__()
        stack.append(server)
        editor = Editor(display, tmp_path, env)
        stack.append(editor)
        editor.start(*args)
        return editor

    yield start
    for item in reversed(stack):
        if isinstance(item, Editor):
            item.stop()
        else:
            item.__exit__(None, None, None)
