"""Bounds on what one key store file may ask of a reader, each refused with a sentence.

The file size is bounded by the opener (MAX_KEYSTORE_SIZE); these bound the work per byte.
"""

from __future__ import annotations

from core.keystores.errors import TooLarge

# Debian's Java cacerts holds 144 certificates and large company trust stores a few hundred;
# 5,000 leaves ample room while keeping a hostile file's parse and checks to seconds.
MAX_CERTIFICATES = 5_000
MAX_PEM_BLOCKS = 20_000  # certificates, keys and whatever else a PEM file carries


def check_certificate_count(count: int) -> None:
    if count > MAX_CERTIFICATES:
        raise TooLarge(
            f"holds {count:,} certificates; key stores hold at most {MAX_CERTIFICATES:,} here, "
            "so this is not one a client would use"
        )
