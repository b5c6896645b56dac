"""Shared set-up for the remote tests: a workspace with secrets in the keyring, service keys of
the stand-in, and the environment the CLI needs to reach it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.destination_standin import CERTS, StandIn
from tests.keystore_data import DATA

DESTINATIONS = {
    "hr-system": (
        "Name=hr-system\nType=HTTP\nURL=https://hr.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=svc-hr\nsap-client=100\n"
    ),
    "weather-api": (
        "Name=weather-api\nType=HTTP\nURL=https://weather.example.com\nProxyType=Internet\n"
        "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=client.p12\n"
        "TrustStoreLocation=trust.jks\nTrustStorePassword=\nWebIDEEnabled=TRUE\n"
    ),
    "sales-oauth": (
        "Name=sales-oauth\nType=HTTP\nURL=https://sales.example.com\nProxyType=Internet\n"
        "Authentication=OAuth2ClientCredentials\nclientId=sales\n"
        "tokenServiceURL=https://auth.example.com/oauth/token\nx-custom.kept=yes\n"
    ),
}
SECRETS = {
    "hr-system": {"Password": "hr-pass-Q81"},
    "weather-api": {"KeyStorePassword": "changeit"},
    "sales-oauth": {"clientSecret": "sales-secret-7Xw"},
}


def make_workspace(
    folder: Path,
    set_secret: Callable[[Path, str, str], None],
    secrets: dict[str, dict[str, str]] = SECRETS,
) -> Path:
    """Destination files without secrets, two key store files, the secrets in the keyring."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "chain.p12", folder / "client.p12")
    shutil.copy(DATA / "chain.jks", folder / "trust.jks")
    for name, text in DESTINATIONS.items():
        (folder / f"{name}.properties").write_text(text)
    for name, values in secrets.items():
        for key, value in values.items():
            set_secret(folder / f"{name}.properties", key, value)
    return folder


def write_key(service: StandIn, path: Path, kind: str = "secret", **changes: str) -> Path:
    path.write_text(json.dumps({**service.service_key(kind), **changes}))
    return path


def cli_env(keyring_env: dict[str, Any], config: Path, ca: str = "test-ca.pem") -> dict[str, Any]:
    return {**keyring_env, "XDG_CONFIG_HOME": str(config), "SSL_CERT_FILE": str(CERTS / ca)}
