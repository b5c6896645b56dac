"""validate with key store passwords from a real (private) Secret Service, and the "no keyring"
answer given without importing keyring when PYTHON_KEYRING_BACKEND names keyring's own fail or
null backend (core.secrets.open_secret_store)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core import secrets
from tests.keystore_data import DATA, PASSWORD

REPORT = DATA / "report"


def _codes(out: str) -> dict[str, list[str]]:
    files = json.loads(out)["files"]
    return {
        Path(f["path"]).name: sorted(x["code"] for d in f["destinations"] for x in d["findings"])
        for f in files
    }


def test_validate_opens_key_stores_with_passwords_from_the_keyring(  # type: ignore[no-untyped-def]
    cli, keyring_env, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPORT, ws)
    files = sorted(ws.glob("*.properties"))
    before = cli("validate", "--json", *files, env=keyring_env)
    # Without a password the password is missing and the store's integrity unchecked.
    assert _codes(before.stdout)["healthy.properties"] == [
        "property.required",
        "store.integrity_not_verified",
    ]
    for name in ("expired", "soon", "healthy"):
        r = cli(
            "secret",
            "set",
            ws / f"{name}.properties",
            "KeyStorePassword",
            stdin=PASSWORD + "\n",
            env=keyring_env,
        )
        assert r.returncode == 0, r.stderr
    after = cli("validate", "--json", *files, env=keyring_env)
    given = cli(
        "validate", "--json", "--password-env", "PW", *files, env={**keyring_env, "PW": PASSWORD}
    )
    assert after.returncode == given.returncode == 1  # expired.jks is an error
    assert _codes(after.stdout) == _codes(given.stdout)
    assert _codes(after.stdout)["healthy.properties"] == []
    assert "no OS keyring" not in after.stderr


@pytest.mark.parametrize(
    "backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_no_keyring_answer_is_the_one_keyring_gives(
    monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    quick = secrets.open_secret_store()
    monkeypatch.setattr(secrets, "_NO_KEYRING_BACKENDS", ())  # now keyring itself is asked
    asked = secrets.open_secret_store()
    assert (quick.remembers, quick.problem) == (asked.remembers, asked.problem)
    assert quick.problem is not None and "no OS keyring is available" in quick.problem
