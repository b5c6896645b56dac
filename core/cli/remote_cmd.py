"""`destination-cli remote add|list|remove|pull|diff|push|transport`: the live subaccount.

The arguments are declared by `add_parser` (loaded with every command, so it imports nothing
heavy); the network and the keyring load only when a remote command runs. Failures are one
sentence and exit 2; `diff` exits 1 when the two sides differ, `push` 1 when error findings
block it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.remote.client import DestinationClient
    from core.remote.sync import Diff, LocalSet, Plan
    from core.secrets import FallbackStore

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("remote", help="a subaccount's Destination service: pull, diff, push")
    actions = p.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=parser_class
    )

    def level(t: argparse.ArgumentParser) -> None:
        t.add_argument(
            "--level",
            choices=["subaccount", "instance"],
            default="subaccount",
            help="destinations of the subaccount (default) or of the service instance",
        )
        t.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            metavar="S",
            help="give up on a silent service after S seconds (default 10)",
        )

    def pushing(t: argparse.ArgumentParser) -> None:
        t.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
        t.add_argument("--only", nargs="+", metavar="NAME", help="only these destinations")
        t.add_argument(
            "--delete",
            action="store_true",
            help="also delete what only the remote holds (asks first)",
        )
        t.add_argument("--yes", action="store_true", help="confirm deleting without asking")

    t = actions.add_parser("add", help="a remote from a Destination service instance's key")
    t.add_argument("name", metavar="NAME")
    t.add_argument("--service-key", type=Path, required=True, metavar="KEY.json")
    t = actions.add_parser("list", help="the remotes, never their secrets")
    t.add_argument("--json", action="store_true", help="machine-readable output")
    t = actions.add_parser("remove", help="forget a remote and its secret")
    t.add_argument("name", metavar="NAME")
    t = actions.add_parser("pull", help="every destination and certificate into a folder")
    t.add_argument("name", metavar="NAME")
    t.add_argument("folder", type=Path, metavar="DIR")
    level(t)
    t = actions.add_parser("diff", help="compare a workspace folder with the remote")
    t.add_argument("name", metavar="NAME")
    t.add_argument("folder", type=Path, metavar="DIR")
    level(t)
    t.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    t = actions.add_parser("push", help="make the remote hold what the folder holds")
    t.add_argument("name", metavar="NAME")
    t.add_argument("folder", type=Path, metavar="DIR")
    level(t)
    pushing(t)
    t = actions.add_parser("transport", help="from one remote to another, through a rename map")
    t.add_argument("source", metavar="SOURCE")
    t.add_argument("target", metavar="TARGET")
    t.add_argument(
        "--secrets-from",
        type=Path,
        required=True,
        metavar="DIR",
        help="the target's workspace folder, whose keyring entries give the secrets",
    )
    t.add_argument("--map", type=Path, metavar="MAP.json", help="the rename map (see README)")
    level(t)
    pushing(t)
    p.set_defaults(module="remote_cmd")


def run(args: argparse.Namespace) -> int:
    from core.errors import InputError
    from core.secrets import open_secret_store

    store = open_secret_store()
    try:
        code: int = globals()[f"_{args.action}"](args, store)
    except InputError as exc:  # RemoteError included: one sentence
        print(f"destination-cli: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return code


def _client(name: str, store: FallbackStore, timeout: float) -> DestinationClient:
    from core.remote.actions import open_client

    return open_client(name, store, timeout)


def _add(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.errors import InputError
    from core.remote.remotes import add_remote, parse_service_key

    try:
        data = args.service_key.read_bytes()
    except OSError as exc:
        raise InputError(f"{args.service_key}: {exc.strerror or 'cannot be read'}") from None
    remote, secret = parse_service_key(args.name, data, str(args.service_key))
    if not store.remembers:
        raise InputError(
            "there is no OS keyring to keep the service key's secret, so the remote was not "
            f"added ({store.problem or 'no keyring'})"
        )
    add_remote(remote, secret, store)
    if not store.remembers:
        raise InputError("the OS keyring did not keep the service key's secret")
    kind = "X.509 certificate" if remote.kind == "x509" else "client secret"
    print(f"added remote {remote.name}: {remote.api_url} ({kind} in the OS keyring)")
    print(f"The service key file {args.service_key} still holds the secret; delete it if you can.")
    return EXIT_OK


def _list(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.remotes import list_remotes

    remotes = list_remotes()
    if args.json:
        rows = [
            {"name": r.name, "kind": r.kind, "client_id": r.client_id, "uri": r.api_url,
             "token_url": r.token_url}
            for r in remotes
        ]  # fmt: skip
        print(json.dumps({"version": 1, "remotes": rows}, indent=2))
        return EXIT_OK
    for r in remotes:
        kind = "x509" if r.kind == "x509" else "secret"
        print(f"{r.name}\t{kind}\t{r.api_url}")
    if not remotes:
        print("no remotes; add one with `destination-cli remote add NAME --service-key KEY.json`")
    return EXIT_OK


def _remove(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.remotes import remove_remote

    remote = remove_remote(args.name, store)
    print(f"removed remote {remote.name} and its {remote.secret_key} from the OS keyring")
    return EXIT_OK


def _pull(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.sync import pull, read_remote

    with _client(args.name, store, args.timeout) as client:
        remote = read_remote(client, args.level)
    result = pull(remote, args.folder, store, args.level)
    print(
        f"pulled {result.destinations} destinations and {result.certificates} certificates "
        f"into {_level_dir(args)}; {result.secrets} secrets went to the OS keyring"
    )
    for item in result.withheld:
        print(f"  withheld by the service (unknown, left as it was): {item}")
    return EXIT_OK


def _level_dir(args: argparse.Namespace) -> Path:
    """The folder of the workspace DIR that holds the level's destinations, as given."""
    from core.workspace import level_folder

    return level_folder(args.folder, args.level)


def _print_diff(diff: Diff) -> None:
    for name in diff.only_local:
        print(f"only local:  {name}")
    for name in diff.only_remote:
        print(f"only remote: {name}")
    for name, changes in diff.changed.items():
        print(f"changed:     {name}")
        for c in changes:
            print(f"    {c.key}: local {_shown(c.local)}, remote {_shown(c.remote)}")
    for cert in diff.certificates:
        if cert.local is None:
            print(f"certificate only remote: {cert.name}")
        elif cert.remote is None:
            print(f"certificate only local:  {cert.name}")
        else:
            print(
                f"certificate changed:     {cert.name} (SHA-256 local {cert.local[:16]}…, "
                f"remote {cert.remote[:16]}…)"
            )


def _shown(value: str | None) -> str:
    return "(absent)" if value is None else value if value.startswith("(") else repr(value)


def _diff(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.actions import compare_workspace

    diff = compare_workspace(args.name, args.folder, store, args.level, args.timeout).diff
    if args.json:
        print(json.dumps(diff.to_json(), indent=2 if sys.stdout.isatty() else None))
    elif diff.equal:
        print(
            f"{_level_dir(args)} and remote {args.name} hold the same destinations and certificates"
        )
    else:
        _print_diff(diff)
    return EXIT_OK if diff.equal else EXIT_FINDINGS


def _push(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.sync import compare, read_remote, read_workspace

    local = read_workspace(args.folder, store, args.level)
    with _client(args.name, store, args.timeout) as client:
        remote = read_remote(client, args.level)
        return _push_to(args, client, local, compare(local, remote))


def _transport(args: argparse.Namespace, store: FallbackStore) -> int:
    from core.remote.sync import compare, read_remote
    from core.remote.transport import RenameMap, load_map, transported

    mapping = load_map(args.map) if args.map else RenameMap()
    with _client(args.source, store, args.timeout) as source:
        source_set = read_remote(source, args.level)
    local = transported(source_set, mapping, store, args.secrets_from, args.level)
    with _client(args.target, store, args.timeout) as client:
        remote = read_remote(client, args.level)
        return _push_to(args, client, local, compare(local, remote))


def _push_to(
    args: argparse.Namespace, client: DestinationClient, local: LocalSet, diff: Diff
) -> int:
    from core.remote.sync import apply, plan

    the_plan = plan(diff, local, args.only, args.delete)
    if the_plan.blocked:
        print("Nothing was pushed: these destinations have error findings.")
        for name, findings in the_plan.blocked.items():
            print(f"  {name}")
            for f in findings:
                print(f"    error   {f.message}  ({f.code})")
        return EXIT_FINDINGS
    _print_plan(the_plan)
    if not the_plan.steps or args.dry_run:
        return EXIT_OK
    deletes = [s for s in the_plan.steps if s.action.startswith("delete")]
    if deletes and not args.yes and not _confirm(len(deletes)):
        print("Nothing was pushed: deleting was not confirmed.", file=sys.stderr)
        return EXIT_USAGE
    total = len(the_plan.steps)
    result = apply(
        the_plan.steps,
        local,
        client,
        args.level,
        progress=lambda i, step: print(f"[{i + 1}/{total}] {step}", flush=True),
    )
    if result.failure is None:
        print(f"done: {len(result.applied)} steps applied")
        return EXIT_OK
    print(f"applied: {len(result.applied)} of {total} steps")
    for step in result.not_applied:
        print(f"  not applied: {step}")
    print(f"destination-cli: {result.failure}; run again to finish", file=sys.stderr)
    return EXIT_USAGE


def _print_plan(the_plan: Plan) -> None:
    if not the_plan.steps:
        print("nothing to push: the remote holds the same")
    else:
        print("plan:")
        for step in the_plan.steps:
            print(f"  {step}")
    for name in the_plan.skipped:
        print(f"  kept (only remote; --delete deletes it): {name}")


def _confirm(count: int) -> bool:
    from core.errors import InputError

    if not sys.stdin.isatty():
        raise InputError(
            f"the plan deletes {count} remote items; confirm on a terminal or add --yes"
        )
    answer = input(f"Delete {count} remote items? [y/N] ")
    return answer.strip().lower() in ("y", "yes")
