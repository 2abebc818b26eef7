"""The shipped Arabic named-entity tagger: a CRF over hadath's token features.

``load_ner()`` opens ``ner.crfsuite`` beside this module once per process;
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
from hadath.models.conll import chunks, read_conll
from hadath.models.features import Features, load_features

__all__ = ["NerTagger", "load_ner", "tag_conll"]

MODEL_FILE = "ner.crfsuite"


class NerTagger:
    """Tags token lists with a CRF model and the features it was trained with."""

    def __init__(self, model_path: str | Path, features: Features) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise HadathError(f"NER model not found: {path} (train it with scripts/train_ner.py)")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        # Only features with a weight in the model are worth building and passing on.
        features.restrict({attr for attr, _label in self._tagger.info().state_features})
        self._features = features
        self.path = path

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags (``B-PERS``, ``I-ORG``, ``O`` …) for one sentence's tokens."""
        if not tokens:
            return []
        return list(self._tagger.tag(self._features.sentence(tokens)))

    def spans(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """Entities as ``(start, end, type)`` token spans, ``end`` exclusive.

        >>> # "في باريس" -> [(1, 2, 'LOC')] with a model that knows Paris
        """
        return chunks(self.tag(tokens))


@lru_cache(maxsize=1)
def load_ner() -> NerTagger:
    """The shipped tagger, opened once per process."""
    model = resources.files("hadath.models") / MODEL_FILE
    return NerTagger(Path(str(model)), load_features())


def tag_conll(path: str | Path) -> Iterator[str]:
    """``token gold predicted`` lines for a CoNLL file, a blank line after each sentence.

    This is what ``hadath tag --conll FILE`` prints; any conlleval-style scorer
    reads it (``hadath.models.conll.score`` does the same sums).
    """
    tagger = load_ner()
    for tokens, gold in read_conll(path):
        for token, g, p in zip(tokens, gold, tagger.tag(tokens), strict=True):
            yield f"{token} {g} {p}"
        yield ""
