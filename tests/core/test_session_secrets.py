"""A session's passwords and the keyring box, against each secret store (a real Secret Service
among them, from tests/core/test_secrets.py's fixtures)."""

from __future__ import annotations

from pathlib import Path

from core.secrets import SecretStore, scope_of
from tests.core.test_secrets import service, store  # noqa: F401 (fixtures)


def test_an_unticked_remember_box_takes_the_password_out_on_save(
    store: SecretStore,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    from core.services.session import Session

    path = tmp_path / "basic.properties"
    path.write_text("Name=basic\nType=HTTP\nURL=https://b\nProxyType=Internet\n")
    session = Session.open(path)
    session.set_password("Password", "kept", remember=True)
    session.save().apply(store)
    scope = scope_of(tmp_path, "basic")
    assert store.get(scope, "Password") == "kept" and not session.modified
    # unticked after the save: a change to save, and the save takes the stored value out
    session.set_password("Password", "kept", remember=False)
    assert session.modified and session.session_only == {"Password"}
    session.save().apply(store)
    assert store.get(scope, "Password") is None
    assert session.password("Password") == "kept"  # still there for this session
    session.undo()  # back to remembered: a change again
    assert session.modified and session.session_only == frozenset()
