"""Check a destination against SAP's rules and say what is wrong in plain sentences.

`validate(destination, context)` returns findings with stable codes (documented in the README).
What the destination alone cannot tell (its folder, stored secrets, the clock) comes from the
`Context`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.text import escaped
from core.reading import what_is
from core.rules import FieldState, Visibility, shared_field_states
from core.schema import (
    BOOL_VALUES,
    BY_KEY,
    HTML5_PAGE,
    Kind,
    Property,
    auth_named,
    fold,
    is_known,
    is_secret,
    match,
    type_named,
)

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
NAME_MAX = 200
KEYSTORE_KEYS = ("KeyStoreLocation", "TrustStoreLocation", "tokenService.KeyStoreLocation")


@dataclass(frozen=True)
class Context:
    folder: Path | None = None  # where the destination file lives; key stores are looked up here
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Tells whether a secret property is held elsewhere (the OS keyring) though absent here.
    secret_stored: Callable[[str], bool] = lambda key: False
    # Key stores the destination's own file carries (Document.carried), by Name.
    carried: frozenset[str] = frozenset()


def validate(destination: Destination, context: Context | None = None) -> list[Finding]:
    context = context or Context()
    states = shared_field_states(destination)
    findings: list[Finding] = []
    add = findings.append

    for key in _judged(states, destination):
        state = states[key]
        value = destination.get(key)
        spec = BY_KEY[key]
        present = value is not None and (value.strip() != "" or spec.empty_allowed)
        if state.visibility is Visibility.REQUIRED and not present:
            if is_secret(key) and context.secret_stored(key):
                continue
            what = "must be present (it may be empty)" if spec.empty_allowed else "is required"
            add(Finding(ERR, "property.required", f"{state.label} ({key}) {what}.", key))
        elif state.visibility is Visibility.HIDDEN and value is not None and value.strip():
            add(Finding(WARN, "property.ignored", f"{key} is set but ignored {state.reason}.", key))

    for key, value in destination.items_:
        prop = BY_KEY.get(key)
        if prop is None:
            if not is_known(key):
                add(
                    Finding(
                        INFO,
                        "property.unknown",
                        f"{key} is not a property this tool knows; it is kept as it is.",
                        key,
                    )
                )
            continue
        if not value.strip() or not states[key].shown:
            continue
        if prop.kind is Kind.BOOL and match(value, BOOL_VALUES) is None:
            add(
                Finding(
                    ERR, "value.not_boolean", f'{key} must be TRUE or FALSE, not "{value}".', key
                )
            )
        elif prop.kind is Kind.ENUM and value not in prop.allowed:
            spelled = match(value, prop.allowed)
            if spelled:
                add(
                    Finding(
                        WARN,
                        "value.case",
                        f'{key} should be written "{spelled}", not "{value}".',
                        key,
                    )
                )
            else:
                add(
                    Finding(
                        ERR,
                        "value.not_allowed",
                        f'{key} "{value}" is not one of: {", ".join(prop.allowed)}.',
                        key,
                    )
                )
        elif prop.kind is Kind.NUMBER and not _digits(value).isdecimal():
            add(
                Finding(
                    ERR,
                    "value.not_number",
                    f'{key} must be a whole number, not "{_clipped(value)}".',
                    key,
                )
            )
        elif prop.kind is Kind.NUMBER and not prop.bounds and _negative(value):
            # No range documented for it (e.g. mail.smtp.port): say only what is wrong.
            add(
                Finding(
                    ERR,
                    "value.not_number",
                    f'{key} must not be negative, not "{_clipped(value.strip())}".',
                    key,
                )
            )
        elif prop.bounds and (_negative(value) or not _within(prop, _digits(value))):
            low, high = prop.bounds
            off = "" if prop.off_value is None else f"{prop.off_value} (off) or "
            add(
                Finding(
                    WARN,
                    "value.out_of_range",
                    f"{key} is {_clipped(value.strip())}; SAP documents {off}{low} to {high}.",
                    key,
                )
            )
        elif prop.kind is Kind.URL:
            findings.extend(_check_url(key, value))

    for key in (k for k, v in destination.items_ if v and is_secret(k)):
        findings.append(
            Finding(
                WARN,
                "secret.in_file",
                f"{key} holds a password in clear text; move it into the OS keyring "
                "(destination-cli secret import, or save the destination in the editor).",
                key,
            )
        )
    findings.extend(_check_name(destination))
    findings.extend(_check_auth(destination))
    findings.extend(_check_keystore_files(destination, states, context))
    return findings


# Catalogue order, in which the required and ignored properties are reported.
_ORDER = {key: position for position, key in enumerate(BY_KEY)}
# Per set of field states (shared by every destination of its combination, core.rules): its
# required keys in catalogue order, and its hidden keys.
_GROUPS: dict[int, tuple[dict[str, FieldState], tuple[str, ...], frozenset[str]]] = {}


def _judged(states: dict[str, FieldState], destination: Destination) -> Sequence[str]:
    """The catalogue keys that may get a required or ignored finding, in catalogue order: the
    required ones and the hidden ones the destination sets. The optional rest of the catalogue,
    most of it, has nothing to say either way."""
    group = _GROUPS.get(id(states))
    if group is None or group[0] is not states:  # the id of a set of states no longer kept
        if len(_GROUPS) >= 4096:
            _GROUPS.clear()
        group = _GROUPS[id(states)] = (
            states,
            tuple(k for k, s in states.items() if s.visibility is Visibility.REQUIRED),
            frozenset(k for k, s in states.items() if s.visibility is Visibility.HIDDEN),
        )
    required, hidden = group[1], group[2]
    ignored = [key for key in destination if key in hidden]
    if not ignored:
        return required
    return sorted((*required, *ignored), key=_ORDER.__getitem__)


def _digits(value: str) -> str:
    """A number's digits without its sign: "-1" is a whole number (below every range SAP
    documents), not a word, and "+5" is 5, as Java's Integer.parseInt reads them."""
    number = value.strip()
    return number[1:] if number[:1] in ("-", "+") else number


def _negative(value: str) -> bool:
    """Whether a whole number is below zero ("-0" is zero, as Java's Integer.parseInt reads it)."""
    return value.strip()[:1] == "-" and _digits(value).strip("0") != ""


def _within(prop: Property, digits: str) -> bool:
    """Whether a whole number (decimal digits) is one SAP documents for this property: in its
    range or its "off"."""
    assert prop.bounds is not None
    low, high = prop.bounds
    digits = digits.lstrip("0") or "0"
    if len(digits) > 18:  # far above every bound, and int() refuses past 4300 digits
        return False
    number = int(digits)
    return low <= number <= high or number == prop.off_value


def _clipped(value: str, limit: int = 40) -> str:
    """A value as a message quotes it: a hostile file's megabyte value shortened."""
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value)} characters)"


def _check_name(d: Destination) -> list[Finding]:
    name = d.get("Name", "")
    if not name.strip():
        return []  # already reported as required
    out = []
    if not NAME_RE.match(name):
        bad = "".join(sorted({c for c in name if not re.match(r"[A-Za-z0-9_-]", c)}))
        out.append(
            Finding(
                ERR,
                "name.characters",
                f"Name may hold only letters, digits, _ and -; it contains {bad!r}.",
                "Name",
            )
        )
    if len(name) > NAME_MAX:
        out.append(
            Finding(
                ERR,
                "name.length",
                f"Name is {len(name)} characters long; the limit is {NAME_MAX}.",
                "Name",
            )
        )
    return out


def _check_url(key: str, value: str) -> list[Finding]:
    text = value.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return [Finding(ERR, "url.syntax", f"{key} is not a valid URL: {exc}.", key)]
    if parts.scheme.lower() not in ("http", "https"):
        return [Finding(ERR, "url.scheme", f"{key} must start with http:// or https://.", key)]
    if not parts.hostname or len(text.split()) != 1:  # split() cuts at what isspace() sees
        return [Finding(ERR, "url.syntax", f'{key} "{value}" has no valid host name.', key)]
    return []


def _check_auth(d: Destination) -> list[Finding]:
    dtype = type_named((d.get("Type") or "").strip() or "HTTP")
    if dtype is None or dtype.name != "HTTP":
        return []
    auth = auth_named(d.get("Authentication"))
    if auth is None:
        return []
    out = []
    url = fold(d.get("URL"))
    proxy_value = (d.get("ProxyType") or "Internet").strip()
    proxy = match(proxy_value, BY_KEY["ProxyType"].allowed)
    if auth.deprecated:
        out.append(
            Finding(
                WARN,
                "auth.deprecated",
                f"{auth.name} is a legacy Neo authentication type; prefer a current one.",
                "Authentication",
            )
        )
    if auth.needs_https and url.startswith("http://"):
        out.append(Finding(ERR, "url.https_required", f"{auth.name} needs an https:// URL.", "URL"))
    if proxy is not None and proxy not in auth.proxy_types:
        out.append(
            Finding(
                ERR,
                "proxy.not_allowed",
                f"{auth.name} allows ProxyType {' or '.join(auth.proxy_types)}, not {proxy}.",
                "ProxyType",
            )
        )
    if d.flag("TrustAll") and url.startswith("https://"):
        out.append(
            Finding(
                WARN,
                "trustall.enabled",
                "TrustAll is TRUE: the server's certificate "
                "and host name are not checked. Use it for tests only.",
                "TrustAll",
            )
        )
    if d.flag("HTML5.ForwardAuthToken"):
        # configure-destinations-html5 page: not with OnPremise, and only with NoAuthentication.
        why = []
        if proxy == "OnPremise":
            why.append("ProxyType is OnPremise")
        if auth.name != "NoAuthentication":
            why.append(f"Authentication is {auth.name}, not NoAuthentication")
        if why:
            out.append(
                Finding(
                    WARN,
                    "html5.forward_auth_token",
                    f"HTML5.ForwardAuthToken should not be TRUE: {' and '.join(why)} "
                    f"(SAP's {HTML5_PAGE}).",
                    "HTML5.ForwardAuthToken",
                )
            )
    return out


def _check_keystore_files(
    d: Destination, states: dict[str, FieldState], context: Context
) -> list[Finding]:
    if context.folder is None:
        return []
    out = []
    for key in KEYSTORE_KEYS:
        value = (d.get(key) or "").strip()
        state = states[key]
        if not value or not state.shown:
            continue
        if "/" in value or "\\" in value:
            out.append(
                Finding(
                    ERR,
                    "keystore.location.path",
                    f'{key} must be a file name, not a path: "{value}".',
                    key,
                )
            )
            continue
        there = what_is(context.folder / value)
        if there is None or (there == "missing" and value in context.carried):
            continue  # a key store file, or one the destination's own file carries
        if there == "missing":
            near = [p.name for p in context.folder.iterdir() if p.name.lower() == value.lower()]
            hint = f" ({near[0]} differs only in case; the name must match exactly)" if near else ""
            message = f"{key} names {value}, which is not in the destination's folder{hint}."
        else:
            message = f"{key} names {escaped(value)}, which is {there}, not a key store file."
        # An error everywhere: the service cannot use a key store it was not given.
        out.append(Finding(ERR, "keystore.location.missing", message, key))
    return out
