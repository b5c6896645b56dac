"""The catalogue of known destination properties, as data.

The GUI builds its form from this table and `core.rules` decides, from the same table, which
properties apply. Adding an authentication type or a property is an edit here, not new code.
Sources: SAP's public destination documentation, summarised in the project's DOMAIN notes.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class AuthType:
    name: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    proxy_types: tuple[str, ...] = ("Internet", "OnPremise", "PrivateLink")
    needs_https: bool = False
    deprecated: bool = False
    # SAML types use KeyStoreLocation for signing, not for TLS.
    signing_key_store: bool = False


DESTINATION_TYPES = ("HTTP", "RFC", "LDAP", "MAIL", "TCP")
PROXY_TYPES = ("Internet", "OnPremise", "PrivateLink")
BOOL_VALUES = ("TRUE", "FALSE")

_TOKEN_OPT = ("clientSecret", "tokenServiceURLType")

AUTH_TYPES: tuple[AuthType, ...] = (
    AuthType("NoAuthentication"),
    AuthType("BasicAuthentication", required=("User", "Password"), optional=("Preemptive",)),
    AuthType(
        "ClientCertificateAuthentication",
        # Which key store properties are required depends on KeyStore.Source: see core.rules.
        optional=("KeyStore.Source", "KeyStoreLocation", "KeyStorePassword"),
        proxy_types=("Internet", "PrivateLink"),
        needs_https=True,
    ),
    AuthType("PrincipalPropagation", proxy_types=("OnPremise",)),
    AuthType(
        "OAuth2ClientCredentials",
        required=("clientId", "tokenServiceURL"),
        optional=(
            "clientSecret",
            "tokenServiceUser",
            "tokenServicePassword",
            "tokenServiceURLType",
            "scope",
            "tokenService.KeyStoreLocation",
            "tokenService.KeyStorePassword",
        ),
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2SAMLBearerAssertion",
        required=("audience", "clientKey", "tokenServiceURL", "authnContextClassRef"),
        optional=(
            "clientSecret",
            "tokenServiceURLType",
            "SAMLAssertionProvider",
            "nameQualifier",
            "assertionIssuer",
            "nameIdFormat",
            "userIdSource",
            "KeyStoreLocation",
            "KeyStorePassword",
            "tokenService.KeyStoreLocation",
            "tokenService.KeyStorePassword",
        ),
        proxy_types=("Internet", "OnPremise"),
        signing_key_store=True,
    ),
    AuthType(
        "OAuth2Password",
        required=("clientId", "User", "Password", "tokenServiceURL"),
        optional=("clientSecret",),
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2JWTBearer",
        required=("clientId", "tokenServiceURL"),
        optional=_TOKEN_OPT,
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2UserTokenExchange",
        required=("clientId", "tokenServiceURL"),
        optional=_TOKEN_OPT,
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2TechnicalUserPropagation",
        required=("clientId", "tokenServiceURL"),
        optional=("clientSecret", "tokenServiceUser", "tokenServicePassword"),
        proxy_types=("OnPremise",),
    ),
    AuthType(
        "OAuth2RefreshToken",
        required=("clientId", "tokenServiceURL"),
        optional=("clientSecret",),
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2AuthorizationCode",
        required=("clientId", "tokenServiceURL"),
        optional=("clientSecret",),
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "OAuth2TokenExchange",
        required=("clientId", "tokenServiceURL"),
        optional=("clientSecret",),
        proxy_types=("Internet", "OnPremise"),
    ),
    AuthType(
        "SAMLAssertion",
        required=("audience", "authnContextClassRef"),
        optional=("KeyStoreLocation", "KeyStorePassword"),
        signing_key_store=True,
    ),
    AuthType("SAPAssertionSSO", deprecated=True),
    AuthType("AppToAppSSO", deprecated=True),
)

AUTH_BY_NAME: dict[str, AuthType] = {a.name: a for a in AUTH_TYPES}

# Keys shown for every destination of a type, before authentication adds its own.
TYPE_REQUIRED: dict[str, tuple[str, ...]] = {
    "HTTP": ("Name", "Type", "URL", "ProxyType", "Authentication"),
    "RFC": ("Name", "Type", "jco.client.client", "jco.destination.proxy_type"),
    "LDAP": ("Name", "Type", "ldap.url"),
    "MAIL": ("Name", "Type", "mail.user"),
    "TCP": ("Name", "Type", "Address", "ProxyType"),
}
TYPE_OPTIONAL: dict[str, tuple[str, ...]] = {
    "HTTP": (
        "Description",
        "TrustStoreLocation",
        "TrustStorePassword",
        "TrustAll",
        "HostnameVerifier",
        "sap-client",
        "WebIDEEnabled",
        "WebIDEUsage",
        "HTML5.DynamicDestination",
        "HTML5.ForwardAuthToken",
        "forwardAuthToken",
    ),
    "RFC": (
        "Description",
        "jco.client.user",
        "jco.client.passwd",
        "jco.client.lang",
        "jco.client.ashost",
        "jco.client.sysnr",
        "jco.client.mshost",
        "jco.client.group",
        "jco.client.r3name",
        "CloudConnectorLocationId",
    ),
    "LDAP": ("Description", "ldap.proxyType", "ldap.authentication", "ldap.user", "ldap.password"),
    "MAIL": ("Description", "mail.password", "mail.smtp.host", "mail.smtp.port"),
    "TCP": ("Description",),
}

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
    _P("sap-client", "SAP client", _K.TEXT, "Three-digit SAP client of an ABAP system."),
    _P(
        "WebIDEEnabled",
        "WebIDE enabled",
        _K.BOOL,
        "Offer this destination in SAP Web IDE.",
        BOOL_VALUES,
    ),
    _P("WebIDEUsage", "WebIDE usage", _K.TEXT, "Comma-separated Web IDE usages, e.g. odata_gen."),
    _P(
        "HTML5.DynamicDestination",
        "HTML5 dynamic destination",
        _K.BOOL,
        "Let HTML5 applications use this destination at run time.",
        BOOL_VALUES,
    ),
    _P(
        "HTML5.ForwardAuthToken",
        "HTML5 forward auth token",
        _K.BOOL,
        "Forward the user's token to the system.",
        BOOL_VALUES,
    ),
    _P("forwardAuthToken", "Forward auth token", _K.BOOL, "Forward the user's token.", BOOL_VALUES),
    # Server trust
    _P(
        "TrustStoreLocation",
        "Trust store",
        _K.KEYSTORE,
        "Uploaded trust store with the server's CA; empty uses the JDK default trust store.",
        group="Server trust",
    ),
    _P(
        "TrustStorePassword",
        "Trust store password",
        _K.SECRET,
        "Password of the trust store; may be empty.",
        empty_allowed=True,
        group="Server trust",
    ),
    _P(
        "TrustAll",
        "Trust all server certificates",
        _K.BOOL,
        "For tests only: skips server certificate and host name checks.",
        BOOL_VALUES,
        "FALSE",
        group="Server trust",
    ),
    _P(
        "HostnameVerifier",
        "Host name verifier",
        _K.ENUM,
        "Strict checks the host name exactly; BrowserCompatible allows wildcards like browsers.",
        ("Strict", "BrowserCompatible"),
        "Strict",
        group="Server trust",
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
        "Key store for mutual TLS with the token service.",
        group="Token service",
    ),
    _P(
        "tokenService.KeyStorePassword",
        "Token service key store password",
        _K.SECRET,
        "Password of the token service key store; required for jks, p12 and pfx files.",
        group="Token service",
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
        _K.TEXT,
        "Name of a destination that provides the assertion.",
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
    _P("jco.client.client", "SAP client", _K.TEXT, "Three-digit SAP client.", group="RFC"),
    _P("jco.client.user", "User", _K.TEXT, "Logon user.", group="RFC"),
    _P("jco.client.passwd", "Password", _K.SECRET, "Logon password.", group="RFC"),
    _P("jco.client.lang", "Language", _K.TEXT, "Logon language, e.g. EN.", group="RFC"),
    _P(
        "jco.client.ashost",
        "Application server",
        _K.TEXT,
        "Host of the application server.",
        group="RFC",
    ),
    _P("jco.client.sysnr", "System number", _K.TEXT, "Two-digit system number.", group="RFC"),
    _P("jco.client.mshost", "Message server", _K.TEXT, "Host of the message server.", group="RFC"),
    _P("jco.client.group", "Logon group", _K.TEXT, "Logon group for load balancing.", group="RFC"),
    _P("jco.client.r3name", "System ID", _K.TEXT, "Three-character system ID.", group="RFC"),
    _P(
        "jco.destination.proxy_type",
        "Proxy type",
        _K.ENUM,
        "Route to the system.",
        ("Internet", "OnPremise", "Local"),
        "OnPremise",
        group="RFC",
    ),
    # LDAP
    _P("ldap.url", "LDAP URL", _K.TEXT, "ldap:// address of the directory.", group="LDAP"),
    _P(
        "ldap.proxyType",
        "Proxy type",
        _K.ENUM,
        "Route to the directory.",
        ("OnPremise",),
        "OnPremise",
        group="LDAP",
    ),
    _P(
        "ldap.authentication",
        "Authentication",
        _K.ENUM,
        "How to bind to the directory.",
        ("NoAuthentication", "BasicAuthentication"),
        group="LDAP",
    ),
    _P("ldap.user", "User", _K.TEXT, "Bind user.", group="LDAP"),
    _P("ldap.password", "Password", _K.SECRET, "Bind password.", group="LDAP"),
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
)

# Keys whose values are secrets even when the catalogue does not know them.
SECRET_SUFFIXES = ("Password", "Secret", "passwd")


def is_secret(key: str) -> bool:
    prop = BY_KEY.get(key)
    if prop is not None:
        return prop.kind is Kind.SECRET
    return key.endswith(SECRET_SUFFIXES)


def is_known(key: str) -> bool:
    return key in BY_KEY or key.startswith(KEY_FAMILIES)
