"""Reading and writing destination files: round trips, shapes, sniffing, bad input."""

from __future__ import annotations

import json

import pytest

from core.destination import Destination
from core.formats import Format, InputError, read_document, render
from core.formats.document import Entry
from core.formats.properties import parse_properties, render_properties

SOURCE = (
    b"# Weather service, owned by the integration team\n"
    b"Name=weather\n"
    b"URL = https://api.example.com\n"
    b"! keep this note\n"
    b"Custom.Key=caf\xe9\n"
    b"Type=HTTP\n"
)


def test_unchanged_file_is_written_back_byte_for_byte() -> None:
    entry = parse_properties(SOURCE, "f")
    assert render_properties(entry.destination, entry.layout) == SOURCE


def test_edit_keeps_comments_order_and_untouched_lines() -> None:
    entry = parse_properties(SOURCE, "f")
    edited = entry.destination.with_value("URL", "https://new.example.com").without("Type")
    edited = edited.with_value("Description", "中文")
    out = render_properties(edited, entry.layout)
    assert out == (
        b"# Weather service, owned by the integration team\n"
        b"Name=weather\n"
        b"URL=https://new.example.com\n"
        b"! keep this note\n"
        b"Custom.Key=caf\xe9\n"
        b"Description=\\u4e2d\\u6587\n"
    )
    assert dict(parse_properties(out, "f").destination) == dict(edited)


def test_saving_collapses_duplicate_keys() -> None:
    entry = parse_properties(b"a=1\nb=2\na=3\n", "f")
    assert [f.code for f in entry.findings] == ["properties.duplicate_key"]
    out = render_properties(entry.destination, entry.layout)
    assert out == b"a=3\nb=2\n"
    assert parse_properties(out, "f").findings == ()


def test_utf8_encoded_properties_get_a_warning() -> None:
    entry = parse_properties("Description=café\n".encode(), "f")
    assert entry.destination["Description"] == "cafÃ©"  # what Java reads, too
    assert [f.code for f in entry.findings] == ["properties.encoding_utf8"]
    assert parse_properties(b"Description=caf\xe9\n", "f").findings == ()


def test_format_is_detected_by_content_not_extension() -> None:
    assert read_document(b'{"Name": "a"}', "x.properties").format is Format.JSON
    assert read_document(b'\xef\xbb\xbf  [{"Name": "a"}]', "x").shape == "array"
    assert read_document(b"Name=a\n", "x.json").format is Format.PROPERTIES


def test_json_shapes() -> None:
    obj = read_document(b'{"Name": "a", "Type": "HTTP"}', "f")
    assert obj.shape == "object" and obj.entries[0].destination["Type"] == "HTTP"
    arr = read_document(b'[{"Name": "a"}, {"Name": "b"}]', "f")
    assert [e.destination.name for e in arr.entries] == ["a", "b"]
    find = read_document(
        json.dumps(
            {
                "owner": {"SubaccountId": "x"},
                "destinationConfiguration": {"Name": "a", "KeyStoreLocation": "c.p12"},
                "certificates": [{"Name": "c.p12", "Type": "CERTIFICATE", "Content": "AAAA"}],
                "authTokens": [],
            }
        ).encode(),
        "f",
    )
    assert find.shape == "find_destination" and find.certificates[0].name == "c.p12"
    init = read_document(
        json.dumps(
            {
                "init_data": {
                    "instance": {
                        "existing_destinations_policy": "update",
                        "destinations": [{"Name": "a"}, {"Name": "b"}],
                        "certificates": [{"Name": "k.jks", "Content": "AAAA"}],
                    }
                }
            }
        ).encode(),
        "f",
    )
    assert (
        init.shape == "init_data" and len(init.entries) == 2 and init.certificates[0].type is None
    )


def test_json_scalars_are_converted_with_warnings() -> None:
    doc = read_document(b'{"Name": "a", "TrustAll": true, "mail.smtp.port": 25, "X": null}', "f")
    d = doc.entries[0].destination
    assert (d["TrustAll"], d["mail.smtp.port"], d["X"]) == ("TRUE", "25", "")
    assert [f.key for f in doc.entries[0].findings] == ["TrustAll", "mail.smtp.port", "X"]
    assert {f.code for f in doc.entries[0].findings} == {"json.value_converted"}


def test_json_duplicate_keys_warn() -> None:
    doc = read_document(b'{"Name": "a", "Name": "b"}', "f")
    assert doc.entries[0].destination.name == "b"
    assert [f.code for f in doc.entries[0].findings] == ["json.duplicate_key"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "f: is empty"),
        (b"  \n\t\n", "f: is empty"),
        (
            b'{"Name": {"a": 1}}',
            "f: property Name of the destination holds a nested object; destination values must be strings",
        ),
        (b'[{"Name": "a"}, ["x"]]', "f: item 2 is an array, not a destination object"),
        (b"[1]", "f: the destination is a number, not a destination object"),
        (
            b'{"destinationConfiguration": {"Name": "a"}, "certificates": {}}',
            "f: certificates is an object, not an array",
        ),
        (b"[]", "f: holds no destinations"),
        (
            b'{"Name": "a",}',
            "f: is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 14",
        ),
        (
            b'{"Name": "caf\xe9"}',
            "f: is not valid UTF-8 (byte 0xe9 at offset 13); JSON files must be UTF-8",
        ),
        (
            b"\xfe\xed\xfe\xed\x00\x00\x00\x02",
            "f: is a JKS key store, not a destination file; to look inside a key store use 'destination-cli inspect'",
        ),
        (b"PK\x03\x04rest", "f: is a ZIP archive, not a destination file"),
        (b"\xff\xfeN\x00a\x00", "f: is UTF-16 text, not a destination file"),
        (b"\x01\x02\x03\x04\x05\x06 binary", "f: is a binary file, not a destination file"),
        (b'{"init_data": {}}', "f: init_data has no subaccount or instance object"),
        (b"Bad=\\u12", "f: is not a valid .properties file: Invalid \\u escape sequence: \\u12"),
    ],
)
def test_bad_input_is_one_clear_sentence(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_document(data, "f")
    assert str(info.value).startswith(message)


def test_render_json_object_and_array() -> None:
    one = Entry(Destination.of({"Name": "a", "Description": "é"}))
    assert render([one], Format.JSON) == '{\n  "Name": "a",\n  "Description": "é"\n}\n'.encode()
    two = [one, Entry(Destination.of({"Name": "b"}))]
    assert json.loads(render(two, Format.JSON)) == [
        {"Name": "a", "Description": "é"},
        {"Name": "b"},
    ]
    with pytest.raises(ValueError, match="exactly one"):
        render(two, Format.PROPERTIES)


def test_file_without_final_newline_is_kept_until_a_key_is_added() -> None:
    entry = parse_properties(b"Name=a", "f")
    assert render_properties(entry.destination, entry.layout) == b"Name=a"
    assert (
        render_properties(entry.destination.with_value("B", "b"), entry.layout) == b"Name=a\nB=b\n"
    )
