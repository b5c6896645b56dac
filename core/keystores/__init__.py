"""Open key stores of every format administrators meet, telling apart why one does not open.

Names are loaded on first use (PEP 562): `core.keystores.errors` must not pull in cryptography,
which the window does not need before it first shows a key store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "CorruptKeyStore": "errors",
    "KeyStoreError": "errors",
    "PasswordRequired": "errors",
    "TooLarge": "errors",
    "TooManyIterations": "errors",
    "UnsupportedFormat": "errors",
    "WrongKeyPassword": "errors",
    "WrongStorePassword": "errors",
    "EntryKind": "model",
    "Format": "model",
    "KeyStore": "model",
    "StoreEntry": "model",
    "MAX_KEYSTORE_SIZE": "opener",
    "open_keystore": "opener",
    "read_keystore_file": "opener",
}
__all__ = [
    "MAX_KEYSTORE_SIZE",
    "CorruptKeyStore",
    "EntryKind",
    "Format",
    "KeyStore",
    "KeyStoreError",
    "PasswordRequired",
    "StoreEntry",
    "TooLarge",
    "TooManyIterations",
    "UnsupportedFormat",
    "WrongKeyPassword",
    "WrongStorePassword",
    "open_keystore",
    "read_keystore_file",
]

if TYPE_CHECKING:
    from core.keystores.errors import (
        CorruptKeyStore,
        KeyStoreError,
        PasswordRequired,
        TooLarge,
        TooManyIterations,
        UnsupportedFormat,
        WrongKeyPassword,
        WrongStorePassword,
    )
    from core.keystores.model import EntryKind, Format, KeyStore, StoreEntry
    from core.keystores.opener import MAX_KEYSTORE_SIZE, open_keystore, read_keystore_file


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    value = getattr(importlib.import_module(f"core.keystores.{_WHERE[name]}"), name)
    globals()[name] = value  # found directly from now on: some are asked once per destination
    return value
