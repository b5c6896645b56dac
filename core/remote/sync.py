"""Pull, compare and push between a workspace folder and a subaccount.

A *local set* is what we hold (a workspace folder, or destinations read from another remote for
a transport); a *remote set* is what the service holds. `compare` lists what differs: secrets by
presence only, certificates by SHA-256 fingerprint, and a secret the service withheld is
unknown, never a change. `plan` turns a comparison into steps and `apply` runs them in order,
reporting what was applied and what was not, so running again finishes the job.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.atomic import atomic_write
from core.bundles import TYPES  # the Type the service records for a key store file
from core.destination import Destination
from core.errors import InputError
from core.findings import Finding, Severity
from core.formats import Document, Entry, Format, file_name, load_document, read_document, render
from core.formats.edit import replace_entry
from core.remote.client import DestinationClient, RemoteError
from core.schema import is_secret
from core.secrets import SecretStore, scope_of
from core.services.passwords import PasswordSource
from core.services.upload import prepare_upload
from core.validation import Context, validate
from core.workspace import claim, destination_files, keystore_files, level_folder

# How a secret the service withholds may come back. SAP's API description documents no
# redaction (the REST API returns secrets), so these only guard against a service that does:
# such a value is unknown, neither empty nor a change, and never written or stored.
REDACTED = frozenset({"<redacted>", "********", "*****"})


def _safe(name: str, what: str) -> str:
    if not name or Path(name).name != name or name in (".", "..") or "\\" in name:
        raise InputError(f"the service holds {what} {name!r}, which is not a plain file name")
    return name


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the two sides -------------------------------------------------------------------------


@dataclass
class RemoteSet:
    destinations: dict[str, dict[str, str]]
    certificates: dict[str, bytes]
    types: dict[str, str] = field(default_factory=dict)


def read_remote(client: DestinationClient, level: str) -> RemoteSet:
    destinations: dict[str, dict[str, str]] = {}
    for item in client.destinations(level):
        values = {str(k): v if isinstance(v, str) else str(v) for k, v in item.items()}
        if values.get("Name"):
            destinations[values["Name"]] = values
    certificates: dict[str, bytes] = {}
    types: dict[str, str] = {}
    for item in client.certificates(level):
        cert_name, content = item.get("Name"), item.get("Content")
        if not isinstance(cert_name, str) or not isinstance(content, str):
            continue
        name = cert_name
        try:
            certificates[name] = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise RemoteError(
                f"the service's certificate {name} is not base64; nothing was written"
            ) from None
        kind = item.get("Type")
        if isinstance(kind, str):
            types[name] = kind
    return RemoteSet(destinations, certificates, types)


@dataclass
class LocalSet:
    destinations: dict[str, Destination]  # as held: secrets may be absent (in the keyring)
    certificates: dict[str, bytes]
    stored_keys: Callable[[str], set[str]]  # the secret keys the keyring holds for a name
    fill: Callable[[Destination], Destination]  # the destination with its secrets filled in
    folder: Path | None = None


def read_workspace(folder: Path, store: SecretStore, level: str = "subaccount") -> LocalSet:
    """What the workspace `folder` holds at `level`: the instance level is its `instance`
    subfolder, where pull, bundle import and convert put it."""
    workspace = folder.resolve()
    if not workspace.is_dir():
        raise InputError(f"{workspace} is not a folder")
    folder = level_folder(workspace, level)
    if not folder.is_dir():
        raise InputError(
            f"{workspace} has no {folder.name} folder, where a workspace keeps its "
            "instance-level destinations (`remote pull --level instance` makes it)"
        )
    destinations: dict[str, Destination] = {}
    for path in destination_files(folder):
        for entry in load_document(path).entries:
            d = entry.destination
            if d.name in destinations:
                raise InputError(f"{folder} holds two destinations named {d.name}")
            destinations[d.name] = d
    certificates = {p.name: p.read_bytes() for p in keystore_files(folder)}
    return LocalSet(
        destinations,
        certificates,
        stored_keys=lambda name: set(store.keys(scope_of(folder, name))),
        fill=filler(store, folder),
        folder=folder,
    )


def filler(store: SecretStore, folder: Path) -> Callable[[Destination], Destination]:
    """Fills a destination's secrets as every upload does (core.services.upload): typed or
    kept in the keyring for its Name in `folder`'s workspace."""

    def fill(d: Destination) -> Destination:
        source = PasswordSource(d, store=store, folder=folder)
        return prepare_upload([(d, source)], include_secrets=True).destinations[0]

    return fill


# --- pull ------------------------------------------------------------------------------------


@dataclass
class PullResult:
    destinations: int
    certificates: int
    secrets: int
    withheld: list[str]  # "name: key" of secrets the service returned redacted


def _existing(folder: Path) -> dict[str, tuple[Path, int]]:
    """Where the folder already holds each destination: file and index in it."""
    found: dict[str, tuple[Path, int]] = {}
    for path in destination_files(folder):
        try:
            document = load_document(path)
        except InputError:
            continue  # an unreadable file is left as it is
        for index, entry in enumerate(document.entries):
            found.setdefault(entry.destination.name, (path, index))
    return found


def pull(
    remote: RemoteSet, workspace: Path, store: SecretStore, level: str = "subaccount"
) -> PullResult:
    """Write every destination (without secrets) and certificate into the workspace folder
    (the instance level into its `instance` subfolder, as a bundle import does); secrets go to
    the keyring. A destination the folder already holds is replaced where it is, in its file and
    format, comments and other destinations kept; a new one gets `NAME.properties`. Plans
    everything first: an unsafe name stops it before anything is written."""
    folder = level_folder(workspace, level)
    folder.mkdir(parents=True, exist_ok=True)
    folder = folder.resolve()
    existing = _existing(folder)
    documents: dict[Path, Document] = {}
    files: dict[Path, bytes] = {}
    secrets: list[tuple[str, str, str]] = []
    withheld: list[str] = []
    for index, (name, values) in enumerate(remote.destinations.items()):
        kept: list[tuple[str, str]] = []
        unknown: list[str] = []
        for key, value in values.items():
            if is_secret(key) and value:
                if value in REDACTED:
                    withheld.append(f"{name}: {key}")
                    unknown.append(key)
                else:
                    secrets.append((name, key, value))
                continue
            kept.append((key, value))
        destination = Destination.of(kept)
        if name in existing:
            path, at = existing[name]
            document = documents.get(path) or load_document(path)
            held = document.entries[at].destination
            for key in unknown:  # withheld: what the file had stays as it was
                if key in held:
                    destination = destination.with_value(key, held[key])
            data = replace_entry(document, at, destination)
            documents[path] = read_document(data, path.name)
            files[path] = data
            continue
        entry = Entry(destination)
        target = folder / _safe(file_name(entry, index, Format.PROPERTIES), "a destination")
        if target in files or target.exists():
            raise InputError(
                f"{target.name} would be written for destination {name}, and it holds another "
                "destination; nothing was written"
            )
        files[target] = render([entry], Format.PROPERTIES)
    for name, data in remote.certificates.items():
        target = folder / _safe(name, "a certificate")
        if target in files:
            raise InputError(f"{name} is both a destination file and a certificate")
        files[target] = data
    if secrets and not getattr(store, "remembers", True):
        raise InputError(
            "the subaccount's destinations hold secrets and there is no OS keyring to keep "
            "them; nothing was written"
        )
    if secrets:
        # The folder gets its workspace id first, so the passwords follow it when it moves.
        claim(folder, store, remote.destinations)
        secrets = [(scope_of(folder, name), key, value) for name, key, value in secrets]
    for scope, key, value in secrets:
        store.set(scope, key, value)
    for path, data in files.items():
        atomic_write(path, data)
    return PullResult(len(remote.destinations), len(remote.certificates), len(secrets), withheld)


# --- compare ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyChange:
    key: str
    local: str | None  # None: absent; for secrets "(set)", "(empty)"
    remote: str | None
    secret: bool


@dataclass(frozen=True)
class CertificateChange:
    name: str
    local: str | None  # SHA-256 fingerprint, None when absent
    remote: str | None


@dataclass
class Diff:
    only_local: list[str]
    only_remote: list[str]
    changed: dict[str, list[PropertyChange]]
    certificates: list[CertificateChange]

    @property
    def equal(self) -> bool:
        return not (self.only_local or self.only_remote or self.changed or self.certificates)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "equal": self.equal,
            "only_local": self.only_local,
            "only_remote": self.only_remote,
            "changed": [
                {
                    "name": name,
                    "properties": [
                        {
                            "property": c.key,
                            "local": c.local,
                            "remote": c.remote,
                            "secret": c.secret,
                        }
                        for c in changes
                    ],
                }
                for name, changes in self.changed.items()
            ],
            "certificates": [
                {"name": c.name, "local_sha256": c.local, "remote_sha256": c.remote}
                for c in self.certificates
            ],
        }


def _presence(value: str | None, stored: bool) -> str | None:
    if value:
        return "(set)"
    if stored:
        return "(set)"
    if value == "":
        return "(empty)"
    return None


def compare_destination(
    local: Destination, remote: dict[str, str], stored: set[str]
) -> list[PropertyChange]:
    changes = []
    keys = list(dict.fromkeys([*local.keys(), *remote.keys(), *stored]))
    for key in keys:
        lv, rv = local.get(key), remote.get(key)
        if is_secret(key):
            if rv is not None and rv in REDACTED:
                continue  # withheld by the service: unknown, not a change
            lp, rp = _presence(lv, key in stored), _presence(rv, False)
            if lp != rp:
                changes.append(PropertyChange(key, lp, rp, True))
        elif lv != rv:
            changes.append(PropertyChange(key, lv, rv, False))
    return changes


def compare(local: LocalSet, remote: RemoteSet) -> Diff:
    only_local = sorted(n for n in local.destinations if n not in remote.destinations)
    only_remote = sorted(n for n in remote.destinations if n not in local.destinations)
    changed: dict[str, list[PropertyChange]] = {}
    for name in sorted(n for n in local.destinations if n in remote.destinations):
        local_d = local.destinations[name]
        remote_d = remote.destinations[name]
        # The keyring may hold a secret the file lacks, so it is asked for every pair.
        changes = compare_destination(local_d, remote_d, local.stored_keys(name))
        if changes:
            changed[name] = changes
    certs = []
    for name in sorted({*local.certificates, *remote.certificates}):
        lf = fingerprint(local.certificates[name]) if name in local.certificates else None
        rf = fingerprint(remote.certificates[name]) if name in remote.certificates else None
        if lf != rf:
            certs.append(CertificateChange(name, lf, rf))
    return Diff(only_local, only_remote, changed, certs)


# --- push ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    action: str  # "upload certificate", "replace certificate", "create", "update", "delete",
    #              "delete certificate"
    name: str

    def __str__(self) -> str:
        return f"{self.action} {self.name}"


@dataclass
class Plan:
    steps: list[Step]
    blocked: dict[str, list[Finding]]  # destinations with error findings: nothing is pushed
    skipped: list[str] = field(default_factory=list)  # remote-only, kept without --delete


def plan(
    diff: Diff,
    local: LocalSet,
    only: list[str] | None = None,
    delete: bool = False,
) -> Plan:
    wanted = set(only) if only else None
    if wanted is not None:
        unknown = sorted(wanted - set(local.destinations) - set(diff.only_remote))
        if unknown:
            raise InputError(f"no destination named {', '.join(unknown)} here or there")

    def chosen(name: str) -> bool:
        return wanted is None or name in wanted

    creates = [n for n in diff.only_local if chosen(n)]
    updates = [n for n in diff.changed if chosen(n)]
    blocked: dict[str, list[Finding]] = {}
    for name in [*creates, *updates]:
        d = local.destinations[name]
        stored = local.stored_keys(name)
        context = Context(folder=local.folder, secret_stored=lambda key, s=stored: key in s)  # type: ignore[misc]
        errors = [f for f in validate(d, context) if f.severity is Severity.ERROR]
        if errors:
            blocked[name] = errors
    # Certificates: all of them, or those the chosen destinations name.
    if wanted is None:
        cert_names = set(local.certificates)
    else:
        from core.bundles import linked_files

        cert_names = {f for n in [*creates, *updates] for f in linked_files(local.destinations[n])}
    steps: list[Step] = []
    for change in diff.certificates:
        if change.name in cert_names and change.local is not None:
            action = "upload certificate" if change.remote is None else "replace certificate"
            steps.append(Step(action, change.name))
    steps += [Step("create", n) for n in creates]
    steps += [Step("update", n) for n in updates]
    remote_only = [n for n in diff.only_remote if chosen(n)]
    skipped: list[str] = []
    if delete:
        steps += [Step("delete", n) for n in remote_only]
        if wanted is None:
            steps += [
                Step("delete certificate", c.name) for c in diff.certificates if c.local is None
            ]
    else:
        skipped = remote_only
    return Plan(steps, blocked, skipped)


@dataclass
class PushResult:
    applied: list[Step]
    not_applied: list[Step]
    failure: str | None = None  # the sentence of the step that failed
    cancelled: bool = False


def apply(
    steps: list[Step],
    local: LocalSet,
    client: DestinationClient,
    level: str,
    progress: Callable[[int, Step], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PushResult:
    """Run the steps in order; stop at the first failure or when `cancelled()` says so."""
    done: list[Step] = []
    for index, step in enumerate(steps):
        if cancelled is not None and cancelled():
            return PushResult(done, steps[index:], cancelled=True)
        if progress is not None:
            progress(index, step)
        try:
            _apply_one(step, local, client, level)
        except RemoteError as exc:
            return PushResult(done, steps[index:], str(exc))
        done.append(step)
    return PushResult(done, [])


def _apply_one(step: Step, local: LocalSet, client: DestinationClient, level: str) -> None:
    if step.action in ("upload certificate", "replace certificate"):
        data = local.certificates[step.name]
        body = {"Name": step.name, "Content": base64.b64encode(data).decode("ascii")}
        kind = TYPES.get(Path(step.name).suffix.lower())
        if kind:
            body["Type"] = kind
        if step.action == "upload certificate":
            client.create_certificate(level, body)
        else:
            client.update_certificate(level, body)
    elif step.action in ("create", "update"):
        d = local.fill(local.destinations[step.name])
        body = {k: v for k, v in d.items() if not (is_secret(k) and v in REDACTED)}
        if step.action == "create":
            client.create_destination(level, body)
        else:
            client.update_destination(level, body)
    elif step.action == "delete":
        client.delete_destination(level, step.name)
    elif step.action == "delete certificate":
        client.delete_certificate(level, step.name)
    else:  # pragma: no cover - the plan makes no other
        raise ValueError(step.action)
