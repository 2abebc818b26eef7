"""Token features for the CRF named-entity tagger.

Each token becomes a list of string features: its normalised form, its
clitic-stripped form, affixes, shape, distributional cluster, general frequency,
how much it looks like a name (``NameShapes``), lexicon and trigger-word
membership, quotation marks around it, and the same facts about its neighbours.
Everything that depends on the word alone is computed once per word type and
cached (``Features.parts`` keeps it apart from what depends on the sentence), so
tagging cost is dominated by lookups, not string work.

The lexicon (``ner_lexicon.tsv``: KB names and a world-cities list, snapshot at
training time; ``ner_names.tsv``: people, bodies, places and other names in the
news), the triggers (``ner_triggers.tsv``: titles, head nouns, verbs of saying),
the given names (``ner_given_names.tsv``), the clusters (``ner_clusters.tsv``),
general word frequencies (``ner_frequencies.tsv.gz``) and the name-shape model
(``ner_shapes.tsv.gz``) are data files beside this module, so the features at
tagging time are exactly those the model was trained with.

>>> fx = Features(lexicon={"باريس": {"LOC"}}, triggers={}, clusters={})
>>> "L=B-LOC" in fx.sentence(["في", "وباريس"])[1]
True
"""

from __future__ import annotations

import gzip
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from sys import intern
from typing import NamedTuple

import numpy as np

from hadath.arabic.clitics import strip_proclitics
from hadath.arabic.normalize import normalize

# Word types whose features are kept between sentences (a few KB each).
_CACHE_WORDS = 50_000
__all__ = [
    "KINDS", "MEMORY_WINDOW", "WINDOW", "Features", "NameShapes", "frequency_features", "load_features",
    "memory_features", "read_frequencies", "read_tsv", "shape_ngrams",
]

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~،؛؟«»…–—")
# Neighbour offsets whose word facts are copied into a token's features.
WINDOW = (-2, -1, 1, 2)
# Longest lexicon name, in tokens, looked for at each position.
_MAX_SPAN = 6
# How many sentences before and after a token the second stage looks for the same word.
MEMORY_WINDOW = 12
# Quotation marks that open a quoted name, and the mark that closes each.
_QUOTES = {"«": "»", '"': '"', "“": "”", "''": "''", "'": "'"}
# Longest quoted stretch, in tokens, read as a possible name («الناس وأنا»).
_MAX_QUOTED = 8


def _rows(name: str) -> Iterator[list[str]]:
    """Cells of each data row of a TSV beside this module (gzipped if ``name`` ends
    in ``.gz``): blank and ``#`` lines and the header are skipped; nothing if absent."""
    entry = resources.files("hadath.models") / name
    if not entry.is_file():
        return
    data = entry.read_bytes()
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    lines = (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    next(lines, None)  # the header
    for line in lines:
        yield line.split("\t")


def read_tsv(name: str) -> list[list[str]]:
    """Rows (cells) of a TSV beside this module, comments and header skipped."""
    return list(_rows(name))


class _Word(NamedTuple):
    """What the features need to know about one word type, computed once."""

    own: list[str]  # the word's own features
    near: dict[int, list[str]]  # the features it lends a neighbour at each offset
    readings: tuple[str, ...]  # normalised form and its clitic-stripped readings
    norm: str
    stem: str  # the reading the clusters know (وبغداد -> بغداد)


def _delta(difference: float) -> str:
    """A bucket for the gap between two Zipf frequencies."""
    if difference <= -3:
        return "m3"
    if difference <= -1.5:
        return "m2"
    if difference <= -0.5:
        return "m1"
    return "0" if difference < 0.5 else "p"


# Endings an ordinary noun or adjective often takes and a name seldom does.
_INFLECTIONS = ("ه", "ات", "ين", "ون", "يه")


def frequency_features(frequencies: Mapping[str, float], readings: Sequence[str]) -> list[str]:
    """How common the word is in general Arabic, and whether it behaves like a name.

    Arabic has no capitals; a word the tagger never saw in training still betrays
    itself by how it is used elsewhere. An ordinary word is common with the article
    and with feminine or plural endings (كبير، الكبير، كبيرة); a name mostly is not
    (ميركل). ``zf`` is the Zipf frequency of the commonest reading, ``za`` (or ``zb``
    for a word that has the article) how much rarer the form with (without) the
    article is, ``zi`` how much rarer the inflected forms are.

    >>> frequency_features({"كبير": 5.7, "الكبير": 5.2, "كبيره": 5.6}, ["كبير"])
    ['zf=5', 'za=m1', 'zi=0']
    >>> frequency_features({"ميركل": 3.9}, ["وميركل", "ميركل"])
    ['zf=3', 'za=m3', 'zi=m3']
    """
    best = max(readings, key=lambda form: frequencies.get(form, 0.0))
    zipf = frequencies.get(best, 0.0)
    bare = best[2:] if best.startswith("ال") and len(best) > 4 else best
    out = [f"zf={int(zipf)}"]
    if bare != best:
        out.append(f"zb={_delta(frequencies.get(bare, 0.0) - zipf)}")
    else:
        out.append(f"za={_delta(frequencies.get('ال' + best, 0.0) - zipf)}")
    inflected = max(frequencies.get(bare + ending, 0.0) for ending in _INFLECTIONS)
    out.append(f"zi={_delta(inflected - frequencies.get(bare, zipf))}")
    return out


def _agreement(adjective: str) -> str:
    """Gender and number of a nationality adjective: ``m``, ``f`` or ``p``."""
    if adjective.endswith(("يون", "يين", "ات", "يان", "يتان", "يتين")):
        return "p"
    return "f" if adjective.endswith("ه") else "m"


# What the name-shape model tells apart, in the column order of ner_shapes.tsv.gz.
KINDS = ("PER", "LOC", "ORG", "WORD")


def shape_ngrams(word: str) -> list[str]:
    """Character 2- to 5-grams of ``word`` with ``^`` and ``$`` marking its ends.

    >>> shape_ngrams("سكي")[:4]
    ['^س', 'سك', 'كي', 'ي$']
    """
    marked = f"^{word}$"
    return [marked[i:i + n] for n in range(2, 6) for i in range(len(marked) - n + 1)]


class NameShapes:
    """A linear model over character n-grams: does a word look like part of a name?

    Built by ``scripts/build_shapes.py`` from hadath's name lists and general word
    frequencies; ``features`` turns its probabilities into coarse CRF features, so
    an unseen transliterated surname (شوفكوفسكي) reads as a person's name and an
    unseen town (قرغيزستان) as a place.
    """

    def __init__(self, weights: Mapping[str, Sequence[float]], bias: Sequence[float]) -> None:
        self._rows = {gram: k for k, gram in enumerate(weights)}
        self._matrix = np.array([list(row) for row in weights.values()], dtype=float).reshape(-1, len(bias))
        self._bias = np.array(bias, dtype=float)
        self._names = [[f"n{kind}={step}" for step in range(5)] for kind in KINDS]

    def probabilities(self, word: str) -> list[float]:
        """Probability of each of ``KINDS`` for ``word`` (normalised, clitics stripped)."""
        rows = self._rows
        found = [rows[g] for g in set(shape_ngrams(word)) if g in rows]
        logits = self._bias + self._matrix[found].sum(axis=0) if found else self._bias
        exps = np.exp(logits - logits.max())
        return [float(p) for p in exps / exps.sum()]

    def features(self, word: str) -> list[str]:
        """``nPER=2``-style buckets (0-4) of the probability of each kind."""
        probs = self.probabilities(word)
        return [names[min(4, int(p * 5))] for names, p in zip(self._names, probs, strict=True)]


def read_shapes(name: str = "ner_shapes.tsv.gz") -> NameShapes | None:
    """The name-shape model beside this module, or None if it is absent."""
    weights: dict[str, list[float]] = {}
    bias: list[float] = [0.0] * len(KINDS)
    for gram, *values in _rows(name):
        if gram == "<bias>":
            bias = [float(v) for v in values]
        else:
            weights[gram] = [float(v) for v in values]
    return NameShapes(weights, bias) if weights else None


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if all(ch in _PUNCT for ch in word):
        return "punct"
    if any("a" <= ch.lower() <= "z" for ch in word):
        return "latin"
    if any(ch.isdigit() for ch in word):
        return "hasdigit"
    return "arabic"


class Features:
    """Turns token lists into CRF feature lists, with a per-word-type cache.

    ``lexicon`` maps a normalised (possibly multi-word) name to its classes;
    ``triggers`` maps a normalised word to its trigger classes; ``clusters`` maps a
    normalised word to its cluster ids, coarse first; ``frequencies`` maps a
    normalised word to its Zipf frequency in general Arabic (see
    ``frequency_features``).
    """

    def __init__(
        self,
        lexicon: Mapping[str, Iterable[str]],
        triggers: Mapping[str, Iterable[str]],
        clusters: Mapping[str, Sequence[str]],
        frequencies: Mapping[str, float] | None = None,
        shapes: NameShapes | None = None,
    ) -> None:
        self._clusters = dict(clusters)
        self._shapes = shapes
        self._frequencies = frequencies or {}
        self._triggers = {k: tuple(sorted(v)) for k, v in triggers.items()}
        # Names keyed by their first word, then by their second ("" for one-word
        # names), so a position costs a dict lookup or two, however many names
        # start with محمد.
        self._names: dict[str, dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]] = {}
        # Words met inside longer names, and the classes of those names: a surname
        # listed only with its given name (كيني ميلر) still hints at ميلر alone.
        self._parts: dict[str, set[str]] = {}
        for form, classes in lexicon.items():
            words = tuple(form.split())
            if words and len(words) <= _MAX_SPAN:
                by_second = self._names.setdefault(words[0], {})
                by_second.setdefault(words[1] if len(words) > 1 else "", []).append(
                    (words, tuple(sorted(set(classes)))))
            if len(words) > 1:
                for part in words:
                    if len(part) > 2:
                        self._parts.setdefault(part, set()).update(classes)
        self._cache: dict[str, _Word] = {}
        self._known: frozenset[str] | None = None

    def restrict(self, known: Iterable[str]) -> None:
        """Emit only the features in ``known`` (those a trained model gives weight).

        Features the model never weighs cannot change its output, and each one
        costs a dictionary lookup inside the CRF library, so dropping them makes
        tagging faster with the same tags.
        """
        self._known = frozenset(known)
        self._cache.clear()

    # -- per word type -----------------------------------------------------------
    def _readings(self, norm: str) -> list[str]:
        """The normalised form and its proclitic-stripped readings, longest first."""
        return [stem for _, stem in strip_proclitics(norm)]

    def _stem(self, readings: list[str]) -> str:
        """The reading with the longest clitic stripped that the clusters know, else the word."""
        for stem in reversed(readings):
            if stem in self._clusters:
                return stem
        return readings[0]

    def _word(self, word: str) -> _Word:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        norm = normalize(word)
        readings: list[str] = self._readings(norm) if norm else [norm]
        stem = self._stem(readings)
        shape = _shape(norm)
        clusters = self._clusters.get(stem, ())
        triggers: set[str] = set()
        for reading in readings:
            triggers.update(self._triggers.get(reading, ()))
        own = [
            "bias",
            f"w={norm}",
            f"s={stem}",
            f"shape={shape}",
            f"len={min(len(norm), 8)}",
        ]
        if shape == "arabic":
            bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
            own += [
                f"p2={norm[:2]}",
                f"p3={norm[:3]}",
                f"x1={norm[-1:]}",
                f"x2={norm[-2:]}",
                f"x3={norm[-3:]}",
                f"sx2={stem[-2:]}",
                f"sx3={stem[-3:]}",
                f"core={bare}",
                f"art={stem.startswith('ال')}",
                f"clitic={len(stem) < len(norm)}",
            ]
            if self._frequencies:
                own += frequency_features(self._frequencies, readings)
            if self._shapes is not None:
                own += self._shapes.features(stem)
        for depth, cluster in enumerate(clusters):
            own.append(f"c{depth}={cluster}")
        if not clusters:
            own.append("c=none")
        own += [f"t={t}" for t in sorted(triggers)]
        own += [f"tk={c}" for c in sorted(self._parts.get(stem, ()))]
        near_base = [f"w={norm}", f"s={stem}"]
        if clusters:
            near_base.append(f"c={clusters[0]}")
        near_base += [f"t={t}" for t in sorted(triggers)]
        near = {off: [f"{off}{f}" for f in near_base] for off in WINDOW}
        if self._known is not None:
            known = self._known
            own = [f for f in own if f in known]
            near = {off: [f for f in feats if f in known] for off, feats in near.items()}
        # Many words share features (shape=arabic, zf=4, x1=ه): one string each, not one per word.
        own = [intern(f) for f in own]
        near = {off: [intern(f) for f in feats] for off, feats in near.items()}
        result = _Word(own, near, tuple(readings), norm, stem)
        if len(self._cache) >= _CACHE_WORDS:
            # Bounded: a long ingest meets millions of word types; start afresh.
            self._cache.clear()
        self._cache[word] = result
        return result

    def word(self, word: str) -> _Word:
        """What the features know about one word type (cached): ``own`` and ``near`` features."""
        return self._word(word)

    def readings(self, word: str) -> tuple[str, ...]:
        """The normalised word and its proclitic-stripped readings (cached)."""
        return self._word(word).readings

    # -- per sentence ------------------------------------------------------------
    def _lexicon_tags(self, readings: list[tuple[str, ...]], norms: list[str]) -> list[list[str]]:
        """``B-X``/``I-X`` marks of lexicon names over the sentence (clitic on the first word)."""
        marks: list[list[str]] = [[] for _ in norms]
        if not self._names:
            return marks
        n = len(norms)
        names = self._names
        for i in range(n):
            following = norms[i + 1] if i + 1 < n else None
            for first in readings[i]:
                by_second = names.get(first)
                if by_second is None:
                    continue
                found = by_second.get("", [])
                if following is not None and following in by_second:
                    found = found + by_second[following]
                for words, classes in found:
                    end = i + len(words)
                    if end > n or any(norms[i + k] != words[k] for k in range(2, len(words))):
                        continue
                    for cls in classes:
                        marks[i].append(f"B-{cls}")
                        for k in range(i + 1, end):
                            marks[k].append(f"I-{cls}")
        return marks

    def _quoted(self, words: list[_Word], norms: list[str]) -> list[list[str]]:
        """Marks for tokens inside a short quotation: where they sit, and the word before it.

        News quotes the names of programmes, films, cars, operations and sometimes
        of papers and channels («الشرق الأوسط»); the word before the quotation
        (برنامج، بعنوان، صحيفة) says which.
        """
        marks: list[list[str]] = [[] for _ in words]
        i, n = 0, len(words)
        while i < n:
            close = _QUOTES.get(norms[i])
            end = -1
            if close is not None:
                end = next((j for j in range(i + 1, min(n, i + _MAX_QUOTED + 2)) if norms[j] == close), -1)
            if end <= i + 1:
                i += 1
                continue
            head = words[i - 1].stem if i else "^"
            for k in range(i + 1, end):
                where = "one" if end == i + 2 else "first" if k == i + 1 else "last" if k == end - 1 else "in"
                marks[k] += [f"q={where}", f"qh={head}"]
            i = end + 1
        return marks

    def parts(self, tokens: Sequence[str]) -> tuple[list[_Word], list[list[str]]]:
        """Each token's word-type facts, and the features that depend on its sentence.

        A token's full feature list is its word's ``own`` features, the ``near``
        features its neighbours lend it at each offset in ``WINDOW``, and its
        entry in the second list (bigrams, lexicon and quotation marks, sentence
        bounds). ``sentence`` joins them; the tagger's decoder adds them up as
        weights, caching the word-type parts.
        """
        words = [self._word(t) for t in tokens]
        norms = [w.norm for w in words]
        lex = self._lexicon_tags([w.readings for w in words], norms)
        quoted = self._quoted(words, norms)
        n = len(tokens)
        known = self._known
        out: list[list[str]] = []
        for i, norm in enumerate(norms):
            extra = [f"b-={norms[i - 1] if i else '^'}|{norm}", f"b+={norm}|{norms[i + 1] if i + 1 < n else '$'}"]
            extra += [f"L={m}" for m in lex[i]]
            extra += quoted[i]
            if i:
                extra += [f"-1L={m}" for m in lex[i - 1]]
            if i + 1 < n:
                extra += [f"+1L={m}" for m in lex[i + 1]]
                if "B-NORP" in lex[i + 1]:
                    # A nationality after a name agrees with it: ليون الفرنسي is a club,
                    # ليون الفرنسية the city.
                    extra.append(f"+1N={_agreement(norms[i + 1])}")
            if known is not None:
                extra = [f for f in extra if f in known]
            extra += [f"{off}BOUND" for off in WINDOW if i + off in (-1, n)]
            out.append(extra)
        return words, out

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """One feature list per token of a sentence."""
        words, extras = self.parts(tokens)
        n = len(words)
        out: list[list[str]] = []
        for i, word in enumerate(words):
            feats = list(word.own)
            for off in WINDOW:
                if 0 <= i + off < n:
                    feats += words[i + off].near[off]
            feats += extras[i]
            out.append(feats)
        return out


def memory_features(
    features: Features,
    sentences: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    window: int = MEMORY_WINDOW,
) -> list[list[list[str]]]:
    """Second-stage features: the first stage's tags around each token, and how it
    tagged the same word elsewhere within ``window`` sentences.

    A name is often tagged right where a title or a full form introduces it and
    missed where it recurs alone ("قال البدري"); the memory carries the first
    reading to the others. Words are matched through their clitic readings, so
    "وطالباني" recalls "طالباني".
    """
    # reading -> sentence indexes (ascending) and, parallel, (token index, type)
    seen: dict[str, tuple[list[int], list[tuple[int, str]]]] = {}
    for si, (tokens, sent_tags) in enumerate(zip(sentences, tags, strict=True)):
        for ti, (token, tag) in enumerate(zip(tokens, sent_tags, strict=True)):
            if tag != "O":
                for reading in features.readings(token):
                    if len(reading) >= 3:
                        where, what = seen.setdefault(reading, ([], []))
                        where.append(si)
                        what.append((ti, tag[2:]))
    out: list[list[list[str]]] = []
    for si, (tokens, sent_tags) in enumerate(zip(sentences, tags, strict=True)):
        n = len(tokens)
        rows: list[list[str]] = []
        for ti, token in enumerate(tokens):
            row = [
                f"y={sent_tags[ti]}",
                f"y-1={sent_tags[ti - 1] if ti else '^'}",
                f"y+1={sent_tags[ti + 1] if ti + 1 < n else '$'}",
            ]
            kinds: set[str] = set()
            for reading in features.readings(token):
                found = seen.get(reading)
                if found is None:
                    continue
                where, what = found
                for k in range(bisect_left(where, si - window), bisect_right(where, si + window)):
                    if where[k] != si or what[k][0] != ti:
                        kinds.add(what[k][1])
            row += [f"m={kind}" for kind in sorted(kinds)]
            if len(kinds) == 1:
                row.append(f"m1={sent_tags[ti][:1]}{next(iter(kinds))}")
            rows.append(row)
        out.append(rows)
    return out


def load_features() -> Features:
    """The feature extractor with the data files shipped beside this module."""
    lexicon: dict[str, set[str]] = {}
    for cells in read_tsv("ner_lexicon.tsv"):
        if len(cells) >= 2:
            lexicon.setdefault(cells[0], set()).add(cells[1])
    for cells in read_tsv("ner_names.tsv"):  # people and bodies in the news, written for hadath
        if len(cells) >= 2:
            lexicon.setdefault(normalize(cells[0]), set()).add(cells[1])
    triggers: dict[str, set[str]] = {}
    for cells in read_tsv("ner_triggers.tsv"):
        if len(cells) >= 2:
            triggers.setdefault(normalize(cells[0]), set()).add(cells[1])
    for cells in read_tsv("ner_given_names.tsv"):
        triggers.setdefault(normalize(cells[0]), set()).add("given")
    clusters = {cells[0]: tuple(cells[1:]) for cells in read_tsv("ner_clusters.tsv") if len(cells) >= 2}
    return Features(lexicon, triggers, clusters, read_frequencies(), read_shapes())


def read_frequencies(name: str = "ner_frequencies.tsv.gz") -> dict[str, float]:
    """Word -> Zipf frequency from the gzipped table beside this module (empty if absent)."""
    shared: dict[str, float] = {}  # one float object per distinct value, not per word
    table: dict[str, float] = {}
    for cells in _rows(name):
        if len(cells) == 2:
            table[cells[0]] = shared.setdefault(cells[1], float(cells[1]))
    return table
