"""What is wrong with a destination: the one answer the command line, the workspace report, the
health view and the editor all give."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.destination import Destination
from core.findings import EXPIRING_DAYS, Finding, worst_first
from core.level_names import duplicate_name
from core.services.passwords import PasswordSource
from core.validation import Context, validate

if TYPE_CHECKING:  # cryptography loads with the first check, not with this module
    from core.keystores.inspection import Node
    from core.linked_stores import LinkedStore


class Checked(NamedTuple):
    findings: tuple[Finding, ...]  # errors first, then warnings, then notes
    stores: tuple[LinkedStore, ...]  # the key and trust stores it names that were opened

    @property
    def expiry(self) -> tuple[Node, str] | None:
        """The certificate that expires first across its stores, with the store's file name."""
        best: tuple[Node, str] | None = None
        for store in self.stores:
            nearest = None if store.report is None else store.report.earliest_expiry
            if nearest is not None and (best is None or nearest.days_left < best[0].days_left):
                best = (nearest, store.path.name)
        return best


def check(
    destination: Destination,
    folder: Path | None,
    passwords: PasswordSource,
    now: datetime,
    days: int = EXPIRING_DAYS,
    parsed: Sequence[Finding] = (),
    carried: Mapping[str, bytes] | None = None,
    taken: Mapping[str, Sequence[str]] | None = None,
) -> Checked:
    """Validate the destination against SAP's rules and open the key stores it names in
    `folder`, or carried by its own file (`carried`, Document.carried). `parsed` are the
    findings of reading its file; `taken` the names other destinations of its level use, with
    their files (core.level_names). May wait on a key store or the keyring: the editor runs it
    in a background job."""
    from core.linked_stores import linked_stores

    carried = carried or {}
    context = Context(
        folder=folder, now=now, secret_stored=passwords.stored, carried=frozenset(carried)
    )
    stores = linked_stores(destination, folder, passwords, now, days, carried) if folder else []
    findings = [
        *parsed,
        *validate(destination, context),
        *duplicate_name(destination, {} if taken is None else taken),
        *(f for store in stores for f in store.findings),
    ]
    return Checked(tuple(worst_first(findings)), tuple(stores))
