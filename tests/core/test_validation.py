"""Each validation check fires on a bad destination and stays quiet on a good one."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.destination import Destination
from core.findings import Severity
from core.validation import Context, validate

GOOD = {
    "Name": "weather_api-1",
    "Type": "HTTP",
    "URL": "https://api.example.com/v1",
    "ProxyType": "Internet",
    "Authentication": "ClientCertificateAuthentication",
    "KeyStoreLocation": "client.jks",
    "KeyStorePassword": "",
}


def codes(values: dict[str, str], context: Context | None = None) -> set[str]:
    return {f.code for f in validate(Destination.of(values), context)}


def test_good_destination_has_no_findings(tmp_path: Path) -> None:
    (tmp_path / "client.jks").write_bytes(b"x")
    assert validate(Destination.of(GOOD), Context(folder=tmp_path)) == []


@pytest.mark.parametrize(
    ("changes", "code", "severity"),
    [
        ({"Name": "bad name!"}, "name.characters", Severity.ERROR),
        ({"Name": "n" * 201}, "name.length", Severity.ERROR),
        ({"Name": ""}, "property.required", Severity.ERROR),
        ({"URL": None}, "property.required", Severity.ERROR),
        ({"KeyStorePassword": None}, "property.required", Severity.ERROR),
        ({"ProxyType": "Cloud"}, "value.not_allowed", Severity.ERROR),
        ({"ProxyType": "internet"}, "value.case", Severity.WARNING),
        ({"TrustAll": "yes"}, "value.not_boolean", Severity.ERROR),
        ({"URL": "ftp://host"}, "url.scheme", Severity.ERROR),
        ({"URL": "https://"}, "url.syntax", Severity.ERROR),
        ({"URL": "https://host:99999"}, "url.syntax", Severity.ERROR),
        ({"URL": "http://api.example.com"}, "url.https_required", Severity.ERROR),
        ({"URL.connectionTimeoutInSeconds": "301"}, "value.out_of_range", Severity.WARNING),
        (
            {"HTML5.ForwardAuthToken": "true"},
            "html5.forward_auth_token",
            Severity.WARNING,
        ),
        (
            {
                "Authentication": "PrincipalPropagation",
                "KeyStoreLocation": None,
                "KeyStorePassword": None,
            },
            "proxy.not_allowed",
            Severity.ERROR,
        ),
        ({"TrustAll": "TRUE"}, "trustall.enabled", Severity.WARNING),
        ({"TrustAll": "TRUE", "TrustStoreLocation": "t.jks"}, "property.ignored", Severity.WARNING),
        (
            {"Authentication": "BasicAuthentication", "User": "u", "Password": "p"},
            "property.ignored",
            Severity.WARNING,
        ),
        (
            {"Authentication": "AppToAppSSO", "KeyStoreLocation": None, "KeyStorePassword": None},
            "auth.deprecated",
            Severity.WARNING,
        ),
        ({"Custom": "x"}, "property.unknown", Severity.INFO),
        (
            {"mail.smtp.port": "x", "Type": "MAIL", "mail.user": "u"},
            "value.not_number",
            Severity.ERROR,
        ),
    ],
)
def test_each_check(changes: dict[str, str | None], code: str, severity: Severity) -> None:
    values = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    findings = [f for f in validate(Destination.of(values)) if f.code == code]
    assert findings, code
    assert findings[0].severity is severity
    assert findings[0].message.endswith(".")


def test_ignored_message_names_the_reason() -> None:
    values = {**GOOD, "Authentication": "BasicAuthentication", "User": "u", "Password": "p"}
    messages = [f.message for f in validate(Destination.of(values)) if f.code == "property.ignored"]
    assert (
        "KeyStorePassword is set but ignored because Authentication is BasicAuthentication."
        not in messages
    )
    # KeyStorePassword is empty (nothing to ignore); KeyStoreLocation holds a value.
    assert (
        "KeyStoreLocation is set but ignored because Authentication is BasicAuthentication."
        in messages
    )


def test_header_families_are_not_unknown() -> None:
    assert "property.unknown" not in codes(
        {**GOOD, "URL.headers.X-Api-Key": "k", "URL.queries.a": "b"}
    )


def test_missing_key_store_file(tmp_path: Path) -> None:
    found = [
        f
        for f in validate(Destination.of(GOOD), Context(folder=tmp_path))
        if f.code == "keystore.location.missing"
    ]
    assert found and "client.jks" in found[0].message
    # An error, as in the editor and the health view: the service cannot use a missing file.
    assert found[0].severity is Severity.ERROR
    (tmp_path / "Client.JKS").write_bytes(b"x")
    found = [
        f
        for f in validate(Destination.of(GOOD), Context(folder=tmp_path))
        if f.code == "keystore.location.missing"
    ]
    assert "differs only in case" in found[0].message
    assert "keystore.location.path" in codes(
        {**GOOD, "KeyStoreLocation": "../x.jks"}, Context(folder=tmp_path)
    )


def test_password_held_in_keyring_satisfies_required() -> None:
    values = {k: v for k, v in GOOD.items() if k != "KeyStorePassword"}
    assert "property.required" in codes(values)
    ctx = Context(secret_stored=lambda key: key == "KeyStorePassword")
    assert "property.required" not in codes(values, ctx)
