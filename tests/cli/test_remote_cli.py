"""`destination-cli remote ...` against the Destination service stand-in and a real Secret Service."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.formats import load_document
from tests.destination_standin import CERTS, StandIn, serve
from tests.keystore_data import DATA
from tests.remote_data import DESTINATIONS, SECRETS, cli_env, make_workspace, write_key


@pytest.fixture
def service() -> Iterator[StandIn]:
    with serve() as s:
        yield s


@pytest.fixture
def env(keyring_env: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return cli_env(keyring_env, tmp_path / "config")


@pytest.fixture
def run(cli, env):  # type: ignore[no-untyped-def]
    def call(*args: Any, stdin: str = "", **extra: Any):  # type: ignore[no-untyped-def]
        return cli(*args, stdin=stdin, env={**env, **extra})

    return call


def set_secret_with(run):  # type: ignore[no-untyped-def]
    def set_secret(path: Path, key: str, value: str) -> None:
        r = run("secret", "set", path, key, stdin=value + "\n")
        assert r.returncode == 0, r.stderr

    return set_secret


def destinations_of(folder: Path) -> dict[str, dict[str, str]]:
    return {
        p.stem: dict(load_document(p).entries[0].destination)
        for p in sorted(folder.glob("*.properties"))
    }


def secrets_of(run, folder: Path) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.properties")):
        listed = run("secret", "list", path).stdout.split(": ", 1)
        keys = listed[1].split(", ") if len(listed) == 2 and listed[1].strip() else []
        for key in (k.strip() for k in keys):
            value = run("secret", "get", path, key).stdout.rstrip("\n")
            found.setdefault(path.stem, {})[key] = value
    return found


def test_push_then_pull_into_an_empty_folder_gives_the_same(
    run, service: StandIn, tmp_path: Path
) -> None:
    ws = make_workspace(tmp_path / "ws", set_secret_with(run))
    key = write_key(service, tmp_path / "key.json")
    r = run("remote", "add", "dev", "--service-key", key)
    assert r.returncode == 0, r.stderr
    assert "added remote dev" in r.stdout
    r = run("remote", "list")
    assert r.stdout.startswith("dev\tsecret\thttps://127.0.0.1:")
    assert service.client_secret not in r.stdout

    r = run("remote", "diff", "dev", ws)
    assert r.returncode == 1, r.stderr
    assert "only local:  hr-system" in r.stdout
    assert "certificate only local:  client.p12" in r.stdout

    r = run("remote", "push", "dev", ws, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[:6] == [
        "plan:",
        "  upload certificate client.p12",
        "  upload certificate trust.jks",
        "  create hr-system",
        "  create sales-oauth",
        "  create weather-api",
    ]
    assert service.collection("subaccount", "Destinations") == {}

    r = run("remote", "push", "dev", ws)
    assert r.returncode == 0, r.stderr
    assert "done: 5 steps applied" in r.stdout
    held = service.collection("subaccount", "Destinations")
    assert held["hr-system"]["Password"] == SECRETS["hr-system"]["Password"]
    assert held["weather-api"]["TrustStorePassword"] == ""
    assert service.invalid == []

    r = run("remote", "diff", "dev", ws)
    assert (r.returncode, r.stdout) == (
        0,
        f"{ws} and remote dev hold the same destinations and certificates\n",
    )
    r = run("remote", "push", "dev", ws)
    assert (r.returncode, r.stdout) == (0, "nothing to push: the remote holds the same\n")

    copy = tmp_path / "copy"
    r = run("remote", "pull", "dev", copy)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        f"pulled 3 destinations and 2 certificates into {copy}; 3 secrets went to the OS keyring\n"
    )
    assert destinations_of(copy) == destinations_of(ws)
    assert set(destinations_of(ws)) == set(DESTINATIONS)
    for name in ("client.p12", "trust.jks"):
        assert (copy / name).read_bytes() == (ws / name).read_bytes()
    assert secrets_of(run, copy) == secrets_of(run, ws) == SECRETS
    for path in copy.iterdir():  # the pulled files hold no secret
        for values in SECRETS.values():
            for value in values.values():
                assert value.encode() not in path.read_bytes()
    r = run("remote", "diff", "dev", copy, "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["equal"] is True


def test_diff_lists_changes_and_push_updates_and_deletes(
    run, service: StandIn, tmp_path: Path
) -> None:
    ws = make_workspace(tmp_path / "ws", set_secret_with(run))
    run("remote", "add", "dev", "--service-key", write_key(service, tmp_path / "key.json"))
    assert run("remote", "push", "dev", ws).returncode == 0
    held = service.collection("subaccount", "Destinations")
    held["hr-system"]["URL"] = "https://other.example.com"
    held["hr-system"]["Password"] = "changed-remotely"  # secrets: compared by presence only
    del held["sales-oauth"]["clientSecret"]
    held["extra"] = {"Name": "extra", "Type": "HTTP", "URL": "https://x.example.com"}
    service.collection("subaccount", "Certificates")["trust.jks"]["Content"] = "AAAA"

    r = run("remote", "diff", "dev", ws, "--json")
    assert r.returncode == 1
    diff = json.loads(r.stdout)
    assert diff["only_remote"] == ["extra"] and diff["only_local"] == []
    changed = {c["name"]: c["properties"] for c in diff["changed"]}
    assert changed == {
        "hr-system": [
            {
                "property": "URL",
                "local": "https://hr.example.com",
                "remote": "https://other.example.com",
                "secret": False,
            }
        ],
        "sales-oauth": [
            {"property": "clientSecret", "local": "(set)", "remote": None, "secret": True}
        ],
    }
    assert [c["name"] for c in diff["certificates"]] == ["trust.jks"]

    r = run("remote", "push", "dev", ws, "--delete")  # no terminal: needs --yes
    assert r.returncode == 2 and "confirm on a terminal or add --yes" in r.stderr
    assert "extra" in held
    r = run("remote", "push", "dev", ws, "--delete", "--yes", "--only", "hr-system", "extra")
    assert r.returncode == 0, r.stderr
    assert "  update hr-system\n  delete extra\n" in r.stdout
    assert "extra" not in held and held["hr-system"]["URL"] == "https://hr.example.com"
    assert "clientSecret" not in held["sales-oauth"]  # not chosen: left alone
    r = run("remote", "push", "dev", ws)
    assert r.returncode == 0
    assert "replace certificate trust.jks" in r.stdout and "update sales-oauth" in r.stdout
    assert run("remote", "diff", "dev", ws).returncode == 0
    assert service.invalid == []


def test_error_findings_block_the_push(run, service: StandIn, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", set_secret_with(run), secrets={})
    run("remote", "add", "dev", "--service-key", write_key(service, tmp_path / "key.json"))
    r = run("remote", "push", "dev", ws)
    assert r.returncode == 1
    assert "Nothing was pushed: these destinations have error findings." in r.stdout
    assert "(property.required)" in r.stdout and "hr-system" in r.stdout
    assert service.collection("subaccount", "Destinations") == {}


def test_a_partial_failure_says_what_was_applied_and_running_again_finishes(
    run, service: StandIn, tmp_path: Path
) -> None:
    ws = make_workspace(tmp_path / "ws", set_secret_with(run))
    run("remote", "add", "dev", "--service-key", write_key(service, tmp_path / "key.json"))
    # The third POST fails: both certificates went, creating hr-system did not.
    service.fail(503, times=4, retry_after="0", method="POST", after=2)  # 1 + 3 retries
    r = run("remote", "push", "dev", ws)
    assert r.returncode == 2
    assert "applied: 2 of 5 steps" in r.stdout
    assert r.stdout.endswith(
        "  not applied: create hr-system\n  not applied: create sales-oauth\n"
        "  not applied: create weather-api\n"
    )
    assert r.stderr == (
        "destination-cli: the Destination service of remote 'dev' failed (HTTP 503) while "
        "creating destination hr-system; try again later (running again finishes the job); "
        "run again to finish\n"
    )
    assert "Traceback" not in r.stderr
    r = run("remote", "push", "dev", ws)  # only what is left
    assert r.returncode == 0
    assert r.stdout.startswith(
        "plan:\n  create hr-system\n  create sales-oauth\n  create weather-api\n"
    )
    assert "done: 3 steps applied" in r.stdout
    assert run("remote", "diff", "dev", ws).returncode == 0


@pytest.mark.parametrize(
    ("provoke", "sentence"),
    [
        (
            "credentials",
            "the token server refused the credentials of remote 'dev' (401 Unauthorized): the service key's client ID and client secret are wrong or were revoked",
        ),
        (
            "forbid",
            "the Destination service forbids reading the destinations to remote 'dev' (403 Forbidden): its service key lacks the role (scope) for it; create the key anew from an instance of the Destination service",
        ),
        (
            "404",
            "the Destination service of remote 'dev' has no such thing (404 Not Found) while reading the destinations",
        ),
        (
            "409",
            "the Destination service of remote 'dev' already holds it (409 Conflict) while creating destination solo; run again to finish",
        ),
        (
            "500",
            "the Destination service of remote 'dev' failed (HTTP 500) while reading the destinations; try again later (running again finishes the job)",
        ),
        (
            "503",
            "the Destination service of remote 'dev' failed (HTTP 503) while reading the destinations; try again later (running again finishes the job)",
        ),
        (
            "429",
            "the Destination service of remote 'dev' kept answering 429 Too Many Requests while reading the destinations; wait a while and run again",
        ),
        (
            "tls",
            "the TLS certificate of 127.0.0.1 is not trusted (unable to get local issuer certificate) while getting a token",
        ),
        (
            "dns",
            "the name no-such-host.invalid could not be resolved (DNS) while getting a token: check the service key's address and the network",
        ),
        ("slow", "127.0.0.1 did not answer within 0.5 seconds while reading the destinations"),
        (
            "drop",
            "127.0.0.1 dropped the connection before answering while reading the destinations",
        ),
        ("no-remote", "there is no remote named 'nowhere' (see `destination-cli remote list`)"),
    ],
)
def test_every_failure_is_one_sentence_and_exit_2(
    run, service: StandIn, tmp_path: Path, provoke: str, sentence: str
) -> None:
    changes: dict[str, str] = {}
    extra: dict[str, str] = {}
    command = ["remote", "pull", "dev", tmp_path / "out"]
    if provoke == "credentials":
        changes["clientsecret"] = "wrong"
    elif provoke == "forbid":
        service.forbid = True
    elif provoke == "404":
        changes["uri"] = service.url + "/elsewhere"
    elif provoke == "409":
        solo = tmp_path / "solo"
        solo.mkdir()
        (solo / "solo.properties").write_text(
            "Name=solo\nType=HTTP\nURL=https://solo.example.com\nProxyType=Internet\nAuthentication=NoAuthentication\n"
        )
        service.fail(409, times=1, method="POST")
        command = ["remote", "push", "dev", solo]
    elif provoke in ("500", "503", "429"):
        service.fail(int(provoke), times=10, retry_after="0")
    elif provoke == "tls":
        extra["SSL_CERT_FILE"] = str(CERTS / "stranger-ca.pem")
    elif provoke == "dns":
        changes["url"] = changes["uri"] = "https://no-such-host.invalid"
    elif provoke == "slow":
        service.slow = 2.0
        command += ["--timeout", "0.5"]
    elif provoke == "drop":
        service.drop = 10
    elif provoke == "no-remote":
        command[2] = "nowhere"
    assert (
        run(
            "remote",
            "add",
            "dev",
            "--service-key",
            write_key(service, tmp_path / "key.json", **changes),
        ).returncode
        == 0
    )
    r = run(*command, **extra)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr == f"destination-cli: {sentence}\n"
    assert not (tmp_path / "out").exists()


def test_x509_service_key(run, service: StandIn, tmp_path: Path) -> None:
    key = write_key(service, tmp_path / "key.json", "x509")
    r = run("remote", "add", "cert", "--service-key", key)
    assert r.returncode == 0, r.stderr
    assert "X.509 certificate in the OS keyring" in r.stdout
    settings = (tmp_path / "config" / "destination-editor" / "remotes.json").read_text()
    assert "PRIVATE KEY" not in settings and "BEGIN CERTIFICATE" in settings
    service.collection("subaccount", "Destinations")["a"] = {"Name": "a", "Type": "HTTP"}
    r = run("remote", "pull", "cert", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert service.mtls_token_requests == 1
    assert (tmp_path / "out" / "a.properties").exists()
    r = run("remote", "remove", "cert")
    assert (r.returncode, r.stdout) == (0, "removed remote cert and its key from the OS keyring\n")
    assert run("remote", "list").stdout.startswith("no remotes")


def test_add_refuses_a_file_that_is_not_a_service_key(run, tmp_path: Path) -> None:
    bad = tmp_path / "key.json"
    bad.write_text(json.dumps({"clientid": "x", "uri": "https://x.example.com"}))
    r = run("remote", "add", "dev", "--service-key", bad)
    assert (r.returncode, r.stderr) == (2, f"destination-cli: {bad}: the service key has no url\n")
    bad.write_text(
        json.dumps(
            {"clientid": "x", "uri": "https://x.example.com", "certurl": "https://c.example.com",
             "certificate": "-----BEGIN CERTIFICATE-----\n", "key": "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"}
        )
    )  # fmt: skip
    r = run("remote", "add", "dev", "--service-key", bad)
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {bad}: the service key's key is not an unencrypted PEM private key\n",
    )
    assert run("remote", "list").stdout.startswith("no remotes")


def test_2500_destinations_pull_and_compare(run, service: StandIn, tmp_path: Path) -> None:
    items = service.collection("subaccount", "Destinations")
    for i in range(2500):
        items[f"d{i:04d}"] = {
            "Name": f"d{i:04d}",
            "Type": "HTTP",
            "URL": f"https://h{i}.example.com",
            "ProxyType": "Internet",
            "Authentication": "NoAuthentication",
        }
    run("remote", "add", "big", "--service-key", write_key(service, tmp_path / "key.json"))
    r = run("remote", "pull", "big", tmp_path / "ws")
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "ws").glob("*.properties"))) == 2500
    assert run("remote", "diff", "big", tmp_path / "ws").returncode == 0
    items["d1234"]["URL"] = "https://changed.example.com"
    r = run("remote", "diff", "big", tmp_path / "ws")
    assert r.returncode == 1
    assert (
        r.stdout
        == "changed:     d1234\n    URL: local 'https://h1234.example.com', remote 'https://changed.example.com'\n"
    )
    pages = [p for m, p, s in service.log if m == "GET" and p.endswith("Destinations")]
    assert len(pages) == 9  # three pages of 1000 for each of the three commands


def test_transport_test_to_production_with_a_rename_map(run, keyring_env, tmp_path: Path) -> None:
    p12 = (DATA / "chain.p12").read_bytes()
    with serve() as test, serve(StandIn(client_secret="prod-key-secret")) as prod:
        test.collection("subaccount", "Destinations").update(
            {
                "orders-test": {
                    "Name": "orders-test", "Type": "HTTP", "URL": "https://erp-test.example.com/sap/opu",
                    "ProxyType": "Internet", "Authentication": "BasicAuthentication",
                    "User": "svc-orders", "Password": "test-password-1", "sap-client": "100",
                },
                "weather": {
                    "Name": "weather", "Type": "HTTP", "URL": "https://weather.example.com",
                    "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
                    "KeyStoreLocation": "client-test.p12", "KeyStorePassword": "test-ks-password",
                },
            }
        )  # fmt: skip
        test.collection("subaccount", "Certificates")["client-test.p12"] = {
            "Name": "client-test.p12",
            "Type": "PKCS12",
            "Content": base64.b64encode(p12).decode(),
        }
        run("remote", "add", "test", "--service-key", write_key(test, tmp_path / "test.json"))
        run("remote", "add", "prod", "--service-key", write_key(prod, tmp_path / "prod.json"))
        # The production workspace keeps production's passwords in the keyring.
        prod_ws = tmp_path / "prod-ws"
        prod_ws.mkdir()
        for name, key, value in [
            ("orders", "Password", "prod-password-2"),
            ("weather", "KeyStorePassword", "prod-ks-password"),
        ]:
            (prod_ws / f"{name}.properties").write_text(f"Name={name}\nType=HTTP\n")
            assert (
                run("secret", "set", prod_ws / f"{name}.properties", key, stdin=value).returncode
                == 0
            )
        rename = tmp_path / "map.json"
        rename.write_text(
            json.dumps(
                {
                    "names": {"orders-test": "orders", "client-test.p12": "client.p12"},
                    "replace": [
                        {"property": "URL", "from": "erp-test.example.com", "to": "erp.example.com"}
                    ],
                    "set": {"sap-client": "400"},
                }
            )
        )
        args = ["remote", "transport", "test", "prod", "--secrets-from", prod_ws, "--map", rename]
        r = run(*args, "--dry-run")
        assert r.returncode == 0, r.stderr
        assert (
            r.stdout
            == "plan:\n  upload certificate client.p12\n  create orders\n  create weather\n"
        )
        r = run(*args)
        assert r.returncode == 0, r.stderr
        held = prod.collection("subaccount", "Destinations")
        assert held == {
            "orders": {
                "Name": "orders", "Type": "HTTP", "URL": "https://erp.example.com/sap/opu",
                "ProxyType": "Internet", "Authentication": "BasicAuthentication",
                "User": "svc-orders", "sap-client": "400", "Password": "prod-password-2",
            },
            "weather": {
                "Name": "weather", "Type": "HTTP", "URL": "https://weather.example.com",
                "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
                "KeyStoreLocation": "client.p12", "KeyStorePassword": "prod-ks-password",
            },
        }  # fmt: skip
        certs = prod.collection("subaccount", "Certificates")
        assert list(certs) == ["client.p12"]
        assert base64.b64decode(certs["client.p12"]["Content"]) == p12
        assert prod.invalid == [] and test.invalid == []
        assert "test-password-1" not in json.dumps(prod.store) and "test-password-1" not in r.stdout
        r = run(*args)
        assert (r.returncode, r.stdout) == (0, "nothing to push: the remote holds the same\n")
        # A production password the keyring lacks blocks that destination.
        r = run("secret", "delete", prod_ws / "orders.properties", "Password")
        assert r.returncode == 0
        prod.collection("subaccount", "Destinations").clear()
        r = run(*args)
        assert r.returncode == 1 and "  orders\n" in r.stdout and "(property.required)" in r.stdout


def test_the_instance_level_goes_into_the_workspace_instance_folder(
    run, service: StandIn, tmp_path: Path
) -> None:
    """pull --level instance lays the workspace out as bundle import and convert do: both
    levels in one folder, a Name used on both kept twice, each with its own passwords; diff and
    push of a level read that level's folder back."""
    p12 = (DATA / "chain.p12").read_bytes()
    service.collection("subaccount", "Destinations")["hr"] = {
        "Name": "hr",
        "Type": "HTTP",
        "URL": "https://hr.example.com",
        "ProxyType": "Internet",
        "Authentication": "BasicAuthentication",
        "User": "u",
        "Password": "sub-pass",
    }
    service.collection("instance", "Destinations")["hr"] = {
        "Name": "hr", "Type": "HTTP", "URL": "https://hr-instance.example.com",
        "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "inst.p12", "KeyStorePassword": "changeit",
    }  # fmt: skip
    service.collection("instance", "Certificates")["inst.p12"] = {
        "Name": "inst.p12", "Type": "PKCS12", "Content": base64.b64encode(p12).decode(),
    }  # fmt: skip
    run("remote", "add", "dev", "--service-key", write_key(service, tmp_path / "key.json"))
    ws = tmp_path / "ws"
    r = run("remote", "pull", "dev", ws)
    assert r.returncode == 0, r.stderr
    r = run("remote", "pull", "dev", ws, "--level", "instance")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"pulled 1 destinations and 1 certificates into {ws / 'instance'};")
    assert sorted(p.name for p in ws.iterdir() if not p.name.startswith(".")) == [
        "hr.properties",
        "instance",
    ]
    assert (ws / "instance" / "inst.p12").read_bytes() == p12
    assert destinations_of(ws)["hr"]["URL"] == "https://hr.example.com"
    assert destinations_of(ws / "instance")["hr"]["URL"] == "https://hr-instance.example.com"
    assert secrets_of(run, ws) == {"hr": {"Password": "sub-pass"}}
    assert secrets_of(run, ws / "instance") == {"hr": {"KeyStorePassword": "changeit"}}
    # One workspace, two levels: no duplicate Name, and a bundle gives both levels back.
    r = run("validate", ws / "hr.properties", ws / "instance" / "hr.properties")
    assert r.returncode == 0 and "name.duplicate" not in r.stdout, r.stdout
    bundle = tmp_path / "config.json"
    assert run("bundle", "export", ws, "--to", "init-data", "-o", bundle).returncode == 0
    init = json.loads(bundle.read_text())["init_data"]
    assert [d["URL"] for d in init["instance"]["destinations"]] == [
        "https://hr-instance.example.com"
    ]
    assert [c["Name"] for c in init["instance"]["certificates"]] == ["inst.p12"]
    for level in ("subaccount", "instance"):
        r = run("remote", "diff", "dev", ws, "--level", level)
        assert r.returncode == 0, (level, r.stdout, r.stderr)

    # A change at the instance level is pushed to that level only.
    text = (ws / "instance" / "hr.properties").read_text()
    (ws / "instance" / "hr.properties").write_text(text.replace("hr-instance", "hr-new"))
    r = run("remote", "diff", "dev", ws, "--level", "instance")
    assert r.returncode == 1 and "changed:     hr" in r.stdout
    assert run("remote", "diff", "dev", ws).returncode == 0
    r = run("remote", "push", "dev", ws, "--level", "instance")
    assert r.returncode == 0, r.stderr
    assert "  update hr\n" in r.stdout
    held = service.collection("instance", "Destinations")["hr"]
    assert held["URL"] == "https://hr-new.example.com" and held["KeyStorePassword"] == "changeit"
    assert service.collection("subaccount", "Destinations")["hr"]["URL"] == (
        "https://hr.example.com"
    )
    assert service.invalid == []

    # A workspace without the instance folder says where the level is looked for.
    other = tmp_path / "other"
    other.mkdir()
    r = run("remote", "diff", "dev", other, "--level", "instance")
    assert r.returncode == 2 and "has no instance folder" in r.stderr and not r.stdout
