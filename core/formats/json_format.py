"""Destination service JSON: one object, an array, a find-destination response, `init_data`.

Every value of a destination is a string. Numbers and booleans are converted with a warning,
because the service stores them as strings anyway; nested values cannot be a property.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Certificate, Document, Entry, Format, InputError

# init_data's levels, in the order SAP lists them; both may be present in one file
# (use-a-config-json-to-create-or-update-a-destination-service-instance-6816d3c.md).
LEVELS = ("subaccount", "instance")
_SHAPES_HINT = (
    "expected a destination object, an array of them, a find-destination response "
    "or an init_data configuration"
)


class _Object(dict[str, Any]):
    """A JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs_hook(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    result.duplicates = tuple(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
    return result


def parse_json(data: bytes, name: str) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "JSON files must be UTF-8"
        ) from None
    try:
        root = json.loads(text, object_pairs_hook=_pairs_hook)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"{name}: is not valid JSON: nested too deeply") from None

    certificates: list[tuple[Any, str | None]] = []
    # (destination object, its level, where it sits)
    items: list[tuple[Any, str | None, tuple[str | int, ...]]]
    if isinstance(root, dict) and isinstance(root.get("destinationConfiguration"), dict):
        shape = "find_destination"
        items = [(root["destinationConfiguration"], None, ("destinationConfiguration",))]
        certificates = [
            (c, None) for c in _list(root.get("certificates", []), name, "certificates")
        ]
    elif isinstance(root, dict) and "init_data" in root:
        shape, items = "init_data", []
        init = root["init_data"]
        levels = [lv for lv in LEVELS if isinstance(init, dict) and lv in init]
        if not levels:
            raise InputError(f"{name}: init_data has no subaccount or instance object")
        for level in levels:  # SAP allows both levels in one file
            body = init[level]
            if not isinstance(body, dict):
                raise InputError(f"{name}: init_data {level} is {_a(_kind(body))}, not an object")
            found = _list(body.get("destinations", []), name, f"init_data {level} destinations")
            items += [
                (item, level, ("init_data", level, "destinations", i))
                for i, item in enumerate(found)
            ]
            certificates += [
                (c, level)
                for c in _list(
                    body.get("certificates", []), name, f"init_data {level} certificates"
                )
            ]
    elif isinstance(root, dict):
        shape, items = "object", [(root, None, ())]
    elif isinstance(root, list):
        shape, items = "array", [(item, None, (i,)) for i, item in enumerate(root)]
    else:
        raise InputError(f"{name}: is JSON but holds {_a(_kind(root))}; {_SHAPES_HINT}")
    if not items:
        raise InputError(f"{name}: holds no destinations")
    entries = tuple(
        replace(_entry(item, i, name, len(items) > 1), level=level, where=where)
        for i, (item, level, where) in enumerate(items)
    )
    return Document(
        Format.JSON,
        shape,
        entries,
        tuple(_certificate(c, level, name) for c, level in certificates),
        root,
    )


def _list(value: Any, name: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{name}: {what} is {_a(_kind(value))}, not an array")
    return value


def _kind(value: Any) -> str:
    for kind, name in ((dict, "object"), (list, "array"), (str, "string"), (bool, "boolean")):
        if isinstance(value, kind):
            return name
    return "number" if isinstance(value, int | float) else "null"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _entry(item: Any, index: int, name: str, many: bool) -> Entry:
    where = f"item {index + 1}" if many else "the destination"
    if not isinstance(item, dict):
        raise InputError(
            f"{name}: {where} is {_a(_kind(item))}, not a destination object; {_SHAPES_HINT}"
        )
    findings = [
        Finding(
            Severity.WARNING,
            "json.duplicate_key",
            f"{key} appears more than once; the last value counts.",
            key,
        )
        for key in getattr(item, "duplicates", ())
    ]
    pairs: list[tuple[str, str]] = []
    for key, value in item.items():
        if isinstance(value, str):
            pairs.append((key, value))
        elif isinstance(value, dict | list):
            raise InputError(
                f"{name}: property {key} of {where} holds a nested {_kind(value)}; "
                "destination values must be strings"
            )
        else:
            text = as_text(value)
            pairs.append((key, text))
            findings.append(
                Finding(
                    Severity.WARNING,
                    "json.value_converted",
                    f'{key} is a JSON {_kind(value)}; it was read as the string "{text}".',
                    key,
                )
            )
    return Entry(Destination.of(pairs), tuple(findings))


def as_text(value: Any) -> str:
    """A JSON scalar as the string the service stores."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return json.dumps(value)


def _field(item: dict[str, Any], key: str) -> Any:
    # The service writes Name, Type, Content; some tools write them in lower case.
    return item[key] if key in item else item.get(key.lower())


def _certificate(item: Any, level: str | None, name: str) -> Certificate:
    if (
        not isinstance(item, dict)
        or not isinstance(_field(item, "Name"), str)
        or not isinstance(_field(item, "Content"), str)
    ):
        raise InputError(f"{name}: a certificate lacks its Name or Content string")
    kind = _field(item, "Type")
    return Certificate(
        _field(item, "Name"),
        kind if isinstance(kind, str) else None,
        _field(item, "Content"),
        level,
    )


def render_json(destinations: Sequence[Destination]) -> bytes:
    body: Any = dict(destinations[0]) if len(destinations) == 1 else [dict(d) for d in destinations]
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
