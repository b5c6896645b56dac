"""A Destination service bundle holding a password, for the import tests."""

from __future__ import annotations

import json
from pathlib import Path


def bundle_with_a_password(folder: Path) -> Path:
    path = folder / "b.json"
    destination = {"Name": "x", "Type": "HTTP", "Password": "p"}
    path.write_text(json.dumps({"destinationConfiguration": destination, "certificates": []}))
    return path
