"""The sample workspace's "expires soon" key store, made when the samples are first opened from
an installed package. A file made at build time would age in the package; this one always
expires 20 days after it was made. `resources/samples/make_expiring.sh` makes the same with
keytool for `make run`."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from core.atomic import atomic_write

EXPIRING_STORE = "billing-client.jks"
EXPIRING_DESTINATION = "billing-expiring.properties"
SAMPLE_PASSWORD = "changeit"  # documented in the README, as every sample password


def make_expiring_store(path: Path, now: datetime, days: int = 20) -> None:
    """A JKS with one self-signed client certificate (clientAuth) valid from now for `days`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    from core.keystore_tools import KeyEntry, write_store
    from core.keystores.model import Format

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "billing-client"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sample Corp"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
        ]
    )
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    data = write_store(Format.JKS, [KeyEntry("client", key, (cert,))], [], SAMPLE_PASSWORD)
    atomic_write(path, data)
