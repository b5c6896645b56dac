"""Entry point of the bundled destination-editor (PyInstaller needs a script)."""

import sys

from gui.app import main

sys.exit(main())
