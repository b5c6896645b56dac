"""`destination-cli`: inspection, validation and export for scripts.

A thin argparse layer over the core. Exit codes: 0 no error findings, 1 error findings,
2 usage error, unreadable input or a file that cannot be written, 3 an unexpected failure (a bug).
Every failure is one sentence on stderr, never a traceback unless `--debug` asks for one.
The arguments of every command are declared here; a command's module (and what it imports, such
as cryptography) loads only when that command runs, so that `inspect` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import UserError, sentence
from core.findings import EXPIRING_DAYS

EXIT_OK, EXIT_USAGE, EXIT_BUG = 0, 2, 3
BUG_SENTENCE = (
    "destination-cli: an unexpected error stopped the command ({name}); this is a bug, please "
    "report it with the command you ran (add --debug for the details to include)"
)


class _Formatter(argparse.HelpFormatter):
    """argparse makes a formatter for every argument it declares, and the default one imports
    shutil (with bz2 and lzma, 5 ms) to ask the terminal's width; os answers the same."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24) -> None:
        try:
            width = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                width = 80
        super().__init__(prog, indent_increment, max_help_position, width - 2)


class _StrictParser(argparse.ArgumentParser):
    # No abbreviations: `--password` must not silently mean `--password-stdin`.
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(allow_abbrev=False, **kwargs)


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        import core

        print(f"{parser.prog} {core.__version__}")
        parser.exit()


def _password_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the key store password from the first line of stdin",
    )
    group.add_argument(
        "--password-env",
        metavar="VAR",
        help="take the key store password from environment variable VAR",
    )


def _days(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--days",
        type=int,
        default=EXPIRING_DAYS,
        metavar="N",
        help=f"warn about certificates expiring within N days (default {EXPIRING_DAYS})",
    )


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", required=True, choices=["properties", "json"])
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="output file, or folder for several destinations (default: stdout)",
    )


def _tool_options(p: argparse.ArgumentParser, need_format: bool) -> None:
    p.add_argument(
        "--to",
        required=need_format,
        choices=["p12", "jks"],
        help="the new file's format" + ("" if need_format else " (default: the source's)"),
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="the new file (must not exist)",
    )
    p.add_argument(
        "--key-password-env",
        metavar="VAR",
        help="the key's own password, when it differs from the store password",
    )
    _password_options(p)
    _days(p)


def _edit_options(p: argparse.ArgumentParser, alias: bool = True, output: bool = True) -> None:
    p.add_argument("file", type=Path, metavar="KEYSTORE")
    if alias:
        p.add_argument("--alias", required=True, help="the entry to work on")
    if output:
        p.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="OUT",
            help="write the result to a new file (default: replace KEYSTORE, keeping KEYSTORE.bak)",
        )
    p.add_argument(
        "--key-password-env",
        metavar="VAR",
        help="the key's own password, when it differs from the store password",
    )
    _password_options(p)
    _days(p)


def _edit_parsers(tools: Any) -> None:
    """keystore generate|csr|import-reply|import-trusted|delete|rename|passwd: edits in place."""
    t = tools.add_parser("generate", help="a new key pair with a self-signed placeholder")
    _edit_options(t)
    t.add_argument("--subject", required=True, help="e.g. CN=client.example.com,O=Example,C=DE")
    t.add_argument(
        "--san", action="append", default=[], help="DNS:host, IP:addr, EMAIL:addr, URI:uri; repeat"
    )
    t.add_argument("--key-type", choices=["rsa", "ec"], default="rsa")
    t.add_argument("--key-size", type=int, metavar="BITS", help="RSA key size (default 2048)")
    t.add_argument("--curve", choices=["P-256", "P-384", "P-521"], help="EC curve (default P-256)")
    t.add_argument("--valid-days", type=int, default=365, metavar="N")
    t.add_argument(
        "--type", choices=["p12", "jks"], help="format of a new store (default: by file name)"
    )
    t = tools.add_parser("csr", help="a certificate signing request (PEM) for a key entry")
    _edit_options(t, output=False)
    t.add_argument("--subject", help="default: the entry's certificate subject")
    t.add_argument("--san", action="append", help="default: the certificate's SAN; repeat")
    t.add_argument("-o", "--output", type=Path, required=True, metavar="CSR", help="new PEM file")
    t = tools.add_parser("import-reply", help="the CA's signed certificate into its key entry")
    _edit_options(t)
    t.add_argument("reply", type=Path, metavar="REPLY", help="certificate or chain: PEM/DER/P7B")
    t.add_argument(
        "--ca", type=Path, action="append", default=[], metavar="CA", help="a CA file; repeat"
    )
    t = tools.add_parser("import-trusted", help="trusted certificates into a trust store")
    _edit_options(t, alias=False)
    t.add_argument("certs", type=Path, nargs="+", metavar="CERT", help="PEM, DER or P7B files")
    t.add_argument("--alias", help="the entry's alias (one certificate; default from its CN)")
    t.add_argument(
        "--type", choices=["p12", "jks"], help="format of a new store (default: by file name)"
    )
    t = tools.add_parser("delete", help="delete an entry")
    _edit_options(t)
    t = tools.add_parser("rename", help="rename an entry")
    _edit_options(t)
    t.add_argument("--new-alias", required=True, metavar="NAME")
    t = tools.add_parser("passwd", help="change the store password or a key password")
    _edit_options(t, alias=False)
    t.add_argument("--alias", help="the key entry whose key password changes")
    t.add_argument(
        "--new-password-env", metavar="VAR", help="the new store password from variable VAR"
    )
    t.add_argument(
        "--new-password-stdin",
        action="store_true",
        help="the new store password from the next line of stdin",
    )
    t.add_argument(
        "--new-key-password-env",
        metavar="VAR",
        help="the new key password of --alias (default: the store password, as SAP needs)",
    )


# Every command build_parser declares; `_command_in` picks one of them out of the arguments.
COMMANDS = (
    "validate",
    "convert",
    "export",
    "secret",
    "inspect",
    "check-connection",
    "keystore",
    "bundle",
    "report",
    "remote",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command `only` alone: declaring the arguments
    of all of them costs a command about 8 ms (argparse makes a parser, a formatter per
    argument and three gettext look-ups per parser)."""

    def wanted(command: str) -> bool:
        return only is None or only == command

    parser = _StrictParser(
        prog="destination-cli",
        description="Validate, convert and inspect SAP BTP destination files and key stores.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected error, print the traceback (for a bug report)",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_StrictParser
    )

    if wanted("validate"):
        p = sub.add_parser("validate", help="check destination files against SAP's rules")
        p.add_argument("files", nargs="+", type=Path, metavar="FILE")
        _password_options(p)
        _days(p)
        p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
        p.set_defaults(module="validate_cmd")

    if wanted("convert"):
        p = sub.add_parser("convert", help="convert between .properties and JSON")
        p.add_argument("file", type=Path, metavar="FILE")
        _output_options(p)
        p.set_defaults(module="convert_cmd")

    if wanted("export"):
        p = sub.add_parser(
            "export", help="write an upload-ready copy, secrets left out or included"
        )
        p.add_argument("file", type=Path, metavar="FILE")
        _output_options(p)
        p.add_argument(
            "--include-secrets",
            action="store_true",
            help="fill in passwords from the OS keyring; the file is written 0600",
        )
        p.set_defaults(module="export_cmd")

    if wanted("secret"):
        p = sub.add_parser("secret", help="passwords of a destination in the OS keyring")
        p.add_argument("action", choices=["set", "get", "delete", "list", "import"])
        p.add_argument("file", type=Path, metavar="FILE")
        p.add_argument("property", nargs="?", metavar="PROPERTY")
        p.add_argument("--name", metavar="NAME", help="the destination, when FILE holds several")
        p.set_defaults(module="secret_cmd")

    if wanted("inspect"):
        p = sub.add_parser("inspect", help="open a key store and check its chains")
        p.add_argument("file", type=Path, metavar="KEYSTORE")
        _password_options(p)
        _days(p)
        p.add_argument(
            "-v", "--verbose", action="store_true", help="every field of every certificate"
        )
        p.add_argument(
            "--for",
            dest="consumer",
            choices=["all", "java-sdk", "node-sdk", "cockpit", "destination-service"],
            default="all",
            help="what this consumer would reject or mishandle (default: all, in one table); "
            "exit code 1 when the named consumer rejects the file",
        )
        p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
        p.set_defaults(module="inspect_cmd")

    if wanted("check-connection"):
        p = sub.add_parser(
            "check-connection", help="connect to a destination's URL with its client certificate"
        )
        p.add_argument("file", type=Path, metavar="FILE")
        p.add_argument("--name", metavar="NAME", help="the destination, when FILE holds several")
        _password_options(p)
        _days(p)
        p.add_argument(
            "--timeout",
            type=_seconds,
            default=10.0,
            metavar="S",
            help="give up on a silent server after S seconds (default 10)",
        )
        p.add_argument(
            "--resolve",
            metavar="ADDRESS",
            help="connect to ADDRESS instead of resolving the URL's host (the host name is still "
            "sent and verified), like curl --resolve",
        )
        p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
        p.set_defaults(module="check_cmd")

    if wanted("keystore"):
        p = sub.add_parser("keystore", help="build, convert, fix or edit a key store")
        tools = p.add_subparsers(
            dest="action", required=True, metavar="ACTION", parser_class=_StrictParser
        )
        t = tools.add_parser(
            "build", help="a key store from a PEM key, its certificate and CA files"
        )
        t.add_argument(
            "--key", type=Path, required=True, metavar="KEY", help="the private key file"
        )
        t.add_argument(
            "--cert", type=Path, required=True, metavar="CERT", help="its certificate (or chain)"
        )
        t.add_argument(
            "--ca", type=Path, action="append", default=[], metavar="CA", help="a CA file; repeat"
        )
        t.add_argument("--alias", default="client", help="the key entry's alias (default client)")
        _tool_options(t, need_format=True)
        t = tools.add_parser(
            "convert", help="JKS to PKCS#12 or back, keys under the store password"
        )
        t.add_argument("file", type=Path, metavar="KEYSTORE")
        _tool_options(t, need_format=True)
        t = tools.add_parser(
            "fix", help="one private key, its password the store's, whole chain, no expired extras"
        )
        t.add_argument("file", type=Path, metavar="KEYSTORE")
        t.add_argument(
            "--keep-alias", metavar="ALIAS", help="the private key to keep (default first)"
        )
        t.add_argument(
            "--keep-expired", action="store_true", help="keep expired trusted certificates"
        )
        _tool_options(t, need_format=False)
        _edit_parsers(tools)
        p.set_defaults(module="keystore_cmd")

    if wanted("bundle"):
        p = sub.add_parser("bundle", help="destinations with their key stores as service JSON")
        actions = p.add_subparsers(
            dest="action", required=True, metavar="ACTION", parser_class=_StrictParser
        )
        t = actions.add_parser(
            "export", help="a destination file or a workspace folder as a bundle"
        )
        t.add_argument("source", type=Path, metavar="FILE|DIR")
        t.add_argument(
            "--to",
            required=True,
            choices=["find-destination", "init-data", "rest", "api"],
            help="find-destination: the service's response for one destination (api is its old "
            "name); init-data: a service instance's config.json; rest: the request bodies of POST "
            "subaccountDestinations and subaccountCertificates, one file each in the folder OUT",
        )
        t.add_argument(
            "--policy",
            choices=["fail", "ignore", "update"],
            default="fail",
            help="init-data: what the service does with a destination or certificate that already "
            "exists (default fail, SAP's default); update overrides it, so it is refused when the "
            "bundle lacks a destination's passwords",
        )
        t.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
        t.add_argument(
            "--include-secrets",
            action="store_true",
            help="fill in passwords from the OS keyring; the file is written 0600",
        )
        t = actions.add_parser(
            "import", help="a find-destination response or init_data file into a workspace folder"
        )
        t.add_argument("source", type=Path, metavar="BUNDLE")
        t.add_argument("folder", type=Path, metavar="DIR")
        p.set_defaults(module="bundle_cmd")

    if wanted("report"):
        p = sub.add_parser("report", help="certificate expiry and findings of a whole workspace")
        p.add_argument("folder", type=Path, metavar="DIR")
        _days(p)
        p.add_argument(
            "--at",
            metavar="DATE",
            type=_date,
            help="report as of DATE (YYYY-MM-DD) instead of today, e.g. to plan renewals",
        )
        form = p.add_mutually_exclusive_group()
        form.add_argument(
            "--json", action="store_true", help="machine-readable output (see README)"
        )
        form.add_argument("--csv", action="store_true", help="one row per destination, for a sheet")
        p.set_defaults(module="report_cmd")

    if wanted("remote"):
        # Declares only; the network loads when a remote command runs.
        from core.cli import remote_cmd

        remote_cmd.add_parser(sub, _StrictParser)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command the arguments name, when it alone needs declaring: the first word that is no
    option (the top level's options take no values). None, so that every command is declared,
    when there is none, it is unknown (the error lists the choices), or a help option comes
    first (the overall help lists every command)."""
    for word in argv:
        if word in ("-h", "--help", "--"):
            return None
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _seconds(text: str) -> float:
    """A timeout: a finite number of seconds above 0 (0 would make every connection fail with
    a confusing system message, nan and inf never time out)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:  # also false for nan
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds above 0 and at most 3600"
        )
    return value


def _date(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-03-31") from None


def main(argv: Sequence[str] | None = None) -> int:
    # A short-lived process: reference counting frees what it makes, and the cyclic collector
    # only slows the bulk parse of large key stores (a quarter of the time on 2,000 certificates).
    gc.disable()
    # Text that cannot be encoded (a lone surrogate read from a file) is shown escaped, never a
    # crash while printing; the readers report it as a finding.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if os.environ.get("DESTINATION_EDITOR_DEBUG"):
        import logging  # only then: importing it costs 15 ms of every start

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    args = build_parser(_command_in(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    try:
        command = importlib.import_module(f"core.cli.{args.module}")
        code: int = command.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        sys.stderr.close()
        return EXIT_OK
    except (UserError, OSError) as exc:
        # Could not do it: an unreadable input, an unwritable output, a folder given for a
        # file. One sentence naming the file and the cause, never a traceback.
        print(f"destination-cli: {sentence(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit:
        raise
    except BaseException as exc:  # the one place every failure ends, PanicException too
        return _bug(exc, args.debug)
    if argv is None:
        # The program itself (tests pass argv), about to exit: the interpreter's shutdown would
        # walk every object left twice over in full collections, ~20 ms after a 2,000-certificate
        # inspect. With the collector off all run, they could only reach finalizers of cyclic
        # garbage, and those run while modules are already torn down.
        gc.freeze()
    return code


def _bug(exc: BaseException, debug: bool) -> int:
    """Exit 3: a failure no reader anticipated. Never a finding, never exit 1."""
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    print(BUG_SENTENCE.format(name=type(exc).__name__), file=sys.stderr)
    return EXIT_BUG
