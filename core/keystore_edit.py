"""Edit a key store without keytool: generate a key, make a CSR, import a CA reply or trusted
certificates, delete or rename entries, change passwords.

An edit opens the whole store (every key decrypted), changes it in memory, writes the new bytes,
and opens those again before anything touches the disk. The result goes to a new file, or
replaces the store atomically after a `.bak` copy of the old one is kept beside it: a failure at
any step leaves the original file as it was.

JKS is written by pyjks, PKCS#12 by cryptography. Neither writes JCEKS, and cryptography writes
one private key per PKCS#12 file; those edits are refused with a sentence.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
)
from cryptography.x509.oid import NameOID

from core.atomic import atomic_write
from core.certinfo import facts
from core.keystore_tools import JAVA_TRUST_NOTE, KeyEntry, ToolError, order_chain, write_store
from core.keystores import (
    CorruptKeyStore,
    KeyStore,
    KeyStoreError,
    WrongKeyPassword,
    open_keystore,
    read_keystore_file,
)
from core.keystores.key_check import fully_validated
from core.keystores.model import EntryKind, Format

WRITABLE = (Format.JKS, Format.PKCS12)
EVERY_KEY = "*"  # in key_passwords: the password of every key not named otherwise
EDIT_ACTIONS = ("generate", "csr", "import-reply", "import-trusted", "delete", "rename", "passwd")
_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "P-256": ec.SECP256R1,
    "P-384": ec.SECP384R1,
    "P-521": ec.SECP521R1,
}


class KeyPasswordWrong(ToolError):
    """The store opened (its password is right) but a key's own password is wrong or missing."""


class Item(NamedTuple):
    alias: str
    kind: EntryKind
    chain: tuple[x509.Certificate, ...]
    key: PrivateKeyTypes | None = None
    key_password: str | None = None  # the key's own password; None: the store password
    locked: bool = False  # a key with a password of its own, which was not given


class Editable(NamedTuple):
    format: Format
    items: tuple[Item, ...]

    def find(self, alias: str) -> Item:
        # Java's JKS compares aliases without regard to case.
        for item in self.items:
            if item.alias == alias or (
                self.format is Format.JKS and item.alias.lower() == alias.lower()
            ):
                return item
        known = ", ".join(i.alias for i in self.items) or "none"
        raise ToolError(f"the store has no entry {alias} (entries: {known})")

    def replace(self, old: Item, new: Item | None) -> Editable:
        items = [new if i is old else i for i in self.items]
        return Editable(self.format, tuple(i for i in items if i is not None))

    def taken(self, alias: str) -> bool:
        return any(i.alias.lower() == alias.lower() for i in self.items)


class EditResult(NamedTuple):
    path: Path  # the file written
    data: bytes
    password: str  # the store password of the result
    changes: tuple[str, ...]
    backup: Path | None  # the copy of the old store, when it was replaced


# ----- opening and writing -------------------------------------------------------------------
def load_for_edit(
    data: bytes, password: str, key_passwords: Mapping[str, str] | None = None
) -> Editable:
    """Open every entry of a store for rewriting; raises KeyStoreError (store password) or
    KeyPasswordWrong (a key's own password), or ToolError for what cannot be written back."""
    store = open_keystore(data, password)
    return editable(store, password, key_passwords or {})


def editable(store: KeyStore, password: str, key_passwords: Mapping[str, str]) -> Editable:
    if store.format not in WRITABLE:
        raise ToolError(_unwritable(store.format))
    secret = [e.alias for e in store.entries if e.kind is EntryKind.SECRET_KEY]
    if secret:
        raise ToolError(f"it holds secret keys ({', '.join(secret)}), which are not written here")
    items = []
    for entry in store.entries:
        if entry.kind is not EntryKind.PRIVATE_KEY or entry.open_key is None:
            items.append(Item(entry.alias, entry.kind, entry.chain))
            continue
        own = key_passwords.get(entry.alias, key_passwords.get(EVERY_KEY))
        try:
            # Written into the new store: checked fully (the readers skip RSA's check).
            key = fully_validated(entry.open_key(own if own is not None else password))
        except WrongKeyPassword:
            if own is not None:
                raise KeyPasswordWrong(
                    f"the key password given for {entry.alias} is wrong (the store password is "
                    "right: the store opened with it)"
                ) from None
            # Needed only if the key is kept or used: deleting it works without.
            items.append(Item(entry.alias, entry.kind, entry.chain, locked=True))
            continue
        kept = own if own is not None and own != password else None
        items.append(Item(entry.alias, entry.kind, entry.chain, key, kept))
    return Editable(store.format, tuple(items))


def _unwritable(fmt: Format) -> str:
    if fmt is Format.JCEKS:
        return (
            "JCEKS files cannot be written here (pyjks does not write them); convert it first: "
            "destination-cli keystore convert --to p12 (or --to jks)"
        )
    return (
        f"it is a {fmt.value} file; editing works on JKS and PKCS#12 key stores "
        "(make one with destination-cli keystore build)"
    )


def _locked(alias: str) -> KeyPasswordWrong:
    return KeyPasswordWrong(
        f"the private key of {alias} has a password of its own (the store password is right: "
        "the store opened with it); give the key's password"
    )


def save(store: Editable, password: str) -> tuple[bytes, tuple[str, ...]]:
    """The store's bytes, and notes on what the format changed (e.g. Java's trust attribute)."""
    for item in store.items:
        if item.locked:
            raise _locked(item.alias)
    der = serialization.Encoding.DER
    keys = [i for i in store.items if i.kind is EntryKind.PRIVATE_KEY]
    trusted = [i for i in store.items if i.kind is EntryKind.TRUSTED_CERTIFICATE]
    if store.format is Format.JKS:
        import jks  # pyjks writes JKS

        pkcs8 = serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        entries: list[jks.TrustedCertEntry | jks.PrivateKeyEntry] = []
        for k in keys:
            assert k.key is not None
            entry = jks.PrivateKeyEntry.new(
                k.alias, [c.public_bytes(der) for c in k.chain], k.key.private_bytes(der, *pkcs8)
            )
            if k.key_password is not None:  # else saves() encrypts it with the store password
                entry.encrypt(k.key_password)
            entries.append(entry)
        entries += [
            jks.TrustedCertEntry.new(t.alias, t.chain[0].public_bytes(der)) for t in trusted
        ]
        return bytes(jks.KeyStore.new("jks", entries).saves(password)), ()
    if len(keys) > 1:
        raise ToolError(
            f"a PKCS#12 file written here holds one private key, and the result would hold "
            f"{len(keys)} ({', '.join(k.alias for k in keys)}); use a JKS store or a new file"
        )
    if keys and keys[0].key_password is not None:
        raise ToolError(
            "a PKCS#12 file written here protects its key with the store password (what the SAP "
            "Java SDK needs); a key password of its own needs JKS"
        )
    data = write_store(
        Format.PKCS12,
        [KeyEntry(k.alias, k.key, k.chain) for k in keys if k.key is not None],
        [(t.alias, t.chain[0]) for t in trusted],
        password,
    )
    return data, (JAVA_TRUST_NOTE,) if trusted and keys else ()


def new_store(fmt: Format) -> Editable:
    if fmt not in WRITABLE:
        raise ToolError(_unwritable(fmt))
    return Editable(fmt, ())


def format_for(path: Path, wanted: str | None) -> Format:
    """The format of a new store: as asked, else by its name (.jks, else PKCS#12)."""
    if wanted:
        return Format.JKS if wanted == "jks" else Format.PKCS12
    return Format.JKS if path.suffix.lower() in (".jks", ".keystore") else Format.PKCS12


# ----- the operations: each takes an Editable and returns the changed one and what changed -----
Change = tuple[Editable, list[str]]


def parse_name(text: str) -> x509.Name:
    """A subject as administrators write it: "CN=client,O=Example,C=DE" (RFC 4514), or
    openssl's "/C=DE/O=Example/CN=client"."""
    text = text.strip()
    if text.startswith("/"):  # openssl's form, /C=DE/O=Example/CN=x: root-most first
        text = ",".join(reversed([part for part in text.split("/") if part]))
    try:
        name = x509.Name.from_rfc4514_string(text)
    except ValueError as exc:
        raise ToolError(
            f"the subject {text!r} cannot be read ({exc}); write it like CN=x,O=y"
        ) from None
    if not list(name):
        raise ToolError("the subject is empty; write it like CN=client.example.com,O=Example")
    return name


def parse_sans(values: list[str]) -> list[x509.GeneralName]:
    """SAN entries as DNS:host, IP:address, EMAIL:addr or URI:uri (a bare value is a DNS name)."""
    import ipaddress

    out: list[x509.GeneralName] = []
    for value in values:
        kind, _, rest = value.partition(":")
        kind = kind.upper() if rest else "DNS"
        rest = rest if rest else value
        try:
            if kind == "DNS":
                out.append(x509.DNSName(rest))
            elif kind == "IP":
                out.append(x509.IPAddress(ipaddress.ip_address(rest)))
            elif kind in ("EMAIL", "MAIL"):
                out.append(x509.RFC822Name(rest))
            elif kind == "URI":
                out.append(x509.UniformResourceIdentifier(rest))
            else:
                raise ValueError(f"unknown kind {kind}")
        except ValueError as exc:
            raise ToolError(
                f"the SAN {value!r} cannot be read ({exc}); write DNS:host, IP:address, "
                "EMAIL:address or URI:uri"
            ) from None
    return out


def make_key(key_type: str, size: int | None, curve: str | None) -> PrivateKeyTypes:
    if key_type == "ec":
        name = curve or "P-256"
        if name not in _CURVES:
            raise ToolError(f"unknown curve {name}; choose {', '.join(_CURVES)}")
        return ec.generate_private_key(_CURVES[name]())
    bits = size or 2048
    if bits < 2048 or bits > 8192:
        raise ToolError(f"an RSA key of {bits} bits: choose 2048 to 8192")
    return rsa.generate_private_key(65537, bits)


def generate(
    store: Editable,
    alias: str,
    subject: str,
    sans: list[str],
    key_type: str = "rsa",
    size: int | None = None,
    curve: str | None = None,
    days: int = 365,
    now: datetime | None = None,
) -> Change:
    """A new key entry with a self-signed placeholder certificate, until the CA's reply."""
    alias, changes = folded(store, alias)
    _check_new_alias(store, alias)
    name = parse_name(subject)
    names = parse_sans(sans)
    key = make_key(key_type, size, curve)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(_signer(key), hashes.SHA256())
    item = Item(alias, EntryKind.PRIVATE_KEY, (cert,), key)
    described = facts(cert).key_description
    changes += [
        f"Generated {described} as {alias}, with a self-signed placeholder certificate for "
        f"{name.rfc4514_string()} valid {days} days. Make a CSR for the CA next."
    ]
    return Editable(store.format, (*store.items, item)), changes


def _signer(key: PrivateKeyTypes) -> CertificateIssuerPrivateKeyTypes:
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ToolError("only RSA and EC keys can sign here")
    return key


def csr(store: Editable, alias: str, subject: str | None, sans: list[str] | None) -> bytes:
    """A PEM certificate signing request for a key entry; subject and SAN default to those of
    its current certificate."""
    item = _key_item(store, alias)
    assert item.key is not None
    cert = item.chain[0]
    name = parse_name(subject) if subject else cert.subject
    builder = x509.CertificateSigningRequestBuilder().subject_name(name)
    if sans is not None:
        names = parse_sans(sans)
    else:
        try:
            names = list(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
        except x509.ExtensionNotFound:
            names = []
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    request = builder.sign(_signer(item.key), hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM)


def read_certificates(data: bytes, name: str) -> list[x509.Certificate]:
    """Certificates from PEM, DER or PKCS#7 (PEM or DER), as CAs send them: read as the
    inspector reads such files."""
    try:
        certs = open_keystore(data, None).all_certificates()
    except KeyStoreError:
        certs = []
    if not certs:
        raise ToolError(f"{name} holds no certificate (PEM, DER or PKCS#7)")
    return certs


def import_reply(
    store: Editable, alias: str, reply: list[x509.Certificate], cas: list[x509.Certificate]
) -> Change:
    """Put the CA's reply into the key entry: its certificate must hold the entry's public key;
    the chain is completed from the reply, the given CA files and the store's trusted entries."""
    item = _key_item(store, alias)
    assert item.key is not None
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    mine = item.key.public_key().public_bytes(*spki)
    leaf = next((c for c in reply if c.public_key().public_bytes(*spki) == mine), None)
    if leaf is None:
        raise ToolError(
            f"the reply does not match the key of {alias}: none of its certificates holds that "
            "public key (was the request made from another key?)"
        )
    trusted = [i.chain[0] for i in store.items if i.kind is EntryKind.TRUSTED_CERTIFICATE]
    chain, missing = order_chain(leaf, list(dict.fromkeys([*reply, *cas, *trusted])))
    changes = [f"The key entry {alias} now holds {_names(chain)}."]
    if missing:
        changes.append(
            f"The chain stops at {facts(chain[-1]).short_name}: its issuer ({missing}) is in none "
            "of the given files. SAP needs the entire chain: import the reply again with the CA "
            "files."
        )
    return store.replace(item, item._replace(chain=tuple(chain))), changes


def import_trusted(
    store: Editable, certs: list[x509.Certificate], alias: str | None = None
) -> Change:
    """Add certificates as trusted entries; ones already trusted are skipped."""
    if alias is not None and len(certs) > 1:
        raise ToolError(f"{len(certs)} certificates but one alias; leave the alias out")
    present = {i.chain[0] for i in store.items if i.kind is EntryKind.TRUSTED_CERTIFICATE}
    items = list(store.items)
    changes = []
    for cert in dict.fromkeys(certs):
        name = facts(cert).short_name
        if cert in present:
            changes.append(f"{name} is already trusted; skipped.")
            continue
        chosen = folded(store, alias)[0] if alias else _alias_for(cert)
        if alias is not None:
            _check_new_alias(Editable(store.format, tuple(items)), chosen)
        else:
            base, n = chosen, 2
            while Editable(store.format, tuple(items)).taken(chosen):
                chosen, n = f"{base}-{n}", n + 1
        items.append(Item(chosen, EntryKind.TRUSTED_CERTIFICATE, (cert,)))
        changes.append(f"Trusted {name} as {chosen}.")
    return Editable(store.format, tuple(items)), changes


def _alias_for(cert: x509.Certificate) -> str:
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    text = str(cn[0].value) if cn else facts(cert).short_name
    return "-".join(text.lower().split()) or "certificate"


def delete(store: Editable, alias: str) -> Change:
    item = store.find(alias)
    return store.replace(item, None), [f"Deleted {item.alias}."]


def rename(store: Editable, alias: str, new_alias: str) -> Change:
    item = store.find(alias)
    if item.locked:
        raise _locked(item.alias)
    new_alias, changes = folded(store, new_alias)
    if item.alias.lower() != new_alias.lower():
        _check_new_alias(store, new_alias)
    elif item.alias == new_alias:
        raise ToolError(f"{item.alias} already has that name")
    changes.insert(0, f"Renamed {item.alias} to {new_alias}.")
    return store.replace(item, item._replace(alias=new_alias)), changes


def set_key_password(store: Editable, alias: str, key_password: str, password: str) -> Change:
    """The key password of one entry; equal to the store password is what the Java SDK needs."""
    item = _key_item(store, alias)
    own = None if key_password == password else key_password
    changes = [
        f"The key password of {item.alias} is now the store password."
        if own is None
        else f"The key password of {item.alias} is now its own. The SAP Java SDK opens keys "
        "with the store password and will fail on this entry."
    ]
    return store.replace(item, item._replace(key_password=own)), changes


def _key_item(store: Editable, alias: str) -> Item:
    item = store.find(alias)
    if item.locked:
        raise _locked(item.alias)
    if item.kind is not EntryKind.PRIVATE_KEY or item.key is None:
        raise ToolError(f"{item.alias} is a {item.kind.value.replace('_', ' ')}, not a key entry")
    return item


def folded(store: Editable, alias: str) -> tuple[str, list[str]]:
    """The alias as the format keeps it: Java's JKS stores aliases in lower case."""
    if store.format is Format.JKS and alias != alias.lower():
        return alias.lower(), [
            f"JKS keeps aliases in lower case: {alias} is stored as {alias.lower()}."
        ]
    return alias, []


def _check_new_alias(store: Editable, alias: str) -> None:
    if not alias.strip():
        raise ToolError("give the entry an alias")
    if store.taken(alias):
        raise ToolError(f"the store already has an entry {alias} (aliases ignore letter case)")


def _names(certs: list[x509.Certificate]) -> str:
    return " → ".join(facts(c).short_name for c in certs)


# ----- files -----------------------------------------------------------------------------------
def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def apply(
    path: Path,
    password: str,
    change: Callable[[Editable], Change],
    *,
    output: Path | None = None,
    new_password: str | None = None,
    key_passwords: Mapping[str, str] | None = None,
    create: Format | None = None,
) -> EditResult:
    """Open `path` (or start a new store of format `create` when it does not exist), apply
    `change`, check the result opens, then write it: to `output`, a new file, or over `path`
    after keeping `path.bak`. Raises ToolError, KeyStoreError or OSError; writes nothing then."""
    if output is not None and output.exists():
        raise ToolError(f"{output} exists; choose a new file name (nothing is overwritten)")
    final_password = new_password if new_password is not None else password
    if not final_password:  # PKCS#12 cannot be written so, and Java cannot open such a store
        raise ToolError(
            "the store password is empty, and Java cannot open a store without one; give a "
            "password (for a store that has none: keystore passwd with a new store password)"
        )
    if create is not None and not path.exists():
        original: bytes | None = None
        store = new_store(create)
    else:
        original = read_keystore_file(path)
        store = load_for_edit(original, password, key_passwords)
    changed, changes = change(store)
    data, notes = save(changed, final_password)
    _check_result(data, final_password, changed)
    target = output or path
    _check_writable(target)
    backup = None
    if output is None and original is not None:
        backup = backup_path(path)
        atomic_write(backup, original, 0o600)
    atomic_write(target, data, 0o600)  # it may hold private keys
    return EditResult(target, data, final_password, (*changes, *notes), backup)


def _check_result(data: bytes, password: str, expected: Editable) -> None:
    """Open what is about to be written, as a consumer will: every key entry there and opening
    with its password, every trusted certificate in the file."""
    try:
        again = open_keystore(data, password)
        keys = {e.alias.lower(): e for e in again.entries if e.kind is EntryKind.PRIVATE_KEY}
        certs = set(again.all_certificates())
        for item in expected.items:
            if item.kind is EntryKind.TRUSTED_CERTIFICATE:
                if item.chain[0] not in certs:
                    raise CorruptKeyStore(f"{item.alias} is missing from the result")
                continue
            entry = keys.get(item.alias.lower())
            if entry is None or entry.open_key is None:
                raise CorruptKeyStore(f"{item.alias} is missing from the result")
            entry.open_key(item.key_password or password)
    except Exception as exc:
        raise ToolError(f"the new store did not open again ({exc}); nothing was written") from None


def _check_writable(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ToolError(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ToolError(
            f"the folder {folder} is read-only: the store is replaced by writing a new file "
            "beside it; choose another file with -o, or make the folder writable"
        )
