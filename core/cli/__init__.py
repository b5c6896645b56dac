"""`destination-cli`: inspection, validation and export for scripts.

A thin argparse layer over the core. Exit codes: 0 no error findings, 1 error findings,
2 usage error or unreadable input. Every failure is one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from core import __version__
from core.cli import convert_cmd, inspect_cmd, validate_cmd
from core.cli.output import fail
from core.formats import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _StrictParser(argparse.ArgumentParser):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_abbrev=False, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="destination-cli",
        allow_abbrev=False,
        description="Validate, convert and inspect SAP BTP destination files and key stores.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # No abbreviations: `--password` must not silently mean `--password-stdin`.
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        parser_class=_StrictParser,
    )
    validate_cmd.register(sub)
    convert_cmd.register(sub)
    inspect_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except InputError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        sys.stderr.close()
        return EXIT_OK
    return code
