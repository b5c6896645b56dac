"""Remotes: a Destination service instance reached through its service key.

`remote add` reads the service key a `cf create-service-key` (or the cockpit) hands out. Two
kinds exist: client secret (`clientid`, `clientsecret`, `url`, `uri`) and X.509 (`clientid`,
`certurl`, `certificate`, `key`, `uri`). The secret part (the client secret or the private key)
goes to the OS keyring; the rest to `remotes.json` in the settings folder. Nothing here writes
or raises the secret.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.atomic import atomic_write
from core.errors import InputError
from core.secrets import SecretStore

SETTINGS_FILE = "remotes.json"
NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
MAX_KEY_SIZE = 1_000_000


APP = "destination-editor"


def settings_dir() -> Path:
    """The settings folder where the platform keeps an application's: on Linux (and other XDG
    systems) `$XDG_CONFIG_HOME/destination-editor`, else `~/.config/destination-editor`, as
    always; on macOS `~/Library/Application Support/destination-editor`; on Windows
    `%APPDATA%\\destination-editor`. Earlier versions used the Linux place everywhere: the
    remotes they kept there move over on first use (and stay read from there if they cannot)."""
    folder, old = _platform_dir(), _xdg_dir()
    if folder == old or (folder / SETTINGS_FILE).exists():
        return folder
    source = old / SETTINGS_FILE
    if not source.is_file():
        return folder
    try:
        data = source.read_bytes()
        folder.mkdir(parents=True, exist_ok=True)
        # With the original's permissions: a file its owner made private stays private.
        atomic_write(folder / SETTINGS_FILE, data, stat.S_IMODE(source.stat().st_mode))
    except OSError:
        return old  # not lost: still read where they are
    with contextlib.suppress(OSError):
        source.unlink()
        old.rmdir()  # only when nothing else is in it
    return folder


def _platform_dir() -> Path:
    from platformdirs import PlatformDirs

    return PlatformDirs(APP, appauthor=False, roaming=True).user_config_path


def _xdg_dir() -> Path:
    """Where versions before platformdirs kept the settings, on every platform."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP


@dataclass(frozen=True)
class Remote:
    name: str
    kind: str  # "secret" or "x509"
    client_id: str
    token_url: str  # where the token comes from: url (secret) or certurl (x509) + /oauth/token
    api_url: str  # the service key's uri
    certificate: str = ""  # x509 only: the PEM certificate (public)

    @property
    def secret_key(self) -> str:
        """The keyring entry holding this remote's secret part."""
        return "clientsecret" if self.kind == "secret" else "key"

    @property
    def scope(self) -> str:
        return scope_for(self.name)


def scope_for(name: str) -> str:
    # No workspace folder ends in "::remote", so this cannot meet a destination's scope.
    return f"remote:{name}::remote"


def _text(creds: dict[str, Any], key: str, source: str) -> str:
    value = creds.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{source}: the service key has no {key}")
    return value.strip()


def _https(value: str, key: str, source: str) -> str:
    if not value.startswith("https://"):
        raise InputError(f"{source}: the service key's {key} is not an https:// address")
    return value.rstrip("/")


def parse_service_key(name: str, data: bytes, source: str) -> tuple[Remote, str]:
    """The remote and its secret part, from a service key file's bytes."""
    if not NAME.match(name):
        raise InputError(f"{name!r} is not a remote name (letters, digits, '.', '_', '-')")
    if len(data) > MAX_KEY_SIZE:
        raise InputError(f"{source}: is too large for a service key")
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{source}: is not JSON, so not a service key") from None
    if isinstance(body, dict) and isinstance(body.get("credentials"), dict):
        body = body["credentials"]  # `cf service-key` and the BTP CLI wrap it
    if not isinstance(body, dict):
        raise InputError(f"{source}: is not a service key (a JSON object)")
    client_id = _text(body, "clientid", source)
    api_url = _https(_text(body, "uri", source), "uri", source)
    if isinstance(body.get("key"), str) and isinstance(body.get("certificate"), str):
        certurl = _https(_text(body, "certurl", source), "certurl", source)
        certificate = _text(body, "certificate", source)
        if "BEGIN CERTIFICATE" not in certificate:
            raise InputError(f"{source}: the service key's certificate is not PEM")
        key = _text(body, "key", source)
        if "PRIVATE KEY-----" not in key or "ENCRYPTED" in key:
            raise InputError(
                f"{source}: the service key's key is not an unencrypted PEM private key"
            )
        remote = Remote(name, "x509", client_id, certurl + "/oauth/token", api_url, certificate)
        return remote, key
    url = _https(_text(body, "url", source), "url", source)
    secret = _text(body, "clientsecret", source)
    return Remote(name, "secret", client_id, url + "/oauth/token", api_url), secret


def _load_all(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / SETTINGS_FILE
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        raise InputError(f"{path}: cannot be read as the list of remotes") from None
    return {k: v for k, v in raw.items() if isinstance(v, dict)} if isinstance(raw, dict) else {}


def _save_all(folder: Path, remotes: dict[str, dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(remotes, indent=2, sort_keys=True) + "\n").encode()
    atomic_write(folder / SETTINGS_FILE, data)


def list_remotes(folder: Path | None = None) -> list[Remote]:
    result = []
    for name, fields in sorted(_load_all(folder or settings_dir()).items()):
        try:
            result.append(Remote(**{**fields, "name": name}))
        except TypeError:
            continue  # written by another version: leave it, do not guess
    return result


def get_remote(name: str, folder: Path | None = None) -> Remote:
    for remote in list_remotes(folder):
        if remote.name == name:
            return remote
    raise InputError(f"there is no remote named {name!r} (see `destination-cli remote list`)")


def add_remote(remote: Remote, secret: str, store: SecretStore, folder: Path | None = None) -> None:
    """Secret to the keyring first: a remote listed without its secret would be useless."""
    folder = folder or settings_dir()
    remotes = _load_all(folder)
    if remote.name in remotes:
        raise InputError(f"a remote named {remote.name!r} exists; remove it first")
    store.set(remote.scope, remote.secret_key, secret)
    fields = asdict(remote)
    del fields["name"]
    remotes[remote.name] = fields
    _save_all(folder, remotes)


def remove_remote(name: str, store: SecretStore, folder: Path | None = None) -> Remote:
    folder = folder or settings_dir()
    remote = get_remote(name, folder)
    remotes = _load_all(folder)
    del remotes[name]
    _save_all(folder, remotes)
    store.delete(remote.scope, remote.secret_key)
    return remote


def secret_of(remote: Remote, store: SecretStore) -> str:
    value = store.get(remote.scope, remote.secret_key)
    if not value:
        raise InputError(
            f"the OS keyring holds no {remote.secret_key} for remote {remote.name!r}; "
            "remove it and add its service key again"
        )
    return value
