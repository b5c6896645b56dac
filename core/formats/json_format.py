"""Destination service JSON: one object, an array, a find-destination response, `init_data`.

Every value of a destination is a string. Numbers and booleans are converted with a warning,
because the service stores them as strings anyway; nested values cannot be a property.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Certificate, Document, Entry, Format, InputError

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

    certificates: list[Any] = []
    if isinstance(root, dict) and isinstance(root.get("destinationConfiguration"), dict):
        shape, items = "find_destination", [root["destinationConfiguration"]]
        certificates = _list(root.get("certificates", []), name, "certificates")
    elif isinstance(root, dict) and "init_data" in root:
        shape = "init_data"
        init = root["init_data"]
        level = init.get("subaccount", init.get("instance")) if isinstance(init, dict) else None
        if not isinstance(level, dict):
            raise InputError(f"{name}: init_data has no subaccount or instance object")
        items = _list(level.get("destinations", []), name, "init_data destinations")
        certificates = _list(level.get("certificates", []), name, "init_data certificates")
    elif isinstance(root, dict):
        shape, items = "object", [root]
    elif isinstance(root, list):
        shape, items = "array", root
    else:
        raise InputError(f"{name}: is JSON but holds {_a(_kind(root))}; {_SHAPES_HINT}")
    if not items:
        raise InputError(f"{name}: holds no destinations")
    entries = tuple(_entry(item, i, name, len(items) > 1) for i, item in enumerate(items))
    return Document(Format.JSON, shape, entries, tuple(_certificate(c, name) for c in certificates))


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
            text = (
                ""
                if value is None
                else ("TRUE" if value is True else "FALSE")
                if isinstance(value, bool)
                else json.dumps(value)
            )
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


def _certificate(item: Any, name: str) -> Certificate:
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("Name"), str)
        or not isinstance(item.get("Content"), str)
    ):
        raise InputError(f"{name}: a certificate lacks its Name or Content string")
    kind = item.get("Type")
    return Certificate(item["Name"], kind if isinstance(kind, str) else None, item["Content"])


def render_json(destinations: Sequence[Destination]) -> bytes:
    body: Any = dict(destinations[0]) if len(destinations) == 1 else [dict(d) for d in destinations]
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
