"""The catalogue of known destination properties, as data.

The GUI builds its form from this table and `core.rules` decides, from the same table, which
properties apply. Adding an authentication type or a property is an edit here, not new code.

Sources: SAP's pages in the public repository SAP-docs/btp-connectivity, folder
docs/1-connectivity-documentation/. Every destination type and authentication type names its
page (`source`, a file name there); a property documented on another page names that page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    URL = "url"
    ENUM = "enum"
    BOOL = "bool"
    SECRET = "secret"
    KEYSTORE = "keystore"  # the name of an uploaded key store file
    NUMBER = "number"


@dataclass(frozen=True)
class Property:
    key: str
    label: str
    kind: Kind
    help: str
    allowed: tuple[str, ...] = ()
    default: str | None = None
    # For passwords SAP lets an administrator "set empty" on purpose: present-but-empty counts.
    empty_allowed: bool = False
    group: str = "General"
    # The page that documents the property when it is not its type's or authentication's page.
    source: str = ""
    # Whole numbers SAP documents a range for: (lowest, highest).
    bounds: tuple[int, int] | None = None
    # A value outside `bounds` SAP documents as switching the feature off (e.g. 0).
    off_value: int | None = None


@dataclass(frozen=True)
class Group:
    """A heading of the form, in the order the form shows them."""

    name: str
    # Rarely used properties: the form folds the group away until one of them holds a value or
    # a finding points at one. `summary` says what is inside while it is folded.
    folded: bool = False
    summary: str = ""


ADVANCED = "Advanced"
GROUPS: tuple[Group, ...] = (
    Group("General"),
    Group("Authentication"),
    Group("Key store"),
    Group("Server trust"),
    Group("Token service"),
    Group("RFC"),
    Group("LDAP"),
    Group("Mail"),
    # What SAP's cockpit calls "Additional Properties" of an HTTP destination.
    Group(ADVANCED, folded=True, summary="SAP client, WebIDE, HTML5 and timeouts"),
)


@dataclass(frozen=True)
class AuthType:
    name: str
    source: str  # the page that documents the type
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    proxy_types: tuple[str, ...] = ("Internet", "OnPremise", "PrivateLink")
    needs_https: bool = False
    deprecated: bool = False
    # SAML types use KeyStoreLocation for signing, not for TLS.
    signing_key_store: bool = False


@dataclass(frozen=True)
class DestinationType:
    name: str
    source: str  # the page that documents the type
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # MAIL takes an Authentication, but its credentials are mail.user and mail.password: the
    # authentication type's own keys are offered there, never required.
    auth_keys_optional: bool = False


# --- one case rule for comparing values ------------------------------------------------------


def fold(value: str | None) -> str:
    """A value as the rules compare it: surrounding blanks dropped, letter case ignored. Every
    comparison of a property value with a known one goes through here."""
    return (value or "").strip().casefold()


def same(a: str | None, b: str | None) -> bool:
    return fold(a) == fold(b)


def match(value: str | None, allowed: tuple[str, ...]) -> str | None:
    """The allowed value that `value` names, in its documented spelling, or None."""
    wanted = fold(value)
    return next((a for a in allowed if fold(a) == wanted), None)


# --- pages ------------------------------------------------------------------------------------

NEO_LEGACY = "no current page: a legacy Neo type, absent from docs/1-connectivity-documentation"
# Outside the connectivity folder: SAP's HTML5 application router page ("Configure Destinations
# (HTML5)") and SAP Business Application Studio's page (SAP-docs/btp-business-application-studio)
# define these keys; the connectivity pages do not list them.
HTML5_PAGE = "configure-destinations-html5-fab4035.md"
BAS_PAGE = "Connecting_to_External_Systems_7e49887.md"
HTTP_PAGE = "http-destinations-42a0e6b.md"
TRANSPARENT_PROXY_HTTP_PAGE = "http-destinations-fd3e2a0.md"
SERVER_CERT_PAGE = "server-certificate-authentication-e75d7f1.md"
X509_PAGE = "oauth-with-x-509-client-certificates-2c162aa.md"
RFC_MAIN_PAGE = "main-properties-d24843d.md"
RFC_LOGON_PAGE = "user-logon-properties-8b1e1c3.md"
RFC_TARGET_PAGE = "target-system-configuration-ab6eac9.md"
LDAP_PAGE = "ldap-destinations-8cb290f.md"
LDAP_TP_PAGE = "ldap-destinations-47128a8.md"
LDAP_CREATE_PAGE = "create-ldap-destinations-2d11ff6.md"

PROXY_TYPES = ("Internet", "OnPremise", "PrivateLink")
BOOL_VALUES = ("TRUE", "FALSE")

# Keys SAP lists for the token request of most OAuth flows; each flow below names those its page
# lists.
_TS_KS = ("tokenService.KeyStoreLocation", "tokenService.KeyStorePassword")
_TS_TIMEOUTS = (
    "tokenServiceURL.ConnectionTimeoutInSeconds",
    "tokenServiceURL.SocketReadTimeoutInSeconds",
)
_X_USER_TOKEN = ("x_user_token.jwks", "x_user_token.header.typ", "x_user_token.jwks_uri")
_SAML_FLAGS = (
    "skipUserAttributesPrefixInSAMLAttributes",
    "includeSigningCertificateInSAMLAssertion",
    "skipUserUuidInSAMLAttributes",
)
_OAUTH = ("clientId", "tokenServiceURL")
_OAUTH_PROXY = ("Internet", "OnPremise")

AUTH_TYPES: tuple[AuthType, ...] = (
    AuthType("NoAuthentication", "no-authentication-699f0d1.md"),
    AuthType(
        "BasicAuthentication",
        "basic-authentication-4af3980.md",
        required=("User", "Password"),
        optional=("Preemptive",),
    ),
    AuthType(
        "ClientCertificateAuthentication",
        # The page lists Internet, OnPremise and PrivateLink; client-certificate-authentication-
        # cd876f8.md (Transparent Proxy) documents it for on-premise destinations too.
        "client-certificate-authentication-4e13a04.md",
        # Which key store properties are required depends on KeyStore.Source: see core.rules.
        optional=("KeyStore.Source", "KeyStoreLocation", "KeyStorePassword"),
        needs_https=True,
    ),
    AuthType(
        "PrincipalPropagation",
        "principal-propagation-sso-authentication-for-http-73194cc.md",
        proxy_types=("OnPremise",),
    ),
    AuthType(
        "OAuth2ClientCredentials",
        "oauth-client-credentials-authentication-4e1d742.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceUser",
            "tokenServicePassword",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            *_TS_TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.type",
            "clientAssertion.destinationName",
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2SAMLBearerAssertion",
        "oauth-saml-bearer-assertion-authentication-c69ea6a.md",
        required=("audience", "clientKey", "tokenServiceURL", "authnContextClassRef"),
        optional=(
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
            *_TS_KS,
            *_SAML_FLAGS,
            "SystemUser",
            "companyId",
            "scope",
            *_TS_TIMEOUTS,
            *_X_USER_TOKEN,
            "samlAssertionEncoding",
        ),
        proxy_types=_OAUTH_PROXY,
        signing_key_store=True,
    ),
    AuthType(
        "OAuth2Password",
        "oauth-password-authentication-452357c.md",
        required=("clientId", "User", "Password", "tokenServiceURL"),
        optional=(
            "clientSecret",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            *_TS_TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2JWTBearer",
        "oauth-jwt-bearer-authentication-283cd2d.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            *_TS_TIMEOUTS,
            *_X_USER_TOKEN,
            "tokenService.addClientCredentialsInBody",
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2UserTokenExchange",
        "oauth-user-token-exchange-authentication-e3c333f.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *_X_USER_TOKEN,
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2TechnicalUserPropagation",
        "oauth-technical-user-propagation-authentication-8634e21.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceUser",
            "tokenServicePassword",
            "tokenServiceURLType",
            *_TS_KS,
            "scope",
            *_TS_TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
        proxy_types=("OnPremise",),
    ),
    AuthType(
        "OAuth2RefreshToken",
        "oauth-refresh-token-authentication-bff0136.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *_TS_TIMEOUTS,
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2AuthorizationCode",
        "oauth-authorization-code-authentication-9f634f6.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceURLType",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            *_TS_TIMEOUTS,
            "tokenService.addClientCredentialsInBody",
            "clientAssertion.destinationName",
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "OAuth2TokenExchange",
        # The page lists no tokenServiceURLType: the token service URL is taken as it is.
        "oauth-token-exchange-authentication-f4d28ea.md",
        required=_OAUTH,
        optional=(
            "clientSecret",
            "tokenServiceURL.ProxyType",
            *_TS_KS,
            "scope",
            "tokenService.addClientCredentialsInBody",
            *_TS_TIMEOUTS,
            "clientAssertion.destinationName",
        ),
        proxy_types=_OAUTH_PROXY,
    ),
    AuthType(
        "SAMLAssertion",
        "saml-assertion-authentication-d81e168.md",
        required=("audience", "authnContextClassRef"),
        optional=(
            "CloudConnectorLocationId",
            "clientKey",
            "nameQualifier",
            "assertionIssuer",
            "assertionRecipient",
            "nameIdFormat",
            "userIdSource",
            "KeyStoreLocation",
            "KeyStorePassword",
            *_SAML_FLAGS,
            "companyId",
            *_X_USER_TOKEN,
            "samlAssertionEncoding",
        ),
        signing_key_store=True,
    ),
    AuthType("SAPAssertionSSO", NEO_LEGACY, deprecated=True),
    AuthType("AppToAppSSO", NEO_LEGACY, deprecated=True),
)

AUTH_BY_NAME: dict[str, AuthType] = {a.name: a for a in AUTH_TYPES}


def auth_named(name: str | None) -> AuthType | None:
    """The authentication type a value names, whatever its letter case."""
    found = match(name, tuple(AUTH_BY_NAME))
    return AUTH_BY_NAME[found] if found else None


_RFC_WEBSOCKET = (
    "jco.client.wshost",
    "jco.client.wsport",
    "jco.destination.ws_ping_period",
    "jco.destination.ws_pong_timeout",
    "jco.client.tls_trust_all",
    "TrustStoreLocation",
    "TrustStorePassword",
)

DEST_TYPES: tuple[DestinationType, ...] = (
    DestinationType(
        "HTTP",
        HTTP_PAGE,
        required=("Name", "Type", "URL", "ProxyType", "Authentication"),
        optional=(
            "Description",
            "TrustStoreLocation",
            "TrustStorePassword",
            "TrustAll",
            "HostnameVerifier",
            "URL.connectionTimeoutInSeconds",
            "URL.socketReadTimeoutInSeconds",
            "sap-client",
            "WebIDEEnabled",
            "WebIDEUsage",
            "WebIDEAdditionalData",
            "HTML5.DynamicDestination",
            "HTML5.ForwardAuthToken",
            "HTML5.ForwardAuthCertificates",
            "HTML5.Timeout",
            "HTML5.PreserveHostHeader",
            "HTML5.SetXForwardedHeaders",
            "HTML5.IASDependencyName",
            "forwardAuthToken",
        ),
    ),
    DestinationType(
        "RFC",
        "rfc-destinations-238d027.md",
        required=("Name", "Type", "jco.client.client", "jco.destination.proxy_type"),
        optional=(
            "jco.destination.description",
            "jco.client.cloud_connector_location_id",
            "jco.destination.auth_type",
            "jco.client.user",
            "jco.client.alias_user",
            "jco.client.passwd",
            "jco.client.tls_client_certificate_logon",
            "KeyStoreLocation",
            "KeyStorePassword",
            "jco.client.tech_user_id",
            "jco.client.tech_user_secret",
            "jco.client.tech_user_service_url",
            "jco.client.lang",
            "jco.client.ashost",
            "jco.client.sysnr",
            "jco.client.mshost",
            "jco.client.group",
            "jco.client.r3name",
            "jco.client.msserv",
            *_RFC_WEBSOCKET,
        ),
    ),
    DestinationType(
        "LDAP",
        LDAP_PAGE,
        required=("Name", "Type", "ldap.url", "ldap.proxyType", "ldap.authentication"),
        optional=(
            "Description",
            "CloudConnectorLocationId",
            "ldap.user",
            "ldap.password",
        ),
    ),
    DestinationType(
        "MAIL",
        "smtp-5876583.md",
        required=("Name", "Type", "ProxyType", "Authentication", "mail.user"),
        optional=("Description", "mail.password", "mail.smtp.host", "mail.smtp.port"),
        auth_keys_optional=True,
    ),
    DestinationType(
        "TCP",
        "tcp-destinations-f6d753f.md",
        required=("Name", "Type", "Address", "ProxyType"),
        optional=("Description",),
    ),
)

TYPE_BY_NAME: dict[str, DestinationType] = {t.name: t for t in DEST_TYPES}
DESTINATION_TYPES = tuple(TYPE_BY_NAME)


def type_named(name: str | None) -> DestinationType | None:
    """The destination type a value names, whatever its letter case."""
    found = match(name, DESTINATION_TYPES)
    return TYPE_BY_NAME[found] if found else None


_P = Property
_K = Kind
PROPERTIES: tuple[Property, ...] = (
    _P("Name", "Name", _K.TEXT, "Unique name of the destination: letters, digits, _ and -."),
    _P("Type", "Type", _K.ENUM, "Kind of remote system.", DESTINATION_TYPES, "HTTP"),
    _P("Description", "Description", _K.TEXT, "Free text for administrators."),
    _P("URL", "URL", _K.URL, "Address of the remote system (http:// or https://)."),
    _P(
        "ProxyType",
        "Proxy type",
        _K.ENUM,
        "Route to the system: Internet, OnPremise (Cloud Connector) or PrivateLink.",
        PROXY_TYPES,
        "Internet",
    ),
    _P(
        "Authentication",
        "Authentication",
        _K.ENUM,
        "How the application authenticates at the remote system.",
        tuple(a.name for a in AUTH_TYPES),
        "NoAuthentication",
    ),
    _P(
        "CloudConnectorLocationId",
        "Cloud Connector location ID",
        _K.TEXT,
        "Which Cloud Connector to use when several are connected to the subaccount.",
    ),
    _P(
        "sap-client",
        "SAP client",
        _K.TEXT,
        "Three-digit SAP client of an ABAP system.",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "WebIDEEnabled",
        "WebIDE enabled",
        _K.BOOL,
        "Offer this destination in SAP Web IDE and Business Application Studio.",
        BOOL_VALUES,
        source=BAS_PAGE,
        group=ADVANCED,
    ),
    _P(
        "WebIDEUsage",
        "WebIDE usage",
        _K.TEXT,
        "Comma-separated Web IDE usages, e.g. odata_gen.",
        source=BAS_PAGE,
        group=ADVANCED,
    ),
    _P(
        "WebIDEAdditionalData",
        "WebIDE additional data",
        _K.TEXT,
        "Extra hints for development tools, e.g. full_url: the URL is the whole service URL.",
        source=BAS_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.DynamicDestination",
        "HTML5 dynamic destination",
        _K.BOOL,
        "Let HTML5 applications use this destination at run time.",
        BOOL_VALUES,
        "FALSE",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.ForwardAuthToken",
        "HTML5 forward auth token",
        _K.BOOL,
        "Forward the user's token to the system. Not for OnPremise, and only with "
        "NoAuthentication.",
        BOOL_VALUES,
        "FALSE",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.ForwardAuthCertificates",
        "HTML5 forward auth certificates",
        _K.BOOL,
        "Add the authentication service's certificate and key to the connection (mTLS).",
        BOOL_VALUES,
        "FALSE",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.Timeout",
        "HTML5 timeout (ms)",
        _K.NUMBER,
        "Milliseconds the application router waits for a response; 30000 if not set.",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.PreserveHostHeader",
        "HTML5 preserve host header",
        _K.BOOL,
        "Keep the Host header in the back-end request (for systems such as AS ABAP).",
        BOOL_VALUES,
        "FALSE",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.SetXForwardedHeaders",
        "HTML5 X-Forwarded headers",
        _K.BOOL,
        "Add X-Forwarded-Host, -Path and -Proto headers to the back-end request.",
        BOOL_VALUES,
        "TRUE",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "HTML5.IASDependencyName",
        "HTML5 IAS dependency name",
        _K.TEXT,
        "Identity Authentication dependency used to exchange the login token.",
        source=HTML5_PAGE,
        group=ADVANCED,
    ),
    _P(
        "forwardAuthToken",
        "Forward auth token",
        _K.BOOL,
        "Forward the user's token.",
        BOOL_VALUES,
        source="set-up-an-application-router-f9f8eb2.md",
        group=ADVANCED,
    ),
    _P(
        "URL.connectionTimeoutInSeconds",
        "Connection timeout (s)",
        _K.NUMBER,
        "Seconds to wait for a new TCP connection: 1 to 300; 5 if not set.",
        source=TRANSPARENT_PROXY_HTTP_PAGE,
        group=ADVANCED,
        # "It must be in the range of 1 second to 5 minutes (300 seconds)."
        bounds=(1, 300),
    ),
    _P(
        "URL.socketReadTimeoutInSeconds",
        "Read timeout (s)",
        _K.NUMBER,
        "Seconds to wait for response data: 1 to 43200; 30 if not set.",
        source=TRANSPARENT_PROXY_HTTP_PAGE,
        group=ADVANCED,
        bounds=(1, 43200),
    ),
    # Server trust
    _P(
        "TrustStoreLocation",
        "Trust store",
        _K.KEYSTORE,
        "Uploaded trust store with the server's CA; empty uses the JDK default trust store.",
        group="Server trust",
        source=SERVER_CERT_PAGE,
    ),
    _P(
        "TrustStorePassword",
        "Trust store password",
        _K.SECRET,
        "Password of the trust store; may be empty.",
        empty_allowed=True,
        group="Server trust",
        source=SERVER_CERT_PAGE,
    ),
    _P(
        "TrustAll",
        "Trust all server certificates",
        _K.BOOL,
        "For tests only: skips server certificate and host name checks.",
        BOOL_VALUES,
        "FALSE",
        group="Server trust",
        source=SERVER_CERT_PAGE,
    ),
    _P(
        "HostnameVerifier",
        "Host name verifier",
        _K.ENUM,
        "Strict checks the host name exactly; BrowserCompatible allows wildcards like browsers.",
        ("Strict", "BrowserCompatible"),
        "Strict",
        group="Server trust",
        source=SERVER_CERT_PAGE,
    ),
    # Client certificate
    _P(
        "KeyStore.Source",
        "Key store source",
        _K.ENUM,
        "ClientProvided: the application brings the key store. "
        "DestinationService: the Destination service keeps it (the default).",
        ("ClientProvided", "DestinationService"),
        "DestinationService",
        group="Key store",
    ),
    _P(
        "KeyStoreLocation",
        "Key store",
        _K.KEYSTORE,
        "File name of the uploaded key store with the client certificate and its whole chain.",
        group="Key store",
    ),
    _P(
        "KeyStorePassword",
        "Key store password",
        _K.SECRET,
        "Password of the key store; may be set empty on purpose.",
        empty_allowed=True,
        group="Key store",
    ),
    # Basic and password flows
    _P("User", "User", _K.TEXT, "User name.", group="Authentication"),
    _P("Password", "Password", _K.SECRET, "Password of the user.", group="Authentication"),
    _P(
        "Preemptive",
        "Preemptive",
        _K.BOOL,
        "Send credentials with the first request.",
        BOOL_VALUES,
        "TRUE",
        group="Authentication",
    ),
    # OAuth
    _P("clientId", "Client ID", _K.TEXT, "OAuth client ID.", group="Authentication"),
    _P("clientSecret", "Client secret", _K.SECRET, "OAuth client secret.", group="Authentication"),
    _P("clientKey", "Client key", _K.TEXT, "OAuth client key.", group="Authentication"),
    _P(
        "tokenServiceURL",
        "Token service URL",
        _K.URL,
        "Where the OAuth token is requested.",
        group="Token service",
    ),
    _P(
        "tokenServiceURLType",
        "Token service URL type",
        _K.ENUM,
        "Dedicated: one tenant's URL. Common: a URL shared by tenants.",
        ("Dedicated", "Common"),
        "Dedicated",
        group="Token service",
    ),
    _P(
        "tokenServiceUser",
        "Token service user",
        _K.TEXT,
        "User at the token service.",
        group="Token service",
    ),
    _P(
        "tokenServicePassword",
        "Token service password",
        _K.SECRET,
        "Password at the token service.",
        group="Token service",
    ),
    _P("scope", "Scope", _K.TEXT, "Space-separated OAuth scopes.", group="Token service"),
    _P(
        "tokenService.KeyStoreLocation",
        "Token service key store",
        _K.KEYSTORE,
        "Key store for mutual TLS with the token service (only with ProxyType Internet).",
        group="Token service",
        source=X509_PAGE,
    ),
    _P(
        "tokenService.KeyStorePassword",
        "Token service key store password",
        _K.SECRET,
        "Password of the token service key store; required for jks, p12 and pfx files.",
        group="Token service",
        source=X509_PAGE,
    ),
    # SAML
    _P(
        "audience",
        "Audience",
        _K.TEXT,
        "Intended audience of the SAML assertion.",
        group="Authentication",
    ),
    _P(
        "authnContextClassRef",
        "Authentication context class",
        _K.TEXT,
        "Value of the assertion's AuthnContextClassRef.",
        group="Authentication",
    ),
    _P(
        "SAMLAssertionProvider",
        "SAML assertion provider",
        _K.ENUM,
        "DestinationServiceGenerated: the Destination service makes and signs the assertion. "
        "ClientProvided: the application brings it.",
        ("DestinationServiceGenerated", "ClientProvided"),
        "DestinationServiceGenerated",
        group="Authentication",
    ),
    _P(
        "nameQualifier",
        "Name qualifier",
        _K.TEXT,
        "Security domain of the user.",
        group="Authentication",
    ),
    _P(
        "assertionIssuer",
        "Assertion issuer",
        _K.TEXT,
        "Issuer of the assertion.",
        group="Authentication",
    ),
    _P(
        "nameIdFormat",
        "Name ID format",
        _K.TEXT,
        "Format of the subject's name ID.",
        group="Authentication",
    ),
    _P(
        "userIdSource",
        "User ID source",
        _K.TEXT,
        "Attribute that supplies the user ID.",
        group="Authentication",
    ),
    # RFC
    _P(
        "jco.destination.proxy_type",
        "Proxy type",
        _K.ENUM,
        "OnPremise: through the Cloud Connector. Internet: WebSocket RFC straight to the system. "
        "Local: inside an Edge Integration Cell.",
        ("Internet", "OnPremise", "Local"),
        "OnPremise",
        group="RFC",
        source=RFC_MAIN_PAGE,
    ),
    _P(
        "jco.destination.description",
        "Description",
        _K.TEXT,
        "Free text for administrators.",
        group="RFC",
        source=RFC_MAIN_PAGE,
    ),
    _P(
        "jco.client.cloud_connector_location_id",
        "Cloud Connector location ID",
        _K.TEXT,
        "Which Cloud Connector to use when several are connected to the subaccount.",
        group="RFC",
        source=RFC_MAIN_PAGE,
    ),
    _P(
        "jco.client.client",
        "SAP client",
        _K.TEXT,
        "Three-digit SAP client; optional for WebSocket RFC (the host's default client).",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.destination.auth_type",
        "Authentication type",
        _K.ENUM,
        "CONFIGURED_USER (the default): user and password or a client certificate. "
        "PrincipalPropagation or TechnicalUserPropagation: a token instead.",
        ("CONFIGURED_USER", "PrincipalPropagation", "TechnicalUserPropagation"),
        "CONFIGURED_USER",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P("jco.client.user", "User", _K.TEXT, "Logon user.", group="RFC", source=RFC_LOGON_PAGE),
    _P(
        "jco.client.alias_user",
        "Alias user",
        _K.TEXT,
        "Logon alias user (up to 40 characters, case-sensitive), instead of User.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.passwd",
        "Password",
        _K.SECRET,
        "Logon password.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.tls_client_certificate_logon",
        "TLS client certificate logon",
        _K.ENUM,
        "1: log on with the client certificate of KeyStoreLocation instead of a password.",
        ("0", "1"),
        "0",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.tech_user_id",
        "Technical user client ID",
        _K.TEXT,
        "Client ID for technical user propagation.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.tech_user_secret",
        "Technical user client secret",
        _K.SECRET,
        "Client secret for technical user propagation.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.tech_user_service_url",
        "Technical user token service URL",
        _K.URL,
        "Token service for technical user propagation.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.lang",
        "Language",
        _K.TEXT,
        "Logon language, e.g. EN.",
        group="RFC",
        source=RFC_LOGON_PAGE,
    ),
    _P(
        "jco.client.ashost",
        "Application server",
        _K.TEXT,
        "Host of the application server.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.sysnr",
        "System number",
        _K.TEXT,
        "Two-digit system number.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.mshost",
        "Message server",
        _K.TEXT,
        "Host of the message server.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.group",
        "Logon group",
        _K.TEXT,
        "Logon group for load balancing.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.r3name",
        "System ID",
        _K.TEXT,
        "Three-character system ID.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.msserv",
        "Message server port",
        _K.TEXT,
        "Port of the message server, instead of the system ID.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.wshost",
        "WebSocket RFC host",
        _K.TEXT,
        "Host of the WebSocket RFC server.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.client.wsport",
        "WebSocket RFC port",
        _K.TEXT,
        "Port of the WebSocket RFC server.",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    _P(
        "jco.destination.ws_ping_period",
        "WebSocket ping period (s)",
        _K.NUMBER,
        "Seconds between keep-alive pings: 0 (off) or 10 to 86400.",
        group="RFC",
        source=RFC_TARGET_PAGE,
        # "Valid values are 0 [off] and a range from 10 [ten seconds] to 86400 ..."
        bounds=(10, 86400),
        off_value=0,
    ),
    _P(
        "jco.destination.ws_pong_timeout",
        "WebSocket pong timeout (s)",
        _K.NUMBER,
        "Seconds to wait for a ping's answer: 0 (off) or 10 to 3600.",
        group="RFC",
        source=RFC_TARGET_PAGE,
        # "Valid values are 0 [off] and a range from 10 [ten seconds] to 3600 ..."
        bounds=(10, 3600),
        off_value=0,
    ),
    _P(
        "jco.client.tls_trust_all",
        "Trust all (WebSocket)",
        _K.ENUM,
        "1: trust every server certificate (for tests only).",
        ("0", "1"),
        "0",
        group="RFC",
        source=RFC_TARGET_PAGE,
    ),
    # OAuth: more token service settings
    _P(
        "tokenServiceURL.ProxyType",
        "Token service proxy type",
        _K.ENUM,
        "Route to the token service, independent of the destination's ProxyType.",
        PROXY_TYPES,
        group="Token service",
    ),
    _P(
        "tokenService.addClientCredentialsInBody",
        "Client credentials in body",
        _K.BOOL,
        "Send the client credentials in the token request's body, not its Authorization header.",
        BOOL_VALUES,
        "TRUE",
        group="Token service",
    ),
    _P(
        "tokenServiceURL.ConnectionTimeoutInSeconds",
        "Token service connection timeout (s)",
        _K.NUMBER,
        "0 to 60 seconds; outside that range the default (10) is used.",
        group="Token service",
        # Each OAuth page, e.g. oauth-client-credentials-authentication-4e1d742.md: "The minimum
        # value allowed is 0, the maximum is 60 seconds. If the value exceeds the allowed
        # number, the default value (10 seconds) is used."
        bounds=(0, 60),
    ),
    _P(
        "tokenServiceURL.SocketReadTimeoutInSeconds",
        "Token service read timeout (s)",
        _K.NUMBER,
        "0 to 600 seconds; outside that range the default (10) is used.",
        group="Token service",
        # The same pages: "The minimum value allowed is 0, the maximum is 600 seconds."
        bounds=(0, 600),
    ),
    _P(
        "clientAssertion.type",
        "Client assertion type",
        _K.ENUM,
        "Format of the client assertion this destination provides.",
        (
            "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        group="Token service",
    ),
    _P(
        "clientAssertion.destinationName",
        "Client assertion destination",
        _K.TEXT,
        "Destination that provides client assertions (same subaccount or service instance).",
        group="Token service",
    ),
    # SAML: more assertion settings
    _P(
        "assertionRecipient",
        "Assertion recipient",
        _K.TEXT,
        "Recipient of the assertion; the token service URL if not set.",
        group="Authentication",
    ),
    _P("companyId", "Company ID", _K.TEXT, "Company identifier.", group="Authentication"),
    _P(
        "samlAssertionEncoding",
        "Assertion encoding",
        _K.ENUM,
        "How the assertion is encoded for the token service; base64url if not set.",
        ("base64", "base64url"),
        "base64url",
        group="Authentication",
    ),
    _P(
        "skipUserAttributesPrefixInSAMLAttributes",
        "Skip user attributes prefix",
        _K.BOOL,
        "Add user attributes to the assertion without the service's prefix.",
        BOOL_VALUES,
        "FALSE",
        group="Authentication",
    ),
    _P(
        "includeSigningCertificateInSAMLAssertion",
        "Include signing certificate",
        _K.BOOL,
        "Put the signing certificate's public part into the assertion.",
        BOOL_VALUES,
        "FALSE",
        group="Authentication",
    ),
    _P(
        "skipUserUuidInSAMLAttributes",
        "Skip user UUID attribute",
        _K.BOOL,
        "Leave the user_uuid attribute out of the assertion.",
        BOOL_VALUES,
        "FALSE",
        group="Authentication",
    ),
    _P(
        "SystemUser",
        "System user (deprecated)",
        _K.TEXT,
        "User for the token request instead of the logged-in user; deprecated by SAP.",
        group="Authentication",
    ),
    _P(
        "x_user_token.jwks",
        "X-User-Token JWKS",
        _K.TEXT,
        "Base64 JSON web key set that validates the X-User-Token header's JWT.",
        group="Authentication",
    ),
    _P(
        "x_user_token.jwks_uri",
        "X-User-Token JWKS URI",
        _K.TEXT,
        "URI of the JSON web key set that validates the X-User-Token header's JWT.",
        group="Authentication",
    ),
    _P(
        "x_user_token.header.typ",
        "X-User-Token type",
        _K.TEXT,
        "The typ claim of the X-User-Token header's JWT; JWT if not set.",
        group="Authentication",
    ),
    # LDAP
    _P("ldap.url", "LDAP URL", _K.TEXT, "ldap:// address of the directory.", group="LDAP"),
    _P(
        "ldap.proxyType",
        "Proxy type",
        _K.ENUM,
        "Route to the directory.",
        PROXY_TYPES,
        "OnPremise",
        group="LDAP",
        # ldap-destinations-8cb290f.md names only OnPremise; the cockpit's page and the
        # Transparent Proxy's page (with an Internet example) allow all three.
        source=LDAP_CREATE_PAGE,
    ),
    _P(
        "ldap.authentication",
        "Authentication",
        _K.ENUM,
        "How to bind to the directory.",
        ("NoAuthentication", "BasicAuthentication"),
        group="LDAP",
    ),
    _P("ldap.user", "User", _K.TEXT, "Bind user.", group="LDAP", source=LDAP_TP_PAGE),
    _P(
        "ldap.password",
        "Password",
        _K.SECRET,
        "Bind password.",
        group="LDAP",
        source=LDAP_TP_PAGE,
    ),
    # MAIL
    _P("mail.user", "User", _K.TEXT, "Mail account user.", group="Mail"),
    _P("mail.password", "Password", _K.SECRET, "Mail account password.", group="Mail"),
    _P("mail.smtp.host", "SMTP host", _K.TEXT, "Host of the SMTP server.", group="Mail"),
    _P("mail.smtp.port", "SMTP port", _K.NUMBER, "Port of the SMTP server.", group="Mail"),
    # TCP
    _P("Address", "Address", _K.TEXT, "host:port, optionally with tcp://.", group="General"),
)

BY_KEY: dict[str, Property] = {p.key: p for p in PROPERTIES}

# Families of keys whose names carry data (a header name, a query parameter). They are legal,
# edited as "other properties", and never reported as unknown.
KEY_FAMILIES: tuple[str, ...] = (
    "URL.headers.",
    "URL.queries.",
    "tokenServiceURL.headers.",
    "tokenServiceURL.queries.",
    "tokenService.body.",
    "jco.",
    "ldap.",
    "mail.",
    "tcp.",
)


# --- the one definition of a secret ---------------------------------------------------------

# Keys whose values are secrets though their names follow no pattern below.
SECRET_KEYS: frozenset[str] = frozenset(
    {"jco.client.passwd", "jco.client.tech_user_secret", "tokenService.body.client_secret"}
)
# A key ending in one of these holds a secret: Password, password, Secret, secret (which covers
# tech_user_secret and client_secret) and JCo's passwd.
SECRET_SUFFIXES: tuple[str, ...] = ("Password", "password", "Secret", "secret", "passwd")
# Header families whose Authorization (or Proxy-Authorization) value is a credential; header
# names are case-insensitive in HTTP.
_AUTH_HEADER = re.compile(
    r"^(URL|tokenServiceURL)\.headers\.(proxy-)?authorization$", re.IGNORECASE
)


_SECRET_MEMO: dict[str, bool] = {}  # asked for every key of every destination of a workspace


def is_secret(key: str) -> bool:
    """Whether a property's value is a secret: masked in the form, kept in the OS keyring,
    stripped on save and export. The one definition every part of the product uses."""
    found = _SECRET_MEMO.get(key)
    if found is None:
        found = _is_secret(key)
        if len(_SECRET_MEMO) < 4096 and len(key) <= 256:
            _SECRET_MEMO[key] = found
    return found


def _is_secret(key: str) -> bool:
    prop = BY_KEY.get(key)
    if prop is not None and prop.kind is Kind.SECRET:
        return True
    return key in SECRET_KEYS or key.endswith(SECRET_SUFFIXES) or bool(_AUTH_HEADER.match(key))


def is_known(key: str) -> bool:
    return key in BY_KEY or key.startswith(KEY_FAMILIES)
