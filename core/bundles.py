"""Destination service bundles: destinations together with the key store files they name, as the
REST API and a service instance's `init_data` carry them (`{Name, Type, Content}`, base64).

Export reads a workspace; import plans every file and secret first and refuses before writing
anything when a name is unsafe, a file exists or a certificate is not base64.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from core.atomic import WriteError, write_reason
from core.destination import Destination
from core.errors import InputError
from core.formats import Entry, Format, file_name, load_document, render
from core.formats.document import Document
from core.formats.json_format import LEVELS
from core.formats.text import escaped
from core.names import name_problem
from core.rules import Visibility, field_states
from core.schema import is_secret
from core.secrets import FallbackStore, SecretStore, scope_of, secret_keys, strip_secrets
from core.services.passwords import LINKS, PasswordSource
from core.services.upload import Upload, prepare_upload
from core.workspace import INSTANCE_FOLDER, claim, destination_files, level_folder

SHAPES = ("find-destination", "init-data", "rest")
ALIASES = {"api": "find-destination"}  # the name this shape had before
# existing_destinations_policy and existing_certificates_policy, per init_data level
# (use-a-config-json-to-create-or-update-a-destination-service-instance-6816d3c.md); "fail" is
# the default and "update" overrides what is saved (create-destinations-using-the-mta-descriptor-
# 8aeea65.md).
POLICIES = ("fail", "ignore", "update")
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


def _certificate(
    folder: Path, name: str, owner: str, carried: Mapping[str, bytes] | None = None
) -> dict[str, str]:
    if Path(name).name != name:
        raise InputError(f"{owner} names {name}, which is not a file in its folder")
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        if carried is None or name not in carried:
            raise InputError(f"{owner} names {name}, which is not in {folder}") from None
        data = carried[name]  # the destination's own file carries it (Document.carried)
    record = {"Name": name, "Content": base64.b64encode(data).decode("ascii")}
    kind = TYPES.get(Path(name).suffix.lower())
    if kind:
        record["Type"] = kind
    return record


class Item(NamedTuple):
    """A destination to bundle, the folder its key store names are relative to, and its level:
    "subaccount", or "instance" (a service instance's own destinations)."""

    destination: Destination
    folder: Path
    level: str = "subaccount"
    # Key stores the destination's own file carries, by Name, for those not in `folder`.
    carried: Mapping[str, bytes] | None = None


def passwordless(items: Sequence[Item], required_only: bool = True) -> list[str]:
    """ "name: property" of each secret the rules ask for (or, with required_only=False, offer)
    that has no value in the bundle."""
    return [
        f"{d.name}: {k}"
        for d, *_ in items
        for k, s in field_states(d).items()
        if (s.visibility is Visibility.REQUIRED or (s.shown and not required_only))
        and is_secret(k)
        and k not in d
    ]


def export_bundle(
    items: Sequence[Item], shape: str, policy: str = "fail", left_out: Sequence[str] = ()
) -> dict[str, Any]:
    """The bundle's JSON. "find-destination" is the service's response for one destination;
    "init-data" a service instance's config.json (both levels when items have both), with
    `policy` as SAP's existing_destinations_policy and existing_certificates_policy; "rest" the
    request bodies of POST subaccountDestinations and subaccountCertificates (and instance...).
    `left_out` names the secrets the caller stripped, for the `update` refusal."""
    shape = ALIASES.get(shape, shape)
    if shape not in SHAPES:
        raise InputError(f"{shape} is not a bundle shape; use one of {', '.join(SHAPES)}")
    if policy not in POLICIES:
        raise InputError(f"{policy} is not a policy; use one of {', '.join(POLICIES)}")
    by_level: dict[str, tuple[list[dict[str, str]], dict[str, dict[str, str]]]] = {}
    for destination, folder, level, carried in items:
        destinations, certificates = by_level.setdefault(level, ([], {}))
        owner = destination.name or "a destination"
        for name in linked_files(destination):
            record = _certificate(folder, name, owner, carried)
            seen = certificates.get(name)
            if seen is not None and seen["Content"] != record["Content"]:
                raise InputError(
                    f"two different files are named {name}; the service keeps one per name"
                )
            certificates[name] = record
        destinations.append(dict(destination))
    if shape == "find-destination":
        if len(items) != 1:
            raise InputError(
                f"a find-destination response holds one destination, and {len(items)} were "
                "given; use init-data or rest for several"
            )
        ((destinations, certificates),) = by_level.values()
        return {
            "destinationConfiguration": destinations[0],
            "certificates": [*certificates.values()],
        }
    if shape == "rest":
        bodies: dict[str, Any] = {}
        for level, (destinations, certificates) in by_level.items():
            bodies[f"{level}Destinations"] = destinations
            if certificates:
                bodies[f"{level}Certificates"] = [*certificates.values()]
        return bodies
    if policy == "update":
        missing = list(dict.fromkeys([*left_out, *passwordless(items)]))
        if missing:
            raise InputError(
                "--policy update makes the service override the live destinations with these, "
                "and the bundle has no value for "
                f"{'; '.join(missing)}, so it would remove their live passwords; include the "
                "secrets (--include-secrets) or use --policy fail or ignore"
            )
    return {
        "init_data": {
            level: {
                "existing_destinations_policy": policy,
                "existing_certificates_policy": policy,
                "destinations": destinations,
                "certificates": [*certificates.values()],
            }
            for level, (destinations, certificates) in sorted(
                by_level.items(), key=lambda kv: LEVELS.index(kv[0])
            )
        }
    }


def certificate_count(bundle: dict[str, Any]) -> int:
    levels = bundle["init_data"].values() if "init_data" in bundle else [bundle]
    count = sum(len(level.get("certificates", [])) for level in levels)
    return count + sum(len(v) for k, v in bundle.items() if k.endswith("Certificates"))


def bundle_bytes(bundle: Any) -> bytes:
    try:
        return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: kept as its \u escape (see render_json)
        return (json.dumps(bundle, indent=2) + "\n").encode("ascii")


def bundle_files(bundle: dict[str, Any], shape: str, output: Path) -> list[tuple[Path, bytes]]:
    """Where the bundle goes: one file, or for "rest" one request body per file in the folder
    `output`, named for the endpoint it is posted to."""
    if ALIASES.get(shape, shape) != "rest":
        return [(output, bundle_bytes(bundle))]
    if output.exists() and not output.is_dir():
        raise InputError(f"{output}: --to rest writes one file per request body; name a folder")
    return [(output / f"{endpoint}.json", bundle_bytes(body)) for endpoint, body in bundle.items()]


class ImportPlan(NamedTuple):
    files: tuple[tuple[Path, bytes], ...]  # what to write, destination files without secrets
    secrets: tuple[tuple[str, str, str], ...]  # (scope, property, value) for the keyring


def _safe_name(name: str, what: str) -> str:
    problem = name_problem(name)
    if problem:
        raise InputError(f"{what} {escaped(repr(name))} {problem}; nothing was imported")
    return name


def plan_import(document: Document, workspace: Path) -> ImportPlan:
    """Every file and secret an import would write into `workspace`; raises InputError first."""
    files: dict[Path, bytes] = {}
    secrets: list[tuple[str, str, str]] = []
    for index, entry in enumerate(document.entries):
        destination = entry.destination
        folder = level_folder(workspace, entry.level)
        target = folder / _safe_name(
            file_name(entry, index, Format.PROPERTIES), "the destination file name"
        )
        if target in files:
            raise InputError(
                f"two destinations would be written to {target.name}; nothing was imported"
            )
        scope = scope_of(folder, destination.name)
        secrets += [(scope, key, destination[key]) for key in secret_keys(destination)]
        files[target] = render([Entry(strip_secrets(destination))], Format.PROPERTIES)
    for cert in document.certificates:
        target = level_folder(workspace, cert.level) / _safe_name(cert.name, "the certificate name")
        try:
            data = base64.b64decode(cert.content, validate=True)
        except (binascii.Error, ValueError):
            raise InputError(
                f"the content of {cert.name} is not base64; nothing was imported"
            ) from None
        if target in files or target.name.lower() in {p.name.lower() for p in files}:
            raise InputError(f"{cert.name} is named twice; nothing was imported")
        files[target] = data
    existing = sorted(str(p.relative_to(workspace)) for p in files if os.path.lexists(p))
    if existing:
        raise InputError(
            f"{workspace} already holds {', '.join(existing)}; import into an empty folder or "
            "move them away (nothing was imported)"
        )
    return ImportPlan(tuple(files.items()), tuple(secrets))


class Collected(NamedTuple):
    items: list[Item]
    upload: Upload  # the secrets left out or missing (core.services.upload)

    @property
    def left_out(self) -> list[str]:
        return self.upload.left_out

    @property
    def missing(self) -> list[str]:
        return self.upload.missing


def collect(source: Path, store: SecretStore, include_secrets: bool) -> Collected:
    """The destinations of a file or a folder, with their secrets filled in from the store or
    stripped, for export_bundle. A folder's `instance` subfolder holds instance-level
    destinations; a file's init_data levels are kept."""
    if source.is_dir():
        files = [(p, "subaccount") for p in destination_files(source)]
        if (source / INSTANCE_FOLDER).is_dir():
            files += [(p, "instance") for p in destination_files(source / INSTANCE_FOLDER)]
    else:
        files = [(source, "subaccount")]
    if not files:
        raise InputError(f"{source}: holds no destination files")
    found = [
        (entry, path.resolve().parent, folder_level, document.carried(index))
        for path, folder_level in files
        for document in (load_document(path),)
        for index, entry in enumerate(document.entries)
    ]
    upload = prepare_upload(
        (
            (
                e.destination,
                PasswordSource(e.destination, store=store, folder=folder, level=e.level),
            )
            for e, folder, *_ in found
        ),
        include_secrets,
    )
    items = [
        Item(d, folder, entry.level or level, carried)
        for d, (entry, folder, level, carried) in zip(upload.destinations, found, strict=True)
    ]
    return Collected(items, upload)


def import_bundle(source: Path, folder: Path, store: FallbackStore) -> ImportPlan:
    """Import a bundle into `folder`, all or nothing. Raises InputError, having changed neither
    the folder nor the keyring, when that cannot be done whole.

    Every name is checked first. The files are written into a staging folder beside `folder`
    (same file system, so moving is a rename), the secrets go into the keyring, and then the
    files move into place; if that move fails, the files already moved and the secrets are
    taken back. Only then do the folders get their workspace id (which moves the secrets to it).
    """
    document = load_document(source)
    folder = Path(os.path.abspath(folder))
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is not a folder; nothing was imported")
    if not folder.parent.is_dir():
        raise InputError(f"{folder.parent}: no such folder; nothing was imported")
    workspace = folder.parent.resolve() / folder.name
    plan = plan_import(document, workspace)
    if plan.secrets and not store.remembers:
        raise InputError(
            f"{source}: holds secrets and there is no OS keyring to move them into; "
            "nothing was imported"
        )
    try:
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.import-"))
    except OSError as exc:
        raise WriteError(
            f"{folder.parent}: cannot be written: {write_reason(exc)}; nothing was imported"
        ) from None
    try:
        _stage(staging, workspace, plan)
        undo = _store_secrets(store, plan.secrets, source)
        try:
            _move_into_place(staging, workspace, plan)
        except BaseException:
            undo()
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if plan.secrets:
        # The folders get their workspace id now, which moves the secrets stored under their
        # path to it; a folder that cannot take the marker keeps them under its path.
        for level in {e.level for e in document.entries}:
            claim(level_folder(workspace, level), store)
    return plan


def _stage(staging: Path, workspace: Path, plan: ImportPlan) -> None:
    for path, data in plan.files:
        staged = staging / path.relative_to(workspace)
        try:
            staged.parent.mkdir(exist_ok=True)
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise WriteError(
                f"{path.parent}: cannot be written: {write_reason(exc)}; nothing was imported"
            ) from None


def _store_secrets(
    store: FallbackStore, secrets: tuple[tuple[str, str, str], ...], source: Path
) -> Callable[[], None]:
    """Put the secrets into the keyring; returns what puts back the values they replaced."""
    before = [(scope, key, store.get(scope, key)) for scope, key, _ in secrets]

    def undo() -> None:
        for scope, key, old in reversed(before):
            if old is None:
                store.delete(scope, key)
            else:
                store.set(scope, key, old)

    for scope, key, value in secrets:
        store.set(scope, key, value)
    if secrets and not store.remembers:
        undo()
        raise InputError(f"{source}: the secrets could not be stored; nothing was imported")
    return undo


def _move_into_place(staging: Path, workspace: Path, plan: ImportPlan) -> None:
    if not workspace.exists():
        try:
            os.rename(staging, workspace)  # the whole folder appears at once
            staging.mkdir()  # for the caller's cleanup to find
            return
        except OSError:
            pass  # made meanwhile, or a file system without it: file by file
    moved: list[Path] = []
    made: list[Path] = []
    try:
        for path, _ in plan.files:
            if not path.parent.exists():
                path.parent.mkdir()
                made.append(path.parent)
            # link() never replaces a file that appeared meanwhile; rename() would.
            os.link(staging / path.relative_to(workspace), path)
            moved.append(path)
    except OSError as exc:
        for path in moved:
            with contextlib.suppress(OSError):
                os.unlink(path)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise WriteError(
            f"{workspace}: cannot be written: {write_reason(exc)}; nothing was imported"
        ) from None
