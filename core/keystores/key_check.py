"""Full validation of a private key before it is used.

The key store readers open keys without cryptography's RSA consistency check (it costs
milliseconds per key and tells nothing the key-match finding does not). A key that signs a TLS
handshake or is written into a new store is checked fully first: an inconsistent RSA key must
not sign anything.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from core.keystores.errors import CorruptKeyStore


def fully_validated(key: PrivateKeyTypes) -> PrivateKeyTypes:
    """The key, loaded again with every check; raises CorruptKeyStore for an inconsistent one."""
    if not isinstance(key, rsa.RSAPrivateKey):
        return key  # only RSA loading has a check that the readers skip
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        return serialization.load_der_private_key(der, password=None)
    except ValueError:
        raise CorruptKeyStore("its contents are damaged (not a consistent RSA key)") from None
