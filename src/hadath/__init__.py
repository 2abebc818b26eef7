"""hadath: Arabic news in, event data out.

>>> import hadath
>>> doc = hadath.analyze("استقبل الرئيس المصري عبد الفتاح السيسي وزير الخارجية الروسي.")
>>> doc.to_dict()["schema"]
'hadath/1'
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from hadath.doc import SCHEMA, Actor, Doc, Event, Mention, Sentence
from hadath.errors import HadathError
from hadath.pipeline import Pipeline

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Actor",
    "Doc",
    "Event",
    "HadathError",
    "Mention",
    "Pipeline",
    "Sentence",
    "__version__",
    "analyze",
]


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline.default()


def analyze(
    source: str | bytes,
    *,
    published: datetime | str | None = None,
    fetched: datetime | str | None = None,
    url: str | None = None,
) -> Doc:
    """Analyse one article (page text, HTML, or bytes in any common encoding).

    ``published`` fixes the publication time; otherwise it is read from the page (HTML
    meta, a "منذ 3 ساعات" line resolved against ``fetched``). Returns the finished Doc;
    ``doc.to_dict()`` is the ``hadath/1`` JSON document.
    """
    return _default_pipeline().analyze(source, published=published, fetched=fetched, url=url)
