"""Which password a destination uses: the one order and the one location-to-password map."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from core.destination import Destination
from core.secrets import SecretStore, scope_of

# Which password property opens the key store each location property names.
LINKS: Mapping[str, str] = {
    "KeyStoreLocation": "KeyStorePassword",
    "TrustStoreLocation": "TrustStorePassword",
    "tokenService.KeyStoreLocation": "tokenService.KeyStorePassword",
}
KEYSTORE_PASSWORDS = frozenset(LINKS.values())


class PasswordSource:
    """The password of a destination's property, from the first source that has one:

    1. given: one password for every key store, from the command line (--password-stdin/-env);
    2. typed: what the user typed in the editor for this property;
    3. set empty: the property is present with an empty value, on purpose;
    4. file: a clear-text value in the destination file;
    5. keyring: the value kept in the secret store for the destination's scope.

    Calls may reach the keyring, so the editor makes them in a background job.
    """

    def __init__(
        self,
        destination: Destination,
        *,
        given: str | None = None,
        typed: Mapping[str, str] | None = None,
        store: SecretStore | None = None,
        folder: Path | None = None,
        level: str | None = None,
    ) -> None:
        self.destination = destination
        self.given = given
        self.typed = dict(typed or {})
        self.store = store
        self.folder = folder
        self.level = level  # of an init_data file: the instance level has its own scope
        self._scope: str | None = None
        self._stored_keys: list[str] | None = None

    @property
    def scope(self) -> str | None:
        """The keyring scope, worked out on first use: it reads the workspace's marker file, so
        it happens in the job that asks, not on the GUI thread that made this source."""
        if self._scope is None and self.folder is not None:
            if self.level == "instance" and self.store is not None:
                from core.instance_scope import scope_for  # reads the folder: only then

                self._scope = scope_for(self.store, self.folder, self.destination.name, "instance")
            else:
                self._scope = scope_of(self.folder, self.destination.name, self.level)
        return self._scope

    def __call__(self, key: str) -> str | None:
        if self.given is not None and key in KEYSTORE_PASSWORDS:
            return self.given
        if key in self.typed:
            return self.typed[key]
        if key in self.destination:  # set empty (""), or a clear-text value in the file
            return self.destination[key]
        if self.store is not None and self.scope is not None:
            return self.store.get(self.scope, key)
        return None

    def for_location(self, location_key: str) -> str | None:
        """The password of the key store that `location_key` names."""
        return self(LINKS[location_key])

    def stored_keys(self) -> list[str]:
        """The properties with a password kept outside the file: typed or in the keyring."""
        if self._stored_keys is None:
            kept = (
                self.store.keys(self.scope)
                if self.store is not None and self.scope is not None
                else []
            )
            self._stored_keys = list(
                dict.fromkeys([*(k for k, v in self.typed.items() if v), *kept])
            )
        return self._stored_keys

    def stored(self, key: str) -> bool:
        """Whether a password absent from the file is held elsewhere (typed or keyring)."""
        return key in self.stored_keys()
