"""Per-consumer verdicts: what the SAP Java SDK, the SAP JavaScript (Node) SDK, the BTP cockpit
and the Destination service would reject or mishandle in a key store, why, and the fix.

One report says what is wrong with a file; consumers differ in what they do with it. Sources:
SAP's connectivity pages (`client-certificate-authentication-cd876f8.md`: the entire chain in
the key store; the Java SDK opens keys with the store password), SAP/cloud-sdk-js#3544 (Node 17
and later reject SHA-1 signatures), SAP/cloud-sdk-js#4817 (the Node SDK reads trust stores only
as PEM), OpenSSL 3 (RC2/RC4 PKCS#12 only with the legacy provider), the Chrome Root Program
(public TLS hierarchies serve servers only from 15 June 2026; SAP KBA 3711618), JDK-8153005
(SHA-256 PKCS#12 MACs from Java 8u301 and 11.0.12), the Java SDK's DestinationKeyStoreExtractor
(which file extensions it reads as key and trust stores), and Node 20 itself (its
tls.createSecureContext refuses a PKCS#12 without a MAC: "mac absent").
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from cryptography import x509

from core.findings import Severity
from core.keystores.inspection import Report
from core.keystores.model import EntryKind, Format

if TYPE_CHECKING:
    from core.keystores.pkcs12_contents import Contents

PROFILES = {
    "java-sdk": "SAP Cloud SDK for Java",
    "node-sdk": "SAP Cloud SDK for JavaScript",
    "cockpit": "BTP cockpit upload",
    "destination-service": "Destination service (mTLS)",
}
CLIENT_AUTH_SUNSET = datetime(2026, 6, 15, tzinfo=UTC)
_NODE_KEY_EXTENSIONS = ("p12", "pfx", "pem", "jks", "keystore")
_UPLOADABLE = (Format.JKS, Format.PKCS12, Format.PEM, Format.DER, Format.PKCS7)
_LEGACY_OPENSSL3 = ("RC2-40", "RC2-128", "RC4-40", "RC4-128")
_JAVA_KEY_EXTENSIONS = ("p12", "pfx", "jks", "pem")
_JAVA_CERT_EXTENSIONS = ("crt", "cer", "der")
_SUFFIX = {Format.JKS: "jks", Format.PKCS12: "p12", Format.PEM: "pem"}


class Verdict(NamedTuple):
    consumer: str  # a key of PROFILES
    severity: Severity  # error: rejects it; warning: mishandles it; info: worth knowing
    code: str
    problem: str
    fix: str
    alias: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {
            "consumer": self.consumer,
            "severity": self.severity.value,
            "code": self.code,
            "problem": self.problem,
            "fix": self.fix,
            "alias": self.alias,
        }


def verdicts(
    data: bytes,
    report: Report,
    name: str | None = None,
    consumers: list[str] | None = None,
    public_roots: list[x509.Certificate] | None = None,
) -> list[Verdict]:
    """What each consumer in `consumers` (default: all) would reject or mishandle in the file
    `data`, judged from its inspection `report` (the bytes are read again only for a PKCS#12's
    algorithms)."""
    wanted = consumers or list(PROFILES)
    fmt = Format(report.format)
    shown = shlex.quote(name or "STORE")
    out: list[Verdict] = []
    keys = [e for e in report.entries if e.kind is EntryKind.PRIVATE_KEY]
    trust_store = not keys
    codes = {(f.code, f.alias) for f in report.findings}

    def add(
        who: str, severity: Severity, code: str, problem: str, fix: str, alias: str | None = None
    ) -> None:
        if who in wanted:
            out.append(Verdict(who, severity, code, problem, fix, alias))

    err, warn, info = Severity.ERROR, Severity.WARNING, Severity.INFO

    # --- what every consumer needs: a format it takes, the whole chain ---
    if fmt not in _UPLOADABLE:
        for who in ("cockpit", "destination-service", "node-sdk", "java-sdk"):
            add(
                who,
                err,
                "consumer.format",
                f"{fmt.value} files are not among the formats SAP takes (JKS, PKCS#12, PEM, DER).",
                f"destination-cli keystore convert {shown} --to p12 -o NEW.p12",
            )
    for entry in keys:
        if entry.missing_issuer:
            for who in ("cockpit", "destination-service"):
                add(
                    who,
                    err,
                    "consumer.chain_incomplete",
                    f"The chain of {entry.alias} stops before its root (missing "
                    f"{entry.missing_issuer}); SAP needs the entire chain in the uploaded file.",
                    f"destination-cli keystore import-reply {shown} CERT.pem --alias "
                    f"{entry.alias} --ca ISSUER.pem",
                    entry.alias,
                )
        elif any(n.from_store for n in entry.chain):
            for who in ("cockpit", "destination-service", "java-sdk"):
                add(
                    who,
                    warn,
                    "consumer.chain_from_other_entries",
                    f"The chain of {entry.alias} is complete only with other entries of the file; "
                    "the key entry itself sends a shorter chain.",
                    f"destination-cli keystore fix {shown} -o NEW (the chain goes into the entry)",
                    entry.alias,
                )

    # --- SAP Cloud SDK for Java ---
    for entry in keys:
        if ("key.password_differs", entry.alias) in codes:
            add(
                "java-sdk",
                err,
                "java.key_password_differs",
                f"The Java SDK opens the key of {entry.alias} with the store password, and this "
                "key has a password of its own.",
                f"destination-cli keystore passwd {shown} --alias {q(entry.alias)} "
                "--key-password-env VAR (sets it to the store password)",
                entry.alias,
            )
    invisible = [e for e in report.entries if not e.java_visible]
    if invisible:
        add(
            "java-sdk",
            err if all(not e.java_visible for e in report.entries) else warn,
            "java.invisible_certificates",
            f"Java does not see {len(invisible)} certificate{'s' if len(invisible) > 1 else ''} "
            f"({', '.join(e.alias for e in invisible)}): "
            f"{'they lack' if len(invisible) > 1 else 'it lacks'} Java's trusted-certificate "
            "attribute in PKCS#12.",
            f"destination-cli keystore convert {shown} --to jks -o NEW.jks: Java lists every "
            "certificate of the copy",
        )
    if report.entries:
        _java_file_kind(add, fmt, report, name, shown, trust_store)
    folded: dict[str, list[str]] = {}
    for entry in report.entries:
        if entry.java_visible:  # others have names made up here, not aliases
            folded.setdefault(entry.alias.lower(), []).append(entry.alias)
    for lower, aliases in folded.items():
        if len(aliases) > 1:
            add(
                "java-sdk",
                err,
                "java.alias_case_collision",
                f"Java folds aliases to lower case, so {' and '.join(aliases)} become one "
                f"alias ({lower}); one entry hides the other.",
                f"destination-cli keystore rename {shown} --alias {q(aliases[1])} --new-alias NEW",
            )
        elif aliases[0] != lower and fmt is Format.PKCS12:
            add(
                "java-sdk",
                info,
                "java.alias_case",
                f"Java (keytool, JKS) knows {aliases[0]} as {lower}: code that names the alias "
                "with capitals will not find it in a JKS copy.",
                f"destination-cli keystore rename {shown} --alias {q(aliases[0])} "
                f"--new-alias {q(lower)}",
                aliases[0],
            )
    contents = _pkcs12_contents(data) if fmt is Format.PKCS12 else None
    if contents is not None and contents.mac not in (None, "SHA-1"):
        add(
            "java-sdk",
            info,
            "java.pkcs12_mac",
            f"The file's integrity MAC uses {contents.mac}; Java 8 before 8u301 and Java 11 "
            "before 11.0.12 cannot verify it (current SAP Java runtimes can).",
            f"only for such an old Java: destination-cli keystore convert {shown} --to jks "
            "-o NEW.jks",
        )

    # --- SAP Cloud SDK for JavaScript (Node) ---
    if contents is not None:
        legacy = sorted(contents.encryptions & set(_LEGACY_OPENSSL3))
        if legacy:
            add(
                "node-sdk",
                err,
                "node.legacy_pbe",
                f"The file is encrypted with {', '.join(legacy)}, which Node 17 and later "
                "(OpenSSL 3) read only with OpenSSL's legacy provider.",
                f"destination-cli keystore convert {shown} --to p12 -o NEW.p12 (AES-256)",
            )
        elif "3DES" in contents.encryptions:
            add(
                "node-sdk",
                info,
                "node.legacy_pbe",
                "The file uses PKCS#12's old 3DES encryption; OpenSSL 3 still reads it, but it "
                "is a legacy algorithm.",
                f"destination-cli keystore convert {shown} --to p12 -o NEW.p12 (AES-256)",
            )
    if contents is not None and contents.mac is None and keys:
        add(
            "node-sdk",
            err,
            "node.pkcs12_no_mac",
            "The file has no integrity MAC, and Node's PKCS#12 reader (OpenSSL) refuses such a "
            "file when given a password: Node 20 says 'mac absent'.",
            f"destination-cli keystore convert {shown} --to p12 -o NEW.p12 (writes a MAC)",
        )
    sha1 = _sha1_signed(report)
    for alias, subject in sha1:
        add(
            "node-sdk",
            err,
            "node.sha1_signature",
            f"{subject} is signed with SHA-1, which Node 17 and later reject "
            "(SAP/cloud-sdk-js#3544).",
            f"have the CA sign it again with SHA-256: destination-cli keystore csr {shown} "
            f"--alias {q(alias)}, then keystore import-reply",
            alias,
        )
    if trust_store and fmt not in (Format.PEM, Format.PKCS7) and report.entries:
        add(
            "node-sdk",
            err,
            "node.trust_store_not_pem",
            f"The Node SDK takes trust stores only as PEM and ignores a {fmt.value} "
            "one (SAP/cloud-sdk-js#4817).",
            "export the certificates as PEM (Key Store Inspector: Export chain (PEM)) and name "
            "that file in TrustStoreLocation",
        )
    if len(keys) > 1:
        add(
            "node-sdk",
            warn,
            "node.first_key_only",
            f"The Node SDK uses only the first key ({keys[0].alias}) of {len(keys)}.",
            f"destination-cli keystore delete {shown} --alias {q(keys[1].alias)} (or keystore fix "
            "--keep-alias)",
        )
    if name and keys:
        extension = name.rpartition(".")[2] if "." in name else ""
        if extension not in _NODE_KEY_EXTENSIONS:
            lower_ok = extension.lower() in _NODE_KEY_EXTENSIONS
            add(
                "node-sdk",
                err,
                "node.file_extension",
                f"The Node SDK picks the key store's type by its extension, case-sensitively, "
                f"from {', '.join(_NODE_KEY_EXTENSIONS)}; .{extension or '(none)'} is not one.",
                f"rename the file to end in .{extension.lower()}"
                if lower_ok
                else "rename the file to end in .p12, .pem or .jks as it holds",
            )

    # --- Client Authentication, for every mTLS consumer ---
    for entry in keys:
        if not entry.chain:
            continue
        leaf = entry.chain[0]
        eku = leaf.facts.extended_key_usage
        has_client_auth = eku is None or "clientAuth" in eku or "anyExtendedKeyUsage" in eku
        public = _public_ca(
            [n.cert for n in entry.chain], public_roots, entry.missing_issuer is not None
        )
        if not has_client_auth:
            renewed = leaf.facts.not_before >= CLIENT_AUTH_SUNSET
            reason = (
                " It was issued after public CAs stopped including Client Authentication "
                "(Chrome Root Program, 15 June 2026; SAP KBA 3711618)."
                if public and renewed
                else ""
            )
            add(
                "destination-service",
                err,
                "mtls.no_client_auth",
                f"The certificate of {entry.alias} does not allow Client Authentication "
                f"(extended key usage: {', '.join(eku or []) or 'none'}); servers that check it "
                f"refuse the mTLS connection.{reason}",
                "get a client certificate from a CA that issues Client Authentication: "
                f"destination-cli keystore csr {shown} --alias {q(entry.alias)}, then keystore "
                "import-reply",
                entry.alias,
            )
        elif public and leaf.facts.not_after > CLIENT_AUTH_SUNSET:
            add(
                "destination-service",
                warn,
                "mtls.client_auth_sunset",
                f"The certificate of {entry.alias} comes from a public CA; public CAs stop "
                "issuing Client Authentication during 2026 (Chrome Root Program, 15 June 2026), "
                f"so its renewal will fail mTLS (SAP KBA 3711618). It expires "
                f"{leaf.facts.not_after:%Y-%m-%d}.",
                "plan the renewal with a private or dedicated client-certificate CA: "
                f"destination-cli keystore csr {shown} --alias {q(entry.alias)}",
                entry.alias,
            )
    return out


def _java_file_kind(
    add: Callable[..., None],
    fmt: Format,
    report: Report,
    name: str | None,
    shown: str,
    trust_store: bool,
) -> None:
    """The Java SDK picks how to read an uploaded file by its extension, lower-cased: key stores
    .p12, .pfx, .jks, .pem; trust stores .jks, or one certificate as .crt, .cer or .der
    (SAP/cloud-sdk-java, DestinationKeyStoreExtractor)."""
    err, warn = Severity.ERROR, Severity.WARNING
    # None: no name to judge. A name without a dot has the extension "", which the SDK
    # (commons-io's getExtension) maps to no reader, so it refuses the file.
    extension = name.rpartition(".")[2].lower() if name and "." in name else None
    if name and extension is None:
        extension = ""
    named = f"not .{extension}" if extension else "not a name without an extension"
    if not trust_store:
        if extension is not None and extension not in _JAVA_KEY_EXTENSIONS:
            add(
                "java-sdk",
                err,
                "java.file_extension",
                f"The Java SDK reads key stores named .p12, .pfx, .jks or .pem, {named}.",
                f"rename the file to end in .{_SUFFIX.get(fmt, 'p12')}",
            )
        return
    certs = len(report.entries)
    if fmt is Format.JKS:
        if extension not in (None, "jks"):
            add(
                "java-sdk",
                err,
                "java.file_extension",
                f"The Java SDK reads a JKS trust store only when named .jks, {named}.",
                "rename the file to end in .jks",
            )
        return
    single = fmt in (Format.PEM, Format.DER, Format.PKCS7) and (
        extension in _JAVA_CERT_EXTENSIONS or (extension is None and fmt is Format.DER)
    )
    if single and certs == 1:
        return
    if single:
        add(
            "java-sdk",
            warn,
            "java.trust_store_first_certificate",
            f"The Java SDK reads one certificate from a .{extension} trust store; the other "
            f"{certs - 1} of the file are ignored.",
            f"destination-cli keystore import-trusted NEW.jks {shown}",
        )
        return
    if fmt in (Format.PKCS12, Format.JCEKS):
        fix = f"destination-cli keystore convert {shown} --to jks -o NEW.jks"
    elif certs == 1:
        fix = "rename the file to end in .crt (it holds one certificate)"
    else:
        fix = f"destination-cli keystore import-trusted NEW.jks {shown}"
    add(
        "java-sdk",
        err,
        "java.trust_store_format",
        f"The Java SDK takes trust stores only as JKS (.jks), or one certificate (.crt, .cer, "
        f".der); it refuses this {fmt.value} file.",
        fix,
    )


def q(text: str) -> str:
    """An alias or file name as a shell command line needs it."""
    return shlex.quote(text)


def _pkcs12_contents(data: bytes) -> Contents | None:
    from core.keystores.pkcs12_contents import read_contents

    try:
        return read_contents(data)
    except Exception:  # the file opened already; without its details these checks are skipped
        return None


def _sha1_signed(report: Report) -> list[tuple[str, str]]:
    """(alias, certificate) of SHA-1 signatures a TLS peer checks: not self-signed roots."""
    found = []
    seen = set()
    for entry in report.entries:
        for node in entry.chain:
            f = node.facts
            if f.signature_hash == "sha1" and not f.self_issued and f.sha256 not in seen:
                seen.add(f.sha256)
                found.append((entry.alias, f.short_name))
    return found


def _public_ca(
    chain: list[x509.Certificate], roots: list[x509.Certificate] | None, open_end: bool
) -> bool:
    """Whether the chain ends in a root of the system's trust store (a public CA)."""
    top = chain[-1]
    names = [top.issuer] if open_end else [top.issuer, top.subject]
    if roots is not None:
        anchors = {c.subject for c in roots}
        return any(n in anchors for n in names)
    # The names' DER inside the system bundle's DER: no certificate there needs parsing
    # (parsing its ~150 roots would cost every inspection 0.1 s).
    bundle = _system_bundle()
    return any(n.public_bytes() in bundle for n in names)


_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/cert.pem",  # Alpine, macOS
)


@functools.cache
def _system_bundle() -> bytes:
    """The DER of every certificate in the system's CA bundle, concatenated."""
    import base64
    import os
    import re

    candidates = [os.environ.get("SSL_CERT_FILE", ""), *_BUNDLES]
    path = next((c for c in candidates if c and os.path.isfile(c)), None)
    if path is None:
        import ssl

        path = ssl.get_default_verify_paths().cafile
    if not path:
        return b""
    try:
        with open(path, "rb") as handle:
            text = handle.read(8 * 1024 * 1024)
    except OSError:
        return b""
    blocks = re.findall(
        rb"-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,65536}?)-----END CERTIFICATE-----", text
    )
    out = bytearray()
    for block in blocks:
        try:
            out += base64.b64decode(b"".join(block.split()))
        except ValueError:
            continue
    return bytes(out)
