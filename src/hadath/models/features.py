"""Token features for the CRF named-entity tagger.

Each token becomes a list of string features: its normalised form, its
clitic-stripped form, affixes, shape, distributional cluster, lexicon and
trigger-word membership, and the same facts about its neighbours. Everything that
depends on the word alone is computed once per word type and cached, so tagging
cost is dominated by list concatenation, not string work.

The lexicon (``ner_lexicon.tsv``: KB names and a world-cities list, snapshot at
training time; ``ner_names.tsv``: people, bodies and places in the news), the
triggers (``ner_triggers.tsv``: titles, head nouns, verbs of saying), the given
names (``ner_given_names.tsv``), the clusters (``ner_clusters.tsv``) and general
word frequencies (``ner_frequencies.tsv.gz``) are data files beside this module,
so the features at tagging time are exactly those the model was trained with.

>>> fx = Features(lexicon={"باريس": {"LOC"}}, triggers={}, clusters={})
>>> "L=B-LOC" in fx.sentence(["في", "وباريس"])[1]
True
"""

from __future__ import annotations

import gzip
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import NamedTuple

from hadath.arabic.clitics import strip_proclitics
from hadath.arabic.normalize import normalize

# Word types whose features are kept between sentences (a few KB each).
_CACHE_WORDS = 50_000
__all__ = [
    "MEMORY_WINDOW", "Features", "frequency_features", "load_features", "memory_features",
    "read_frequencies", "read_tsv",
]

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~،؛؟«»…–—")
# Neighbour offsets whose word facts are copied into a token's features.
_WINDOW = (-2, -1, 1, 2)
# Longest lexicon name, in tokens, looked for at each position.
_MAX_SPAN = 6
# How many sentences before and after a token the second stage looks for the same word.
MEMORY_WINDOW = 12


def read_tsv(name: str) -> list[list[str]]:
    """Rows (cells) of a TSV beside this module, comments and header skipped."""
    entry = resources.files("hadath.models") / name
    if not entry.is_file():
        return []
    lines = [ln for ln in entry.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]


class _Word(NamedTuple):
    """What the features need to know about one word type, computed once."""

    own: list[str]  # the word's own features
    near: dict[int, list[str]]  # the features it lends a neighbour at each offset
    readings: tuple[str, ...]  # normalised form and its clitic-stripped readings
    norm: str


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
    ) -> None:
        self._clusters = dict(clusters)
        self._frequencies = frequencies or {}
        self._triggers = {k: tuple(sorted(v)) for k, v in triggers.items()}
        # Names keyed by their first word, so most positions cost one dict lookup.
        self._names: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for form, classes in lexicon.items():
            words = tuple(form.split())
            if words and len(words) <= _MAX_SPAN:
                self._names.setdefault(words[0], []).append((words, tuple(sorted(set(classes)))))
        for entries in self._names.values():
            entries.sort(key=lambda e: -len(e[0]))
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
        for depth, cluster in enumerate(clusters):
            own.append(f"c{depth}={cluster}")
        if not clusters:
            own.append("c=none")
        own += [f"t={t}" for t in sorted(triggers)]
        near_base = [f"w={norm}", f"s={stem}"]
        if clusters:
            near_base.append(f"c={clusters[0]}")
        near_base += [f"t={t}" for t in sorted(triggers)]
        near = {off: [f"{off}{f}" for f in near_base] for off in _WINDOW}
        if self._known is not None:
            known = self._known
            own = [f for f in own if f in known]
            near = {off: [f for f in feats if f in known] for off, feats in near.items()}
        result = _Word(own, near, tuple(readings), norm)
        if len(self._cache) >= _CACHE_WORDS:
            # Bounded: a long ingest meets millions of word types; start afresh.
            self._cache.clear()
        self._cache[word] = result
        return result

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
        for i in range(n):
            for first in readings[i]:
                for words, classes in self._names.get(first, ()):
                    end = i + len(words)
                    if end > n or any(norms[i + k] != words[k] for k in range(1, len(words))):
                        continue
                    for cls in classes:
                        marks[i].append(f"B-{cls}")
                        for k in range(i + 1, end):
                            marks[k].append(f"I-{cls}")
        return marks

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """One feature list per token of a sentence."""
        words = [self._word(t) for t in tokens]
        norms = [w.norm for w in words]
        lex = self._lexicon_tags([w.readings for w in words], norms)
        n = len(tokens)
        known = self._known
        out: list[list[str]] = []
        for i, word in enumerate(words):
            norm = word.norm
            feats = list(word.own)
            for off in _WINDOW:
                j = i + off
                if 0 <= j < n:
                    feats += words[j].near[off]
                elif j == -1 or j == n:
                    feats.append(f"{off}BOUND")
            extra = [f"b-={norms[i - 1] if i else '^'}|{norm}", f"b+={norm}|{norms[i + 1] if i + 1 < n else '$'}"]
            extra += [f"L={m}" for m in lex[i]]
            if i:
                extra += [f"-1L={m}" for m in lex[i - 1]]
            if i + 1 < n:
                extra += [f"+1L={m}" for m in lex[i + 1]]
            if known is not None:
                extra = [f for f in extra if f in known]
            feats += extra
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
    return Features(lexicon, triggers, clusters, read_frequencies())


def read_frequencies(name: str = "ner_frequencies.tsv.gz") -> dict[str, float]:
    """Word -> Zipf frequency from the gzipped table beside this module (empty if absent)."""
    entry = resources.files("hadath.models") / name
    if not entry.is_file():
        return {}
    shared: dict[str, float] = {}  # one float object per distinct value, not per word
    table: dict[str, float] = {}
    lines = gzip.decompress(entry.read_bytes()).decode("utf-8").splitlines()
    for line in lines:
        if line.startswith("#") or "\t" not in line:
            continue
        word, _, value = line.partition("\t")
        if value == "zipf":
            continue
        table[word] = shared.setdefault(value, float(value))
    return table
