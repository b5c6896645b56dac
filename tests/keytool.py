"""keytool, the reference: what it lists of a key store, and whether a key opens."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.keystore_data import PASSWORD

KEYTOOL = shutil.which("keytool")


def keytool_listing(path: Path) -> dict[str, list[str]]:
    """alias -> SHA-256 fingerprints of its chain, as `keytool -list -v` prints them."""
    assert KEYTOOL
    out = subprocess.run(
        [KEYTOOL, "-list", "-v", "-keystore", str(path), "-storepass", PASSWORD],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, list[str]] = {}
    alias = None
    for line in out.splitlines():
        if m := re.match(r"Alias name: (.*)", line):
            alias = m.group(1)
            result[alias] = []
        elif (m := re.match(r"\s+SHA256: ([0-9A-F:]+)", line)) and alias is not None:
            result[alias].append(m.group(1))
    return result


def key_opens_with_store_password(path: Path, alias: str) -> bool:
    """keytool reads the key with the store password alone, as SAP's Java SDK does: a
    certificate request needs the private key."""
    assert KEYTOOL
    r = subprocess.run(
        [KEYTOOL, "-certreq", "-alias", alias, "-keystore", str(path), "-storepass", PASSWORD],
        capture_output=True,
        text=True,
    )
    return r.returncode == 0 and "BEGIN NEW CERTIFICATE REQUEST" in r.stdout


def keytool_entries(path: Path, password: str = PASSWORD) -> dict[str, tuple[str, int]]:
    """alias -> (entry type, chain length), from `keytool -list -v`."""
    assert KEYTOOL
    out = subprocess.run(
        [KEYTOOL, "-list", "-v", "-keystore", str(path), "-storepass", password],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, tuple[str, int]] = {}
    alias = None
    for line in out.splitlines():
        if m := re.match(r"Alias name: (.*)", line):
            alias = m.group(1)
        elif (m := re.match(r"Entry type: (\w+)", line)) and alias is not None:
            result[alias] = (m.group(1), 1)
        elif (m := re.match(r"Certificate chain length: (\d+)", line)) and alias is not None:
            result[alias] = (result[alias][0], int(m.group(1)))
    return result


def key_opens(path: Path, alias: str, store_password: str, key_password: str | None = None) -> bool:
    """keytool makes a certificate request from the key: the key opens with these passwords
    (without a key password, with the store password alone, as SAP's Java SDK does)."""
    assert KEYTOOL
    args = [KEYTOOL, "-certreq", "-alias", alias, "-keystore", str(path)]
    args += ["-storepass", store_password]
    if key_password is not None:
        args += ["-keypass", key_password]
    r = subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return r.returncode == 0 and "BEGIN NEW CERTIFICATE REQUEST" in r.stdout
