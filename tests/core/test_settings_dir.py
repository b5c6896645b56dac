"""The settings folder (remotes.json): where each platform keeps an application's settings,
Linux's unchanged, and what earlier versions kept in the Linux place elsewhere moved over."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from core.remote import remotes
from core.remote.remotes import SETTINGS_FILE, list_remotes, settings_dir

REMOTE = {"kind": "secret", "client_id": "c", "token_url": "https://t", "api_url": "https://a"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux place")
def test_linux_keeps_the_xdg_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert settings_dir() == tmp_path / "home" / ".config" / "destination-editor"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert settings_dir() == tmp_path / "xdg" / "destination-editor"


def _as_on_macos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """platformdirs' own macOS answer for a home in tmp_path, and the place earlier versions
    used there; an earlier version's remotes.json in the latter."""
    from platformdirs.macos import MacOS

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(
        remotes,
        "_platform_dir",
        lambda: MacOS("destination-editor", appauthor=False).user_config_path,
    )
    new = tmp_path / "Library" / "Application Support" / "destination-editor"
    old = tmp_path / ".config" / "destination-editor"
    old.mkdir(parents=True)
    (old / SETTINGS_FILE).write_text(json.dumps({"prod": REMOTE}))
    return new, old


def test_elsewhere_the_platform_place_and_earlier_remotes_move_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new, old = _as_on_macos(tmp_path, monkeypatch)
    assert settings_dir() == new
    assert [r.name for r in list_remotes()] == ["prod"]
    assert json.loads((new / SETTINGS_FILE).read_text()) == {"prod": REMOTE}
    assert not old.exists()  # moved, and the empty folder gone with it
    assert [r.name for r in list_remotes()] == ["prod"]


def test_remotes_that_cannot_move_are_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new, old = _as_on_macos(tmp_path, monkeypatch)
    (tmp_path / "Library").write_text("a file where the folder would go")
    assert settings_dir() == old
    assert [r.name for r in list_remotes()] == ["prod"]
    assert not new.exists()


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_moved_remotes_keep_the_original_permissions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    import os
    import stat

    new, old = _as_on_macos(tmp_path, monkeypatch)
    (old / SETTINGS_FILE).chmod(mode)
    before = os.umask(0o022)  # the usual default, under which a new file is 0644
    try:
        assert settings_dir() == new
    finally:
        os.umask(before)
    assert stat.S_IMODE((new / SETTINGS_FILE).stat().st_mode) == mode
