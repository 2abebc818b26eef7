"""Near-duplicate articles: MinHash signatures over normalised word shingles, and an LSH index.

The same agency story is carried by many outlets with small edits (a different
headline, a dropped paragraph, "أ" written "ا"). Each article body is normalised
(``hadath.arabic.normalize``), cut into overlapping word shingles, and summarised
as a MinHash signature; an LSH index finds earlier articles whose estimated Jaccard
similarity passes a threshold. The store groups such articles into one story
cluster, so an event they all report is counted once.

Signatures are computed where the analysis runs (on workers) and travel as bytes;
the index lives with the single writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from hadath.arabic import normalize

__all__ = [
    "DEFAULT_THRESHOLD",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "DuplicateIndex",
    "shingle",
    "sign",
    "signature_from_bytes",
]

NUM_PERM = 64
SHINGLE_WORDS = 3
# Estimated Jaccard over word 3-shingles; re-edited copies of one wire story sit well
# above it, different stories on the same topic well below.
DEFAULT_THRESHOLD = 0.5
# Fixed so signatures computed in different processes (and runs) are comparable.
_SEED = 1
_SCHEME = "affine32"  # 32-bit hash values: 4 bytes a permutation in the store

_WORD = re.compile(r"\w+")


def shingle(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of the normalised ``text``.

    >>> sorted(shingle("أعلنت الوزارة اليوم", size=2))
    ['اعلنت الوزاره', 'الوزاره اليوم']
    """
    words = _WORD.findall(normalize(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def sign(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (what the store keeps)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    for item in shingle(text):
        minhash.update(item.encode("utf-8"))
    return bytes(minhash.hashvalues.astype("<u4").tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    """Rebuild a MinHash from the bytes ``sign`` returned."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashvalues=values, scheme=_SCHEME)


class DuplicateIndex:
    """Which earlier article does a new one near-duplicate? An in-memory LSH index.

    Keys are article ids. ``find`` returns the ids of indexed articles whose
    estimated similarity reaches ``threshold``, most similar first.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: int, signature: bytes) -> None:
        """Index article ``key``; adding a key twice keeps the first signature."""
        if key in self._signatures or not signature:
            return
        minhash = signature_from_bytes(signature)
        self._signatures[key] = minhash
        self._lsh.insert(key, minhash)

    def add_all(self, pairs: Iterable[tuple[int, bytes]]) -> None:
        for key, signature in pairs:
            self.add(key, signature)

    def find(self, signature: bytes) -> list[int]:
        """Indexed articles near-duplicating ``signature``, most similar first, ties by id."""
        if not signature:
            return []
        minhash = signature_from_bytes(signature)
        # LSH gives candidates; the signature estimate drops its false positives.
        scored = []
        for key in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[key])
            if similarity >= self.threshold:
                scored.append((-similarity, key))
        return [key for _, key in sorted(scored)]
