"""Passwords follow a workspace that is moved or copied: they are kept under the workspace id in
its marker file, not under the folder's absolute path. Run against the real Secret Service."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.secrets import MARKER, KeyringStore, legacy_scope, scope_of, workspace_id
from core.services.check import check
from core.services.passwords import PasswordSource
from core.services.session import Session
from core.workspace import claim
from tests import secret_service as ss
from tests.core.test_secrets import _secret_service_backend, service  # noqa: F401

BASIC = (
    "Name=hr\nType=HTTP\nURL=https://hr.example.com\nProxyType=Internet\n"
    "Authentication=BasicAuthentication\nUser=svc\n"
)


@pytest.fixture
def keyring(service) -> KeyringStore:  # type: ignore[no-untyped-def]  # noqa: F811
    ss.wait_unlocked()
    return KeyringStore(_secret_service_backend(), timeout=ss.CALL_TIMEOUT)


def test_a_moved_workspace_finds_its_passwords(keyring: KeyringStore, tmp_path: Path) -> None:
    ws = tmp_path / "projects" / "ws"
    ws.mkdir(parents=True)
    (ws / "hr.properties").write_text(BASIC)
    session = Session.open(ws / "hr.properties")
    session.set_password("Password", "hr-s3cret")
    session.save().apply(keyring)
    assert workspace_id(ws) is not None
    assert "s3cret" not in (ws / MARKER).read_text()

    moved = tmp_path / "elsewhere" / "renamed-ws"
    moved.parent.mkdir()
    shutil.move(ws, moved)
    assert not ws.exists()
    assert keyring.get(scope_of(moved, "hr"), "Password") == "hr-s3cret"
    # and validation there counts it as stored: no "must be present" error for it
    reopened = Session.open(moved / "hr.properties")
    stored = set(keyring.keys(scope_of(moved, "hr")))
    assert stored == {"Password"}
    d = reopened.destination
    checked = check(d, moved, PasswordSource(d, store=keyring, folder=moved), datetime.now(UTC))
    assert [f for f in checked.findings if f.key == "Password"] == []
    # the same folder before this change: its password was tied to the old path
    assert keyring.get(legacy_scope(moved, "hr"), "Password") is None


def test_a_copied_workspace_shares_them_until_its_marker_is_removed(
    keyring: KeyringStore, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "hr.properties").write_text(BASIC)
    claim(ws, keyring)
    keyring.set(scope_of(ws, "hr"), "Password", "shared")
    copy = tmp_path / "copy"
    shutil.copytree(ws, copy)
    assert keyring.get(scope_of(copy, "hr"), "Password") == "shared"
    (copy / MARKER).unlink()  # the README's way to give a copy passwords of its own
    assert keyring.get(scope_of(copy, "hr"), "Password") is None


def test_passwords_stored_under_the_old_path_scope_move_to_the_workspace_id(
    keyring: KeyringStore, tmp_path: Path
) -> None:
    ws = tmp_path / "old-ws"
    ws.mkdir()
    (ws / "hr.properties").write_text(BASIC)
    (ws / "many.json").write_text(
        json.dumps([{"Name": "a", "Type": "HTTP"}, {"Name": "b", "Type": "HTTP"}])
    )
    keyring.set(legacy_scope(ws, "hr"), "Password", "old-1")
    keyring.set(legacy_scope(ws, "b"), "Password", "old-2")
    assert scope_of(ws, "hr") == legacy_scope(ws, "hr")  # no marker yet: found as before
    assert claim(ws, keyring)
    assert scope_of(ws, "hr") != legacy_scope(ws, "hr")
    assert keyring.get(scope_of(ws, "hr"), "Password") == "old-1"
    assert keyring.get(scope_of(ws, "b"), "Password") == "old-2"
    assert keyring.keys(legacy_scope(ws, "hr")) == []


def _old_marker(folder: Path) -> None:
    """A marker as versions before the instance sub-scope wrote it."""
    (folder / MARKER).write_text(json.dumps({"workspace": "ab" * 16, "about": "Not a secret."}))


def test_instance_level_passwords_kept_under_the_plain_name_move_to_their_sub_scope(
    keyring: KeyringStore, tmp_path: Path
) -> None:
    """Before the instance sub-scope, an init_data file's instance-level destination kept its
    passwords under the plain Name. The first use moves them, once; a Name both levels use keeps
    them for the subaccount level, which always found them there."""
    from tests.multi_data import write_shape

    path = write_shape(tmp_path, "init_data")  # alpha at both levels, beta, instance delta
    _old_marker(tmp_path)
    keyring.set(scope_of(tmp_path, "delta"), "Password", "delta-old")
    keyring.set(scope_of(tmp_path, "alpha"), "Password", "alpha-shared")
    instance_delta = Session.open(path, 3)
    assert (instance_delta.level, instance_delta.destination.name) == ("instance", "delta")

    def stored(session: Session) -> str | None:
        d = session.destination
        return PasswordSource(d, store=keyring, folder=tmp_path, level=session.level)("Password")

    assert stored(instance_delta) == "delta-old"
    assert keyring.keys(scope_of(tmp_path, "delta")) == []
    assert keyring.keys(scope_of(tmp_path, "delta", "instance")) == ["Password"]
    assert stored(Session.open(path, 0)) == "alpha-shared"  # the subaccount's alpha
    assert stored(Session.open(path, 2)) is None  # the instance's alpha: not the other's
    assert json.loads((tmp_path / MARKER).read_text())["workspace"] == "ab" * 16
    # Once: a value put under the plain Name later (by an older version) stays there.
    keyring.set(scope_of(tmp_path, "delta"), "Password", "written-by-an-old-version")
    from core import instance_scope

    instance_scope._ADOPTED.clear()  # a new process
    assert stored(Session.open(path, 3)) == "delta-old"
    assert keyring.get(scope_of(tmp_path, "delta"), "Password") == "written-by-an-old-version"


def test_the_cli_finds_them_and_a_new_marker_moves_path_scoped_ones_too(
    keyring: KeyringStore,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    service: dict[str, str],  # noqa: F811
) -> None:
    """`secret get` of an instance-level destination finds its old password; a folder without a
    marker (passwords under its path) moves them to the id and into the sub-scope when a
    password is first stored."""
    from tests.multi_data import write_shape

    env = {**service, "PYTHON_KEYRING_BACKEND": None}
    old = tmp_path / "marked"
    old.mkdir()
    path = write_shape(old, "init_data")
    _old_marker(old)
    keyring.set(scope_of(old, "delta"), "Password", "delta-old")
    r = cli("secret", "get", path, "Password", "--name", "delta", env=env)
    assert (r.returncode, r.stdout) == (0, "delta-old\n"), r.stderr
    assert keyring.keys(scope_of(old, "delta")) == []

    unmarked = tmp_path / "unmarked"
    unmarked.mkdir()
    path = write_shape(unmarked, "init_data")
    keyring.set(legacy_scope(unmarked, "delta"), "Password", "delta-by-path")
    r = cli("secret", "set", path, "Password", "--name", "beta", stdin="beta-new\n", env=env)
    assert r.returncode == 0, r.stderr
    assert workspace_id(unmarked) is not None
    assert keyring.get(scope_of(unmarked, "delta", "instance"), "Password") == "delta-by-path"
    assert keyring.keys(legacy_scope(unmarked, "delta")) == []
    assert keyring.keys(scope_of(unmarked, "delta")) == []
