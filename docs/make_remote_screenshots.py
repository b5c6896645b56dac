"""Make the README's screenshots of the compare view and the push dialog, offscreen, against the
tests' Destination service stand-in on 127.0.0.1:

    .venv/bin/python docs/make_remote_screenshots.py

Secrets stay in a session-only store; settings go to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

DOCS = ROOT / "docs"


def wait_until(app: object, done: object, seconds: float = 20) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise SystemExit("screenshot: the view did not finish in time")
        time.sleep(0.02)


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from core.remote.remotes import add_remote, parse_service_key
    from core.secrets import FallbackStore, MemoryStore, scope_of
    from gui.compare_view import CompareView
    from gui.jobs import Jobs
    from tests.destination_standin import CERTS, serve
    from tests.remote_data import make_workspace

    os.environ["SSL_CERT_FILE"] = str(CERTS / "test-ca.pem")
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp, serve() as service:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        store = FallbackStore(MemoryStore())
        ws = make_workspace(
            Path(tmp) / "test-landscape",
            lambda path, key, value: store.set(scope_of(path.parent, path.stem), key, value),
        )
        import json

        remote, secret = parse_service_key(
            "production", json.dumps(service.service_key()).encode(), "key.json"
        )
        add_remote(remote, secret, store)
        held = service.collection("subaccount", "Destinations")
        held["hr-system"] = {
            "Name": "hr-system", "Type": "HTTP", "URL": "https://hr-old.example.com",
            "ProxyType": "Internet", "Authentication": "BasicAuthentication",
            "User": "svc-hr", "sap-client": "200",
        }  # fmt: skip
        held["legacy-crm"] = {
            "Name": "legacy-crm", "Type": "HTTP", "URL": "https://crm.example.com",
            "ProxyType": "Internet", "Authentication": "NoAuthentication",
        }  # fmt: skip
        jobs = Jobs()
        view = CompareView(jobs, store, ws)
        view.show()
        view.compare()
        wait_until(app, lambda: "differ" in view.status.text())
        view.tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
        view.tree.topLevelItem(3).setCheckState(0, Qt.CheckState.Checked)
        app.processEvents()
        view.grab().save(str(DOCS / "compare.png"))
        view.push_selected()
        dialog = view.push_dialog
        assert dialog is not None
        wait_until(app, lambda: dialog.push_button.isEnabled())  # type: ignore[attr-defined]
        dialog.push_button.click()  # type: ignore[attr-defined]
        wait_until(app, lambda: dialog.outcome is not None)  # type: ignore[attr-defined]
        dialog.grab().save(str(DOCS / "push.png"))
        dialog.close()
        view.close()
        jobs.wait()


if __name__ == "__main__":
    main()
