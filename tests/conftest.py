"""Shared test set-up. Qt must never look for a real screen in tests."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
