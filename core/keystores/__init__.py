"""Open key stores of every format administrators meet, telling apart why one does not open."""

from core.keystores.errors import (
    CorruptKeyStore,
    KeyStoreError,
    PasswordRequired,
    TooLarge,
    UnsupportedFormat,
    WrongKeyPassword,
    WrongStorePassword,
)
from core.keystores.model import EntryKind, Format, KeyStore, StoreEntry
from core.keystores.opener import MAX_KEYSTORE_SIZE, open_keystore, read_keystore_file

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
    "UnsupportedFormat",
    "WrongKeyPassword",
    "WrongStorePassword",
    "open_keystore",
    "read_keystore_file",
]
