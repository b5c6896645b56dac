"""What goes into an upload: the destinations with their secrets left out or filled in, and the
passwords that were left out or are missing. Export, bundles and the editor's export share it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from core.destination import Destination
from core.rules import Visibility, field_states
from core.schema import is_secret
from core.secrets import secret_keys, strip_secrets
from core.services.passwords import LINKS, PasswordSource

# The first lines of a .properties file written with its secrets.
SECRETS_HEADER = (
    b"# THIS FILE CONTAINS SECRETS (exported with --include-secrets).\n"
    b"# Upload it, then delete it. Do not commit or share it.\n"
)


class Upload(NamedTuple):
    destinations: list[Destination]  # in the order given
    left_out: list[str]  # "name: property" of secrets left out
    missing: list[str]  # "name: property" of required secrets no source holds

    def notes(self, include_secrets: bool) -> list[str]:
        """What the person exporting should be told, one sentence each."""
        if include_secrets:
            return [f"no value is stored for: {'; '.join(self.missing)}"] if self.missing else []
        return [f"secrets left out: {'; '.join(self.left_out)}"] if self.left_out else []


def _wanted(d: Destination) -> list[str]:
    """The secrets the destination needs: required ones, and the password of each key store
    it names (an optional TrustStorePassword without a trust store is not missing)."""
    states = field_states(d)
    named = {LINKS[k] for k in LINKS if k in states and states[k].shown and d.get(k)}
    return [
        k
        for k, s in states.items()
        if s.shown and is_secret(k) and (s.visibility is Visibility.REQUIRED or k in named)
    ]


def as_sentences(notes: list[str]) -> list[str]:
    """Notes as the editor shows them: each a capitalised sentence."""
    return [f"{n[:1].upper()}{n[1:]}." for n in notes]


def prepare_upload(
    items: Iterable[tuple[Destination, PasswordSource]], include_secrets: bool
) -> Upload:
    """Each destination with its secrets filled in from `passwords` (typed, then the keyring)
    or stripped. May wait on the keyring."""
    result = Upload([], [], [])
    for destination, passwords in items:
        d = destination
        label = d.name
        if include_secrets:
            for key in passwords.stored_keys():
                if not d.get(key):
                    value = passwords(key)
                    if value is not None:
                        d = d.with_value(key, value)
            result.missing.extend(f"{label}: {k}" for k in _wanted(d) if k not in d)
        else:
            keys = dict.fromkeys([*secret_keys(d), *passwords.stored_keys()])
            result.left_out.extend(f"{label}: {k}" for k in keys)
            d = strip_secrets(d)
        result.destinations.append(d)
    return result
