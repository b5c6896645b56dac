"""`destination-cli validate` and `convert`: exit codes, messages, outputs."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core.formats.properties import parse_properties

GOOD = (
    "Name=weather\nType=HTTP\nURL=https://api.example.com\nProxyType=Internet\n"
    "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=client.jks\nKeyStorePassword=\n"
)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    from tests.keystore_data import DATA

    (tmp_path / "client.jks").write_bytes((DATA / "chain.jks").read_bytes())
    path = tmp_path / "weather.properties"
    path.write_text(GOOD, encoding="latin-1")
    return path


def test_valid_file_exits_0(cli, good: Path) -> None:
    r = cli("validate", good, "--password-stdin", stdin="changeit")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{good}: no findings\n"


def test_error_findings_exit_1_with_messages(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.properties"
    path.write_text(
        "Name=bad name\nType=HTTP\nURL=ftp://x\nProxyType=Internet\nAuthentication=NoAuthentication\n"
    )
    r = cli("validate", path)
    assert r.returncode == 1
    assert (
        "error   Name may hold only letters, digits, _ and -; it contains ' '. [Name]  (name.characters)"
        in r.stdout
    )
    assert "URL must start with http:// or https://." in r.stdout


def test_json_output_schema(cli, good: Path, tmp_path: Path) -> None:
    other = tmp_path / "many.json"
    other.write_text(json.dumps([{"Name": "a", "Type": "HTTP"}, {"Name": "b!", "Type": "HTTP"}]))
    r = cli("validate", "--json", good, other, "--password-stdin", stdin="changeit")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["version"] == 1
    first, second = out["files"]
    assert first == {
        "path": str(good),
        "format": "properties",
        "error": None,
        "destinations": [{"index": 0, "name": "weather", "findings": []}],
    }
    assert [d["name"] for d in second["destinations"]] == ["a", "b!"]
    finding = second["destinations"][1]["findings"][0]
    assert set(finding) == {"severity", "code", "property", "alias", "message"}


def test_unreadable_among_good_exits_2(cli, good: Path, tmp_path: Path) -> None:
    r = cli("validate", "--json", good, tmp_path / "missing.properties")
    assert r.returncode == 2
    files = json.loads(r.stdout)["files"]
    assert files[1]["error"] == f"{tmp_path / 'missing.properties'}: no such file"


def test_usage_error_exits_2(cli) -> None:
    r = cli("validate")
    assert r.returncode == 2 and "usage: destination-cli validate" in r.stderr
    r = cli("frobnicate")
    assert r.returncode == 2 and "invalid choice: 'frobnicate'" in r.stderr
    r = cli("convert", "x", "--to", "yaml")
    assert r.returncode == 2 and "invalid choice: 'yaml'" in r.stderr


BAD_INPUTS = {
    "empty": (b"", "is empty"),
    "binary": (b"\x00\x01\x02\x03binary\x00", "is a binary file, not a destination file"),
    "huge": (
        b"Name=x\n" + b"# padding\n" * 120_000,
        "is 1.1 MB; destination files are at most 1 MB, so this is not one",
    ),
    # One byte over: "1.0 MB" would read as within the limit, so the sizes are exact.
    "just_over": (
        b"Name=x\n" + b"#" * (1024 * 1024 - 6),
        "is 1,048,577 bytes; destination files are at most 1 MB (1,048,576 bytes), so this is "
        "not one",
    ),
    "bad_utf8_json": (
        b'{"Name": "\xff"}',
        "is not valid UTF-8 (byte 0xff at offset 10); JSON files must be UTF-8",
    ),
    "utf16": ("Name=x\n".encode("utf-16"), "is UTF-16 text, not a destination file"),
    "malformed_json": (b'{"Name": ', "is not valid JSON: Expecting value at line 1, column 10"),
    "wrong_shape_json": (b'[["a"]]', "the destination is an array, not a destination object"),
    "nested_json": (
        b'{"Name": "a", "URL": {"x": 1}}',
        "property URL of the destination holds a nested object",
    ),
    "bad_escape": (
        b"Name=\\uZZZZ\n",
        "is not a valid .properties file: Invalid \\u escape sequence",
    ),
}


@pytest.mark.parametrize("command", ["validate", "convert"])
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_sentence_and_exit_2(
    cli, tmp_path: Path, command: str, case: str
) -> None:
    data, cause = BAD_INPUTS[case]
    path = tmp_path / f"{case}.properties"
    path.write_bytes(data)
    args = (
        ["validate", path]
        if command == "validate"
        else ["convert", path, "--to", "json", "-o", tmp_path / "out.json"]
    )
    r = cli(*args)
    assert r.returncode == 2
    assert r.stderr == f"destination-cli: {path}: {cause}" + r.stderr.split(cause, 1)[1]
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_missing_folder_and_unreadable_files(cli, tmp_path: Path, command: str) -> None:
    extra = ["--to", "json"] if command == "convert" else []
    r = cli(command, tmp_path / "nope.properties", *extra)
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {tmp_path / 'nope.properties'}: no such file\n",
    )
    r = cli(command, tmp_path, *extra)
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {tmp_path}: is a folder, not a destination file\n",
    )
    path = tmp_path / "secret.properties"
    path.write_text(GOOD)
    path.chmod(0)
    r = cli(command, path, *extra, no_root_read=True)
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {path}: cannot be read: permission denied\n",
    )


def test_convert_properties_to_json_and_back(cli, good: Path, tmp_path: Path) -> None:
    r = cli("convert", good, "--to", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["KeyStoreLocation"] == "client.jks"
    out = tmp_path / "w.json"
    assert cli("convert", good, "--to", "json", "-o", out).returncode == 0
    back = tmp_path / "back.properties"
    assert cli("convert", out, "--to", "properties", "-o", back).returncode == 0
    assert back.read_bytes() == good.read_bytes()


def test_convert_array_to_properties_needs_a_folder(cli, tmp_path: Path) -> None:
    src = tmp_path / "all.json"
    src.write_text(json.dumps([{"Name": "a", "Description": "中"}, {"Name": "b"}]))
    r = cli("convert", src, "--to", "properties")
    assert r.returncode == 2
    assert r.stderr == (
        f"destination-cli: {src}: holds 2 destinations; a .properties file holds one, "
        "so name an output folder with -o DIR\n"
    )
    r = cli("convert", src, "--to", "properties", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "a.properties").read_bytes() == b"Name=a\nDescription=\\u4e2d\n"
    assert dict(
        parse_properties((tmp_path / "out" / "b.properties").read_bytes(), "b").destination
    ) == {"Name": "b"}


@pytest.mark.parametrize("command", ["convert", "export"])
def test_init_data_to_properties_puts_the_instance_level_into_instance(
    cli, tmp_path: Path, command: str
) -> None:
    """init_data may hold a Name at both levels: the instance's go into `instance/`, where a
    bundle import puts them and the editor reads them as that level."""
    from core.workspace import workspace_files
    from tests.multi_data import write_shape

    src = write_shape(tmp_path, "init_data")
    out = tmp_path / "out"
    r = cli(command, src, "--to", "properties", "-o", out)
    assert r.returncode == 0, r.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.properties"))
    assert written == [
        "alpha.properties",
        "beta.properties",
        "instance/alpha.properties",
        "instance/delta.properties",
    ]
    sub = parse_properties((out / "alpha.properties").read_bytes(), "alpha").destination
    instance = parse_properties((out / "instance/alpha.properties").read_bytes(), "a").destination
    assert sub.get("Custom") == "kept" and "Custom" not in instance
    assert len(workspace_files(out)) == 4


@pytest.mark.parametrize("command", ["convert", "export"])
def test_an_instance_file_where_the_folder_goes_refuses_before_writing(
    cli, tmp_path: Path, command: str
) -> None:
    """`instance` in the output folder is a file: the instance level cannot go there, and
    nothing of the subaccount level is written either (a half conversion is no conversion)."""
    from tests.multi_data import write_shape

    src = write_shape(tmp_path, "init_data")
    out = tmp_path / "out"
    out.mkdir()
    (out / "instance").write_text("a file, not the folder")
    r = cli(command, src, "--to", "properties", "-o", out)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert f"{out / 'instance'}: is a file, not a folder" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["instance"]
    assert (out / "instance").read_text() == "a file, not the folder"


def test_convert_warns_about_secrets_and_keeps_them_private(cli, tmp_path: Path) -> None:
    src = tmp_path / "s.json"
    src.write_text(
        json.dumps({"Name": "a", "Password": "pw-123", "clientSecret": "", "KeyStorePassword": "k"})
    )
    out = tmp_path / "s.properties"
    r = cli("convert", src, "--to", "properties", "-o", out)
    assert r.returncode == 0
    assert (
        f"warning: {out} contains secrets (Password, KeyStorePassword); keep it out of version control"
        in r.stderr
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_convert_find_destination_mentions_left_out_key_stores(cli, tmp_path: Path) -> None:
    src = tmp_path / "find.json"
    src.write_text(
        json.dumps(
            {
                "destinationConfiguration": {"Name": "a"},
                "certificates": [{"Name": "c.p12", "Content": "AA=="}],
            }
        )
    )
    r = cli("convert", src, "--to", "properties")
    assert r.returncode == 0 and r.stdout == "Name=a\n"
    assert "1 key store file in the input is not part of a destination conversion" in r.stderr


def test_version(cli) -> None:
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("destination-cli ")


def _workspace(
    tmp_path: Path,
    keystore: str,
    trust: str | None = None,
    auth: str = "ClientCertificateAuthentication",
) -> Path:
    import shutil

    from tests.keystore_data import DATA

    shutil.copy(DATA / keystore, tmp_path / "client.jks")
    lines = [
        "Name=weather",
        "Type=HTTP",
        "URL=https://api.example.com",
        "ProxyType=Internet",
        f"Authentication={auth}",
        "KeyStoreLocation=client.jks",
        "KeyStorePassword=",
    ]
    if trust:
        shutil.copy(DATA / trust, tmp_path / "trust.p12")
        lines.append("TrustStoreLocation=trust.p12")
    path = tmp_path / "weather.properties"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_validate_opens_the_named_key_stores(cli, tmp_path: Path) -> None:
    path = _workspace(tmp_path, "expired.jks", trust="truststore-nokeys.p12")
    r = cli("validate", path, "--password-stdin", "--json", stdin="changeit\n")
    assert r.returncode == 1
    findings = json.loads(r.stdout)["files"][0]["destinations"][0]["findings"]
    by_code = {f["code"]: f for f in findings}
    assert by_code["cert.expired"]["property"] == "KeyStoreLocation"
    assert (
        by_code["cert.expired"]["message"]
        == "KeyStoreLocation (client.jks): expired.example.com expired on 2001-01-01."
    )
    assert by_code["cert.expired"]["alias"] == "client"
    assert by_code["pkcs12.invisible_to_java"]["property"] == "TrustStoreLocation"


def test_validate_reports_a_wrong_key_store_password_as_a_finding(cli, tmp_path: Path) -> None:
    path = _workspace(tmp_path, "chain.jks")
    r = cli("validate", path, "--password-env", "PW", env={"PW": "wrong", "PATH": "/usr/bin"})
    assert r.returncode == 1
    assert (
        "KeyStoreLocation (client.jks) cannot be opened: the key store password is wrong"
        in r.stdout
    )
    r = cli("validate", path, "--password-env", "PW", env={"PW": "changeit", "PATH": "/usr/bin"})
    assert (r.returncode, r.stdout) == (0, f"{path}: no findings\n")


def test_client_auth_is_not_asked_of_a_signing_key(cli, tmp_path: Path) -> None:
    path = _workspace(tmp_path, "no-client-auth.p12")
    r = cli("validate", path, "--password-stdin", stdin="changeit")
    assert "cert.no_client_auth" in r.stdout
    path.write_text(
        path.read_text().replace("ClientCertificateAuthentication", "SAMLAssertion")
        + "audience=a\nauthnContextClassRef=x\n"
    )
    r = cli("validate", path, "--password-stdin", stdin="changeit")
    assert "cert.no_client_auth" not in r.stdout and r.returncode == 0, r.stdout
