"""The shipped Arabic named-entity tagger: a CRF over hadath's token features.

``load_ner()`` opens ``ner.crfsuite`` (and the second stage,
``ner_memory.crfsuite``) beside this module once per process;
``NerTagger.tag`` gives IOB2 tags with ANERcorp's types (PERS, LOC, ORG, MISC) and
``NerTagger.spans`` the same as token spans. The model is trained by
``scripts/train_ner.py`` on ANERcorp (CC BY-SA 4.0, see ``NOTICE-ner.md``).

>>> tagger = load_ner()  # doctest: +SKIP
>>> tagger.spans("التقى الرئيس الفرنسي إيمانويل ماكرون في باريس".split())  # doctest: +SKIP
[(3, 5, 'PERS'), (6, 7, 'LOC')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from hadath.errors import HadathError
from hadath.models.conll import chunks, read_conll, to_iob2
from hadath.models.crf import CrfDecoder
from hadath.models.features import Features, load_features, memory_features

__all__ = ["NerTagger", "load_ner", "tag_conll"]

MODEL_FILE = "ner.crfsuite"
MEMORY_MODEL_FILE = "ner_memory.crfsuite"


class NerTagger:
    """Tags token lists with two CRFs and the features they were trained with.

    Both CRFs label in BIOES (``S-`` for a one-word name, ``E-`` for a name's
    last word); the tags they return are IOB2. The first CRF tags each sentence
    from its own words; the second (optional) sees the same features plus the
    first CRF's tags and a memory of how the same words were tagged in nearby
    sentences, so a name introduced with its title is still found where it recurs
    alone. ``tag_sentences`` runs both stages over a whole document; ``tag`` and
    ``spans`` run the first stage over one sentence.
    """

    def __init__(self, model_path: str | Path, features: Features,
                 memory_model_path: str | Path | None = None) -> None:
        self._tagger = CrfDecoder(_open(model_path))
        self._memory = CrfDecoder(_open(memory_model_path)) if memory_model_path else None
        # Only features with a weight in either model are worth building.
        known = set(self._tagger.attributes)
        if self._memory is not None:
            known |= self._memory.attributes
        features.restrict(known)
        self._features = features
        self.path = Path(model_path)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags (``B-PERS``, ``I-ORG``, ``O`` …) for one sentence's tokens.

        First stage only: one sentence gives the memory nothing to remember, and
        this is the fast path. Use ``tag_sentences`` for a whole document.
        """
        if not tokens:
            return []
        return to_iob2(self._tagger.tag(self._features, tokens))

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for the sentences of one document, in order."""
        features = self._features
        extras = [features.parts(s)[1] for s in sentences]  # shared by both stages
        first = [self._tagger.tag(features, s, extras=e) for s, e in zip(sentences, extras, strict=True)]
        if self._memory is None:
            return [to_iob2(tags) for tags in first]
        memory = memory_features(features, sentences, first)
        return [to_iob2(self._memory.tag(features, s, remembered, e))
                for s, remembered, e in zip(sentences, memory, extras, strict=True)]

    def spans(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """Entities as ``(start, end, type)`` token spans, ``end`` exclusive (first stage)."""
        return chunks(self.tag(tokens))

    def document_spans(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """``spans`` for each sentence of a document, with both stages."""
        return [chunks(tags) for tags in self.tag_sentences(sentences)]


def _open(path: str | Path) -> pycrfsuite.Tagger:
    """crfsuite's reader of a model file (the decoder copies its weights out)."""
    path = Path(path)
    if not path.is_file():
        raise HadathError(f"NER model not found: {path} (train it with scripts/train_ner.py)")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


@lru_cache(maxsize=1)
def load_ner() -> NerTagger:
    """The shipped tagger, opened once per process."""
    folder = resources.files("hadath.models")
    memory = folder / MEMORY_MODEL_FILE
    return NerTagger(
        Path(str(folder / MODEL_FILE)),
        load_features(),
        Path(str(memory)) if memory.is_file() else None,
    )


def tag_conll(path: str | Path) -> Iterator[str]:
    """``token gold predicted`` lines for a CoNLL file, a blank line after each sentence.

    This is what ``hadath tag --conll FILE`` prints; any conlleval-style scorer
    reads it (``hadath.models.conll.score`` does the same sums). The file is read
    as one document, so the second stage remembers names across sentences.
    """
    sentences = list(read_conll(path))
    predicted = load_ner().tag_sentences([tokens for tokens, _ in sentences])
    for (tokens, gold), tags in zip(sentences, predicted, strict=True):
        for token, g, p in zip(tokens, gold, tags, strict=True):
            yield f"{token} {g} {p}"
        yield ""
