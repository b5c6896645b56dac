"""Which properties apply to a destination, given its current values.

`field_states(values)` answers, for every catalogue property, whether it is required, optional
or hidden, with the label to show and, when hidden, why. The conditional rules are a table of
data (`RULES`), each naming the SAP page it comes from; the evaluator below is the only code
path, shared by the form and validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.destination import Destination
from core.schema import (
    AUTH_BY_NAME,
    BY_KEY,
    LDAP_TP_PAGE,
    PROPERTIES,
    RFC_LOGON_PAGE,
    RFC_TARGET_PAGE,
    SERVER_CERT_PAGE,
    X509_PAGE,
    auth_named,
    fold,
    type_named,
)


class Visibility(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class FieldState:
    visibility: Visibility
    label: str
    reason: str = ""  # why a property is hidden, as the end of a sentence ("because ...")

    @property
    def shown(self) -> bool:
        return self.visibility is not Visibility.HIDDEN


# --- conditions: small, comparable data -------------------------------------------------------


@dataclass(frozen=True)
class Is:
    """The key's value is one of `values` (compared by `schema.fold`; absent counts as
    `absent_as`)."""

    key: str
    values: tuple[str, ...]
    absent_as: str = ""

    def __post_init__(self) -> None:
        # Normalised once: every destination of a workspace is judged against these.
        object.__setattr__(self, "_folded", frozenset(fold(x) for x in self.values))

    def holds(self, v: Mapping[str, str]) -> bool:
        value = v.get(self.key)
        if value is None or not value.strip():
            value = self.absent_as
        return fold(value) in self._folded  # type: ignore[attr-defined]


@dataclass(frozen=True)
class IsSet:
    key: str

    def holds(self, v: Mapping[str, str]) -> bool:
        return bool((v.get(self.key) or "").strip())


@dataclass(frozen=True)
class StartsWith:
    key: str
    prefix: str

    def holds(self, v: Mapping[str, str]) -> bool:
        return fold(v.get(self.key)).startswith(fold(self.prefix))


@dataclass(frozen=True)
class EndsWith:
    key: str
    suffixes: tuple[str, ...]

    def holds(self, v: Mapping[str, str]) -> bool:
        return fold(v.get(self.key)).endswith(tuple(fold(s) for s in self.suffixes))


@dataclass(frozen=True)
class Not:
    cond: Condition

    def holds(self, v: Mapping[str, str]) -> bool:
        return not self.cond.holds(v)


@dataclass(frozen=True)
class All:
    conds: tuple[Condition, ...]

    def holds(self, v: Mapping[str, str]) -> bool:
        return all(c.holds(v) for c in self.conds)


Condition = Is | IsSet | StartsWith | EndsWith | Not | All


@dataclass(frozen=True)
class Rule:
    source: str  # the SAP page (file name) the rule comes from
    when: Condition
    then: Mapping[str, Visibility]
    reason: str = ""  # used for the properties this rule hides
    labels: Mapping[str, str] = field(default_factory=dict)


REQ, OPT, HID = Visibility.REQUIRED, Visibility.OPTIONAL, Visibility.HIDDEN
CCA = "ClientCertificateAuthentication"
CCA_PAGE = AUTH_BY_NAME[CCA].source
_CCA = Is("Authentication", (CCA,))
_CLIENT_PROVIDED = Is("KeyStore.Source", ("ClientProvided",))
_HTTP = Is("Type", ("HTTP",), absent_as="HTTP")
_RFC = Is("Type", ("RFC",))
_ON_PREMISE = Is("ProxyType", ("OnPremise",))
_TRUST = ("TrustStoreLocation", "TrustStorePassword", "TrustAll", "HostnameVerifier")
_SAML = tuple(a.name for a in AUTH_BY_NAME.values() if a.signing_key_store)
_TOKEN_KS = tuple(
    a.name for a in AUTH_BY_NAME.values() if "tokenService.KeyStoreLocation" in a.optional
)
# The technical user propagation page documents a token-service key store although the type is
# OnPremise only; its own page is the more specific one, so the Internet-only rule spares it.
_TOKEN_KS_INTERNET_ONLY = tuple(a for a in _TOKEN_KS if a != "OAuth2TechnicalUserPropagation")
SAML_BEARER_PAGE = AUTH_BY_NAME["OAuth2SAMLBearerAssertion"].source

# Applied in order after the type and authentication defaults; a later rule wins.
RULES: tuple[Rule, ...] = (
    # The seed's rule, kept as the product implements it (the page says only "can be set empty").
    Rule(
        CCA_PAGE,
        All((_HTTP, _CCA, Not(_CLIENT_PROVIDED))),
        {"KeyStoreLocation": REQ, "KeyStorePassword": REQ},
    ),
    Rule(
        CCA_PAGE,
        All((_HTTP, _CCA, _CLIENT_PROVIDED)),
        {"KeyStoreLocation": OPT, "KeyStorePassword": HID},
        reason="because KeyStore.Source is ClientProvided and KeyStoreLocation is empty",
    ),
    Rule(
        CCA_PAGE,
        All((_HTTP, _CCA, _CLIENT_PROVIDED, IsSet("KeyStoreLocation"))),
        {"KeyStorePassword": OPT},
    ),
    Rule(
        SAML_BEARER_PAGE,
        All((_HTTP, Is("Authentication", _SAML))),
        {},
        labels={
            "KeyStoreLocation": "Signing key store",
            "KeyStorePassword": "Signing key store password",
        },
    ),
    Rule(
        SAML_BEARER_PAGE,
        All(
            (
                _HTTP,
                Is("Authentication", ("OAuth2SAMLBearerAssertion",)),
                Is("SAMLAssertionProvider", ("ClientProvided",)),
            )
        ),
        {"audience": HID},
        reason="because SAMLAssertionProvider is ClientProvided (the application brings the "
        "assertion)",
    ),
    Rule(
        X509_PAGE,
        All(
            (
                _HTTP,
                Is("Authentication", _TOKEN_KS),
                IsSet("tokenService.KeyStoreLocation"),
                EndsWith("tokenService.KeyStoreLocation", (".jks", ".p12", ".pfx")),
            )
        ),
        {"tokenService.KeyStorePassword": REQ},
    ),
    # "OAuth with X.509 is only supported for ProxyType=Internet". A token service routed over
    # the Internet by tokenServiceURL.ProxyType counts as Internet too.
    Rule(
        X509_PAGE,
        All(
            (
                _HTTP,
                Is("Authentication", _TOKEN_KS_INTERNET_ONLY),
                Not(Is("ProxyType", ("Internet",), absent_as="Internet")),
                Not(Is("tokenServiceURL.ProxyType", ("Internet",))),
            )
        ),
        {"tokenService.KeyStoreLocation": HID, "tokenService.KeyStorePassword": HID},
        reason="because token service mutual TLS works only with ProxyType Internet",
    ),
    Rule(
        AUTH_BY_NAME["NoAuthentication"].source,
        All((_HTTP, _ON_PREMISE)),
        {"CloudConnectorLocationId": OPT},
    ),
    Rule(
        SERVER_CERT_PAGE,
        All((_HTTP, _ON_PREMISE)),
        dict.fromkeys(_TRUST, HID),
        reason="because ProxyType is OnPremise (the Cloud Connector handles the server connection)",
    ),
    Rule(
        SERVER_CERT_PAGE,
        All((_HTTP, StartsWith("URL", "http://"))),
        dict.fromkeys(_TRUST, HID),
        reason="because the URL uses http://, not https://",
    ),
    Rule(
        SERVER_CERT_PAGE,
        All((_HTTP, Is("TrustAll", ("TRUE",)))),
        {"TrustStoreLocation": HID, "TrustStorePassword": HID, "HostnameVerifier": HID},
        reason="because TrustAll is TRUE",
    ),
    Rule(
        "create-tcp-destinations-fe8306a.md",
        All((Is("Type", ("TCP",)), _ON_PREMISE)),
        {"CloudConnectorLocationId": OPT},
    ),
    Rule(
        RFC_TARGET_PAGE,
        All((_RFC, IsSet("jco.client.wshost"))),
        {"jco.client.client": OPT},
    ),
    Rule(
        RFC_TARGET_PAGE,
        All((_RFC, Is("jco.destination.proxy_type", ("OnPremise",)))),
        dict.fromkeys(
            (
                "TrustStoreLocation",
                "TrustStorePassword",
                "jco.client.tls_trust_all",
                "jco.destination.ws_ping_period",
                "jco.destination.ws_pong_timeout",
            ),
            HID,
        ),
        reason="because jco.destination.proxy_type is OnPremise",
    ),
    Rule(
        RFC_LOGON_PAGE,
        All((_RFC, Is("jco.destination.auth_type", ("TechnicalUserPropagation",)))),
        dict.fromkeys(
            (
                "jco.client.tech_user_id",
                "jco.client.tech_user_secret",
                "jco.client.tech_user_service_url",
            ),
            REQ,
        ),
    ),
    Rule(
        RFC_LOGON_PAGE,
        All((_RFC, Is("jco.client.tls_client_certificate_logon", ("1",)))),
        {
            "KeyStoreLocation": REQ,
            "jco.client.user": HID,
            "jco.client.alias_user": HID,
            "jco.client.passwd": HID,
        },
        reason="because jco.client.tls_client_certificate_logon is 1 (the client certificate "
        "logs on)",
    ),
    Rule(
        LDAP_TP_PAGE,
        All((Is("Type", ("LDAP",)), Is("ldap.authentication", ("BasicAuthentication",)))),
        {"ldap.user": REQ, "ldap.password": REQ},
    ),
)


# The states depend only on Type, Authentication and which rules hold: a workspace of thousands
# of destinations has a handful of such combinations, so each is worked out once.
_MEMO: dict[tuple[object, ...], dict[str, FieldState]] = {}
_MEMO_LIMIT = 4096


Leaf = Is | IsSet | StartsWith | EndsWith


def _leaves(cond: Condition) -> list[Leaf]:
    if isinstance(cond, Not):
        return _leaves(cond.cond)
    if isinstance(cond, All):
        return [leaf for c in cond.conds for leaf in _leaves(c)]
    return [cond]


# Which rules hold follows from the leaf conditions, and each leaf reads one key: the leaves'
# outcomes for a key's value are remembered per value (a workspace repeats its Types,
# Authentications and ProxyTypes), so a destination costs a dict lookup per key, not a walk of
# every rule.
_LEAVES: dict[str, list[Leaf]] = {}
for _rule in RULES:
    for _leaf in _leaves(_rule.when):
        if _leaf not in _LEAVES.setdefault(_leaf.key, []):
            _LEAVES[_leaf.key].append(_leaf)
_OUTCOMES: dict[str, dict[str | None, tuple[bool, ...]]] = {key: {} for key in _LEAVES}
_OUTCOMES_LIMIT = 256  # values remembered per key (a URL is seldom repeated)
_OUTCOME_VALUE_MAX = 256  # characters of a value worth remembering


_TABLE = tuple((key, leaves, _OUTCOMES[key]) for key, leaves in _LEAVES.items())


def _outcomes(values: Mapping[str, str]) -> tuple[tuple[bool, ...], ...]:
    out = []
    get = values.get
    for key, leaves, known in _TABLE:
        value = get(key)
        found = known.get(value)
        if found is None:
            found = tuple(leaf.holds(values) for leaf in leaves)
            if len(known) < _OUTCOMES_LIMIT and (value is None or len(value) <= _OUTCOME_VALUE_MAX):
                known[value] = found
        out.append(found)
    return tuple(out)


def field_states(values: Mapping[str, str]) -> dict[str, FieldState]:
    """The state of every catalogue property for these values."""
    return dict(shared_field_states(values))  # a copy: callers may change theirs


def shared_field_states(values: Mapping[str, str]) -> dict[str, FieldState]:
    """`field_states`, shared with every destination of the same combination: read it, never
    change it."""
    remembered = values.states_memo() if isinstance(values, Destination) else None
    if remembered is not None:
        return remembered  # type: ignore[no-any-return]
    memo_key = (values.get("Type"), values.get("Authentication"), _outcomes(values))
    found = _MEMO.get(memo_key)
    if found is None:
        held = tuple(rule.when.holds(values) for rule in RULES)
        found = _field_states(values, held)
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[memo_key] = found
    if isinstance(values, Destination):
        values.remember_states(found)
    return found


def _field_states(values: Mapping[str, str], held: tuple[bool, ...]) -> dict[str, FieldState]:
    dtype_name = (values.get("Type") or "HTTP").strip() or "HTTP"
    dtype = type_named(dtype_name)
    vis: dict[str, Visibility] = dict.fromkeys(BY_KEY, HID)
    reasons: dict[str, str] = {}
    if dtype is None:
        # An unknown type: show the keys every destination has and leave the rest alone.
        vis["Name"] = vis["Type"] = REQ
        vis["Description"] = OPT
        reasons = dict.fromkeys(
            BY_KEY, f"because Type {dtype_name} is not a known destination type"
        )
    else:
        for key in dtype.optional:
            vis[key] = OPT
        for key in dtype.required:
            vis[key] = REQ
        for key in BY_KEY:
            reasons[key] = f"because Type is {dtype.name}"
    if dtype is not None and "Authentication" in dtype.required:
        auth = auth_named(values.get("Authentication"))
        own = {*dtype.required, *dtype.optional}
        for key in {k for a in AUTH_BY_NAME.values() for k in (*a.required, *a.optional)} - own:
            vis[key] = HID
            reasons[key] = (
                f"because Authentication is {auth.name}"
                if auth
                else "because no known Authentication is set"
            )
        if auth is not None:
            for key in set(auth.optional) - own:
                vis[key] = OPT
            for key in set(auth.required) - own:
                vis[key] = OPT if dtype.auth_keys_optional else REQ
    labels = {p.key: p.label for p in PROPERTIES}
    for rule, holds in zip(RULES, held, strict=True):
        if holds:
            for key, visibility in rule.then.items():
                vis[key] = visibility
                if visibility is HID and rule.reason:
                    reasons[key] = rule.reason
            labels.update(rule.labels)
    return {
        key: FieldState(vis[key], labels[key], reasons.get(key, "") if vis[key] is HID else "")
        for key in BY_KEY
    }


def offered_values(key: str, values: Mapping[str, str]) -> tuple[str, ...]:
    """The values a form should offer for an enum or bool property, given the other values.

    The cockpit only offers ClientCertificateAuthentication once the URL is https://.
    """
    prop = BY_KEY[key]
    allowed = prop.allowed
    if key == "Authentication" and StartsWith("URL", "http://").holds(values):
        current = (values.get(key) or "").strip()
        allowed = tuple(a for a in allowed if a != CCA or a == current)
    return allowed
