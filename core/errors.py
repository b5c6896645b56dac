"""The errors a person should read as one sentence; kept apart so this module imports nothing."""


class UserError(Exception):
    """Base of every error whose message is a sentence for the user, not a bug report: the
    command line prints it and exits 2, the editor shows it in the status bar or a panel."""


class InputError(UserError):
    """A file that cannot be read as a destination; the message names the file and the cause."""


def sentence(exc: BaseException) -> str:
    """What to tell a person about `exc`: a UserError's own sentence, an OSError's reason and
    file, anything else by its type (a bug, but still one line)."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{exc.filename}: {reason}" if exc.filename else reason
    return str(exc) or type(exc).__name__
