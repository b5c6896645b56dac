"""core.certinfo reads a certificate's facts with shortcuts (each distinct name read once by its
DER, the names found by walking the DER, lookups by object identity): the facts must stay what
cryptography itself says, for certificates made by openssl and for every one in the fixtures
and in Java's cacerts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

from core import certinfo
from core.certinfo import facts, load_der_certificate, short_name
from core.keystores import KeyStoreError, open_keystore
from tests.keystore_data import DATA, PASSWORD

CACERTS = Path("/etc/ssl/certs/java/cacerts")


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


def _self_signed(tmp: Path, name: str, key_args: list[str], subject: str) -> x509.Certificate:
    key, cert = tmp / f"{name}.key", tmp / f"{name}.pem"
    _openssl("genpkey", *key_args, "-out", key)
    _openssl("req", "-x509", "-new", "-key", key, "-subj", subject, "-days", "3650", "-out", cert)
    return x509.load_pem_x509_certificate(cert.read_bytes())


KEYS = {
    "rsa2048": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "RSA 2048"),
    "rsa3072": (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"], "RSA 3072"),
    "p256": (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "EC secp256r1"),
    "p384": (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], "EC secp384r1"),
    "ed25519": (["-algorithm", "ED25519"], "Ed25519 256"),
    "ed448": (["-algorithm", "ED448"], "Ed448 456"),
}


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_key_description_of_each_key_type(tmp_path: Path, kind: str) -> None:
    key_args, described = KEYS[kind]
    cert = _self_signed(tmp_path, kind, key_args, f"/CN={kind}.example.com/O=Example")
    assert facts(cert).key_description == described
    _same_as_cryptography(cert)


def test_key_description_of_a_dsa_key(tmp_path: Path) -> None:
    params = tmp_path / "dsa.params"
    _openssl("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048",
             "-out", params)  # fmt: skip
    cert = _self_signed(tmp_path, "dsa", ["-paramfile", str(params)], "/CN=dsa.example.com")
    assert facts(cert).key_description == "DSA 2048"
    _same_as_cryptography(cert)


def test_names_that_need_escaping_and_a_multi_valued_rdn(tmp_path: Path) -> None:
    subject = '/C=DE/O=Example\\, Inc.+OU=Ops/CN=#hash + plus;semi <x> "q"/CN=ünï cödé '
    cert = _self_signed(tmp_path, "odd", KEYS["p256"][0], subject)
    _same_as_cryptography(cert)
    assert facts(cert).self_issued


def test_a_leaf_its_issuer_and_a_version_1_certificate(tmp_path: Path) -> None:
    """The issuer's name of a leaf is the subject's name of its CA (one DER, read once); a
    version 1 certificate has no version field for the walk to step over."""
    ca = _self_signed(tmp_path, "ca", KEYS["rsa2048"][0], "/CN=Walk CA/O=Example")
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-out", tmp_path / "leaf.key")  # fmt: skip
    _openssl("req", "-new", "-key", tmp_path / "leaf.key", "-subj", "/CN=leaf.example.com",
             "-out", tmp_path / "leaf.csr")  # fmt: skip
    issued = {}
    for version, extra in (("v1", []), ("v3", ["-extfile", tmp_path / "ext.cnf"])):
        (tmp_path / "ext.cnf").write_text("basicConstraints=CA:FALSE\n")
        out = tmp_path / f"leaf-{version}.pem"
        _openssl("x509", "-req", "-in", tmp_path / "leaf.csr", "-CA", tmp_path / "ca.pem",
                 "-CAkey", tmp_path / "ca.key", "-set_serial", "7", "-days", "30", *extra,
                 "-out", out)  # fmt: skip
        issued[version] = x509.load_pem_x509_certificate(out.read_bytes())
    assert issued["v1"].version is x509.Version.v1
    assert issued["v3"].version is x509.Version.v3
    for leaf in issued.values():
        _same_as_cryptography(leaf)
        assert facts(leaf).issuer == facts(ca).subject == "O=Example,CN=Walk CA"
        assert not facts(leaf).self_issued


def test_facts_follow_the_object_not_an_equal_one_read_before(tmp_path: Path) -> None:
    cert = _self_signed(tmp_path, "twice", KEYS["p256"][0], "/CN=twice")
    der = cert.public_bytes(certinfo.Encoding.DER)
    again = load_der_certificate(der)
    assert again is not cert and again == cert
    assert facts(again) == facts(cert)
    certinfo._FACTS.clear()
    certinfo._NAMES.clear()
    assert facts(cert) == facts(again)


def _store_certificates(path: Path) -> list[x509.Certificate]:
    try:
        store = open_keystore(path.read_bytes(), PASSWORD)
    except KeyStoreError:
        try:
            store = open_keystore(path.read_bytes(), None)
        except KeyStoreError:
            return []
    return store.all_certificates()


def test_every_fixture_and_cacerts_certificate_reads_as_cryptography_says() -> None:
    paths = sorted(p for p in DATA.rglob("*") if p.is_file())
    if CACERTS.exists():
        paths.append(CACERTS)
    certs = [c for p in paths for c in _store_certificates(p)]
    assert len(certs) > 50  # the fixtures hold dozens; cacerts over a hundred more
    for cert in certs:
        _same_as_cryptography(cert)


def _same_as_cryptography(cert: x509.Certificate) -> None:
    """The facts as read the plain way: Name objects, the key object, the whole DER."""
    f = facts(cert)
    assert f.subject == cert.subject.rfc4514_string()
    assert f.issuer == cert.issuer.rfc4514_string()
    assert f.short_name == short_name(cert.subject)
    assert f.self_issued == (cert.issuer.rfc4514_string() == cert.subject.rfc4514_string())
    issuer_der, subject_der = certinfo._name_bytes(cert.public_bytes(certinfo.Encoding.DER))
    assert issuer_der == cert.issuer.public_bytes()
    assert subject_der == cert.subject.public_bytes()
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey):
        assert (f.key_algorithm, f.key_size, f.key_curve) == (
            "RSA" if isinstance(key, rsa.RSAPublicKey) else "DSA",
            key.key_size,
            None,
        )
    elif isinstance(key, ec.EllipticCurvePublicKey):
        assert (f.key_algorithm, f.key_size, f.key_curve) == ("EC", key.curve.key_size,
                                                              key.curve.name)  # fmt: skip
    ext = {type(e.value): e.value for e in cert.extensions}
    basic = ext.get(x509.BasicConstraints)
    assert f.is_ca == (basic.ca if basic else None)
    assert f.path_length == (basic.path_length if basic else None)
    ski = ext.get(x509.SubjectKeyIdentifier)
    assert f.subject_key_id == (ski.digest.hex(":").upper() if ski else None)
    eku = ext.get(x509.ExtendedKeyUsage)
    assert (f.extended_key_usage is None) == (eku is None)
    assert (f.san == ()) == (x509.SubjectAlternativeName not in ext)
    assert (f.key_usage == ()) == (
        x509.KeyUsage not in ext or not any(certinfo._key_usage(ext[x509.KeyUsage]))
    )
