"""Build, convert and fix key stores: the several openssl and keytool steps administrators get
wrong, in one step each. Every function returns the new file's bytes; callers write them to a
new file, never over the source.

What SAP's Java SDK needs, and what these make: one private key whose password is the store
password, with its whole chain, leaf first.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12

from core.certinfo import facts
from core.errors import UserError
from core.keystores import KeyStoreError, WrongKeyPassword
from core.keystores.inspection import issued_by
from core.keystores.key_check import fully_validated
from core.keystores.model import EntryKind, Format, Integrity, KeyStore

OUTPUT_FORMATS = {"p12": Format.PKCS12, "pkcs12": Format.PKCS12, "jks": Format.JKS}
# cryptography writes PKCS#12 certificates without Java's trusted-key-usage attribute.
JAVA_TRUST_NOTE = (
    "The trusted certificates are written without Java's trust attribute, so Java lists only "
    "the key entry; use JKS for a Java trust store."
)


class ToolError(UserError):
    """The tool cannot make the file; the message says why in an administrator's words."""


class ToolResult(NamedTuple):
    data: bytes
    format: Format
    changes: tuple[str, ...]  # what was done, one sentence each


class KeyEntry(NamedTuple):
    alias: str
    key: PrivateKeyTypes
    chain: tuple[x509.Certificate, ...]


# ----- reading the PEM files a CA hands out ---------------------------------------------------
def load_private_key(data: bytes, password: str | None) -> PrivateKeyTypes:
    secret = None if password is None else password.encode()
    try:
        if b"-----BEGIN" in data:
            return serialization.load_pem_private_key(data, secret)
        return serialization.load_der_private_key(data, secret)
    except TypeError:
        if password is None:
            raise ToolError("the private key file is encrypted: give its password") from None
        raise ToolError("the private key file is not encrypted: give no key password") from None
    except ValueError:
        if password is not None:
            raise ToolError(
                "the private key file does not open: the password is wrong, or it is not a key"
            ) from None
        raise ToolError("the private key file holds no private key cryptography can read") from None


def load_certificates(data: bytes, name: str) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ToolError(f"{name} holds no certificate (PEM or DER)") from None


def _public(key: PrivateKeyTypes | x509.Certificate) -> bytes:
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(*spki)


def order_chain(
    leaf: x509.Certificate, pool: list[x509.Certificate]
) -> tuple[list[x509.Certificate], str | None]:
    """The leaf, then each issuer found in the pool (by name and signature). The second value
    is the issuer name the chain stops at, or None when it ends in a self-signed root."""
    chain = [leaf]
    while chain[-1].issuer != chain[-1].subject:
        found = next(
            (
                c
                for c in pool
                if c not in chain and c.subject == chain[-1].issuer and issued_by(chain[-1], c)
            ),
            None,
        )
        if found is None:
            return chain, chain[-1].issuer.rfc4514_string()
        chain.append(found)
    return chain, None


def _names(certs: list[x509.Certificate] | tuple[x509.Certificate, ...]) -> str:
    return " → ".join(facts(c).short_name for c in certs)


# ----- writing ---------------------------------------------------------------------------------
def write_store(
    fmt: Format,
    keys: list[KeyEntry],
    trusted: list[tuple[str, x509.Certificate]],
    password: str,
) -> bytes:
    """A key store in `fmt` where every key is protected by the store password."""
    if fmt is Format.JKS:
        import jks  # pyjks writes JKS; only this path needs it

        der = serialization.Encoding.DER
        pkcs8 = serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        entries: list[jks.TrustedCertEntry | jks.PrivateKeyEntry] = [
            jks.PrivateKeyEntry.new(
                k.alias, [c.public_bytes(der) for c in k.chain], k.key.private_bytes(der, *pkcs8)
            )
            for k in keys
        ]
        entries += [jks.TrustedCertEntry.new(alias, c.public_bytes(der)) for alias, c in trusted]
        return bytes(jks.KeyStore.new("jks", entries).saves(password))
    if fmt is not Format.PKCS12:
        raise ToolError(f"cannot write {fmt.value}; choose PKCS#12 or JKS")
    if len(keys) > 1:
        raise ToolError(
            f"a PKCS#12 file made here holds one private key, and this store has {len(keys)} "
            f"({', '.join(k.alias for k in keys)}); keep one with fix first"
        )
    # AES-256 and SHA-256, as keytool of JDK 17 writes and reads them.
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(10000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode())
    )
    if not keys:
        # A trust store: Java's trusted-certificate attribute on each, so that Java lists them.
        named = [pkcs12.PKCS12Certificate(c, alias.encode()) for alias, c in trusted]
        return pkcs12.serialize_java_truststore(named, encryption)
    key = keys[0] if keys else None
    cas = [] if key is None else [pkcs12.PKCS12Certificate(c, None) for c in key.chain[1:]]
    cas += [pkcs12.PKCS12Certificate(c, alias.encode()) for alias, c in trusted]
    return pkcs12.serialize_key_and_certificates(
        None if key is None else key.alias.encode(),
        None if key is None else key.key,  # type: ignore[arg-type]
        None if key is None else key.chain[0],
        cas or None,
        encryption,
    )


# ----- the three tools -------------------------------------------------------------------------
def build(
    key_data: bytes,
    key_password: str | None,
    cert_files: list[tuple[str, bytes]],
    password: str,
    fmt: Format,
    alias: str = "client",
) -> ToolResult:
    """A key store from a PEM key, its certificate and CA files, the chain completed and ordered
    from whatever certificates were given."""
    key = load_private_key(key_data, key_password)
    pool = [c for name, data in cert_files for c in load_certificates(data, name)]
    pool = list(dict.fromkeys(pool))
    mine = _public(key)
    leaf = next((c for c in pool if _public(c) == mine), None)
    if leaf is None:
        raise ToolError("none of the given certificates belongs to the private key")
    chain, missing = order_chain(leaf, pool)
    changes = [f"Chain of {alias}: {_names(chain)}."]
    if missing:
        changes.append(
            f"The chain stops at {facts(chain[-1]).short_name}: its issuer ({missing}) is in none "
            "of the given files. SAP needs the entire chain; add the CA file."
        )
    unused = [c for c in pool if c not in chain]
    if unused:
        changes.append(f"Left out, as not part of the chain: {_names(unused)}.")
    data = write_store(fmt, [KeyEntry(alias, key, tuple(chain))], [], password)
    return ToolResult(data, fmt, tuple(changes))


def _keys(
    store: KeyStore, password: str, key_password: str | None, aliases: list[str] | None = None
) -> list[KeyEntry]:
    out = []
    pool = store.all_certificates()
    for entry in store.entries:
        if entry.kind is not EntryKind.PRIVATE_KEY or entry.open_key is None:
            continue
        if aliases is not None and entry.alias not in aliases:
            continue
        try:
            # Written into a new store: checked fully (the readers skip RSA's check).
            key = fully_validated(
                entry.open_key(key_password if key_password is not None else password)
            )
        except WrongKeyPassword:
            raise ToolError(
                f"the private key of {entry.alias} does not open with the store password: "
                "give its own password as the key password"
            ) from None
        # The leaf is the certificate of this key, wherever the given chain put it.
        mine = _public(key)
        leaf = next((c for c in entry.chain if _public(c) == mine), None)
        if leaf is None:
            raise ToolError(f"the private key of {entry.alias} does not belong to its certificate")
        chain, _ = order_chain(leaf, [*entry.chain, *pool])
        out.append(KeyEntry(entry.alias, key, tuple(chain)))
    return out


def _refuse_secret_keys(store: KeyStore) -> None:
    secret = [e.alias for e in store.entries if e.kind is EntryKind.SECRET_KEY]
    if secret:
        raise ToolError(
            f"the store holds secret keys ({', '.join(secret)}), which only JCEKS carries; "
            "they would be lost"
        )


def convert(store: KeyStore, password: str, key_password: str | None, fmt: Format) -> ToolResult:
    """The same entries in another format, every key under the store password."""
    if store.integrity is Integrity.NOT_CHECKED:
        raise ToolError("give the store password: a store is converted only once it is verified")
    _refuse_secret_keys(store)
    keys = _keys(store, password, key_password)
    trusted = [
        (e.alias, e.chain[0]) for e in store.entries if e.kind is EntryKind.TRUSTED_CERTIFICATE
    ]
    changes = [
        f"{store.format.value} to {fmt.value}: {len(keys)} key entries, "
        f"{len(trusted)} trusted certificates."
    ]
    if key_password is not None and key_password != password:
        changes.append("Every key is now protected by the store password.")
    if fmt is Format.PKCS12 and trusted and keys:
        changes.append(JAVA_TRUST_NOTE)
    return ToolResult(write_store(fmt, keys, trusted, password), fmt, tuple(changes))


def fix(
    store: KeyStore,
    password: str,
    key_password: str | None,
    now: datetime,
    keep_alias: str | None = None,
    drop_expired: bool = True,
    fmt: Format | None = None,
) -> ToolResult:
    """What the SAP SDKs need: one private key (the first, or `keep_alias`), its password equal
    to the store password, its chain complete and in order, no expired extra certificates.
    Written as `fmt`, or in the store's own format (PKCS#12 for those it cannot write)."""
    if store.integrity is Integrity.NOT_CHECKED:
        raise ToolError("give the store password: a store is fixed only once it is verified")
    _refuse_secret_keys(store)
    private = [e.alias for e in store.entries if e.kind is EntryKind.PRIVATE_KEY]
    if keep_alias is not None and keep_alias not in private:
        raise ToolError(
            f"{keep_alias} is not a private key entry of this store "
            f"({', '.join(private) or 'none'})"
        )
    keep = keep_alias or (private[0] if private else None)
    changes: list[str] = []
    dropped = [a for a in private if a != keep]
    if dropped:
        changes.append(f"Kept the private key {keep}; left out {', '.join(dropped)}.")
    keys = _keys(store, password, key_password, [keep] if keep else [])
    if key_password is not None and key_password != password and keys:
        changes.append(f"The key password of {keep} is now the store password.")
    for k in keys:
        given = next(e.chain for e in store.entries if e.alias == k.alias)
        if tuple(given) != k.chain:
            changes.append(f"Chain of {k.alias} completed and ordered: {_names(k.chain)}.")
    trusted = []
    for e in store.entries:
        if e.kind is not EntryKind.TRUSTED_CERTIFICATE:
            continue
        if drop_expired and e.chain[0].not_valid_after_utc < now:
            changes.append(
                f"Left out the expired certificate {e.alias} ({facts(e.chain[0]).short_name}, "
                f"expired {e.chain[0].not_valid_after_utc:%Y-%m-%d})."
            )
            continue
        trusted.append((e.alias, e.chain[0]))
    if fmt is None:
        fmt = store.format if store.format in (Format.JKS, Format.PKCS12) else Format.PKCS12
    elif fmt is not store.format:
        changes.append(f"{store.format.value} to {fmt.value}.")
    if fmt is Format.PKCS12 and trusted and keys:
        changes.append(JAVA_TRUST_NOTE)
    if not changes:
        changes.append("Nothing needed fixing; the copy holds the same entries.")
    return ToolResult(write_store(fmt, keys, trusted, password), fmt, tuple(changes))


def run_tool(
    action: str,
    *,
    password: str,
    now: datetime,
    source: Path | None = None,
    key_file: Path | None = None,
    cert_files: list[Path] | None = None,
    key_password: str | None = None,
    fmt: Format | None = None,
    alias: str = "client",
    keep_alias: str | None = None,
    drop_expired: bool = True,
) -> ToolResult:
    """One of build, convert or fix, reading its inputs from files: what the command line and
    the window both do. `fmt` None keeps the source's format (fix only)."""
    from core.keystores import open_keystore, read_keystore_file

    if action == "build":
        assert key_file is not None and fmt is not None
        certs = [(str(p), _read(p)) for p in cert_files or []]
        return build(_read(key_file), key_password, certs, password, fmt, alias)
    assert source is not None
    store = open_keystore(read_keystore_file(source), password)
    if action == "convert":
        assert fmt is not None
        return convert(store, password, key_password, fmt)
    return fix(store, password, key_password, now, keep_alias, drop_expired, fmt)


def _read(path: Path) -> bytes:
    """A PEM input of `keystore build`, bounded like a key store and refused if a device."""
    from core.keystores import KeyStoreError, read_keystore_file

    try:
        return read_keystore_file(path)
    except KeyStoreError as exc:
        raise ToolError(f"{path} {exc}") from None


__all__ = [
    "OUTPUT_FORMATS",
    "KeyStoreError",
    "ToolError",
    "ToolResult",
    "build",
    "convert",
    "fix",
    "order_chain",
    "run_tool",
    "write_store",
]
