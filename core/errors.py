"""The error every reader raises for input it cannot use; kept apart so it imports nothing."""


class InputError(Exception):
    """A file that cannot be read as a destination; the message names the file and the cause."""
