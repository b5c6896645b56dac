"""One contract for every secret store: in memory, and the OS keyring through a real Secret
Service (a private gnome-keyring-daemon); plus what happens when the keyring fails."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.destination import Destination
from core.secrets import (
    FallbackStore,
    KeyringStore,
    MemoryStore,
    SecretStore,
    SecretStoreError,
    forget_secrets,
    move_secrets,
    open_secret_store,
    scope_of,
    secret_keys,
    strip_secrets,
)
from tests import secret_service as ss


@contextmanager
def _private_service() -> Iterator[dict[str, str]]:
    """Start a private Secret Service and point this process at it; afterwards the environment
    is what it was (another private service's, if one was in use)."""
    if not ss.AVAILABLE:
        pytest.skip("dbus-daemon and gnome-keyring-daemon are needed (Debian: dbus gnome-keyring)")
    saved = dict(os.environ)
    with ss.secret_service() as env:
        os.environ.update(env)
        os.environ.pop("PYTHON_KEYRING_BACKEND", None)
        try:
            yield env
        finally:
            os.environ.clear()
            os.environ.update(saved)


@pytest.fixture(scope="module")
def service() -> Iterator[dict[str, str]]:
    with _private_service() as env:
        yield env


@pytest.fixture
def own_service() -> Iterator[dict[str, str]]:
    """A service for one test that leaves it in a state no other test could use (locked: the
    daemon cannot unlock it again without a prompt, and there is none headless)."""
    with _private_service() as env:
        yield env


def _secret_service_backend() -> object:
    from keyring.backends import SecretService

    return SecretService.Keyring()


@pytest.fixture(params=["memory", "keyring", "fallback"])
def store(request: pytest.FixtureRequest) -> SecretStore:
    if request.param == "memory":
        return MemoryStore()
    request.getfixturevalue("service")
    ss.wait_unlocked()
    keyring_store = KeyringStore(_secret_service_backend(), timeout=ss.CALL_TIMEOUT)
    return keyring_store if request.param == "keyring" else FallbackStore(keyring_store)


def unique(label: str) -> str:
    # Scopes are unique per test so that the shared keyring holds no leftovers between cases.
    return f"/workspace/{label}-{time.monotonic_ns()}"


# It comes first on purpose: the keyring tests after it check that it leaves the shared service
# as it found it. keyring's Secret Service backend leaves its D-Bus connection open when it finds
# the collection locked; the socket is collected (and warned about) within this test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_locked_collection_falls_back_with_a_plain_sentence(own_service: dict[str, str]) -> None:
    import secretstorage

    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    scope = scope_of(unique("locked"), "weather")
    store = FallbackStore(KeyringStore(_secret_service_backend(), timeout=ss.CALL_TIMEOUT))
    store.set(scope, "Password", "before")
    collection.lock()
    try:
        store.set(scope, "Password", "typed while locked")
        assert not store.remembers
        assert store.problem == (
            "Passwords will not be remembered after this session: the OS keyring is locked "
            "and was not unlocked (the prompt was refused or could not be shown)."
        )
        assert store.get(scope, "Password") == "typed while locked"  # nothing typed is lost
    finally:
        # No unlock: without a prompter it is refused; this service ends with the test.
        connection.close()
        gc.collect()


def test_set_get_list_delete(store: SecretStore) -> None:
    scope = scope_of(unique("a"), "weather")
    assert store.get(scope, "KeyStorePassword") is None and store.keys(scope) == []
    store.set(scope, "KeyStorePassword", "pä$$ wörd")
    store.set(scope, "clientSecret", "s2")
    store.set(scope, "clientSecret", "s3")  # overwrite
    assert store.get(scope, "KeyStorePassword") == "pä$$ wörd"
    assert store.get(scope, "clientSecret") == "s3"
    assert store.keys(scope) == ["KeyStorePassword", "clientSecret"]
    store.delete(scope, "KeyStorePassword")
    store.delete(scope, "KeyStorePassword")  # deleting twice is harmless
    assert store.get(scope, "KeyStorePassword") is None
    assert store.keys(scope) == ["clientSecret"]


def test_same_name_in_two_workspaces_does_not_collide(store: SecretStore) -> None:
    first, second = scope_of(unique("one"), "weather"), scope_of(unique("two"), "weather")
    store.set(first, "Password", "first")
    store.set(second, "Password", "second")
    assert (store.get(first, "Password"), store.get(second, "Password")) == ("first", "second")
    store.delete(first, "Password")
    assert store.get(second, "Password") == "second"


def test_rename_moves_and_delete_forgets(store: SecretStore) -> None:
    folder = unique("r")
    old, new = scope_of(folder, "weather"), scope_of(folder, "weather-v2")
    store.set(old, "Password", "p")
    store.set(old, "KeyStorePassword", "k")
    assert move_secrets(store, old, new) == ["KeyStorePassword", "Password"]
    assert store.keys(old) == [] and store.get(old, "Password") is None
    assert store.get(new, "Password") == "p"
    assert forget_secrets(store, new) == ["KeyStorePassword", "Password"]
    assert store.keys(new) == []


def test_destination_helpers() -> None:
    d = Destination.of(
        {"Name": "weather", "KeyStorePassword": "k", "TrustStorePassword": "", "URL": "https://x"}
    )
    assert secret_keys(d) == ["KeyStorePassword"]
    clean = strip_secrets(d)
    assert dict(clean) == {"Name": "weather", "TrustStorePassword": "", "URL": "https://x"}


@pytest.mark.parametrize("store", ["keyring"], indirect=True)
def test_a_name_at_both_init_data_levels_has_two_sets_of_passwords(
    store: SecretStore, tmp_path: Path
) -> None:
    """init_data may hold `alpha` at the subaccount and the instance level: the instance's
    password is its own, and the subaccount's stays where earlier versions kept it."""
    from core.services.passwords import PasswordSource
    from core.services.session import Session
    from tests.multi_data import write_shape

    path = write_shape(tmp_path, "init_data")
    folder = path.parent
    store.set(scope_of(folder, "alpha"), "Password", "kept-before")  # by an earlier version
    sub, instance = Session.open(path, 0), Session.open(path, 2)
    assert (sub.level, instance.level) == ("subaccount", "instance")
    assert sub.destination.name == instance.destination.name == "alpha"

    def stored(session: Session) -> str | None:
        source = PasswordSource(
            session.destination, store=store, folder=folder, level=session.level
        )
        return source("Password")

    assert stored(sub) == "kept-before" and stored(instance) is None
    instance.set_password("Password", "instance-secret")
    instance.save().apply(store)
    assert stored(instance) == "instance-secret"
    assert stored(Session.open(path, 0)) == "kept-before"  # not shown, not overwritten
    assert store.get(scope_of(folder, "alpha"), "Password") == "kept-before"
    sub = Session.open(path, 0)
    sub.set_password("Password", "sub-secret")
    sub.save().apply(store)
    assert stored(Session.open(path, 2)) == "instance-secret"
    assert stored(Session.open(path, 0)) == "sub-secret"


class _HangingBackend:
    """A keyring backend that never answers, like one waiting on a prompt nobody sees."""

    def get_password(self, service: str, user: str) -> str | None:
        time.sleep(30)
        return None

    def set_password(self, service: str, user: str, password: str) -> None:
        time.sleep(30)

    def delete_password(self, service: str, user: str) -> None:
        time.sleep(30)


def test_a_hanging_keyring_costs_only_the_timeout() -> None:
    store = FallbackStore(KeyringStore(_HangingBackend(), timeout=0.3))
    start = time.monotonic()
    store.set("s", "Password", "typed")
    assert time.monotonic() - start < 2
    assert store.problem == (
        "Passwords will not be remembered after this session: the OS keyring did not answer "
        "within 0.3 seconds."
    )
    assert store.get("s", "Password") == "typed"
    with pytest.raises(SecretStoreError):
        KeyringStore(_HangingBackend(), timeout=0.2).get("s", "Password")


def test_no_keyring_backend_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    store = open_secret_store()
    assert not store.remembers
    assert store.problem is not None and "no OS keyring is available" in store.problem
    store.set("s", "Password", "kept for the session")
    assert store.get("s", "Password") == "kept for the session"
