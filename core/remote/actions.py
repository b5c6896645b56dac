"""The remote use cases as the front ends ask them: one call each, for the CLI and the window."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from core.remote.client import DestinationClient
from core.remote.remotes import get_remote, secret_of
from core.remote.sync import Diff, LocalSet, RemoteSet, compare, read_remote, read_workspace
from core.secrets import SecretStore


def open_client(name: str, store: SecretStore, timeout: float = 10.0) -> DestinationClient:
    remote = get_remote(name)
    return DestinationClient(remote, secret_of(remote, store), timeout=timeout)


class Comparison(NamedTuple):
    local: LocalSet
    remote: RemoteSet
    diff: Diff


def compare_workspace(
    name: str, folder: Path, store: SecretStore, level: str = "subaccount", timeout: float = 10.0
) -> Comparison:
    """A workspace folder (its `instance` subfolder for the instance level) against what
    remote `name` holds."""
    local = read_workspace(folder, store, level)
    with open_client(name, store, timeout) as client:
        remote = read_remote(client, level)
    return Comparison(local, remote, compare(local, remote))
