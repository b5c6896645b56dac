"""Why a key store could not be opened, each cause its own type with a sentence for people.

Java tools answer "wrong password or corrupt file?" with one message; these types tell them apart.
"""

from __future__ import annotations

from core.errors import UserError


class KeyStoreError(UserError):
    """Base of every reason a key store cannot be opened. `code` is stable for scripts."""

    code = "keystore.error"


class UnsupportedFormat(KeyStoreError):
    code = "keystore.unsupported_format"


class WrongStorePassword(KeyStoreError):
    code = "keystore.wrong_password"


class WrongKeyPassword(KeyStoreError):
    code = "keystore.wrong_key_password"


class CorruptKeyStore(KeyStoreError):
    code = "keystore.corrupt"


class PasswordRequired(KeyStoreError):
    code = "keystore.password_required"


class TooLarge(KeyStoreError):
    code = "keystore.too_large"


class TooManyIterations(KeyStoreError):
    """The file asks for more key derivation rounds than Java allows: refused before any run."""

    code = "keystore.too_many_iterations"
