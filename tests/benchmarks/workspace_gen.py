"""Generated workspaces for the scale benches: N destinations in one folder.

A third each of ClientCertificateAuthentication (sharing a few JKS files that keytool makes once),
BasicAuthentication and OAuth2ClientCredentials, as a large subaccount's export looks. The
password in the generated files is the bench's dummy password, not a secret.

    python tests/benchmarks/workspace_gen.py COUNT FOLDER
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "bench"
PASSWORD = "changeit"
STORES = 4  # key store files shared by all client-certificate destinations


def _keytool() -> str:
    found = shutil.which("keytool")
    if not found:
        raise SystemExit("bench: keytool is needed (apt-get install openjdk-17-jdk-headless)")
    return found


def client_store(index: int) -> Path:
    """A JKS with one RSA 2048 client key and its self-signed certificate, made by keytool once
    and kept in the bench cache."""
    target = CACHE / "stores" / f"client-{index}.jks"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _keytool(),
            "-genkeypair",
            "-noprompt",
            "-alias",
            "client",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "3650",
            "-dname",
            f"CN=bench client {index}, O=Bench",
            "-ext",
            "eku=clientAuth",
            "-keystore",
            str(target),
            "-storetype",
            "JKS",
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD,
        ],
        check=True,
        capture_output=True,
    )
    return target


def _destination(i: int) -> str:
    name = f"dest-{i:05d}"
    common = f"Name={name}\nType=HTTP\nURL=https://host{i}.example.com/api\nProxyType=Internet\n"
    kind = i % 3
    if kind == 0:
        return (
            f"{common}Authentication=ClientCertificateAuthentication\n"
            f"KeyStoreLocation=client-{i % STORES}.jks\nKeyStorePassword={PASSWORD}\n"
        )
    if kind == 1:
        return f"{common}Authentication=BasicAuthentication\nUser=user{i}\nPassword=secret{i}\n"
    return (
        f"{common}Authentication=OAuth2ClientCredentials\nclientId=client{i}\n"
        f"clientSecret=secret{i}\ntokenServiceURL=https://auth.example.com/oauth/token\n"
    )


def make_workspace(count: int, folder: Path | None = None) -> Path:
    """A folder of `count` destination files and the shared key stores (kept in the bench cache
    when no folder is given)."""
    folder = folder or CACHE / f"workspace-{count}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for s in range(STORES):
        shutil.copyfile(client_store(s), folder / f"client-{s}.jks")
    for i in range(count):
        (folder / f"dest-{i:05d}.properties").write_text(_destination(i), encoding="latin-1")
    marker.touch()
    return folder


if __name__ == "__main__":
    print(make_workspace(int(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None))
