"""Remote figures for `make bench`, one per line: name, value, note, ok|miss (tab-separated).

Against the Destination service stand-in holding 2,500 destinations (HTTPS on 127.0.0.1):
- `pull` (read every destination and certificate, write the workspace) and
- `compare` (read the workspace and the service, list the differences),
each as a ratio to the same number of bare HTTP GETs, one destination each
(`/subaccountDestinations/{name}`, one kept-alive connection, the same token), measured in the
same run. Medians of interleaved runs. Target: at most 1x, i.e. one paged pull of everything
costs no more than asking for each destination once. In-process, with a session-only secret
store (the keyring's speed is not the client's).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.remote.client import DestinationClient  # noqa: E402
from core.remote.remotes import Remote  # noqa: E402
from core.remote.sync import compare, pull, read_remote, read_workspace  # noqa: E402
from core.secrets import MemoryStore  # noqa: E402
from tests.destination_standin import CERTS, StandIn, serve  # noqa: E402

COUNT = 2500
# The reference alone takes about 40 s here, so fewer runs than the other benchmarks.
RUNS = min(int(os.environ.get("BENCH_RUNS", "7")), 3)


def seconds(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    os.environ["SSL_CERT_FILE"] = str(CERTS / "test-ca.pem")
    with serve(StandIn()) as service, tempfile.TemporaryDirectory() as tmp:
        items = service.collection("subaccount", "Destinations")
        for i in range(COUNT):
            name = f"bench-{i:04d}"
            items[name] = {
                "Name": name, "Type": "HTTP", "URL": f"https://h{i}.example.com/api",
                "ProxyType": "Internet", "Authentication": "BasicAuthentication",
                "User": "svc", "Password": f"pw-{i}", "Description": "benchmark destination",
            }  # fmt: skip
        key = service.service_key()
        remote = Remote("bench", "secret", key["clientid"], key["url"] + "/oauth/token", key["uri"])
        secret = key["clientsecret"]
        names = list(items)
        counter = iter(range(10**6))
        last: list[Path] = []

        def bare_gets() -> None:
            with DestinationClient(remote, secret) as client:
                client._fetch_token()
                http, base = client._http, remote.api_url + "/destination-configuration/v1/"
                for name in names:
                    http.get(base + "subaccountDestinations/" + name).raise_for_status()

        def do_pull() -> None:
            folder = Path(tmp) / f"ws{next(counter)}"
            with DestinationClient(remote, secret) as client:
                pull(read_remote(client, "subaccount"), folder, MemoryStore())
            last[:] = [folder]

        store = MemoryStore()
        do_pull()
        folder = last[0]
        pull(read_remote(DestinationClient(remote, secret), "subaccount"), folder, store)

        def do_compare() -> None:
            with DestinationClient(remote, secret) as client:
                diff = compare(read_workspace(folder, store), read_remote(client, "subaccount"))
            assert diff.equal, diff.to_json()

        times: dict[str, list[float]] = {"ref": [], "pull": [], "compare": []}
        for _ in range(RUNS):  # interleaved
            times["ref"].append(seconds(bare_gets))
            times["pull"].append(seconds(do_pull))
            times["compare"].append(seconds(do_compare))
        mr = statistics.median(times["ref"])
        for label in ("pull", "compare"):
            mo = statistics.median(times[label])
            ratio = mo / mr
            print(
                f"remote {label} of {COUNT} destinations vs {COUNT} bare GETs\t{ratio:.3f}\t"
                f"{mo * 1000:.0f} ms vs {mr * 1000:.0f} ms (target 1x)\t"
                f"{'ok' if ratio <= 1.0 else 'miss'}"
            )


if __name__ == "__main__":
    main()
