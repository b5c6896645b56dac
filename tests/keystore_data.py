"""Where the key store fixtures live and what they were made with (see tests/data/*.sh)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

DATA = Path(__file__).parent / "data"
PASSWORD = "changeit"
KEY_PASSWORD = "otherpass"
# A fixed clock: the healthy fixtures are valid from 2024 to 2124.
NOW = datetime(2030, 6, 1, tzinfo=UTC)


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def nomac_p12(folder: Path, *extra: str) -> Path:
    """openssl's own -nomac export of the chain.p12 fixture's key and chain; with -nokeys in
    `extra`, of the trust store's root certificate."""
    if "-nokeys" in extra:
        pem = (DATA / "truststore.pem").read_bytes()
    else:
        pem = subprocess.run(
            ["openssl", "pkcs12", "-in", DATA / "chain.p12", "-nodes", "-passin",
             f"pass:{PASSWORD}"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        extra = ("-name", "client", *extra)
    out = folder / "nomac.p12"
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-nomac", "-passout", f"pass:{PASSWORD}", "-out", out,
         *extra],
        input=pem, check=True, capture_output=True,
    )  # fmt: skip
    # The reference tool agrees the file has no MAC.
    info = subprocess.run(
        ["openssl", "pkcs12", "-in", out, "-info", "-noout", "-passin", f"pass:{PASSWORD}"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "MAC is absent" in info.stderr + info.stdout
    return out
