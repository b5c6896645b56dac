"""Changing one destination of a file that holds several, and nothing else.

A JSON document is rewritten from the value it was read as: every other destination, the
certificates, wrapper fields (init_data's policies, a find-destination response's owner) and
unknown fields keep their values and order. In the changed destination, a value that still reads
the same keeps its JSON type (a number stays a number).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from core.destination import Destination
from core.errors import InputError
from core.formats.document import Document, Format
from core.formats.io import MAX_FILE_SIZE
from core.formats.json_format import LEVELS, as_text
from core.formats.properties import render_properties


def replace_entry(document: Document, index: int, destination: Destination) -> bytes:
    """The file's bytes with destination `index` replaced."""
    entry = document.entries[index]
    if document.format is Format.PROPERTIES:
        return render_properties(destination, entry.layout)
    root = _copy_path(document.root, entry.where)
    parent, key = _slot(root, entry.where)
    if parent is None:
        root = _merged(root, destination)
    else:
        parent[key] = _merged(parent[key], destination)
    return _dump(root)


def add_entry(document: Document, destination: Destination, level: str | None = None) -> bytes:
    """The file's bytes with `destination` added after the others (of its init_data level)."""
    name = destination.name
    if document.format is Format.PROPERTIES:
        raise InputError("a .properties file holds exactly one destination; add it to a new file")
    if document.shape == "find_destination":
        raise InputError("a find-destination response holds one destination; add it to a new file")
    root = _copy_path(document.root, ("init_data", "subaccount", "destinations"))
    root = _copy_path(root, ("init_data", "instance", "destinations"))
    if document.shape == "init_data":
        level = level or next(lv for lv in LEVELS if lv in root["init_data"])
        if level not in LEVELS:
            raise InputError(f"init_data has no level {level}; it has subaccount and instance")
    else:
        level = None
    # Names are unique per file, or per level of an init_data file (SAP keeps both levels apart).
    if any(e.destination.name == name and e.level == level for e in document.entries):
        raise InputError(f"the file already holds a destination named {name}")
    new = dict(destination)
    if document.shape == "object":
        return _dump([root, new])
    if document.shape == "array":
        return _dump([*root, new])
    init = root["init_data"]
    body = init.setdefault(level, {})
    body.setdefault("destinations", []).append(new)
    return _dump(root)


def remove_entry(document: Document, index: int) -> bytes:
    """The file's bytes without destination `index`."""
    if len(document.entries) == 1:
        raise InputError("it is the file's only destination; delete the file instead")
    entry = document.entries[index]
    root = _copy_path(document.root, entry.where)
    parent, key = _slot(root, entry.where)
    assert isinstance(parent, list) and isinstance(key, int)
    del parent[key]
    return _dump(root)


def _copy_path(root: Any, where: tuple[str | int, ...]) -> Any:
    """`root` with fresh copies of the containers along `where` (as far as they exist), so the
    change leaves the document read untouched; the rest is shared, not deep-copied, since a
    wrapper field may be nested as deep as the JSON parser allows."""
    top = copy.copy(root)
    node = top
    for step in where:
        try:
            child = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if not isinstance(child, dict | list):
            break
        node[step] = copy.copy(child)
        node = node[step]
    return top


def _slot(root: Any, where: tuple[str | int, ...]) -> tuple[Any, str | int]:
    """The container holding the destination object, and its key there (None for the root)."""
    if not where:
        return None, 0
    node = root
    for step in where[:-1]:
        node = node[step]
    return node, where[-1]


def _merged(original: dict[str, Any], destination: Destination) -> dict[str, Any]:
    """The destination as a JSON object, keeping the original's JSON value where it reads the
    same, so an unchanged `"Timeout": 5` is not turned into a string."""
    return {
        key: original[key]
        if key in original
        and not isinstance(original[key], dict | list)
        and as_text(original[key]) == value
        else value
        for key, value in destination.items()
    }


def _encoded(root: Any, **layout: Any) -> bytes:
    try:
        return (json.dumps(root, ensure_ascii=False, **layout) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (text.unencodable) keeps its \u escape
        return (json.dumps(root, **layout) + "\n").encode("ascii")


def _dump(root: Any) -> bytes:
    """Indented JSON, or compact when indenting would make the file too large to open again
    (a deeply nested wrapper field grows by its depth on every line)."""
    try:
        data = _encoded(root, indent=2)
        if len(data) > MAX_FILE_SIZE:
            data = _encoded(root, separators=(",", ":"))
    except RecursionError:
        raise InputError("the file is nested too deeply to be written back") from None
    if len(data) > MAX_FILE_SIZE:
        raise InputError("the file would be larger than 1 MB, too large to open again")
    return data
