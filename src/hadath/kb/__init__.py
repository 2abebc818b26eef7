"""hadath's knowledge base: countries, people and offices, organisations, titles, places.

The data lives in ``kb/data/*.tsv`` (reviewable in a diff); ``load_kb`` reads it and a
user's folder merged over it; ``check_kb`` validates it (``hadath kb check``).
"""

from hadath.kb.loader import default_kb, load_kb
from hadath.kb.model import KnowledgeBase

__all__ = ["KnowledgeBase", "default_kb", "load_kb"]
