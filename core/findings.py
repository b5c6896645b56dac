"""The one shape every check reports in: a severity, a stable code and a sentence.

Value types on the key store path are NamedTuples, not dataclasses: `destination-cli inspect`
must start fast, and each dataclass costs over a millisecond to create at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

# How many days ahead a certificate's expiry becomes a warning, unless the user says otherwise.
EXPIRING_DAYS = 30


class Severity(StrEnum):
    """The one order of severities: `rank` grows with gravity, so `max` is the worst."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


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


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, errors first, then warnings, then notes; stable within a severity."""
    return sorted(findings, key=lambda f: -f.severity.rank)


# A status sums up findings: the worst severity, with notes counting as "ok".
STATUSES = ("ok", "warning", "error")


def status_of(findings: Iterable[Finding]) -> str:
    """ "ok", "warning" or "error": the worst severity among the findings."""
    return STATUSES[max((f.severity.rank for f in findings), default=0)]


def worst_status(statuses: Iterable[str]) -> str | None:
    """The worst of some statuses, None when there are none."""
    return max(statuses, key=STATUSES.index, default=None)


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
