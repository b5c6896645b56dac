"""Destination service JSON: one object, an array, a find-destination response, `init_data`.

Every value of a destination is a string. Numbers and booleans are converted with a warning,
because the service stores them as strings anyway; nested values cannot be a property.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Certificate, Document, Entry, Format, InputError
from core.formats.text import unencodable

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


# init_data nests destinations 5 levels deep, but a wrapper field may hold any JSON and is kept
# as it is; json's parser recurses, so a bound below Python's recursion limit gives a sentence
# instead of a RecursionError, and a one-pass check refuses far deeper files before parsing.
MAX_DEPTH = 800
MAX_NUMBER = 100  # characters: destination values are strings; a number is converted to one
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _TooLong(ValueError):
    pass


def _int(text: str) -> int:
    # Checked before int(): Python refuses over 4,300 digits with a ValueError of its own, and
    # converting a long number costs quadratic time.
    if len(text) > MAX_NUMBER:
        raise _TooLong(text[:20])
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER:
        raise _TooLong(text[:20])
    return float(text)


def _nesting(text: str) -> int:
    """The deepest nesting of arrays and objects, found in one pass that skips strings (json's
    own parser recurses and would stop with a RecursionError, or a crash, far deeper)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def parse_json(data: bytes, name: str) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "JSON files must be UTF-8"
        ) from None
    if _nesting(text) > MAX_DEPTH:
        raise InputError(
            f"{name}: nests arrays or objects more than {MAX_DEPTH} levels deep; no destination "
            "file does, so this is not one"
        )
    try:
        root = json.loads(text, object_pairs_hook=_pairs_hook, parse_int=_int, parse_float=_float)
    except _TooLong:
        raise InputError(
            f"{name}: holds a number of more than {MAX_NUMBER} digits; destination values are "
            "short strings, so this is not a destination file"
        ) from None
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
    findings.extend(unencodable(pairs))
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
    text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (reported as text.unencodable) is kept as its \u escape: valid JSON
        # that reads back to the same value.
        return (json.dumps(body, indent=2) + "\n").encode("ascii")
