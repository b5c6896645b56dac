"""Where the command line takes a password from. Never from an argument: those show in `ps`."""

from __future__ import annotations

import argparse
import os
import sys

from core.errors import InputError


def read_password(args: argparse.Namespace, prompt: str) -> str | None:
    """The password, or None when no source is given and no one can be asked."""
    password = _read_password(args, prompt)
    if password is not None and not _is_text(password):
        # Bytes that are not UTF-8 arrive as lone surrogates (os.environ, stdin's errors
        # handler); no key store format can encode them, and Java would read other characters.
        raise InputError("the password holds bytes that are not UTF-8 text; give it as UTF-8")
    return password


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_password(args: argparse.Namespace, prompt: str) -> str | None:
    if args.password_stdin:
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            line = "\udcff"  # refused by the caller, as from the environment
        return line[:-1] if line.endswith("\n") else line
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise InputError(f"environment variable {args.password_env} is not set")
        return value
    if sys.stdin.isatty():
        import getpass  # only when someone is there to be asked

        return getpass.getpass(prompt)
    return None


def given_password(args: argparse.Namespace) -> str | None:
    """A password from --password-stdin or --password-env; None when neither is given."""
    if args.password_stdin or args.password_env:
        return read_password(args, "")
    return None
