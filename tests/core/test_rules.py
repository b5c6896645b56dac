"""Every row of the show/hide table, and every authentication type's required keys."""

from __future__ import annotations

import pytest

from core.rules import Visibility, field_states, offered_values
from core.schema import AUTH_TYPES, BY_KEY

R, O, H = Visibility.REQUIRED, Visibility.OPTIONAL, Visibility.HIDDEN
HTTPS = {"Name": "d", "Type": "HTTP", "URL": "https://example.com", "ProxyType": "Internet"}


def states(**values: str) -> dict[str, Visibility]:
    return {k: s.visibility for k, s in field_states({**HTTPS, **values}).items()}


KEYSTORE_KEYS = ("KeyStore.Source", "KeyStoreLocation", "KeyStorePassword")


@pytest.mark.parametrize(
    "auth", [a.name for a in AUTH_TYPES if a.name != "ClientCertificateAuthentication"]
)
def test_keystore_source_hidden_unless_client_certificate(auth: str) -> None:
    s = states(Authentication=auth)
    assert s["KeyStore.Source"] is H
    signing = auth in ("SAMLAssertion", "OAuth2SAMLBearerAssertion")
    for key in ("KeyStoreLocation", "KeyStorePassword"):
        assert s[key] is (O if signing else H), (auth, key)


@pytest.mark.parametrize("auth", ["SAMLAssertion", "OAuth2SAMLBearerAssertion"])
def test_saml_key_store_is_labelled_as_signing_key(auth: str) -> None:
    f = field_states({**HTTPS, "Authentication": auth})
    assert f["KeyStoreLocation"].label == "Signing key store"
    assert f["KeyStorePassword"].label == "Signing key store password"
    tls = field_states({**HTTPS, "Authentication": "ClientCertificateAuthentication"})
    assert tls["KeyStoreLocation"].label == "Key store"


@pytest.mark.parametrize("source", [None, "DestinationService", "destinationservice"])
def test_destination_service_requires_location_and_password(source: str | None) -> None:
    values = {"Authentication": "ClientCertificateAuthentication"}
    if source:
        values["KeyStore.Source"] = source
    s = states(**values)
    assert (s["KeyStore.Source"], s["KeyStoreLocation"], s["KeyStorePassword"]) == (O, R, R)


def test_password_required_means_present_but_may_be_empty() -> None:
    assert BY_KEY["KeyStorePassword"].empty_allowed


def test_client_provided_without_location_hides_password() -> None:
    s = states(
        Authentication="ClientCertificateAuthentication", **{"KeyStore.Source": "ClientProvided"}
    )
    assert (s["KeyStoreLocation"], s["KeyStorePassword"]) == (O, H)
    reason = field_states(
        {
            **HTTPS,
            "Authentication": "ClientCertificateAuthentication",
            "KeyStore.Source": "ClientProvided",
        }
    )["KeyStorePassword"].reason
    assert "ClientProvided" in reason


def test_client_provided_with_location_makes_password_optional() -> None:
    s = states(
        Authentication="ClientCertificateAuthentication",
        **{"KeyStore.Source": "ClientProvided", "KeyStoreLocation": "c.p12"},
    )
    assert (s["KeyStoreLocation"], s["KeyStorePassword"]) == (O, O)


def test_trust_all_hides_trust_store_and_verifier() -> None:
    s = states(Authentication="NoAuthentication", TrustAll="TRUE")
    assert [s[k] for k in ("TrustStoreLocation", "TrustStorePassword", "HostnameVerifier")] == [
        H,
        H,
        H,
    ]
    assert s["TrustAll"] is O
    s = states(Authentication="NoAuthentication", TrustAll="false")
    assert [s[k] for k in ("TrustStoreLocation", "TrustStorePassword", "HostnameVerifier")] == [
        O,
        O,
        O,
    ]
    assert states(Authentication="NoAuthentication", TrustAll="true")["HostnameVerifier"] is H


def test_http_url_hides_trust_and_withdraws_client_certificate() -> None:
    values = {**HTTPS, "URL": "http://example.com", "Authentication": "NoAuthentication"}
    s = {k: v.visibility for k, v in field_states(values).items()}
    assert [
        s[k] for k in ("TrustStoreLocation", "TrustStorePassword", "TrustAll", "HostnameVerifier")
    ] == [H] * 4
    assert "ClientCertificateAuthentication" not in offered_values("Authentication", values)
    assert "ClientCertificateAuthentication" in offered_values("Authentication", HTTPS)
    # A value already chosen stays offered, so the form never silently changes it.
    chosen = {**values, "Authentication": "ClientCertificateAuthentication"}
    assert "ClientCertificateAuthentication" in offered_values("Authentication", chosen)


def test_on_premise_shows_cloud_connector_location() -> None:
    assert (
        states(Authentication="NoAuthentication", ProxyType="OnPremise")["CloudConnectorLocationId"]
        is O
    )
    for proxy in ("Internet", "PrivateLink"):
        assert (
            states(Authentication="NoAuthentication", ProxyType=proxy)["CloudConnectorLocationId"]
            is H
        )


CONDITIONAL = {
    ("ClientCertificateAuthentication", "KeyStoreLocation"): R,
    ("ClientCertificateAuthentication", "KeyStorePassword"): R,
}


@pytest.mark.parametrize("auth", AUTH_TYPES, ids=lambda a: a.name)
def test_each_authentication_type_requires_its_keys(auth) -> None:  # type: ignore[no-untyped-def]
    s = states(Authentication=auth.name)
    for key in ("Name", "Type", "URL", "ProxyType", "Authentication"):
        assert s[key] is R
    for key in auth.required:
        assert s[key] is R, key
    for key in auth.optional:
        # Optional, unless a conditional rule decides it for the default values: with the
        # default KeyStore.Source (DestinationService) the client certificate is required.
        assert s[key] is CONDITIONAL.get((auth.name, key), O), (auth.name, key)
    others = (
        {k for a in AUTH_TYPES for k in (*a.required, *a.optional)}
        - set(auth.required)
        - set(auth.optional)
    )
    for key in others:
        assert s[key] is H, (auth.name, key)


def test_basic_authentication_keys() -> None:
    s = states(Authentication="BasicAuthentication")
    assert (s["User"], s["Password"], s["Preemptive"]) == (R, R, O)
    assert s["clientId"] is H


def test_oauth_client_credentials_keys() -> None:
    s = states(Authentication="OAuth2ClientCredentials")
    assert (s["clientId"], s["tokenServiceURL"], s["clientSecret"]) == (R, R, O)
    assert s["tokenService.KeyStorePassword"] is O
    s = states(
        Authentication="OAuth2ClientCredentials", **{"tokenService.KeyStoreLocation": "ts.P12"}
    )
    assert s["tokenService.KeyStorePassword"] is R
    s = states(
        Authentication="OAuth2ClientCredentials", **{"tokenService.KeyStoreLocation": "ts.pem"}
    )
    assert s["tokenService.KeyStorePassword"] is O


def test_other_destination_types_show_their_own_keys() -> None:
    rfc = {k: v.visibility for k, v in field_states({"Type": "RFC"}).items()}
    assert rfc["jco.client.client"] is R and rfc["URL"] is H and rfc["Authentication"] is H
    mail = {k: v.visibility for k, v in field_states({"Type": "MAIL"}).items()}
    assert mail["mail.user"] is R and mail["mail.password"] is O
    ldap = {k: v.visibility for k, v in field_states({"Type": "LDAP"}).items()}
    assert ldap["ldap.url"] is R
    tcp = {k: v.visibility for k, v in field_states({"Type": "TCP"}).items()}
    assert tcp["Address"] is R and tcp["ProxyType"] is R


def test_hidden_reason_names_the_cause() -> None:
    f = field_states({**HTTPS, "Authentication": "BasicAuthentication"})
    assert f["KeyStorePassword"].reason == "because Authentication is BasicAuthentication"
    f = field_states({**HTTPS, "Authentication": "NoAuthentication", "TrustAll": "TRUE"})
    assert f["TrustStoreLocation"].reason == "because TrustAll is TRUE"
