"""The CLI's sentences, compared by their exact text: counts agree with their noun, a continued
row has no stray colon, "connected to" is said only of a connection made, and a password is
missed only where the destination uses it."""

from __future__ import annotations

import socket
from pathlib import Path

from core.cli.check_cmd import render_text
from core.connection import ConnectionReport

AT = "2030-06-01"


def write(folder: Path, name: str, **extra: str) -> Path:
    lines = {
        "Name": name,
        "Type": "HTTP",
        "URL": "https://api.example.com",
        "ProxyType": "Internet",
        "Authentication": "NoAuthentication",
        **extra,
    }
    path = folder / f"{name}.properties"
    path.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
    return path


def test_one_destination_is_singular(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "solo")
    r = cli("report", tmp_path, "--at", AT)
    assert r.stdout.splitlines()[0] == f"{tmp_path}: 1 destination, as of {AT}"
    out = tmp_path.parent / f"{tmp_path.name}-bundle.json"
    r = cli("bundle", "export", tmp_path, "--to", "init-data", "-o", out)
    assert r.returncode == 0, r.stderr
    assert f"wrote {out}: 1 destination, 0 key store files\n" in r.stderr
    write(tmp_path, "second")
    r = cli("report", tmp_path, "--at", AT)
    assert r.stdout.splitlines()[0] == f"{tmp_path}: 2 destinations, as of {AT}"


def test_second_accepted_ca_line_has_no_colon() -> None:
    report = ConnectionReport(
        url="https://api.example.com",
        address="api.example.com:443",
        client_cert_requested=True,
        acceptable_cas=("CN=First CA", "CN=Second CA"),
        handshake_ok=True,
    )
    lines = render_text(report).splitlines()
    start = lines.index("  Accepted client CAs:  CN=First CA")
    assert lines[start + 1] == "                        CN=Second CA"


def test_connected_to_only_when_connected(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unknown = write(tmp_path, "nowhere", URL="https://no-such-host.invalid/")
    r = cli("check-connection", unknown)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "https://no-such-host.invalid/"
    assert "  error   The host name no-such-host.invalid is not known. [URL]" in r.stdout
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = write(tmp_path, "closed", URL=f"https://127.0.0.1:{port}/")
    r = cli("check-connection", refused)
    assert r.stdout.splitlines()[0] == f"https://127.0.0.1:{port}/"
    assert f"127.0.0.1:{port} refused the connection" in r.stdout


def test_no_trust_store_no_trust_store_password_warning(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plain = write(tmp_path, "plain")
    r = cli("export", plain, "--to", "properties", "-o", tmp_path / "out1", "--include-secrets")
    assert r.returncode == 0, r.stderr
    assert "no value is stored" not in r.stderr
    trusting = write(tmp_path, "trusting", TrustStoreLocation="trust.jks")
    r = cli("export", trusting, "--to", "properties", "-o", tmp_path / "out2", "--include-secrets")
    assert (
        "destination-cli: warning: no value is stored for: trusting: TrustStorePassword\n"
        in r.stderr
    )
