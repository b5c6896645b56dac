"""Destination Editor core: everything that works without a window.

Nothing in this package imports Qt; the GUI and the command line both stand on it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("destination-editor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
