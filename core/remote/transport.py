"""Transport: what one subaccount holds, made ready for another.

The source's destinations pass through a rename map (names, text replaced in a property such as
the URL's host, values set per landscape such as `sap-client`); their secrets are dropped and
refilled from the OS keyring entries of the target's workspace folder, so test passwords never
reach production. The result is a `LocalSet` that `compare`, `plan` and `apply` push as usual.

A rename map is JSON:

    {"names": {"orders-test": "orders", "client-test.p12": "client.p12"},
     "replace": [{"property": "URL", "from": "test.example.com", "to": "example.com"}],
     "set": {"sap-client": "400"}}

`names` renames destinations and certificate files (location properties follow a renamed file);
`replace` changes text inside a non-secret property; `set` overwrites a property where a
destination has it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.destination import Destination
from core.errors import InputError
from core.remote.sync import LocalSet, RemoteSet, filler
from core.schema import is_secret
from core.secrets import SecretStore, scope_of
from core.services.passwords import LINKS
from core.workspace import level_folder


@dataclass(frozen=True)
class RenameMap:
    names: dict[str, str] = field(default_factory=dict)
    replace: tuple[tuple[str, str, str], ...] = ()  # (property, from, to)
    set: dict[str, str] = field(default_factory=dict)


def _strings(value: Any, what: str, source: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InputError(f"{source}: {what} must map names to names (strings)")
    return dict(value)


def load_map(path: Path) -> RenameMap:
    source = str(path)
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except (OSError, ValueError):
        raise InputError(f"{source}: is not a JSON rename map") from None
    if not isinstance(raw, dict):
        raise InputError(f"{source}: is not a JSON rename map (an object)")
    unknown = sorted(set(raw) - {"names", "replace", "set"})
    if unknown:
        raise InputError(f"{source}: unknown key {unknown[0]!r} (names, replace, set)")
    replace = []
    for rule in raw.get("replace", []):
        if not isinstance(rule, dict) or not all(
            isinstance(rule.get(k), str) for k in ("property", "from", "to")
        ):
            raise InputError(f"{source}: each replace rule needs property, from and to")
        if is_secret(rule["property"]):
            raise InputError(f"{source}: {rule['property']} is a secret; it comes from the keyring")
        replace.append((rule["property"], rule["from"], rule["to"]))
    values = _strings(raw.get("set", {}), "set", source)
    for key in values:
        if is_secret(key):
            raise InputError(f"{source}: {key} is a secret; it comes from the keyring")
    return RenameMap(_strings(raw.get("names", {}), "names", source), tuple(replace), values)


def _mapped(values: dict[str, str], mapping: RenameMap) -> Destination:
    result: list[tuple[str, str]] = []
    for key, value in values.items():
        if is_secret(key):
            if value == "":
                result.append((key, value))  # "set empty" is a choice, not a secret
            continue
        if key == "Name" or key in LINKS:
            value = mapping.names.get(value, value)
        for prop, old, new in mapping.replace:
            if prop == key and old:
                value = value.replace(old, new)
        if key in mapping.set:
            value = mapping.set[key]
        result.append((key, value))
    return Destination.of(result)


def transported(
    source: RemoteSet,
    mapping: RenameMap,
    store: SecretStore,
    secrets_folder: Path,
    level: str = "subaccount",
) -> LocalSet:
    """The source's destinations for the target, their secrets from the keyring entries of the
    target's workspace `secrets_folder` (its `instance` subfolder for the instance level)."""
    folder = level_folder(secrets_folder.resolve(), level)
    destinations: dict[str, Destination] = {}
    for values in source.destinations.values():
        d = _mapped(values, mapping)
        if d.name in destinations:
            raise InputError(f"the rename map gives two destinations the name {d.name}")
        destinations[d.name] = d
    certificates: dict[str, bytes] = {}
    for name, data in source.certificates.items():
        new = mapping.names.get(name, name)
        if new in certificates:
            raise InputError(f"the rename map gives two certificates the name {new}")
        certificates[new] = data
    return LocalSet(
        destinations,
        certificates,
        stored_keys=lambda name: set(store.keys(scope_of(folder, name))),
        fill=filler(store, folder),
        folder=None,
    )
