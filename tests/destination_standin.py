"""A local stand-in of the Destination service and its token servers, for tests.

Built on werkzeug, served over HTTPS on 127.0.0.1 with the test CA of
tests/data/remote/make_certs.sh. It behaves as SAP's API description says (SAP/cloud-sdk-python,
src/sap_cloud_sdk/destination/spec/api_spec.yaml): 201 on create, 409 on an existing name
(207 with per-name results for arrays), 404 on a missing one, `$page`/`$pageSize` (at most
1000)/`$pageCount`/`$entityCount` with the `Page-Count`, `Entity-Count` and `Link` headers, and
every request body checked against the transcribed JSON Schemas (tests/api/
destination_service_schemas.json); a body that does not fit is refused with 400 and recorded in
`invalid`, so a test can assert the client never sent one.

Two token servers: client-secret keys (HTTP Basic) on the API's own server, X.509 keys on a
second server that requires a client certificate from the client CA (mTLS), as `certurl` is.

Faults, switched by tests: `expire_tokens()` (the tokens issued so far stop working),
`fail(status, times, retry_after, method, after)` (e.g. 429 with Retry-After, 503), `slow` (seconds before each
API answer), `drop` (close the connection without an answer, that many times), `forbid` (403
on the API). `redact_secrets` makes reads answer secret values as REDACTED; the API description
documents no redaction, so it is off unless a test turns it on.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from core.schema import is_secret
from tests.api.schemas import validator

CERTS = Path(__file__).parent / "data" / "remote"
BASE = "/destination-configuration/v1/"
REDACTED = "<redacted>"
CLIENT_ID = "sb-clone-destination-x509"


# PUT takes the same bodies as POST (the API description's requestBody of both is alike).
VALIDATORS = {
    "Destinations": validator("PostSubaccountDestinationsBody"),
    "Certificates": validator("PostSubaccountCertificatesBody"),
}


@dataclass
class Fault:
    status: int
    times: int
    retry_after: str | None = None
    method: str | None = None  # only requests of this method; None: any
    after: int = 0  # let this many matching requests pass first


@dataclass
class StandIn:
    """The service's state and switches. `url` is set once it serves."""

    client_id: str = "sb-clone-destination"
    client_secret: str = "stand-in-secret"
    x509_client_id: str = CLIENT_ID
    token_lifetime: int = 3600
    page_size_default: int = 10
    slow: float = 0.0
    drop: int = 0
    forbid: bool = False
    redact_secrets: bool = False
    # A Page-Count header as a hostile or broken service might send it (None: the true count).
    page_count_header: str | None = None
    url: str = ""
    cert_url: str = ""
    store: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    log: list[tuple[str, str, int]] = field(default_factory=list)
    token_requests: int = 0
    mtls_token_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- switches ----------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = dict.fromkeys(self.tokens, 0.0)

    def fail(
        self,
        status: int,
        times: int = 1,
        retry_after: str | None = None,
        method: str | None = None,
        after: int = 0,
    ) -> None:
        with self.lock:
            self.faults.append(Fault(status, times, retry_after, method, after))

    def collection(self, level: str, what: str) -> dict[str, Any]:
        return self.store.setdefault(f"{level}{what}", {})

    def service_key(self, kind: str = "secret") -> dict[str, str]:
        if kind == "x509":
            return {
                "clientid": self.x509_client_id,
                "certurl": self.cert_url,
                "certificate": (CERTS / "client.pem").read_text(),
                "key": (CERTS / "client.key").read_text(),
                "uri": self.url,
                "credential-type": "x509",
            }
        return {
            "clientid": self.client_id,
            "clientsecret": self.client_secret,
            "url": self.url,
            "uri": self.url,
            "credential-type": "binding-secret",
        }

    # --- the token servers -------------------------------------------------------------------

    def _issue(self) -> Response:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.token_requests += 1
            self.tokens[token] = time.time() + self.token_lifetime
        body = {"access_token": token, "token_type": "bearer", "expires_in": self.token_lifetime}
        return _json(body, 200)

    def token(self, request: Request) -> Response:
        if request.form.get("grant_type") != "client_credentials":
            return _json({"error": "unsupported_grant_type"}, 400)
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (
            self.client_id,
            self.client_secret,
        ):
            return _json({"error": "invalid_client", "error_description": "Bad credentials"}, 401)
        return self._issue()

    def mtls_token(self, request: Request) -> Response:
        pem = request.environ.get("SSL_CLIENT_CERT")
        registered = ssl.PEM_cert_to_DER_cert((CERTS / "client.pem").read_text())
        if (
            not pem
            or ssl.PEM_cert_to_DER_cert(pem) != registered
            or request.form.get("client_id") != self.x509_client_id
        ):
            return _json({"error": "invalid_client"}, 401)
        if request.form.get("grant_type") != "client_credentials":
            return _json({"error": "unsupported_grant_type"}, 400)
        with self.lock:
            self.mtls_token_requests += 1
        return self._issue()

    # --- the API -----------------------------------------------------------------------------

    def api(self, request: Request) -> Response:
        with self.lock:
            fault = next(
                (f for f in self.faults if f.times > 0 and f.method in (None, request.method)),
                None,
            )
            if fault is not None and fault.after > 0:
                fault.after -= 1
                fault = None
            elif fault is not None:
                fault.times -= 1
        if self.slow:
            time.sleep(self.slow)
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if self.tokens.get(token, 0.0) < time.time():
            return Response(
                "Unauthorized", 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return Response("Service Unavailable", fault.status, headers)
        if self.forbid:
            return Response("Forbidden", 403)
        rest = request.path[len(BASE) :]
        collection, _, name = rest.partition("/")
        for level in ("subaccount", "instance"):
            for what in ("Destinations", "Certificates"):
                if collection == level + what:
                    key = "Name"
                    items = self.collection(level, what)
                    if name:
                        return self._one(request, items, unquote(name), what)
                    return self._many(request, items, what, key)
        return Response("Not Found", 404)

    def _one(self, request: Request, items: dict[str, Any], name: str, what: str) -> Response:
        with self.lock:
            if name not in items:
                return Response("Not Found", 404)
            if request.method == "GET":
                return _json(self._read(items[name], what), 200)
            if request.method == "DELETE":
                del items[name]
                return _json({"Count": 1}, 200)
        return Response("Method Not Allowed", 405)

    def _read(self, item: dict[str, Any], what: str) -> dict[str, Any]:
        if what == "Destinations" and self.redact_secrets:
            return {k: (REDACTED if is_secret(k) and v else v) for k, v in item.items()}
        return item

    def _many(self, request: Request, items: dict[str, Any], what: str, key: str) -> Response:
        if request.method == "GET":
            return self._list(request, items, what)
        try:
            body = json.loads(request.get_data())
        except ValueError:
            return _json({"ErrorMessage": "Malformed JSON"}, 400)
        errors = sorted(VALIDATORS[what].iter_errors(body), key=str)
        if errors:
            self.invalid.append(f"{request.method} {request.path}: {errors[0].message}")
            return _json({"ErrorMessage": errors[0].message}, 400)
        if what == "Certificates":
            for cert in body if isinstance(body, list) else [body]:
                if "Content" not in cert:
                    continue  # certificate attributes: the service would generate one
                try:
                    base64.b64decode(cert["Content"], validate=True)
                except ValueError:
                    self.invalid.append(f"{request.method} {request.path}: Content not base64")
                    return _json({"ErrorMessage": "Content is not base64"}, 400)
        with self.lock:
            many = isinstance(body, list)
            results = []
            for item in body if many else [body]:
                name = item[key]
                if request.method == "POST":
                    if name in items:
                        results.append({"name": name, "status": 409, "cause": "Duplicate key"})
                        continue
                    items[name] = item
                    results.append({"name": name, "status": 201})
                elif request.method == "PUT":
                    if name not in items:
                        results.append({"name": name, "status": 404, "cause": "Not found"})
                        continue
                    items[name] = item
                    results.append({"name": name, "status": 200})
                else:
                    return Response("Method Not Allowed", 405)
        if many:
            ok = all(r["status"] < 300 for r in results)
            return _json(results, (201 if request.method == "POST" else 200) if ok else 207)
        status = results[0]["status"]
        if status == 409:
            return _json({"ErrorMessage": "Duplicate key"}, 409)
        if status == 404:
            return _json({"ErrorMessage": "Not found"}, 404)
        return Response("", 201) if status == 201 else _json({"Count": 1}, 200)

    def _list(self, request: Request, items: dict[str, Any], what: str) -> Response:
        values = [self._read(v, what) for v in items.values()]
        args = request.args
        if "$page" not in args:
            return _json(values, 200)
        try:
            page = int(args["$page"])
            size = int(args.get("$pageSize", self.page_size_default))
        except ValueError:
            return _json({"ErrorMessage": "Bad paging parameters"}, 400)
        if page < 1 or not 1 <= size <= 1000:
            return _json({"ErrorMessage": "Bad paging parameters"}, 400)
        pages = max(1, -(-len(values) // size))
        headers = {}
        if args.get("$pageCount") == "true":
            headers["Page-Count"] = (
                str(pages) if self.page_count_header is None else self.page_count_header
            )
        if args.get("$entityCount") == "true":
            headers["Entity-Count"] = str(len(values))
        links = []
        path = request.path.removeprefix("/destination-configuration/v1")
        if page > 1:
            links.append(f"<{path}?$page={page - 1}&$pageSize={size}>; rel='previous'")
        if page < pages:
            links.append(f"<{path}?$page={page + 1}&$pageSize={size}>; rel='next'")
        if links:
            headers["Link"] = ", ".join(links)
        return _json(values[(page - 1) * size : page * size], 200, headers)

    # --- WSGI --------------------------------------------------------------------------------

    def app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path.startswith(BASE) and self.drop > 0:
            with self.lock:
                self.drop -= 1
            _drop(environ)
            # werkzeug takes a ConnectionError as the client having gone: nothing logged.
            raise ConnectionResetError("dropped by the stand-in")
        if request.path == "/oauth/token" and request.method == "POST":
            response = self.token(request)
        elif request.path.startswith(BASE):
            response = self.api(request)
        else:
            response = Response("Not Found", 404)
        self.log.append((request.method, request.path, response.status_code))
        return response(environ, start_response)

    def mtls_app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path == "/oauth/token" and request.method == "POST":
            response = self.mtls_token(request)
        else:
            response = Response("Not Found", 404)
        return response(environ, start_response)


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass  # one line per request would bury the test output


def _json(body: Any, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status, headers, content_type="application/json")


def _drop(environ: dict[str, Any]) -> None:
    """Close the connection under the request, as a crashed proxy would."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _context(mtls: bool) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERTS / "server.pem", CERTS / "server.key")
    if mtls:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(CERTS / "client-ca.pem")
    return ctx


@contextmanager
def serve(service: StandIn | None = None) -> Iterator[StandIn]:
    """Run the API with its token server, and the mTLS token server, until the block ends."""
    service = service or StandIn()
    api = make_server(
        "127.0.0.1",
        0,
        service.app,
        threaded=True,
        ssl_context=_context(False),
        request_handler=_Quiet,
    )
    mtls = make_server(
        "127.0.0.1",
        0,
        service.mtls_app,
        threaded=True,
        ssl_context=_context(True),
        request_handler=_Quiet,
    )
    service.url = f"https://127.0.0.1:{api.server_port}"
    service.cert_url = f"https://127.0.0.1:{mtls.server_port}"
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in (api, mtls)
    ]
    for t in threads:
        t.start()
    try:
        yield service
    finally:
        for s in (api, mtls):
            s.shutdown()
            s.server_close()
        for t in threads:
            t.join()
