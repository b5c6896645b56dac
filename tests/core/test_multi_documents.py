"""Files holding several destinations: saving one keeps every other destination, certificate,
wrapper and unknown field (by JSON equality); adding and removing touch only that destination."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from core.errors import InputError
from core.formats import load_document
from core.services.session import Session, add_to_file, remove_from_file
from tests.multi_data import SHAPES, changed_url, slot, write_shape


@pytest.mark.parametrize(
    ("shape", "index"), [("array", 1), ("find_destination", 0), ("init_data", 3)]
)
def test_saving_one_destination_keeps_everything_else(
    tmp_path: Path, shape: str, index: int
) -> None:
    path = write_shape(tmp_path, shape)
    session = Session.open(path, index)
    session.edit("URL", "https://changed.example.com")
    session.save()
    assert json.loads(path.read_text()) == changed_url(shape, index, "https://changed.example.com")
    # and again, now from the file as saved
    session.edit("URL", "https://twice.example.com")
    session.save()
    assert json.loads(path.read_text()) == changed_url(shape, index, "https://twice.example.com")


def test_two_sessions_on_one_file_keep_each_others_changes(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "array")
    first, second = Session.open(path, 0), Session.open(path, 2)
    first.edit("URL", "https://one.example.com")
    first.save()
    second.edit("URL", "https://two.example.com")
    second.save()
    expected = changed_url("array", 0, "https://one.example.com")
    slot(expected, "array", 2)["URL"] = "https://two.example.com"
    assert json.loads(path.read_text()) == expected


@pytest.mark.parametrize(
    ("shape", "index", "taken"), [("array", 1, "alpha"), ("init_data", 3, "alpha")]
)
def test_renaming_to_a_name_the_file_already_holds_is_refused(
    tmp_path: Path, shape: str, index: int, taken: str
) -> None:
    """Two destinations of one Name in a file (or init_data level) clash at the service, and
    their passwords share one keyring entry: the save is refused and the file stays as it was."""
    from core.secrets import MemoryStore, scope_of

    path = write_shape(tmp_path, shape)
    store = MemoryStore()
    Session.open(path, 0).save().apply(store)  # claims the folder's workspace id
    store.set(scope_of(tmp_path, taken), "Password", "theirs")
    session = Session.open(path, index)
    session.set_password("Password", "mine")
    session.edit("Name", taken)
    with pytest.raises(InputError, match=f"already holds a destination named {taken}"):
        session.save()
    assert json.loads(path.read_text()) == SHAPES[shape]
    assert store.get(scope_of(tmp_path, taken), "Password") == "theirs"
    # The other level of an init_data file may use the Name (SAP keeps the levels apart).
    if shape == "init_data":
        other = Session.open(path, 1)  # subaccount beta
        other.edit("Name", "delta")
        other.save()
        assert [e.destination.name for e in load_document(path).entries][1] == "delta"


def test_a_password_typed_into_one_destination_stays_out_of_the_file(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "init_data")
    session = Session.open(path, 1)
    session.set_password("Password", "s3cret")
    pending = session.save()
    assert "s3cret" not in path.read_text()
    assert pending.values == {"Password": "s3cret"}
    assert json.loads(path.read_text()) == SHAPES["init_data"]


def test_init_data_reads_both_levels_with_their_certificates(tmp_path: Path) -> None:
    document = load_document(write_shape(tmp_path, "init_data"))
    assert [(e.level, e.destination.name) for e in document.entries] == [
        ("subaccount", "alpha"),
        ("subaccount", "beta"),
        ("instance", "alpha"),
        ("instance", "delta"),
    ]
    assert [(c.level, c.name) for c in document.certificates] == [
        ("subaccount", "client.jks"),
        ("instance", "instance.p12"),
    ]


def test_certificate_fields_may_be_lower_case(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(
        json.dumps(
            {
                "destinationConfiguration": {"Name": "x", "Type": "HTTP"},
                "certificates": [{"name": "c.pem", "type": "PEM", "content": "QQ=="}],
            }
        )
    )
    (cert,) = load_document(path).certificates
    assert (cert.name, cert.type, cert.content) == ("c.pem", "PEM", "QQ==")


@pytest.mark.parametrize(("shape", "level"), [("array", None), ("init_data", "instance")])
def test_adding_and_removing_a_destination(tmp_path: Path, shape: str, level: str | None) -> None:
    path = write_shape(tmp_path, shape)
    template = Session.open(path, 0).destination
    added = add_to_file(path, template.with_value("Name", "epsilon"), level)
    assert added.destination.name == "epsilon"
    expected = copy.deepcopy(SHAPES[shape])
    body = expected if shape == "array" else expected["init_data"]["instance"]["destinations"]
    new = {k: v for k, v in template.items()}
    new["Name"] = "epsilon"
    body.append(new)
    assert json.loads(path.read_text()) == expected
    removed = remove_from_file(path, added.index, "epsilon")
    assert removed.name == "epsilon"
    assert json.loads(path.read_text()) == SHAPES[shape]


def test_adding_a_second_destination_makes_an_object_file_an_array(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    original = SHAPES["array"][0]
    path.write_text(json.dumps(original))
    add_to_file(path, Session.open(path).destination.with_value("Name", "two"))
    data = json.loads(path.read_text())
    assert data[0] == original and data[1]["Name"] == "two"


def test_what_cannot_be_added_or_removed_is_refused_whole(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "find_destination")
    before = path.read_bytes()
    with pytest.raises(InputError, match="holds one destination"):
        add_to_file(path, Session.open(path).destination.with_value("Name", "other"))
    with pytest.raises(InputError, match="only destination"):
        remove_from_file(path, 0, "alpha")
    array = write_shape(tmp_path, "array")
    with pytest.raises(InputError, match="already holds a destination named beta"):
        add_to_file(array, Session.open(array).destination.with_value("Name", "beta"))
    with pytest.raises(InputError, match="changed on disk"):
        remove_from_file(array, 0, "beta")
    assert path.read_bytes() == before
    assert json.loads(array.read_text()) == SHAPES["array"]


def test_a_name_may_be_used_once_per_init_data_level(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "init_data")
    session = add_to_file(path, Session.open(path, 0).destination.with_value("Name", "delta"))
    assert (session.document.entries[session.index].level, session.destination.name) == (
        "subaccount",
        "delta",
    )
    with pytest.raises(InputError, match="already holds a destination named delta"):
        add_to_file(path, session.destination, "instance")


def test_save_as_json_copies_the_whole_file_with_the_change(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "init_data")
    session = Session.open(path, 1)
    session.edit("URL", "https://copy.example.com")
    copy_path = tmp_path / "copy.json"
    session.save(copy_path)
    assert json.loads(copy_path.read_text()) == changed_url(
        "init_data", 1, "https://copy.example.com"
    )
    assert json.loads(path.read_text()) == SHAPES["init_data"]


def test_a_deeply_nested_wrapper_field_is_kept_and_the_file_opens_again(tmp_path: Path) -> None:
    depth = 700  # deep enough that copying the whole value recursively overflows the stack
    path = tmp_path / "deep.json"
    path.write_text(
        '{"owner": ' + "[" * depth + "]" * depth + ', "destinationConfiguration": '
        '{"Name": "a", "Type": "HTTP"}}'
    )
    session = Session.open(path)
    session.edit("URL", "https://a.example.com")
    session.save()
    reread = load_document(path)  # not grown past the size limit by indentation
    assert reread.entries[0].destination["URL"] == "https://a.example.com"
    assert json.dumps(reread.root["owner"]) == "[" * depth + "]" * depth


@pytest.mark.parametrize("broken", [b'[{"Name": "alpha", "URL": "https://', b"\xff\xfe\x00garbage"])
def test_a_file_broken_on_disk_meanwhile_is_not_overwritten(tmp_path: Path, broken: bytes) -> None:
    """Another program left the file invalid: saving one destination from the copy read at
    open would overwrite that edit without a word. It is refused, the file left as it is."""
    path = write_shape(tmp_path, "array")
    session = Session.open(path, 1)
    session.edit("URL", "https://changed.example.com")
    path.write_bytes(broken)
    with pytest.raises(InputError, match="Save As"):
        session.save()
    assert path.read_bytes() == broken
    assert session.modified  # the edit is still there, to save elsewhere
    session.save(tmp_path / "elsewhere.json")  # Save As works from the copy read at open
    assert json.loads((tmp_path / "elsewhere.json").read_text()) == changed_url(
        "array", 1, "https://changed.example.com"
    )


def test_a_file_too_large_to_read_now_is_not_overwritten(tmp_path: Path) -> None:
    path = write_shape(tmp_path, "array")
    session = Session.open(path, 1)
    session.edit("URL", "https://changed.example.com")
    huge = b"[" + b" " * 2_000_000 + b"]"  # past the size a destination file may have
    path.write_bytes(huge)
    with pytest.raises(InputError, match="Save As"):
        session.save()
    assert path.read_bytes() == huge
