"""Open the key stores a destination names and report on them as the destination's findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.destination import Destination
from core.findings import EXPIRING_DAYS, Finding, Severity
from core.keystore_cache import StoreCache, run_cache
from core.keystores import KeyStoreError, PasswordRequired, open_keystore
from core.keystores.inspection import Report, inspect
from core.reading import what_is
from core.rules import CCA, shared_field_states
from core.schema import same
from core.services.passwords import LINKS


@dataclass(frozen=True)
class LinkedStore:
    key: str  # the location property
    path: Path
    report: Report | None  # None when it could not be opened
    findings: tuple[Finding, ...]


def linked_stores(
    destination: Destination,
    folder: Path,
    password_for: Callable[[str], str | None],
    now: datetime,
    days: int = EXPIRING_DAYS,
    carried: Mapping[str, bytes] | None = None,
    cache: StoreCache | None = None,
) -> list[LinkedStore]:
    """Open each key store file the destination names (and that exists in `folder`, else that
    its own file carries: `carried`, by Name).

    `password_for(password_property)` gives the password to use, or None for none. A file is
    opened once per run (`cache`, by default the process's) however many destinations name it.
    """
    cache = cache or run_cache()
    states = shared_field_states(destination)
    client_cert = same(destination.get("Authentication"), CCA)
    out = []
    for key, password_key in LINKS.items():
        name = (destination.get(key) or "").strip()
        if not name or not states[key].shown or "/" in name or "\\" in name:
            continue
        path = folder / name
        there = what_is(path)
        if there is not None and not (there == "missing" and name in (carried or {})):
            continue  # validation reports the missing file
        password = password_for(password_key)
        where = f"{key} ({name})"
        try:
            if there is None:
                report = cache.report(path, password, now, days)
            else:  # carried in the destination's own file: no file to key a verdict by
                data = (carried or {})[name]
                report = inspect(open_keystore(data, password), password, now, days)
        except PasswordRequired as exc:
            finding = Finding(
                Severity.WARNING,
                exc.code,
                f"{where} was not checked: {exc}; give its password.",
                key,
            )
            out.append(LinkedStore(key, path, None, (finding,)))
            continue
        except (KeyStoreError, OSError) as exc:
            code = exc.code if isinstance(exc, KeyStoreError) else "keystore.unreadable"
            text = str(exc) if isinstance(exc, KeyStoreError) else exc.strerror or str(exc)
            finding = Finding(Severity.ERROR, code, f"{where} cannot be opened: {text}.", key)
            out.append(LinkedStore(key, path, None, (finding,)))
            continue
        findings = tuple(
            Finding(f.severity, f.code, f"{where}: {f.message}", key, f.alias)
            for f in report.findings
            # clientAuth matters for TLS client certificates, not for signing keys or trust.
            if f.code != "cert.no_client_auth" or (key == "KeyStoreLocation" and client_cert)
        )
        out.append(LinkedStore(key, path, report, findings))
    return out
