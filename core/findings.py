"""The one shape every check reports in: a severity, a stable code and a sentence.

Value types on the key store path are NamedTuples, not dataclasses: `destination-cli inspect`
must start fast, and each dataclass costs over a millisecond to create at import.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

# How many days ahead a certificate's expiry becomes a warning, unless the user says otherwise.
EXPIRING_DAYS = 30


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    severity: Severity
    code: str
    message: str
    key: str | None = None  # the property it concerns, if any
    alias: str | None = None  # the key store entry it concerns, if any

    def as_json(self) -> dict[str, str | None]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "property": self.key,
            "alias": self.alias,
            "message": self.message,
        }


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
