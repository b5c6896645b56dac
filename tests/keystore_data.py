"""Where the key store fixtures live and what they were made with (see tests/data/*.sh)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

DATA = Path(__file__).parent / "data"
PASSWORD = "changeit"
KEY_PASSWORD = "otherpass"
# A fixed clock: the healthy fixtures are valid from 2024 to 2124.
NOW = datetime(2030, 6, 1, tzinfo=UTC)


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()
