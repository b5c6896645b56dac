"""Each rule that disagreed with SAP's pages (issue 11, "Rules that disagree with SAP's pages"),
with the exact verdict the page gives. Each test failed before the correction."""

from __future__ import annotations

import pytest

from core.destination import Destination
from core.findings import Finding, Severity
from core.rules import Visibility, field_states
from core.validation import validate

R, O, H = Visibility.REQUIRED, Visibility.OPTIONAL, Visibility.HIDDEN
HTTPS = {"Name": "d", "Type": "HTTP", "URL": "https://example.com", "ProxyType": "Internet"}


def vis(values: dict[str, str], key: str) -> Visibility:
    return field_states(values)[key].visibility


def findings(values: dict[str, str], code: str) -> list[Finding]:
    return [f for f in validate(Destination.of(values)) if f.code == code]


OAUTH = {"clientId": "c", "tokenServiceURL": "https://t.example.com/oauth/token"}


@pytest.mark.parametrize(
    ("auth", "key"),
    [
        (auth, key)
        for auth in (
            "OAuth2JWTBearer",
            "OAuth2UserTokenExchange",
            "OAuth2Password",
            "OAuth2RefreshToken",
            "OAuth2AuthorizationCode",
            "OAuth2TokenExchange",
        )
        for key in ("scope", "tokenService.KeyStoreLocation", "tokenService.KeyStorePassword")
    ]
    + [
        (auth, "tokenServiceURLType")
        for auth in (
            "OAuth2JWTBearer",
            "OAuth2UserTokenExchange",
            "OAuth2RefreshToken",
            "OAuth2AuthorizationCode",
        )
    ],
)
def test_documented_oauth_keys_are_optional_not_ignored(auth: str, key: str) -> None:
    values = {**HTTPS, "Authentication": auth, **OAUTH, key: "x"}
    if auth == "OAuth2Password":
        values.update(User="u", Password="p")
    assert vis(values, key) is O
    assert not findings(values, "property.ignored")


def test_technical_user_propagation_keeps_its_documented_token_keys() -> None:
    # OnPremise only, and its page lists the token-service key store and scope.
    values = {**HTTPS, "ProxyType": "OnPremise", "Authentication": "OAuth2TechnicalUserPropagation"}
    for key in ("scope", "tokenServiceURLType", "tokenService.KeyStoreLocation"):
        assert vis(values, key) is O, key


@pytest.mark.parametrize("auth", ["OAuth2ClientCredentials", "OAuth2JWTBearer"])
def test_token_service_mtls_only_with_proxy_type_internet(auth: str) -> None:
    values = {
        **HTTPS,
        "Authentication": auth,
        **OAUTH,
        "tokenService.KeyStoreLocation": "ts.p12",
        "tokenService.KeyStorePassword": "",
    }
    assert vis(values, "tokenService.KeyStoreLocation") is O
    assert vis(values, "tokenService.KeyStorePassword") is R
    on_premise = {**values, "ProxyType": "OnPremise"}
    assert vis(on_premise, "tokenService.KeyStoreLocation") is H
    [ignored] = findings(on_premise, "property.ignored")
    assert ignored.key == "tokenService.KeyStoreLocation"
    assert ignored.severity is Severity.WARNING
    assert "only with ProxyType Internet" in ignored.message
    # The token service routed over the Internet on its own.
    routed = {**on_premise, "tokenServiceURL.ProxyType": "Internet"}
    assert vis(routed, "tokenService.KeyStoreLocation") is O


SAML_BEARER = {
    **HTTPS,
    "Authentication": "OAuth2SAMLBearerAssertion",
    "audience": "a",
    "clientKey": "k",
    "tokenServiceURL": "https://t.example.com/token",
    "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PreviousSession",
}


def test_saml_bearer_token_service_user_password_and_scope_are_optional() -> None:
    values = {**SAML_BEARER, "tokenServiceUser": "u", "tokenServicePassword": "p", "scope": "s"}
    assert [vis(values, k) for k in ("tokenServiceUser", "tokenServicePassword", "scope")] == [
        O,
        O,
        O,
    ]
    assert not findings(values, "property.ignored")


def test_saml_assertion_provider_is_an_enum() -> None:
    assert not findings(
        {**SAML_BEARER, "SAMLAssertionProvider": "ClientProvided"}, "value.not_allowed"
    )
    [bad] = findings({**SAML_BEARER, "SAMLAssertionProvider": "my-provider"}, "value.not_allowed")
    assert bad.key == "SAMLAssertionProvider"
    assert "DestinationServiceGenerated, ClientProvided" in bad.message


@pytest.mark.parametrize(
    "key",
    [
        "assertionRecipient",
        "companyId",
        "samlAssertionEncoding",
        "x_user_token.jwks",
        "x_user_token.jwks_uri",
        "x_user_token.header.typ",
    ],
)
def test_saml_bearer_keys_are_known_and_optional(key: str) -> None:
    values = {**SAML_BEARER, key: "base64"}
    assert vis(values, key) is O
    assert not findings(values, "property.unknown")
    assert not findings(values, "property.ignored")


def test_saml_assertion_encoding_values() -> None:
    [bad] = findings({**SAML_BEARER, "samlAssertionEncoding": "hex"}, "value.not_allowed")
    assert "base64, base64url" in bad.message


@pytest.mark.parametrize(
    "key",
    [
        "clientKey",
        "nameQualifier",
        "assertionIssuer",
        "assertionRecipient",
        "nameIdFormat",
        "userIdSource",
    ],
)
def test_saml_assertion_optional_keys(key: str) -> None:
    values = {
        **HTTPS,
        "Authentication": "SAMLAssertion",
        "audience": "a",
        "authnContextClassRef": "c",
        key: "v",
    }
    assert vis(values, key) is O
    assert not findings(values, "property.ignored")


RFC = {
    "Name": "r",
    "Type": "RFC",
    "jco.destination.proxy_type": "OnPremise",
    "jco.client.client": "001",
    "jco.client.ashost": "h",
    "jco.client.sysnr": "00",
}


def test_rfc_location_and_description_keys() -> None:
    values = {
        **RFC,
        "jco.client.cloud_connector_location_id": "loc",
        "jco.destination.description": "d",
    }
    assert vis(values, "jco.client.cloud_connector_location_id") is O
    assert vis(values, "jco.destination.description") is O
    assert validate(Destination.of(values)) == []


def test_websocket_rfc_client_optional_and_key_and_trust_stores_apply() -> None:
    values = {
        "Name": "ws",
        "Type": "RFC",
        "jco.destination.proxy_type": "Internet",
        "jco.client.wshost": "abap.example.com",
        "jco.client.wsport": "443",
        "KeyStoreLocation": "client.p12",
        "TrustStoreLocation": "trust.jks",
        "TrustStorePassword": "",
    }
    assert vis(values, "jco.client.client") is O
    for key in ("KeyStoreLocation", "KeyStorePassword", "TrustStoreLocation", "TrustStorePassword"):
        assert vis(values, key) is O, key
    assert validate(Destination.of(values)) == []


WEBSOCKET_RFC = {
    "Name": "ws",
    "Type": "RFC",
    "jco.destination.proxy_type": "Internet",
    "jco.client.wshost": "abap.example.com",
}


@pytest.mark.parametrize(
    ("key", "value", "verdict"),
    [
        # target-system-configuration-ab6eac9.md: "Valid values are 0 [off] and a range from
        # 10 [ten seconds] to 86400 [one day]" (ping) and "... to 3600 [one hour]" (pong).
        (key, value, verdict)
        for key, high in (
            ("jco.destination.ws_ping_period", 86400),
            ("jco.destination.ws_pong_timeout", 3600),
        )
        for value, verdict in (
            ("0", "valid"),
            ("1", "out of range"),
            ("9", "out of range"),
            ("10", "valid"),
            (str(high), "valid"),
            (str(high + 1), "out of range"),
        )
    ],
)
def test_websocket_keep_alive_is_off_or_at_least_ten_seconds(
    key: str, value: str, verdict: str
) -> None:
    values = {**WEBSOCKET_RFC, key: value}
    assert vis(values, key) is O
    found = findings(values, "value.out_of_range")
    if verdict == "valid":
        assert validate(Destination.of(values)) == []
    else:
        [finding] = found
        assert finding.key == key and finding.severity is Severity.WARNING
        assert "0 (off) or 10 to" in finding.message


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1" * 5000, "value.out_of_range"),  # past Python's int() digit limit
        ("0" * 5000 + "10", None),  # leading zeros: ten, as Java's parseInt reads it
        ("\u00b2", "value.not_number"),  # a digit (isdigit), not a decimal one: int() refused
        ("\u0661\u0660", None),  # Arabic-Indic ten: a decimal number to int() and Java
    ],
)
def test_a_hostile_number_is_a_finding_not_a_crash(value: str, code: str | None) -> None:
    key = "jco.destination.ws_ping_period"
    values = {**WEBSOCKET_RFC, key: value}
    if code is None:
        assert validate(Destination.of(values)) == []
    else:
        [finding] = findings(values, code)
        assert finding.key == key and len(finding.message) < 300


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("jco.destination.auth_type", "PrincipalPropagation"),
        ("jco.client.tls_client_certificate_logon", "0"),
    ],
)
def test_rfc_logon_keys_are_known(key: str, value: str) -> None:
    values = {**RFC, key: value}
    assert vis(values, key) is O
    assert validate(Destination.of(values)) == []


LDAP = {"Name": "l", "Type": "LDAP", "ldap.url": "ldap://dir.example.com:389"}


def test_ldap_proxy_type_and_authentication_are_required() -> None:
    assert vis(LDAP, "ldap.proxyType") is R
    assert vis(LDAP, "ldap.authentication") is R
    assert {f.key for f in findings(LDAP, "property.required")} == {
        "ldap.proxyType",
        "ldap.authentication",
    }


def test_ldap_internet_and_location_id() -> None:
    values = {
        **LDAP,
        "ldap.proxyType": "Internet",
        "ldap.authentication": "NoAuthentication",
        "CloudConnectorLocationId": "loc",
    }
    assert vis(values, "CloudConnectorLocationId") is O
    assert validate(Destination.of(values)) == []


MAIL = {"Name": "m", "Type": "MAIL", "mail.user": "u"}


def test_mail_proxy_type_and_authentication_are_required() -> None:
    assert {f.key for f in findings(MAIL, "property.required")} == {"ProxyType", "Authentication"}
    values = {**MAIL, "ProxyType": "Internet", "Authentication": "BasicAuthentication"}
    assert (vis(values, "ProxyType"), vis(values, "Authentication")) == (R, R)
    assert validate(Destination.of(values)) == []


def test_client_certificate_on_premise_is_documented() -> None:
    values = {
        **HTTPS,
        "ProxyType": "OnPremise",
        "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.p12",
        "KeyStorePassword": "",
    }
    assert validate(Destination.of(values)) == []


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"ProxyType": "OnPremise"}, "ProxyType is OnPremise"),
        (
            {"Authentication": "BasicAuthentication", "User": "u", "Password": "p"},
            "Authentication is BasicAuthentication, not NoAuthentication",
        ),
    ],
)
def test_html5_forward_auth_token_restrictions(changes: dict[str, str], why: str) -> None:
    good = {**HTTPS, "Authentication": "NoAuthentication", "HTML5.ForwardAuthToken": "true"}
    assert validate(Destination.of(good)) == []
    [finding] = findings({**good, **changes}, "html5.forward_auth_token")
    assert finding.severity is Severity.WARNING and why in finding.message
    assert not findings(
        {**good, **changes, "HTML5.ForwardAuthToken": "FALSE"}, "html5.forward_auth_token"
    )


@pytest.mark.parametrize(
    ("key", "good", "bad", "code"),
    [
        ("HTML5.Timeout", "60000", "soon", "value.not_number"),
        ("HTML5.PreserveHostHeader", "true", "yes", "value.not_boolean"),
        ("HTML5.SetXForwardedHeaders", "FALSE", "no", "value.not_boolean"),
        ("HTML5.IASDependencyName", "api", None, None),
        ("HTML5.ForwardAuthCertificates", "TRUE", "1", "value.not_boolean"),
        ("WebIDEAdditionalData", "full_url", None, None),
        ("URL.connectionTimeoutInSeconds", "300", "301", "value.out_of_range"),
        ("URL.socketReadTimeoutInSeconds", "43200", "0", "value.out_of_range"),
    ],
)
def test_missing_common_properties(key: str, good: str, bad: str | None, code: str | None) -> None:
    values = {**HTTPS, "Authentication": "NoAuthentication", key: good}
    assert vis(values, key) is O
    assert validate(Destination.of(values)) == []
    if bad is not None:
        [finding] = findings({**values, key: bad}, str(code))
        assert finding.key == key


@pytest.mark.parametrize(
    ("key", "good", "bad", "code"),
    [
        ("tokenServiceURL.ProxyType", "Internet", "Cloud", "value.not_allowed"),
        ("tokenService.addClientCredentialsInBody", "false", "maybe", "value.not_boolean"),
        ("tokenServiceURL.ConnectionTimeoutInSeconds", "60", "61", "value.out_of_range"),
        ("tokenServiceURL.SocketReadTimeoutInSeconds", "600", "601", "value.out_of_range"),
    ],
)
def test_missing_token_service_properties(key: str, good: str, bad: str, code: str) -> None:
    values = {**HTTPS, "Authentication": "OAuth2ClientCredentials", **OAUTH, key: good}
    assert vis(values, key) is O
    assert validate(Destination.of(values)) == []
    [finding] = findings({**values, key: bad}, code)
    assert finding.key == key


def test_one_case_rule_lower_case_client_certificate_keeps_the_https_error() -> None:
    values = {
        **HTTPS,
        "URL": "http://example.com",
        "Authentication": "clientcertificateauthentication",
        "KeyStoreLocation": "c.p12",
        "KeyStorePassword": "",
    }
    [https] = findings(values, "url.https_required")
    assert https.severity is Severity.ERROR
    [case] = findings(values, "value.case")
    assert case.key == "Authentication"


def test_one_case_rule_for_type_and_proxy_type() -> None:
    values = {
        **HTTPS,
        "Type": "http",
        "ProxyType": "internet",
        "Authentication": "principalpropagation",
    }
    [proxy] = findings(values, "proxy.not_allowed")
    assert proxy.message == "PrincipalPropagation allows ProxyType OnPremise, not Internet."
    assert vis({**values, "ProxyType": "onpremise"}, "CloudConnectorLocationId") is O


@pytest.mark.parametrize("auth", ["OAuth2JWTBearer", "OAuth2RefreshToken", "OAuth2TokenExchange"])
def test_token_service_key_store_goes_into_bundles(auth: str) -> None:
    from core.bundles import linked_files

    values = {**HTTPS, "Authentication": auth, **OAUTH, "tokenService.KeyStoreLocation": "ts.p12"}
    assert linked_files(Destination.of(values)) == ["ts.p12"]
    assert linked_files(Destination.of({**values, "ProxyType": "OnPremise"})) == []


def test_websocket_rfc_key_and_trust_stores_go_into_bundles() -> None:
    from core.bundles import linked_files

    values = {
        "Name": "ws",
        "Type": "RFC",
        "jco.destination.proxy_type": "Internet",
        "jco.client.wshost": "abap.example.com",
        "KeyStoreLocation": "client.p12",
        "TrustStoreLocation": "trust.jks",
    }
    assert linked_files(Destination.of(values)) == ["client.p12", "trust.jks"]
    on_premise = {**values, "jco.destination.proxy_type": "OnPremise"}
    assert linked_files(Destination.of(on_premise)) == ["client.p12"]


OAUTH_CC = {**HTTPS, "Authentication": "OAuth2ClientCredentials", **OAUTH}


@pytest.mark.parametrize(
    ("values", "key", "documented"),
    [
        # http-destinations-fd3e2a0.md: "It must be in the range of 1 second to 5 minutes".
        (
            {**HTTPS, "Authentication": "NoAuthentication"},
            "URL.connectionTimeoutInSeconds",
            "1 to 300",
        ),
        # oauth-client-credentials-authentication-4e1d742.md: "The minimum value allowed is 0".
        (OAUTH_CC, "tokenServiceURL.ConnectionTimeoutInSeconds", "0 to 60"),
        # target-system-configuration-ab6eac9.md: "Valid values are 0 [off] and ... 10 to 86400".
        (WEBSOCKET_RFC, "jco.destination.ws_ping_period", "0 (off) or 10 to 86400"),
    ],
)
def test_a_negative_number_is_out_of_the_documented_range_not_a_non_number(
    values: dict[str, str], key: str, documented: str
) -> None:
    # "-1" is a whole number: below what SAP documents, as "301" is above it.
    assert findings({**values, key: "-1"}, "value.not_number") == []
    [finding] = findings({**values, key: "-1"}, "value.out_of_range")
    assert finding.key == key and finding.severity is Severity.WARNING
    assert finding.message == f"{key} is -1; SAP documents {documented}."
    # Java's Integer.parseInt reads "-0" as 0, which is in range where 0 is allowed.
    zero = findings({**values, key: "-0"}, "value.out_of_range")
    assert bool(zero) == (documented == "1 to 300")


def test_a_negative_number_without_a_documented_range_is_called_negative() -> None:
    # SAP states no range for the SMTP port or the HTML5 timeout: the finding says only what is
    # wrong with "-1", not a range nobody documented.
    mail = {"Name": "m", "Type": "MAIL", "mail.user": "u", "mail.smtp.port": "-1"}
    html5 = {**HTTPS, "Authentication": "NoAuthentication", "HTML5.Timeout": "-1"}
    for values, key in ((mail, "mail.smtp.port"), (html5, "HTML5.Timeout")):
        [finding] = findings(values, "value.not_number")
        assert finding.severity is Severity.ERROR and finding.key == key
        assert finding.message == f'{key} must not be negative, not "-1".'
        assert "whole number" not in finding.message
    # What is not a number at all keeps saying so.
    [other] = findings({**mail, "mail.smtp.port": "-x"}, "value.not_number")
    assert other.message == 'mail.smtp.port must be a whole number, not "-x".'


@pytest.mark.parametrize("sign", ["+", "-"])
def test_a_number_with_a_sign_is_read_as_javas_integer_parsing_reads_it(sign: str) -> None:
    # Integer.parseInt takes one leading "+" or "-": "+5" is 5, a whole number in range, not
    # an error; a sign alone, or two, is no number.
    values = {**OAUTH_CC, "tokenServiceURL.ConnectionTimeoutInSeconds": "+5"}
    assert findings(values, "value.not_number") == []
    assert findings(values, "value.out_of_range") == []
    port = {"Name": "m", "Type": "MAIL", "mail.user": "u", "mail.smtp.port": "+25"}
    assert findings(port, "value.not_number") == []
    for bad in (sign, f"{sign}{sign}5", "+-5", "-+5", f"{sign} 5"):
        [finding] = findings({**port, "mail.smtp.port": bad}, "value.not_number")
        assert finding.message == f'mail.smtp.port must be a whole number, not "{bad}".'
