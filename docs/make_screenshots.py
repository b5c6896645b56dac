"""Make the README's screenshots with the editor's own --screenshot, as a user would see it:

    .venv/bin/python docs/make_screenshots.py

The sample passwords (changeit, see the README) go into a private Secret Service started for
the run (Debian: dbus, gnome-keyring), never into the user's keyring. The connection check
screenshot talks to the tests' TLS server on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import secret_service  # noqa: E402
from tests.tls_server import TLS, tls_server  # noqa: E402

BIN = Path(sys.executable).parent
DOCS = ROOT / "docs"
SAMPLES = ROOT / "resources" / "samples"


def run(env: dict[str, str], *args: str | Path, stdin: str = "") -> None:
    subprocess.run([str(a) for a in args], env=env, input=stdin, text=True, check=True)


def seed(env: dict[str, str], folder: Path) -> None:
    """Store the sample password for every key store a destination names."""
    for path in sorted(folder.glob("*.properties")) + sorted(folder.glob("*.json")):
        text = path.read_text()
        for location, password in (
            ("KeyStoreLocation", "KeyStorePassword"),
            ("TrustStoreLocation", "TrustStorePassword"),
        ):
            if location in text:
                run(
                    env,
                    BIN / "destination-cli",
                    "secret",
                    "set",
                    path,
                    password,
                    stdin="changeit\n",
                )


def main() -> None:
    subprocess.run(["bash", str(SAMPLES / "make_expiring.sh")], check=True)
    with secret_service.secret_service() as keyring_env, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.update({k: v for k, v in keyring_env.items() if v is not None})
        env.pop("PYTHON_KEYRING_BACKEND", None)
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # no saved window layout
        seed(env, SAMPLES)
        editor = BIN / "destination-editor"
        run(env, editor, "--screenshot", DOCS / "editor.png", SAMPLES)
        run(env, editor, "--health", "--screenshot", DOCS / "health.png", SAMPLES)
        # The inspector on a chain with findings: the legacy sample misses its issuing CA.
        run(env, editor, "--screenshot", DOCS / "inspector.png", SAMPLES / "legacy-client.jks")
        # A connection check that fails the way administrators meet it: the server does not
        # trust the client certificate's issuer.
        work = Path(tmp) / "partner-api"
        work.mkdir()
        for name in ("client-untrusted.jks", "server-trust.jks"):
            shutil.copy(TLS / name, work / name)
        with tls_server() as port:
            dest = work / "partner-api.properties"
            dest.write_text(
                "Name=partner-api\nType=HTTP\n"
                f"URL=https://localhost:{port}/orders\nProxyType=Internet\n"
                "Authentication=ClientCertificateAuthentication\n"
                "KeyStoreLocation=client-untrusted.jks\nTrustStoreLocation=server-trust.jks\n"
            )
            seed(env, work)
            run(env, editor, "--check-connection", "--screenshot", DOCS / "connection.png", dest)
        # The whole screen of a real X server with a window manager, at a small and a large
        # size: what the layout tests (tests/x11) check, as a person sees it.
        for width, height in ((800, 600), (1600, 1000)):
            on_screen(env, SAMPLES, width, height, DOCS / f"editor-{width}x{height}.png")


def on_screen(env: dict[str, str], path: Path, width: int, height: int, target: Path) -> None:
    """The editor on Xvfb with openbox; it saves the screen once loading is done (selfcheck)."""
    from contextlib import ExitStack

    from tests.x11.conftest import x_server

    target.unlink(missing_ok=True)
    with ExitStack() as stack:
        display = stack.enter_context(x_server(width, height))
        screen_env = {
            **env,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "DESTINATION_EDITOR_SCREENSHOT": str(target),
        }
        editor = subprocess.Popen([str(BIN / "destination-editor"), str(path)], env=screen_env)
        try:
            deadline = time.monotonic() + 60
            while not target.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.5)  # the file is written in one go, but let it land
        finally:
            editor.terminate()
            editor.wait(timeout=20)
        if not target.exists():
            raise SystemExit(f"no screenshot at {width}x{height}")


if __name__ == "__main__":
    main()
