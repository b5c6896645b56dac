"""The rules against SAP's pages: one row per (destination type, authentication type, property)
with the verdict the page gives, and the page cited.

The tables below are transcribed from the pages in SAP-docs/btp-connectivity, folder
docs/1-connectivity-documentation/ (file names as cited), independently of core/schema.py: a
row fails when the schema's rules give another verdict. Properties every HTTP destination has
(Name, Type, URL, ProxyType, Authentication) and key families (URL.headers.*, ...) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.rules import RULES, Visibility, field_states
from core.schema import AUTH_TYPES, DEST_TYPES, NEO_LEGACY, PROPERTIES

REQUIRED, OPTIONAL, IGNORED = "required", "optional", "ignored"
VERDICT = {
    Visibility.REQUIRED: REQUIRED,
    Visibility.OPTIONAL: OPTIONAL,
    Visibility.HIDDEN: IGNORED,
}

# Every page the schema may cite: read for this table. The last two live outside the
# connectivity folder: SAP's HTML5 application router page and SAP Business Application
# Studio's (SAP-docs/btp-business-application-studio).
PAGES = {
    "http-destinations-42a0e6b.md",
    "http-destinations-fd3e2a0.md",
    "server-certificate-authentication-e75d7f1.md",
    "no-authentication-699f0d1.md",
    "basic-authentication-4af3980.md",
    "client-certificate-authentication-4e13a04.md",
    "principal-propagation-sso-authentication-for-http-73194cc.md",
    "oauth-client-credentials-authentication-4e1d742.md",
    "oauth-saml-bearer-assertion-authentication-c69ea6a.md",
    "oauth-password-authentication-452357c.md",
    "oauth-jwt-bearer-authentication-283cd2d.md",
    "oauth-user-token-exchange-authentication-e3c333f.md",
    "oauth-technical-user-propagation-authentication-8634e21.md",
    "oauth-refresh-token-authentication-bff0136.md",
    "oauth-authorization-code-authentication-9f634f6.md",
    "oauth-token-exchange-authentication-f4d28ea.md",
    "oauth-with-x-509-client-certificates-2c162aa.md",
    "saml-assertion-authentication-d81e168.md",
    "rfc-destinations-238d027.md",
    "main-properties-d24843d.md",
    "user-logon-properties-8b1e1c3.md",
    "target-system-configuration-ab6eac9.md",
    "ldap-destinations-8cb290f.md",
    "ldap-destinations-47128a8.md",
    "create-ldap-destinations-2d11ff6.md",
    "smtp-5876583.md",
    "tcp-destinations-f6d753f.md",
    "create-tcp-destinations-fe8306a.md",
    "set-up-an-application-router-f9f8eb2.md",
    "configure-destinations-html5-fab4035.md",
    "Connecting_to_External_Systems_7e49887.md",
}

TS_KS = ("tokenService.KeyStoreLocation", "tokenService.KeyStorePassword")
TIMEOUTS = (
    "tokenServiceURL.ConnectionTimeoutInSeconds",
    "tokenServiceURL.SocketReadTimeoutInSeconds",
)
X_USER = ("x_user_token.jwks", "x_user_token.header.typ", "x_user_token.jwks_uri")
SAML_FLAGS = (
    "skipUserAttributesPrefixInSAMLAttributes",
    "includeSigningCertificateInSAMLAssertion",
    "skipUserUuidInSAMLAttributes",
)


@dataclass(frozen=True)
class AuthPage:
    page: str
    proxy: str  # a ProxyType the page allows, used for the rows
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


# The "Required", "Optional" and "Additional" property tables of each page.
AUTH_PAGES: dict[str, AuthPage] = {
    "NoAuthentication": AuthPage("no-authentication-699f0d1.md", "Internet"),
    "BasicAuthentication": AuthPage(
        "basic-authentication-4af3980.md", "Internet", ("User", "Password"), ("Preemptive",)
    ),
    # KeyStoreLocation and KeyStorePassword: the seed's rule (required with the default
    # KeyStore.Source), which the product keeps; the page lists them as optional.
    "ClientCertificateAuthentication": AuthPage(
        "client-certificate-authentication-4e13a04.md",
        "Internet",
        ("KeyStoreLocation", "KeyStorePassword"),
        ("KeyStore.Source",),
    ),
    "PrincipalPropagation": AuthPage(
        "principal-propagation-sso-authentication-for-http-73194cc.md", "OnPremise"
    ),
    "OAuth2ClientCredentials": AuthPage(
        "oauth-client-credentials-authentication-4e1d742.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceUser",
            "tokenServicePassword",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            *TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.type",
            "clientAssertion.destinationName",
        ),
    ),
    "OAuth2SAMLBearerAssertion": AuthPage(
        "oauth-saml-bearer-assertion-authentication-c69ea6a.md",
        "Internet",
        ("audience", "clientKey", "tokenServiceURL", "authnContextClassRef"),
        (
            "tokenServiceUser",
            "tokenServicePassword",
            "SAMLAssertionProvider",
            "nameQualifier",
            "assertionIssuer",
            "assertionRecipient",
            "nameIdFormat",
            "userIdSource",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            "KeyStoreLocation",
            "KeyStorePassword",
            *TS_KS,
            *SAML_FLAGS,
            "SystemUser",
            "companyId",
            "scope",
            *TIMEOUTS,
            *X_USER,
            "samlAssertionEncoding",
        ),
    ),
    "OAuth2Password": AuthPage(
        "oauth-password-authentication-452357c.md",
        "Internet",
        ("clientId", "User", "Password", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            *TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
    ),
    "OAuth2JWTBearer": AuthPage(
        "oauth-jwt-bearer-authentication-283cd2d.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            *TIMEOUTS,
            *X_USER,
            "tokenService.addClientCredentialsInBody",
        ),
    ),
    "OAuth2UserTokenExchange": AuthPage(
        "oauth-user-token-exchange-authentication-e3c333f.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *X_USER,
        ),
    ),
    "OAuth2TechnicalUserPropagation": AuthPage(
        "oauth-technical-user-propagation-authentication-8634e21.md",
        "OnPremise",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceUser",
            "tokenServicePassword",
            "tokenServiceURLType",
            *TS_KS,
            "scope",
            *TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
    ),
    "OAuth2RefreshToken": AuthPage(
        "oauth-refresh-token-authentication-bff0136.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *TIMEOUTS,
        ),
    ),
    "OAuth2AuthorizationCode": AuthPage(
        "oauth-authorization-code-authentication-9f634f6.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            *TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
    ),
    "OAuth2TokenExchange": AuthPage(
        "oauth-token-exchange-authentication-f4d28ea.md",
        "Internet",
        ("clientId", "tokenServiceURL"),
        (
            "clientSecret",
            "tokenServiceURL.ProxyType",
            *TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *TIMEOUTS,
            "clientAssertion.destinationName",
        ),
    ),
    "SAMLAssertion": AuthPage(
        "saml-assertion-authentication-d81e168.md",
        "Internet",
        ("audience", "authnContextClassRef"),
        (
            "clientKey",
            "nameQualifier",
            "assertionIssuer",
            "assertionRecipient",
            "nameIdFormat",
            "userIdSource",
            "KeyStoreLocation",
            "KeyStorePassword",
            *SAML_FLAGS,
            "companyId",
            *X_USER,
            "samlAssertionEncoding",
        ),
    ),
}
# Keys some authentication type owns: on any other type's page they are not listed (ignored).
AUTH_KEYS = sorted({k for p in AUTH_PAGES.values() for k in (*p.required, *p.optional)})

HTML5 = "configure-destinations-html5-fab4035.md"
BAS = "Connecting_to_External_Systems_7e49887.md"
HTTP_COMMON: dict[str, str] = {
    "Description": "http-destinations-42a0e6b.md",
    "TrustStoreLocation": "server-certificate-authentication-e75d7f1.md",
    "TrustStorePassword": "server-certificate-authentication-e75d7f1.md",
    "TrustAll": "server-certificate-authentication-e75d7f1.md",
    "HostnameVerifier": "server-certificate-authentication-e75d7f1.md",
    "URL.connectionTimeoutInSeconds": "http-destinations-fd3e2a0.md",
    "URL.socketReadTimeoutInSeconds": "http-destinations-fd3e2a0.md",
    "sap-client": HTML5,
    "WebIDEEnabled": BAS,
    "WebIDEUsage": BAS,
    "WebIDEAdditionalData": BAS,
    "HTML5.DynamicDestination": HTML5,
    "HTML5.ForwardAuthToken": HTML5,
    "HTML5.ForwardAuthCertificates": HTML5,
    "HTML5.Timeout": HTML5,
    "HTML5.PreserveHostHeader": HTML5,
    "HTML5.SetXForwardedHeaders": HTML5,
    "HTML5.IASDependencyName": HTML5,
}


@dataclass(frozen=True)
class Row:
    dtype: str
    auth: str  # "-" for a type without Authentication
    key: str
    verdict: str
    page: str
    context: tuple[tuple[str, str], ...] = ()  # further values the row assumes

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in self.context)
        return f"{self.dtype}-{self.auth}-{self.key}" + (f"[{extra}]" if extra else "")


def _auth_rows() -> list[Row]:
    rows = []
    for auth, page in AUTH_PAGES.items():
        context = (("ProxyType", page.proxy),)
        for key in AUTH_KEYS:
            verdict = (
                REQUIRED if key in page.required else OPTIONAL if key in page.optional else IGNORED
            )
            rows.append(Row("HTTP", auth, key, verdict, page.page, context))
        for key, common_page in HTTP_COMMON.items():
            verdict = OPTIONAL
            if page.proxy == "OnPremise" and key in HTTP_COMMON and "server-cert" in common_page:
                verdict = IGNORED  # server trust does not apply through the Cloud Connector
            rows.append(Row("HTTP", auth, key, verdict, common_page, context))
    return rows


# Rows whose verdict depends on another value: each names the page of its rule.
X509 = "oauth-with-x-509-client-certificates-2c162aa.md"
CONDITIONAL_ROWS = [
    # Token-service mTLS only with ProxyType Internet.
    *(
        Row("HTTP", auth, key, IGNORED, X509, (("ProxyType", "OnPremise"),))
        for auth in (
            "OAuth2ClientCredentials",
            "OAuth2SAMLBearerAssertion",
            "OAuth2Password",
            "OAuth2JWTBearer",
            "OAuth2UserTokenExchange",
            "OAuth2RefreshToken",
            "OAuth2AuthorizationCode",
            "OAuth2TokenExchange",
        )
        for key in TS_KS
    ),
    Row(
        "HTTP",
        "OAuth2ClientCredentials",
        "tokenService.KeyStorePassword",
        REQUIRED,
        X509,
        (("ProxyType", "Internet"), ("tokenService.KeyStoreLocation", "ts.p12")),
    ),
    Row(
        "HTTP",
        "OAuth2ClientCredentials",
        "tokenService.KeyStorePassword",
        OPTIONAL,
        X509,
        (("ProxyType", "Internet"), ("tokenService.KeyStoreLocation", "ts.pem")),
    ),
    # ClientCertificateAuthentication with OnPremise is documented.
    Row(
        "HTTP",
        "ClientCertificateAuthentication",
        "KeyStoreLocation",
        REQUIRED,
        "client-certificate-authentication-4e13a04.md",
        (("ProxyType", "OnPremise"),),
    ),
    Row(
        "HTTP",
        "ClientCertificateAuthentication",
        "KeyStorePassword",
        OPTIONAL,
        "client-certificate-authentication-4e13a04.md",
        (("KeyStore.Source", "ClientProvided"), ("KeyStoreLocation", "c.p12")),
    ),
    Row(
        "HTTP",
        "ClientCertificateAuthentication",
        "KeyStorePassword",
        IGNORED,
        "client-certificate-authentication-4e13a04.md",
        (("KeyStore.Source", "ClientProvided"),),
    ),
    Row(
        "HTTP",
        "OAuth2SAMLBearerAssertion",
        "audience",
        IGNORED,
        "oauth-saml-bearer-assertion-authentication-c69ea6a.md",
        (("SAMLAssertionProvider", "ClientProvided"),),
    ),
    Row(
        "HTTP",
        "NoAuthentication",
        "CloudConnectorLocationId",
        OPTIONAL,
        "no-authentication-699f0d1.md",
        (("ProxyType", "OnPremise"),),
    ),
    Row(
        "HTTP",
        "NoAuthentication",
        "CloudConnectorLocationId",
        IGNORED,
        "no-authentication-699f0d1.md",
        (("ProxyType", "Internet"),),
    ),
    Row(
        "HTTP",
        "PrincipalPropagation",
        "CloudConnectorLocationId",
        OPTIONAL,
        "principal-propagation-sso-authentication-for-http-73194cc.md",
        (("ProxyType", "OnPremise"),),
    ),
    Row(
        "HTTP",
        "SAMLAssertion",
        "CloudConnectorLocationId",
        OPTIONAL,
        "saml-assertion-authentication-d81e168.md",
        (("ProxyType", "Internet"),),
    ),
    *(
        Row(
            "HTTP",
            "NoAuthentication",
            key,
            IGNORED,
            "server-certificate-authentication-e75d7f1.md",
            (("TrustAll", "TRUE"),),
        )
        for key in ("TrustStoreLocation", "TrustStorePassword", "HostnameVerifier")
    ),
]

RFC_MAIN, RFC_LOGON, RFC_TARGET = (
    "main-properties-d24843d.md",
    "user-logon-properties-8b1e1c3.md",
    "target-system-configuration-ab6eac9.md",
)
ON_PREMISE_RFC = (("jco.destination.proxy_type", "OnPremise"),)
WEBSOCKET_RFC = (("jco.destination.proxy_type", "Internet"), ("jco.client.wshost", "h"))
TYPE_ROWS = [
    # RFC
    Row("RFC", "-", "jco.destination.proxy_type", REQUIRED, RFC_MAIN, ON_PREMISE_RFC),
    Row("RFC", "-", "jco.destination.description", OPTIONAL, RFC_MAIN, ON_PREMISE_RFC),
    Row("RFC", "-", "jco.client.cloud_connector_location_id", OPTIONAL, RFC_MAIN, ON_PREMISE_RFC),
    Row("RFC", "-", "Description", IGNORED, RFC_MAIN, ON_PREMISE_RFC),
    Row("RFC", "-", "CloudConnectorLocationId", IGNORED, RFC_MAIN, ON_PREMISE_RFC),
    Row("RFC", "-", "jco.client.client", REQUIRED, RFC_TARGET, ON_PREMISE_RFC),
    Row("RFC", "-", "jco.client.client", OPTIONAL, RFC_TARGET, WEBSOCKET_RFC),
    *(
        Row("RFC", "-", key, OPTIONAL, RFC_TARGET, WEBSOCKET_RFC)
        for key in (
            "jco.client.wsport",
            "jco.destination.ws_ping_period",
            "jco.destination.ws_pong_timeout",
            "jco.client.tls_trust_all",
            "TrustStoreLocation",
            "TrustStorePassword",
        )
    ),
    *(
        Row("RFC", "-", key, IGNORED, RFC_TARGET, ON_PREMISE_RFC)
        for key in (
            "jco.destination.ws_ping_period",
            "jco.client.tls_trust_all",
            "TrustStoreLocation",
            "TrustStorePassword",
        )
    ),
    *(
        Row("RFC", "-", key, OPTIONAL, RFC_TARGET, ON_PREMISE_RFC)
        for key in (
            "jco.client.ashost",
            "jco.client.sysnr",
            "jco.client.mshost",
            "jco.client.group",
            "jco.client.r3name",
            "jco.client.msserv",
        )
    ),
    *(
        Row("RFC", "-", key, OPTIONAL, RFC_LOGON, WEBSOCKET_RFC)
        for key in (
            "jco.destination.auth_type",
            "jco.client.user",
            "jco.client.alias_user",
            "jco.client.passwd",
            "jco.client.tls_client_certificate_logon",
            "KeyStoreLocation",
            "KeyStorePassword",
            "jco.client.lang",
        )
    ),
    Row(
        "RFC",
        "-",
        "KeyStoreLocation",
        REQUIRED,
        RFC_LOGON,
        (*WEBSOCKET_RFC, ("jco.client.tls_client_certificate_logon", "1")),
    ),
    Row(
        "RFC",
        "-",
        "jco.client.passwd",
        IGNORED,
        RFC_LOGON,
        (*WEBSOCKET_RFC, ("jco.client.tls_client_certificate_logon", "1")),
    ),
    *(
        Row(
            "RFC",
            "-",
            key,
            REQUIRED,
            RFC_LOGON,
            (*ON_PREMISE_RFC, ("jco.destination.auth_type", "TechnicalUserPropagation")),
        )
        for key in (
            "jco.client.tech_user_id",
            "jco.client.tech_user_secret",
            "jco.client.tech_user_service_url",
        )
    ),
    # LDAP
    *(
        Row("LDAP", "-", key, REQUIRED, "ldap-destinations-8cb290f.md")
        for key in ("ldap.url", "ldap.proxyType", "ldap.authentication")
    ),
    *(
        Row("LDAP", "-", key, OPTIONAL, "ldap-destinations-8cb290f.md")
        for key in ("Description", "CloudConnectorLocationId")
    ),
    *(
        Row(
            "LDAP",
            "-",
            key,
            REQUIRED,
            "ldap-destinations-47128a8.md",
            (("ldap.authentication", "BasicAuthentication"),),
        )
        for key in ("ldap.user", "ldap.password")
    ),
    Row("LDAP", "-", "URL", IGNORED, "ldap-destinations-8cb290f.md"),
    # MAIL
    *(
        Row("MAIL", "-", key, REQUIRED, "smtp-5876583.md")
        for key in ("ProxyType", "Authentication", "mail.user")
    ),
    *(
        Row("MAIL", "-", key, OPTIONAL, "smtp-5876583.md")
        for key in ("Description", "mail.password", "mail.smtp.host", "mail.smtp.port")
    ),
    Row("MAIL", "-", "URL", IGNORED, "smtp-5876583.md"),
    # TCP
    *(
        Row("TCP", "-", key, REQUIRED, "tcp-destinations-f6d753f.md")
        for key in ("Address", "ProxyType")
    ),
    Row(
        "TCP",
        "-",
        "CloudConnectorLocationId",
        OPTIONAL,
        "create-tcp-destinations-fe8306a.md",
        (("ProxyType", "OnPremise"),),
    ),
    Row("TCP", "-", "URL", IGNORED, "tcp-destinations-f6d753f.md"),
]

TABLE = [*_auth_rows(), *CONDITIONAL_ROWS, *TYPE_ROWS]


def verdict_of(row: Row) -> str:
    values = {"Name": "d", "Type": row.dtype}
    if row.dtype == "HTTP":
        values.update(URL="https://example.com", ProxyType="Internet", Authentication=row.auth)
    values.update(dict(row.context))
    return VERDICT[field_states(values)[row.key].visibility]


@pytest.mark.parametrize("row", TABLE, ids=lambda r: r.id)
def test_conformance(row: Row) -> None:
    assert row.page in PAGES
    assert verdict_of(row) == row.verdict, f"{row.page} gives {row.verdict}"


def test_table_covers_every_authentication_type_and_destination_type() -> None:
    assert {r.auth for r in TABLE if r.dtype == "HTTP"} == {
        a.name for a in AUTH_TYPES if not a.deprecated
    }
    assert {r.dtype for r in TABLE} == {t.name for t in DEST_TYPES}


def test_every_rule_names_its_page() -> None:
    """A schema rule, type or authentication without a page it comes from fails here."""
    for auth in AUTH_TYPES:
        if auth.deprecated:
            assert auth.source in PAGES or auth.source == NEO_LEGACY, auth.name
        else:
            assert auth.source in PAGES, auth.name
    for dtype in DEST_TYPES:
        assert dtype.source in PAGES, dtype.name
    for rule in RULES:
        assert rule.source in PAGES, rule
    for prop in PROPERTIES:
        assert not prop.source or prop.source in PAGES, prop.key
