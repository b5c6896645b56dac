"""The Destination service client against the stand-in: tokens, paging, retries, failures."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from core.remote.client import DestinationClient, RemoteError
from core.remote.remotes import Remote, parse_service_key
from tests.destination_standin import CERTS, StandIn, serve


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTS / "test-ca.pem"))
    with serve() as s:
        yield s


def remote_of(service: StandIn, kind: str = "secret", **changes: str) -> tuple[Remote, str]:
    key = {**service.service_key(kind), **changes}
    return parse_service_key("test", json.dumps(key).encode(), "key.json")


def client_of(service: StandIn, kind: str = "secret", **options: object) -> DestinationClient:
    remote, secret = remote_of(service, kind)
    return DestinationClient(remote, secret, **options)  # type: ignore[arg-type]


def fill(service: StandIn, count: int) -> None:
    items = service.collection("subaccount", "Destinations")
    for i in range(count):
        name = f"dest-{i:05d}"
        items[name] = {"Name": name, "Type": "HTTP", "URL": f"https://h{i}.example.com"}


def test_token_is_fetched_once_and_kept(service: StandIn) -> None:
    fill(service, 3)
    with client_of(service) as client:
        for _ in range(5):
            assert len(client.destinations()) == 3
    assert service.token_requests == 1


def test_a_token_the_service_stops_accepting_is_fetched_anew(service: StandIn) -> None:
    fill(service, 1)
    with client_of(service) as client:
        client.destinations()
        service.expire_tokens()
        assert len(client.destinations()) == 1
    assert service.token_requests == 2


def test_a_token_past_its_lifetime_is_renewed_by_the_oauth_client(service: StandIn) -> None:
    service.token_lifetime = 1  # within authlib's leeway: expired as soon as it arrives
    fill(service, 1)
    with client_of(service) as client:
        client.destinations()
        client.destinations()
    assert service.token_requests >= 2


def test_x509_keys_get_their_token_over_mtls(service: StandIn) -> None:
    fill(service, 2)
    with client_of(service, "x509") as client:
        assert len(client.destinations()) == 2
    assert service.mtls_token_requests == 1
    assert service.token_requests == 1


def test_an_x509_key_the_token_server_does_not_trust_fails_in_one_sentence(
    service: StandIn,
) -> None:
    remote, _ = remote_of(service, "x509", certificate=(CERTS / "stranger.pem").read_text())
    with (
        DestinationClient(remote, (CERTS / "stranger.key").read_text()) as client,
        pytest.raises(RemoteError, match=r"^the TLS handshake with 127\.0\.0\.1 failed"),
    ):
        client.destinations()
    assert service.mtls_token_requests == 0


def test_paging_follows_every_page(service: StandIn) -> None:
    fill(service, 2500)
    with client_of(service) as client:
        names = [d["Name"] for d in client.destinations()]
    assert names == [f"dest-{i:05d}" for i in range(2500)]
    pages = [p for m, p, s in service.log if m == "GET" and "Destinations" in p]
    assert len(pages) == 3  # 1000 per page, the API description's maximum


def test_paging_by_small_pages_follows_page_count(service: StandIn) -> None:
    fill(service, 25)
    with client_of(service, page_size=10) as client:
        assert len(client.destinations()) == 25


def test_429_waits_as_retry_after_says(service: StandIn) -> None:
    fill(service, 1)
    service.fail(429, times=2, retry_after="3")
    waits: list[float] = []
    with client_of(service, sleep=waits.append) as client:
        assert len(client.destinations()) == 1
    assert waits == [3.0, 3.0]


def test_503_is_retried_then_reported(service: StandIn) -> None:
    service.fail(503, times=1, retry_after="1")
    waits: list[float] = []
    with client_of(service, sleep=waits.append) as client:
        client.destinations()
        service.fail(503, times=10)
        with pytest.raises(RemoteError, match=r"failed \(HTTP 503\)"):
            client.destinations()
    assert waits[0] == 1.0 and len(waits) == 4


def test_retry_after_is_bounded(service: StandIn) -> None:
    service.fail(429, times=1, retry_after="3600")
    waits: list[float] = []
    with client_of(service, sleep=waits.append, max_wait=5.0) as client:
        client.destinations()
    assert waits == [5.0]


@pytest.mark.parametrize("value", ["\u00b2", "1" * 5000])
def test_a_hostile_retry_after_or_page_count_is_not_a_crash(service: StandIn, value: str) -> None:
    """A superscript digit passes isdigit() and int() refuses it; int() refuses 5000 digits."""
    fill(service, 25)
    service.fail(429, times=1, retry_after=value)
    waits: list[float] = []
    with client_of(service, sleep=waits.append, max_wait=5.0) as client:
        assert len(client.destinations()) == 25
        service.page_count_header = value
        assert len(client.destinations()) == 25
    assert len(waits) == 1 and 0.0 <= waits[0] <= 5.0


@pytest.mark.parametrize(
    ("provoke", "sentence"),
    [
        ("credentials", r"refused the credentials of remote 'test' \(401 Unauthorized\)"),
        (
            "forbid",
            r"forbids reading the destinations to remote 'test' \(403 Forbidden\): its service key lacks the role",
        ),
        ("404", r"has no such thing \(404 Not Found\)"),
        ("500", r"failed \(HTTP 500\) while reading the destinations"),
        ("tls", r"^the TLS certificate of 127\.0\.0\.1 is not trusted"),
        ("dns", r"^the name no-such-host\.invalid could not be resolved \(DNS\)"),
        ("slow", r"^127\.0\.0\.1 did not answer within 0\.3 seconds"),
        ("drop", r"^127\.0\.0\.1 dropped the connection before answering"),
    ],
)
def test_each_failure_is_one_sentence(
    service: StandIn, monkeypatch: pytest.MonkeyPatch, provoke: str, sentence: str
) -> None:
    changes: dict[str, str] = {}
    options: dict[str, object] = {"sleep": lambda s: None}
    if provoke == "credentials":
        changes["clientsecret"] = "wrong"
    elif provoke == "forbid":
        service.forbid = True
    elif provoke == "404":
        changes["uri"] = service.url + "/elsewhere"
    elif provoke == "500":
        service.fail(500, times=10)
    elif provoke == "tls":
        monkeypatch.setenv("SSL_CERT_FILE", str(CERTS / "stranger-ca.pem"))
    elif provoke == "dns":
        changes["url"] = changes["uri"] = "https://no-such-host.invalid"
    elif provoke == "slow":
        service.slow = 1.0
        options["timeout"] = 0.3
    elif provoke == "drop":
        service.drop = 10
    remote, secret = remote_of(service, **changes)
    with (
        DestinationClient(remote, secret, **options) as client,  # type: ignore[arg-type]
        pytest.raises(RemoteError, match=sentence) as info,
    ):
        client.destinations()
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert info.value.__cause__ is None


def test_409_on_an_existing_name(service: StandIn) -> None:
    fill(service, 1)
    with client_of(service) as client, pytest.raises(RemoteError, match=r"409 Conflict"):
        client.create_destination("subaccount", {"Name": "dest-00000", "Type": "HTTP"})
    assert service.invalid == []


def test_a_body_outside_the_api_description_is_refused(service: StandIn) -> None:
    with (
        client_of(service) as client,
        pytest.raises(RemoteError, match=r"HTTP 400: .*TCP"),
    ):
        client.create_destination("subaccount", {"Name": "t", "Type": "TCP"})
    assert len(service.invalid) == 1


def test_the_instance_level_has_its_own_destinations_and_certificates(service: StandIn) -> None:
    with client_of(service) as client:
        client.create_destination("instance", {"Name": "own", "Type": "HTTP"})
        client.create_certificate("instance", {"Name": "own.pem", "Content": "AAAA"})
        assert client.destinations("subaccount") == [] and client.certificates("subaccount") == []
        assert [d["Name"] for d in client.destinations("instance")] == ["own"]
        assert [c["Name"] for c in client.certificates("instance")] == ["own.pem"]
        client.update_certificate("instance", {"Name": "own.pem", "Content": "BBBB"})
        client.delete_destination("instance", "own")
        client.delete_destination("instance", "own")  # gone already: what was asked holds
        client.delete_certificate("instance", "own.pem")
        assert client.destinations("instance") == [] and client.certificates("instance") == []
    paths = {p for _, p, _ in service.log}
    assert "/destination-configuration/v1/instanceDestinations/own" in paths
    assert service.invalid == []
