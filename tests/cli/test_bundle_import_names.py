"""`bundle import` is all or nothing: a bad name anywhere in the bundle, or a folder that cannot
be written, leaves the target folder and the keyring exactly as they were.

Each bad name comes last, after two good key store files and a destination with a password:
the order in which a partial import used to write two files and store a secret before failing.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from tests.keystore_data import DATA

BAD_NAMES = {
    "nul-byte": "a\0b.jks",
    "lone-surrogate": "a\ud800b.jks",
    "CON": "CON",
    "NUL.jks": "NUL.jks",
    "COM1.jks": "COM1.jks",
    "colon": "a:b.jks",
    "trailing-dot": "store.jks.",
    "trailing-space": "store.jks ",
    "newline": "a\nb.jks",
    "U+202E": "\u202eskj.exe",
    "hidden": ".bashrc",
    "slash": "../evil.jks",
    "backslash": "..\\evil.jks",
}
REASONS = {
    "nul-byte": "NUL byte",
    "lone-surrogate": "surrogate",
    "CON": "device name Windows reserves",
    "NUL.jks": "device name Windows reserves",
    "COM1.jks": "device name Windows reserves",
    "colon": "Windows does not allow",
    "trailing-dot": "ends with a dot or a space",
    "trailing-space": "ends with a dot or a space",
    "newline": "control character (U+000A)",
    "U+202E": "text direction control (U+202E)",
    "hidden": "starts with a dot",
    "slash": "holds '/'",
    "backslash": "holds '\\\\'",
}
WEATHER = {"Name": "weather", "Type": "HTTP", "URL": "https://a.example.com"}


def _bundle(folder: Path, last: str) -> Path:
    content = base64.b64encode((DATA / "chain.jks").read_bytes()).decode()
    body = {
        "init_data": {
            "subaccount": {
                "destinations": [
                    {
                        **WEATHER,
                        "Authentication": "BasicAuthentication",
                        "User": "u",
                        "Password": "new-secret",
                    },
                ],
                "certificates": [
                    {"Name": "first.jks", "Content": content},
                    {"Name": "second.jks", "Content": content},
                    {"Name": last, "Content": content},
                ],
            }
        }
    }
    path = folder / "bundle.json"
    # ensure_ascii keeps a lone surrogate as its \\u escape, as a hostile bundle would carry it
    path.write_text(json.dumps(body))
    return path


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mode)
        for p in sorted(folder.parent.rglob("*"))
        if p.is_file()
    }


def _stored_password(cli, env, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """What the keyring holds for weather's Password in `folder` (a probe file names it)."""
    probe = folder / "weather.properties"
    probe.write_text("Name=weather\nType=HTTP\nAuthentication=BasicAuthentication\n")
    try:
        r = cli("secret", "get", probe, "Password", env=env)
    finally:
        probe.unlink()
    return r.stdout.strip() if r.returncode == 0 else ""


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
def test_a_bad_name_changes_nothing(cli, keyring_env, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ws" / case.replace(".", "_")
    target.mkdir(parents=True)
    (target / "notes.txt").write_text("mine\n")
    probe = target / "weather.properties"
    probe.write_text("Name=weather\nType=HTTP\nAuthentication=BasicAuthentication\n")
    r = cli("secret", "set", probe, "Password", stdin="old-secret\n", env=keyring_env)
    assert r.returncode == 0, r.stderr
    probe.unlink()
    bundle = _bundle(tmp_path, BAD_NAMES[case])
    before = _snapshot(target)

    r = cli("bundle", "import", bundle, target, env=keyring_env)

    assert r.returncode == 2, r.stderr
    assert REASONS[case] in r.stderr and "nothing was imported" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert _snapshot(target) == before
    assert sorted(os.listdir(target.parent)) == [target.name]  # no staging folder left
    assert _stored_password(cli, keyring_env, target) == "old-secret"


def test_a_good_bundle_arrives_whole(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ws" / "new"
    target.parent.mkdir()
    r = cli("bundle", "import", _bundle(tmp_path, "third.jks"), target, env=keyring_env)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(target)) == [
        ".destination-editor-workspace",  # the workspace id its passwords are kept under
        "first.jks",
        "second.jks",
        "third.jks",
        "weather.properties",
    ]
    assert sorted(os.listdir(target.parent)) == ["new"]
    assert "Password" not in (target / "weather.properties").read_text()
    assert _stored_password_in_place(cli, keyring_env, target) == "new-secret"


def _stored_password_in_place(cli, env, folder: Path) -> str:  # type: ignore[no-untyped-def]
    r = cli("secret", "get", folder / "weather.properties", "Password", env=env)
    return r.stdout.strip() if r.returncode == 0 else ""


def test_a_failed_move_takes_the_secrets_back(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The target folder refuses writes (no root override): staging succeeds beside it, the
    secret is stored, the move fails, and the secret is taken back."""
    target = tmp_path / "ws" / "locked"
    target.mkdir(parents=True)
    (target / "notes.txt").write_text("mine\n")
    target.chmod(0o555)
    try:
        before = _snapshot(target)
        r = cli(
            "bundle",
            "import",
            _bundle(tmp_path, "third.jks"),
            target,
            env=keyring_env,
            no_root_read=True,
        )
        assert r.returncode == 2 and "cannot be written: permission denied" in r.stderr, r.stderr
        assert "nothing was imported" in r.stderr
        assert _snapshot(target) == before
        assert sorted(os.listdir(target.parent)) == ["locked"]
    finally:
        target.chmod(0o755)
    assert _stored_password(cli, keyring_env, target) == ""
