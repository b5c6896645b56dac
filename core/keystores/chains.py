"""Put a bag of certificates in chain order in n log n: index by subject and key identifier.

Scanning the bag for each link's issuer is quadratic (8,000 certificates took two minutes);
here every certificate is indexed once and taken at most once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from cryptography import x509

from core.certinfo import facts


class IssuerIndex:
    """Certificates by subject name, and by (subject name, subject key identifier)."""

    def __init__(self, certs: Sequence[x509.Certificate]) -> None:
        self.by_name: dict[bytes, deque[x509.Certificate]] = {}
        self.by_key: dict[tuple[bytes, str], deque[x509.Certificate]] = {}
        for cert in certs:
            name = cert.subject.public_bytes()
            self.by_name.setdefault(name, deque()).append(cert)
            ski = facts(cert).subject_key_id
            if ski:
                self.by_key.setdefault((name, ski), deque()).append(cert)

    def candidates(
        self, child: x509.Certificate, exclude: set[x509.Certificate], limit: int
    ) -> list[x509.Certificate]:
        """Up to `limit` possible issuers of `child` not in `exclude`, those whose key
        identifier matches its AKI first."""
        name = child.issuer.public_bytes()
        aki = facts(child).authority_key_id
        found: list[x509.Certificate] = []
        for queue in (self.by_key.get((name, aki)) if aki else None, self.by_name.get(name)):
            for cert in queue or ():
                if len(found) == limit:
                    return found
                if cert not in exclude and cert not in found:
                    found.append(cert)
        return found

    def take(self, child: x509.Certificate, used: set[x509.Certificate]) -> x509.Certificate | None:
        """The first unused certificate named as `child`'s issuer (AKI match preferred); each
        certificate is passed over at most once per queue, so a whole chain costs n."""
        name = child.issuer.public_bytes()
        aki = facts(child).authority_key_id
        for queue in (self.by_key.get((name, aki)) if aki else None, self.by_name.get(name)):
            while queue and queue[0] in used:
                queue.popleft()
            if queue:
                return queue[0]
        return None


def self_issued(cert: x509.Certificate) -> bool:
    return cert.issuer.public_bytes() == cert.subject.public_bytes()


def follow_issuers(
    leaf: x509.Certificate, pool: Sequence[x509.Certificate]
) -> list[x509.Certificate]:
    """The chain Java builds for a key entry: follow issuer names through the pool."""
    index = IssuerIndex(pool)
    chain = [leaf]
    used = {leaf}
    while not self_issued(chain[-1]):
        nxt = index.take(chain[-1], used)
        if nxt is None:
            break
        chain.append(nxt)
        used.add(nxt)
    return chain


def ordered(certs: Sequence[x509.Certificate]) -> list[x509.Certificate]:
    """Leaf first, then each issuer; certificates that fit nowhere keep their place at the end.
    Certificates without exactly one leaf (no certificate names it as issuer) stay as given."""
    issuers = {c.issuer.public_bytes() for c in certs if not self_issued(c)}
    leaves = [c for c in certs if c.subject.public_bytes() not in issuers]
    if len(leaves) != 1:
        return list(certs)
    chain = follow_issuers(leaves[0], certs)
    placed = set(chain)
    return chain + [c for c in certs if c not in placed]
