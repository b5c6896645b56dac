"""The Destination service REST client (API description: SAP/cloud-sdk-python,
`src/sap_cloud_sdk/destination/spec/api_spec.yaml`, paths `/v1/subaccountDestinations`,
`/v1/subaccountCertificates` and their `instance` twins).

httpx carries the requests and authlib the OAuth client-credentials grant; authlib keeps the
token and fetches a new one once it has expired. On top: paging (`$page`, `$pageSize`,
`$pageCount` with the `Page-Count` header), retries on 429 and 503 honouring `Retry-After`,
bounded timeouts, and every failure as one sentence (`RemoteError`). Bodies, tokens and the
service key's secret are never logged or put into an error.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import os
import secrets as random
import socket
import ssl
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx2 as httpx
from authlib.integrations.httpx_client import OAuth2Client, OAuthError

from core.errors import InputError
from core.remote.remotes import Remote

log = logging.getLogger("destination_editor.remote")

BASE = "/destination-configuration/v1/"
LEVELS = ("subaccount", "instance")
PAGE_SIZE = 1000  # the API description's maximum for $pageSize
MAX_PAGES = 10_000


class RemoteError(InputError):
    """The service could not be reached or refused; the message is one sentence for a person.
    An InputError, so every command reports it as "could not do it" (exit 2)."""


def _endpoint(level: str, what: str) -> str:
    if level not in LEVELS:
        raise ValueError(level)
    return f"{BASE}{level}{what}"


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return default
    if value.isascii() and value.isdigit():  # isdigit alone passes "²", which float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _said(response: httpx.Response) -> str:
    """The service's own reason for a 400, shortened: `{"ErrorMessage": ...}` or plain text."""
    try:
        body = response.json()
        text = body.get("ErrorMessage", "") if isinstance(body, dict) else ""
    except ValueError:
        text = response.text
    text = " ".join(str(text).split())
    return text[:200]


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while True:
        nxt = seen.__cause__ or seen.__context__
        if nxt is None or nxt is seen:
            return seen
        seen = nxt


class DestinationClient:
    """One remote, one token, one connection pool. Use as a context manager."""

    def __init__(
        self,
        remote: Remote,
        secret: str,
        *,
        timeout: float = 10.0,
        max_retries: int = 3,
        max_wait: float = 30.0,
        page_size: int = PAGE_SIZE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.remote = remote
        self._timeout = timeout
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._page_size = page_size
        self._sleep = sleep
        self._token_status = 0
        context = self._ssl_context(secret)
        self._http = OAuth2Client(
            client_id=remote.client_id,
            client_secret=secret if remote.kind == "secret" else None,
            # X.509: the client proves itself in the TLS handshake; the body names it.
            token_endpoint_auth_method="client_secret_basic" if remote.kind == "secret" else "none",
            token_endpoint=remote.token_url,
            grant_type="client_credentials",
            leeway=30,
            verify=context,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            event_hooks={"response": [self._note_token_status]},
        )
        self.requests = 0  # for tests and the benchmark: HTTP requests made to the API
        self.token_fetches = 0

    def __enter__(self) -> DestinationClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- TLS and token ---------------------------------------------------------------------

    def _ssl_context(self, secret: str) -> ssl.SSLContext:
        # trust_env: SSL_CERT_FILE / SSL_CERT_DIR name other roots, as for curl.
        context = httpx.create_ssl_context(trust_env=True)
        if self.remote.kind == "x509":
            _load_client_certificate(context, self.remote, secret)
        return context

    def _note_token_status(self, response: httpx.Response) -> None:
        if str(response.request.url) == self.remote.token_url:
            self._token_status = response.status_code

    def _fetch_token(self) -> None:
        self._token_status = 0
        self.token_fetches += 1
        try:
            self._http.fetch_token(self.remote.token_url, grant_type="client_credentials")
        except OAuthError as exc:
            raise self._token_refused(str(exc.error)) from None
        except httpx.HTTPError as exc:
            raise self._transport_error(exc, self.remote.token_url, "getting a token") from None
        except ValueError:  # an answer that is not a token (HTML, empty)
            raise self._token_refused("") from None
        log.debug("token for remote %s fetched (HTTP %s)", self.remote.name, self._token_status)

    def _token_refused(self, error: str) -> RemoteError:
        status = self._token_status
        who = (
            "client ID and certificate"
            if self.remote.kind == "x509"
            else "client ID and client secret"
        )
        if status == 401 or error in ("invalid_client", "unauthorized", "unauthorized_client"):
            return RemoteError(
                f"the token server refused the credentials of remote {self.remote.name!r} "
                f"(401 Unauthorized): the service key's {who} are wrong or were revoked"
            )
        if status >= 500:
            return RemoteError(
                f"the token server of remote {self.remote.name!r} failed (HTTP {status}); "
                "try again later"
            )
        shown = f"HTTP {status}" if status else "no token in the answer"
        return RemoteError(
            f"the token server of remote {self.remote.name!r} gave no token ({shown}"
            + (f", {error}" if error else "")
            + ")"
        )

    # --- requests ----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        what: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
        missing_ok: bool = False,
    ) -> httpx.Response:
        """One API call with its retries; raises RemoteError with a sentence on failure."""
        url = self.remote.api_url + path
        if self._http.token is None:
            self._fetch_token()
        renewed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                self.requests += 1
                response: httpx.Response = self._http.request(method, url, params=params, json=body)
            except OAuthError as exc:  # authlib renewing an expired token
                raise self._token_refused(str(exc.error)) from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # A dropped connection: safe to repeat a read, not a write (it may have landed).
                if method == "GET" and attempt <= self._max_retries:
                    log.debug("%s %s: connection dropped, again", method, path)
                    self._sleep(min(2.0 ** (attempt - 1), self._max_wait))
                    continue
                raise self._transport_error(exc, url, what) from None
            except httpx.HTTPError as exc:
                raise self._transport_error(exc, url, what) from None
            status = response.status_code
            log.debug("%s %s -> %s", method, path, status)
            if status in (429, 503) and attempt <= self._max_retries:
                wait = min(_retry_after(response, 2.0 ** (attempt - 1)), self._max_wait)
                self._sleep(wait)
                continue
            if status == 401 and not renewed:
                # The service says the token has expired (earlier than it said): fetch anew once.
                renewed = True
                self._fetch_token()
                continue
            if status < 400 or (status == 404 and missing_ok):
                return response
            raise self._status_error(status, what, response)

    def _status_error(
        self, status: int, what: str, response: httpx.Response | None = None
    ) -> RemoteError:
        name = self.remote.name
        if status == 401:
            return RemoteError(
                f"the Destination service refused the token of remote {name!r} (401 "
                f"Unauthorized) while {what}: the service key's credentials are not accepted"
            )
        if status == 403:
            return RemoteError(
                f"the Destination service forbids {what} to remote {name!r} (403 Forbidden): "
                "its service key lacks the role (scope) for it; create the key anew from an "
                "instance of the Destination service"
            )
        if status == 404:
            return RemoteError(
                f"the Destination service of remote {name!r} has no such thing (404 Not Found) "
                f"while {what}"
            )
        if status == 409:
            return RemoteError(
                f"the Destination service of remote {name!r} already holds it (409 Conflict) "
                f"while {what}"
            )
        if status == 429:
            return RemoteError(
                f"the Destination service of remote {name!r} kept answering 429 Too Many "
                f"Requests while {what}; wait a while and run again"
            )
        if status >= 500:
            return RemoteError(
                f"the Destination service of remote {name!r} failed (HTTP {status}) while "
                f"{what}; try again later (running again finishes the job)"
            )
        said = _said(response) if response is not None else ""
        return RemoteError(
            f"the Destination service of remote {name!r} refused {what} (HTTP {status}"
            + (f": {said}" if said else "")
            + ")"
        )

    def _transport_error(self, exc: httpx.HTTPError, url: str, what: str) -> RemoteError:
        host = httpx.URL(url).host
        cause = _root_cause(exc)
        if isinstance(exc, httpx.TimeoutException):
            return RemoteError(
                f"{host} did not answer within {self._timeout:g} seconds while {what}"
            )
        if isinstance(cause, socket.gaierror):
            return RemoteError(
                f"the name {host} could not be resolved (DNS) while {what}: check the service "
                "key's address and the network"
            )
        if isinstance(cause, ssl.SSLCertVerificationError):
            return RemoteError(
                f"the TLS certificate of {host} is not trusted ({cause.verify_message}) while "
                f"{what}"
            )
        if isinstance(cause, ssl.SSLError):
            reason = cause.reason or type(cause).__name__
            return RemoteError(f"the TLS handshake with {host} failed ({reason}) while {what}")
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return RemoteError(f"{host} dropped the connection before answering while {what}")
        if isinstance(cause, OSError) and cause.strerror:
            return RemoteError(f"cannot connect to {host} ({cause.strerror}) while {what}")
        return RemoteError(f"cannot reach {host} ({type(exc).__name__}) while {what}")

    def _json(self, response: httpx.Response, what: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise RemoteError(
                f"the Destination service of remote {self.remote.name!r} answered {what} with "
                "something that is not JSON"
            ) from None

    def _paged(self, path: str, what: str) -> Iterator[dict[str, Any]]:
        page = 1
        pages = 1
        while page <= pages:
            params = {"$page": str(page), "$pageSize": str(self._page_size)}
            if page == 1:
                params["$pageCount"] = "true"
            response = self._request("GET", path, what, params=params)
            items = self._json(response, what)
            if not isinstance(items, list):
                raise RemoteError(f"the answer to {what} was not a list")
            if page == 1:
                count = response.headers.get("Page-Count", "")
                # Without the header, a short page is the last one.
                # ASCII digits, and few: int() refuses "²" and more than 4300 digits.
                plain = count.isascii() and count.isdigit() and len(count) <= 9
                pages = int(count) if plain else MAX_PAGES
                pages = min(pages, MAX_PAGES)
            yield from (item for item in items if isinstance(item, dict))
            if len(items) < self._page_size:
                break
            page += 1

    # --- the API -----------------------------------------------------------------------------

    def destinations(self, level: str = "subaccount") -> list[dict[str, Any]]:
        return list(self._paged(_endpoint(level, "Destinations"), "reading the destinations"))

    def certificates(self, level: str = "subaccount") -> list[dict[str, Any]]:
        return list(self._paged(_endpoint(level, "Certificates"), "reading the certificates"))

    def create_destination(self, level: str, body: dict[str, str]) -> None:
        self._request(
            "POST",
            _endpoint(level, "Destinations"),
            f"creating destination {body.get('Name')}",
            body=body,
        )

    def update_destination(self, level: str, body: dict[str, str]) -> None:
        self._request(
            "PUT",
            _endpoint(level, "Destinations"),
            f"updating destination {body.get('Name')}",
            body=body,
        )

    def delete_destination(self, level: str, name: str) -> None:
        self._request(
            "DELETE",
            _endpoint(level, "Destinations/" + quote(name, safe="")),
            f"deleting destination {name}",
            missing_ok=True,  # already gone: what was asked holds
        )

    def create_certificate(self, level: str, body: dict[str, str]) -> None:
        self._request(
            "POST",
            _endpoint(level, "Certificates"),
            f"uploading certificate {body.get('Name')}",
            body=body,
        )

    def update_certificate(self, level: str, body: dict[str, str]) -> None:
        self._request(
            "PUT",
            _endpoint(level, "Certificates"),
            f"replacing certificate {body.get('Name')}",
            body=body,
        )

    def delete_certificate(self, level: str, name: str) -> None:
        self._request(
            "DELETE",
            _endpoint(level, "Certificates/" + quote(name, safe="")),
            f"deleting certificate {name}",
            missing_ok=True,
        )


def _load_client_certificate(context: ssl.SSLContext, remote: Remote, key_pem: str) -> None:
    """The X.509 service key's certificate and private key into the TLS context.

    ssl only loads them from a file. The key is written encrypted under a random password, to
    an anonymous memory file where the platform has one (Linux), else to a 0600 temp file that
    is removed at once: no readable private key ever rests on disk.
    """
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    except (ValueError, TypeError):
        raise RemoteError(
            f"the private key of remote {remote.name!r} cannot be read (not an unencrypted PEM key)"
        ) from None
    password = random.token_bytes(32)
    data = (
        remote.certificate.encode()
        + b"\n"
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password),
        )
    )
    try:
        with _secret_file(data) as path:
            context.load_cert_chain(path, password=password)
    except ssl.SSLError:
        raise RemoteError(
            f"the certificate and private key of remote {remote.name!r} do not belong together"
        ) from None


@contextlib.contextmanager
def _secret_file(data: bytes) -> Iterator[str]:
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("client-key", 0)
        try:
            os.write(fd, data)
            yield f"/proc/self/fd/{fd}"
        finally:
            os.close(fd)
        return
    fd, path = tempfile.mkstemp(prefix=".client-key-")
    try:
        os.write(fd, data)
        os.close(fd)
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
