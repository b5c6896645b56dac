"""A real TLS server on 127.0.0.1 for the connection check, made with Python's ssl module and
the certificates of tests/data/make_tls_and_workspace.sh. It answers any HTTP request."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.keystore_data import DATA

TLS = DATA / "tls"


@contextmanager
def tls_server(
    *,
    require_client_cert: bool = True,
    head_status: int = 204,
    get_status: int = 200,
    head: str = "answer",
) -> Iterator[int]:
    """Serve until the block ends; yields the port. `head` is what a HEAD request gets:
    "answer" (head_status), "silent" (nothing, until the client gives up) or "close" (the
    connection closed without a byte), as servers that ignore HEAD do."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    if require_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(TLS / "client-root.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve_one(raw: socket.socket) -> None:
        raw.settimeout(5)
        conn = ctx.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
        try:
            conn.do_handshake()
            request = conn.recv(4096)  # TLS 1.3 checks the client certificate here
            if request.startswith(b"HEAD ") and head != "answer":
                if head == "silent":
                    while conn.recv(4096):  # until the client closes its end
                        pass
                conn.close()
                return
            status = head_status if request.startswith(b"HEAD ") else get_status
            conn.sendall(
                f"HTTP/1.1 {status} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
            )
            conn.close()
        except (ssl.SSLError, OSError):
            # The alert went out. Close as real servers do (a lingering close): closing with
            # the client's request unread would reset the connection and lose the alert.
            try:
                conn.shutdown(socket.SHUT_WR)  # also drops TLS: recv below reads plain bytes
                conn.settimeout(1)
                while conn.recv(4096):
                    pass
            except OSError:
                pass
            conn.close()

    def loop() -> None:
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(raw,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join()
        listener.close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel does) but never says a word."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@contextmanager
def openssl_server() -> Iterator[int]:
    """`openssl s_server` requiring a client certificate. Unlike Python's ssl module it sends the
    names of the CAs it accepts, as web servers do."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        import pytest

        pytest.skip("openssl is not installed")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [
            "openssl", "s_server", "-accept", f"127.0.0.1:{port}",
            "-cert", str(TLS / "server.pem"), "-key", str(TLS / "server.key"),
            "-CAfile", str(TLS / "client-root.pem"), "-Verify", "2", "-www", "-quiet",
        ],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # listening once a connection succeeds
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
