"""The .properties reader and writer agree with java.util.Properties, checked by Java itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.destination import Destination
from core.formats import InputError
from core.formats.properties import parse_properties, render_properties
from tests.java_props import JavaProperties

pytestmark = [
    pytest.mark.java,
    pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK (javac) on this machine"),
]


@pytest.fixture(scope="module")
def java(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JavaProperties]:
    jp = JavaProperties(tmp_path_factory.mktemp("java"))
    yield jp
    jp.close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


def python_reading(data: bytes) -> dict[str, str] | str:
    try:
        return dict(parse_properties(data, "f").destination)
    except InputError as exc:
        return f"error: {exc}"


# Fragments chosen to hit every corner of the syntax: escapes (valid and not), unicode escapes,
# raw ISO-8859-1 characters, all three separators, comments, continuations, all line endings.
FRAGMENTS = [
    "a",
    "Key",
    "0",
    "é",
    "ÿ",
    "\x85",
    "\xa0",
    " ",
    "  ",
    "\t",
    "\f",
    "=",
    ":",
    " = ",
    "\t: ",
    "#",
    "!",
    "# comment",
    "! bang",
    "\\",
    "\\\\",
    "\\=",
    "\\:",
    "\\ ",
    "\\#",
    "\\!",
    "\\t",
    "\\n",
    "\\r",
    "\\f",
    "\\b",
    "\\u00e9",
    "\\u4e2d",
    "\\u0041",
    "\\uD83D\\uDE00",
    "\\u12",
    "\\u",
    "u",
    "\n",
    "\r\n",
    "\r",
    "\\\n",
    "\\\r\n",
    "\\\r",
    "\\\n   ",
    "\n\n",
]
properties_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=properties_text)
def test_reading_matches_java(java: JavaProperties, scratch: Path, text: str) -> None:
    data = text.encode("latin-1")
    path = scratch / "generated.properties"
    path.write_bytes(data)
    expected = java.load(path)
    actual = python_reading(data)
    if isinstance(expected, str):
        assert isinstance(actual, str), f"Java refused ({expected}) but Python read {actual!r}"
    else:
        assert actual == expected


# Keys and values as a user might type them, including every character Java escapes on write.
any_text = st.text(
    alphabet=st.characters(codec="utf-16", exclude_categories=("Cs",))
    | st.sampled_from("=:#! \t\\\n\r\f"),
    max_size=20,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=st.lists(st.tuples(any_text, any_text), max_size=8))
def test_writing_is_read_back_by_java(
    java: JavaProperties, scratch: Path, pairs: list[tuple[str, str]]
) -> None:
    destination = Destination.of(pairs)
    data = render_properties(destination)
    path = scratch / "written.properties"
    path.write_bytes(data)
    assert java.load(path) == dict(destination)
    # Files this tool writes come back byte for byte.
    entry = parse_properties(data, "f")
    assert entry.destination == destination
    assert render_properties(entry.destination, entry.layout) == data


HANDWRITTEN = (
    b"# A destination written by hand\n"
    b"! with both comment styles\n"
    b"Name = weather\n"
    b"Type:HTTP\n"
    b"URL https://api.example.com/\\\n"
    b"    v1\n"
    b"Description=caf\xe9 \\u4e2d\\u6587 tab\\tend\n"
    b"key\\ with\\=separators\\:=value\n"
    b"Empty=\n"
    b"Dup=first\n"
    b"Dup=second\r\n"
    b"  Indented\t=\t  lead\n"
    b"Trailing=back\\\\\n"
)


def test_handwritten_file_matches_java(java: JavaProperties, scratch: Path) -> None:
    path = scratch / "hand.properties"
    path.write_bytes(HANDWRITTEN)
    expected = java.load(path)
    assert isinstance(expected, dict)
    assert expected["URL"] == "https://api.example.com/v1"
    assert expected["Description"] == "café 中文 tab\tend"
    assert expected["key with=separators:"] == "value"
    assert expected["Dup"] == "second"
    entry = parse_properties(HANDWRITTEN, "hand")
    assert dict(entry.destination) == expected
    assert [f.code for f in entry.findings] == ["properties.duplicate_key"]
