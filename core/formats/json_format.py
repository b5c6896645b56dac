"""Destination service JSON: one object, an array, a find-destination response, `init_data`.

Every value of a destination is a string. Numbers and booleans are converted with a warning,
because the service stores them as strings anyway; nested values cannot be a property.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Certificate, Document, Entry, Format, InputError
from core.formats.text import unencodable

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


MAX_DEPTH = 32  # the deepest shape read here, init_data, nests 5 levels
MAX_NUMBER = 100  # digits: destination values are strings; a number is converted to one
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _TooLong(ValueError):
    pass


class _Number(str):
    """A JSON number, kept as the text it was written as."""


def _number(text: str) -> _Number:
    if len(text) > MAX_NUMBER:
        raise _TooLong(text[:20])
    return _Number(text)


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
        # Numbers stay text until a destination value needs them: Python refuses to convert
        # integers over 4,300 digits, and a value is a string anyway.
        root = json.loads(
            text,
            object_pairs_hook=_pairs_hook,
            parse_int=_number,
            parse_float=_number,
            parse_constant=_number,
        )
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
    if isinstance(value, _Number):
        return "number"
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
        if isinstance(value, str) and not isinstance(value, _Number):
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
                else str(value)
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
    findings.extend(unencodable(pairs))
    return Entry(Destination.of(pairs), tuple(findings))


def _certificate(item: Any, name: str) -> Certificate:
    if (
        not isinstance(item, dict)
        or type(item.get("Name")) is not str
        or type(item.get("Content")) is not str
    ):
        raise InputError(f"{name}: a certificate lacks its Name or Content string")
    kind = item.get("Type")
    return Certificate(item["Name"], kind if isinstance(kind, str) else None, item["Content"])


def render_json(destinations: Sequence[Destination]) -> bytes:
    body: Any = dict(destinations[0]) if len(destinations) == 1 else [dict(d) for d in destinations]
    text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (reported as text.unencodable) is kept as its \u escape: valid JSON
        # that reads back to the same value.
        return (json.dumps(body, indent=2) + "\n").encode("ascii")
