"""`destination-cli` declares only the arguments of the command it runs: each command's help,
its parse and the overall help and errors must be what the parser of every command gives."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from core.cli import COMMANDS, _command_in, build_parser


def _helps(parser: argparse.ArgumentParser) -> dict[tuple[str, ...], str]:
    """Every (sub)parser's help, by its path of command names."""
    out: dict[tuple[str, ...], str] = {}

    def walk(p: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        out[path] = p.format_help()
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, (*path, name))

    walk(parser, ())
    return out


def test_the_command_list_is_the_parsers() -> None:
    full = build_parser()
    commands = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(commands.choices) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_one_command_alone_has_the_same_help_as_among_all(command: str) -> None:
    every = _helps(build_parser())
    alone = _helps(build_parser(command))
    assert {path for path in alone if path} == {path for path in every if path[:1] == (command,)}
    for path, text in alone.items():
        if path:
            assert text == every[path], path


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "store.jks", "--password-env", "PW", "--json", "--for", "java-sdk"],
        ["--debug", "validate", "a.properties", "b.json", "--days", "10"],
        ["keystore", "convert", "store.jks", "--to", "p12", "-o", "out.p12"],
        ["report", "folder", "--at", "2027-03-31", "--csv"],
        ["remote", "list"],
    ],
)
def test_a_command_parses_the_same_alone(argv: list[str]) -> None:
    assert _command_in(argv) == next(w for w in argv if not w.startswith("-"))
    assert build_parser(_command_in(argv)).parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv", [["-h", "inspect"], ["--help"], ["inspec", "x"], [], ["--", "inspect"], ["--debug"]]
)
def test_help_first_no_command_or_an_unknown_one_declares_every_command(argv: list[str]) -> None:
    assert _command_in(argv) is None


def test_an_unknown_command_names_every_choice() -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        build_parser(_command_in(["inspec"])).parse_args(["inspec"])
    assert all(repr(c) in err.getvalue() for c in COMMANDS)
