"""Entry point of the bundled destination-cli (PyInstaller needs a script)."""

import sys

from core.cli import main

sys.exit(main())
