"""Viterbi decoding of a trained crfsuite model, with weights summed per word type.

crfsuite's own tagger looks up every feature string of every token in its
dictionary on each call. Most of a token's features depend only on its word (and
its neighbours' words), so ``CrfDecoder`` reads the model's weights once, sums the
weights of a word type's features into one score vector per label the first time
it meets the word, and afterwards only adds a few cached vectors and the
sentence-dependent features (bigrams, lexicon marks) per token. The decoded tags
are those crfsuite's Viterbi gives for the same model and features.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pycrfsuite

from hadath.models.features import WINDOW, Features

__all__ = ["CrfDecoder"]

# Word types whose summed weights are kept (each a few hundred bytes).
_CACHE_WORDS = 50_000


class CrfDecoder:
    """A linear-chain CRF's weights as arrays, and Viterbi over them."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        index = {label: k for k, label in enumerate(self.labels)}
        size = len(self.labels)
        self._transitions = np.zeros((size, size))
        for (before, after), weight in info.transitions.items():
            self._transitions[index[before], index[after]] = weight
        rows: dict[str, int] = {}
        cells: list[tuple[int, int, float]] = []
        for (attribute, label), weight in info.state_features.items():
            row = rows.setdefault(attribute, len(rows))
            cells.append((row, index[label], weight))
        # One row per weighted feature, and a last row of zeros that pads empty sums.
        matrix = np.zeros((len(rows) + 1, size))
        for row, column, weight in cells:
            matrix[row, column] += weight
        self._rows = rows
        self._matrix = matrix
        self._columns = np.arange(size)
        # Summed weights of the word types met so far: a row each in one array (no
        # per-word object), found through ``_words``; pages are touched only as rows fill.
        self._table = np.empty((_CACHE_WORDS, 1 + len(WINDOW), size))
        self._words: dict[str, int] = {}

    @property
    def attributes(self) -> frozenset[str]:
        """Every feature the model gives a weight."""
        return frozenset(self._rows)

    def _sums(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """The summed weights of each group of features (groups x labels), in one pass."""
        rows = self._rows
        padding = len(rows)  # the zero row: keeps every group non-empty for reduceat
        found: list[int] = []
        starts: list[int] = []
        for group in groups:
            starts.append(len(found))
            found.append(padding)
            found += [rows[f] for f in group if f in rows]
        return np.add.reduceat(self._matrix[found], starts, axis=0)

    def _row(self, features: Features, word: str) -> int:
        """The cache row holding the word's ``_word_sums``."""
        row = self._words.get(word)
        if row is None:  # ``scores`` has made room: the cache is bounded, an ingest meets millions of words
            row = self._words[word] = len(self._words)
            self._table[row] = self._word_sums(features, word)
        return row

    def _word_sums(self, features: Features, word: str) -> np.ndarray:
        """The word's own weights, then what it lends each neighbour offset of ``WINDOW``."""
        facts = features.word(word)
        return self._sums([facts.own, *(facts.near[off] for off in WINDOW)])

    def scores(self, features: Features, tokens: Sequence[str],
               more: Sequence[Sequence[str]] | None = None,
               extras: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Per-token label scores (tokens x labels); ``more`` adds features per token.

        ``extras`` is the second half of ``features.parts(tokens)`` when the caller
        has it already (two stages over the same sentence).
        """
        if extras is None:
            extras = features.parts(tokens)[1]
        n = len(tokens)
        if n > _CACHE_WORDS:  # a "sentence" longer than the cache: no caching
            table = np.stack([self._word_sums(features, token) for token in tokens])
        else:
            if len(self._words) + n > _CACHE_WORDS:
                self._words.clear()  # never mid-sentence, so no row is reused while in use
            table = self._table[[self._row(features, token) for token in tokens]]  # n x (1 + window) x labels
        scores = table[:, 0].copy()
        for row, off in enumerate(WINDOW, start=1):
            # token i takes what the word at i + off lends at offset ``off``
            if off < 0 and n > -off:
                scores[-off:] += table[:off, row]
            elif off > 0 and n > off:
                scores[:-off] += table[off:, row]
        # The sentence-dependent features, added in one scatter.
        rows = self._rows
        where: list[int] = []
        found: list[int] = []
        for i, extra in enumerate(extras):
            for feature in (extra if more is None else [*extra, *more[i]]):
                index = rows.get(feature)
                if index is not None:
                    where.append(i)
                    found.append(index)
        if found:
            np.add.at(scores, where, self._matrix[found])
        return scores

    def decode(self, scores: np.ndarray) -> list[str]:
        """The best label sequence for per-token ``scores`` (Viterbi)."""
        n = len(scores)
        if n == 0:
            return []
        best = scores[0].copy()
        back = np.zeros((n, len(self.labels)), dtype=np.intp)
        transitions = self._transitions
        columns = self._columns
        for i in range(1, n):
            candidates = best[:, None] + transitions
            back[i] = came = candidates.argmax(axis=0)
            best = candidates[came, columns] + scores[i]
        path = [int(best.argmax())]
        for i in range(n - 1, 0, -1):
            path.append(int(back[i][path[-1]]))
        labels = self.labels
        return [labels[k] for k in reversed(path)]

    def tag(self, features: Features, tokens: Sequence[str],
            more: Sequence[Sequence[str]] | None = None,
            extras: Sequence[Sequence[str]] | None = None) -> list[str]:
        """Labels for one sentence's tokens (``more``: extra features per token)."""
        if not tokens:
            return []
        return self.decode(self.scores(features, tokens, more, extras))
