"""Destination service bundles: destinations together with the key store files they name, as the
REST API and a service instance's `init_data` carry them (`{Name, Type, Content}`, base64).

Export reads a workspace; import plans every file and secret first and refuses before writing
anything when a name is unsafe, a file exists or a certificate is not base64.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any, NamedTuple

from core.atomic import atomic_write
from core.destination import Destination
from core.errors import InputError
from core.formats import Entry, Format, file_name, load_document, render
from core.formats.document import Document
from core.linked_stores import LINKS
from core.rules import field_states
from core.schema import is_secret
from core.secrets import (
    FallbackStore,
    SecretStore,
    fill_secrets,
    scope_of,
    secret_keys,
    strip_secrets,
)
from core.workspace import destination_files

SHAPES = ("api", "init-data")
# The Type the service records for a key store file, by extension.
TYPES = {
    ".jks": "JKS",
    ".p12": "PKCS12",
    ".pfx": "PKCS12",
    ".pem": "PEM",
    ".crt": "CERTIFICATE",
    ".cer": "CERTIFICATE",
    ".der": "CERTIFICATE",
}


def linked_files(destination: Destination) -> list[str]:
    """The key store file names the destination uses (shown location properties with a value)."""
    states = field_states(destination)
    names = []
    for key in LINKS:
        value = (destination.get(key) or "").strip()
        if value and key in states and states[key].shown:
            names.append(value)
    return names


def _certificate(folder: Path, name: str, owner: str) -> dict[str, str]:
    if Path(name).name != name:
        raise InputError(f"{owner} names {name}, which is not a file in its folder")
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{owner} names {name}, which is not in {folder}") from None
    record = {"Name": name, "Content": base64.b64encode(data).decode("ascii")}
    kind = TYPES.get(Path(name).suffix.lower())
    if kind:
        record["Type"] = kind
    return record


def export_bundle(items: list[tuple[Destination, Path]], shape: str) -> dict[str, Any]:
    """`items` pairs each destination with its folder. "api" is a find-destination response
    (one destination); "init-data" is a service instance's config.json."""
    certificates: dict[str, dict[str, str]] = {}
    for destination, folder in items:
        owner = destination.name or "a destination"
        for name in linked_files(destination):
            record = _certificate(folder, name, owner)
            seen = certificates.get(name)
            if seen is not None and seen["Content"] != record["Content"]:
                raise InputError(
                    f"two different files are named {name}; the service keeps one per name"
                )
            certificates[name] = record
    destinations = [dict(d) for d, _ in items]
    if shape == "api":
        if len(items) != 1:
            raise InputError(
                f"the API shape holds one destination, and {len(items)} were given; "
                "use init-data for several"
            )
        return {
            "destinationConfiguration": destinations[0],
            "certificates": [*certificates.values()],
        }
    return {
        "init_data": {
            "subaccount": {
                "existing_destinations_policy": "update",
                "existing_certificates_policy": "update",
                "destinations": destinations,
                "certificates": [*certificates.values()],
            }
        }
    }


def certificate_count(bundle: dict[str, Any]) -> int:
    body = bundle.get("init_data", {}).get("subaccount", bundle)
    return len(body.get("certificates", []))


def bundle_bytes(bundle: dict[str, Any]) -> bytes:
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class ImportPlan(NamedTuple):
    files: tuple[tuple[Path, bytes], ...]  # what to write, destination files without secrets
    secrets: tuple[tuple[str, str, str], ...]  # (scope, property, value) for the keyring


def _safe_name(name: str, what: str) -> str:
    if not name or Path(name).name != name or name in (".", "..") or "\\" in name:
        raise InputError(f"{what} {name!r} is not a plain file name; nothing was imported")
    return name


def plan_import(document: Document, workspace: Path) -> ImportPlan:
    """Every file and secret an import would write into `workspace`; raises InputError first."""
    files: dict[Path, bytes] = {}
    secrets: list[tuple[str, str, str]] = []
    for index, entry in enumerate(document.entries):
        destination = entry.destination
        target = workspace / _safe_name(file_name(entry, index, Format.PROPERTIES), "a name")
        if target in files:
            raise InputError(
                f"two destinations would be written to {target.name}; nothing was imported"
            )
        scope = scope_of(workspace, destination.name)
        secrets += [(scope, key, destination[key]) for key in secret_keys(destination)]
        files[target] = render([Entry(strip_secrets(destination))], Format.PROPERTIES)
    for cert in document.certificates:
        target = workspace / _safe_name(cert.name, "the certificate name")
        try:
            data = base64.b64decode(cert.content, validate=True)
        except (binascii.Error, ValueError):
            raise InputError(
                f"the content of {cert.name} is not base64; nothing was imported"
            ) from None
        if target in files:
            raise InputError(f"{cert.name} is named twice; nothing was imported")
        files[target] = data
    existing = sorted(p.name for p in files if p.exists())
    if existing:
        raise InputError(
            f"{workspace} already holds {', '.join(existing)}; import into an empty folder or "
            "move them away (nothing was imported)"
        )
    return ImportPlan(tuple(files.items()), tuple(secrets))


class Collected(NamedTuple):
    items: list[tuple[Destination, Path]]
    left_out: list[str]  # "name: property" of secrets left out
    missing: list[str]  # "name: property" of required secrets the keyring does not hold


def collect(source: Path, store: SecretStore, include_secrets: bool) -> Collected:
    """The destinations of a file or a folder, with their secrets filled in from the store or
    stripped, for export_bundle."""
    files = destination_files(source) if source.is_dir() else [source]
    if not files:
        raise InputError(f"{source}: holds no destination files")
    result = Collected([], [], [])
    for path in files:
        folder = path.resolve().parent
        for entry in load_document(path).entries:
            d = entry.destination
            scope = scope_of(folder, d.name)
            if include_secrets:
                d = fill_secrets(store, scope, d)
                result.missing.extend(
                    f"{d.name}: {k}"
                    for k, s in field_states(d).items()
                    if s.shown and is_secret(k) and k not in d
                )
            else:
                keys = dict.fromkeys([*secret_keys(d), *store.keys(scope)])
                result.left_out.extend(f"{d.name}: {k}" for k in keys)
                d = strip_secrets(d)
            result.items.append((d, folder))
    return result


def import_bundle(source: Path, folder: Path, store: FallbackStore) -> ImportPlan:
    """Import a bundle into `folder`: secrets into the keyring first, then the files. Raises
    InputError, having written nothing, when that cannot be done whole."""
    document = load_document(source)
    folder.mkdir(parents=True, exist_ok=True)
    plan = plan_import(document, folder.resolve())
    if plan.secrets:
        if not store.remembers:
            raise InputError(
                f"{source}: holds secrets and there is no OS keyring to move them into; "
                "nothing was imported"
            )
        for scope, key, value in plan.secrets:
            store.set(scope, key, value)
        if not store.remembers:
            raise InputError(f"{source}: the secrets could not be stored; nothing was imported")
    for path, data in plan.files:
        atomic_write(path, data)
    return plan
