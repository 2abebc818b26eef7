"""entities: find the spans that name or describe actors.

Two matchers, merged per sentence:

1. the knowledge-base gazetteer (``kb.gazetteer``): countries and their variants,
   nationality adjectives (NORP), capitals, people, organisations, composable
   organisation heads ("وزارة الخارجية"), titles ("وزير الخارجية"), places and news
   agencies, longest match first; proper names inside a title stay entities too
   ("المتحدث باسم وزارة الخارجية" holds the ORG "وزارة الخارجية");
2. title + name patterns: a title, optionally followed by nationality adjectives, then
   one to four name-like words the KB does not know ("وزير الخارجية الأردني أيمن
   الصفدي") gives a PER span whose agent and country ``link`` takes from the title;
3. the statistical tagger (``models.ner``), merged by ``merge_model_spans``: the
   gazetteer wins where the two overlap, since its spans carry an actor; a model PERS
   span that extends a known name ("محمد بن سلمان بن عبدالعزيز آل سعود") widens it; a
   model span nobody else found becomes a PER, ORG or GPE of its own (MISC is dropped;
   so are spans of function words, digits, adverbial accusatives and lower-case Latin).

Linking the spans to actors is the next stage's work (``stages.link``).
"""

from __future__ import annotations

from functools import lru_cache

from hadath.arabic.clitics import strip_proclitics
from hadath.arabic.normalize import normalize, normalize_with_map
from hadath.doc import Doc, Mention, Sentence, Token
from hadath.kb.gazetteer import Gazetteer, Match, select_longest
from hadath.kb.model import Entry, KnowledgeBase
from hadath.models.ner import NerTagger, load_ner
from hadath.resources import load_table

# When one span names several things, the reading that wins. A person's name beats
# a place spelled the same; a country noun beats its adjective unless grammar says
# adjective (see _prefer_adjective).
_PRIORITY = {"person": 0, "org": 1, "country": 2, "capital": 3, "place": 4, "head": 5,
             "title": 6, "nisba": 7}
_TYPE_OF_KIND = {"person": "PER", "head": "ORG", "title": "TITLE", "nisba": "NORP"}
# Tokens that join the words of one name ("عبد الله", "محمد بن سلمان", "آل ثاني").
_NAME_JOINERS = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "عبد", "أبو", "آل", "أبي", "ابو"))
_MAX_NAME_WORDS = 4


def _entry_type(entry: Entry) -> str:
    return _TYPE_OF_KIND.get(entry.kind, entry.type)


class EntityRecognizer:
    """The ``entities`` stage: gazetteer spans, title + name patterns, the NER model.

    ``ner`` is the statistical tagger (``hadath.models.ner``); the shipped one is
    loaded when none is given, and ``ner=False`` runs without a model.
    """

    def __init__(self, kb: KnowledgeBase, ner: NerTagger | None | bool = None,
                 whole_document: bool = False) -> None:
        self.kb = kb
        self.gazetteer = Gazetteer(kb.surface_forms())
        self.stopwords = frozenset(normalize(r["form"]) for r in load_table("name_stopwords.tsv"))
        self.ner: NerTagger | None = load_ner() if ner is None or ner is True else (ner or None)
        # The tagger's second stage reads the whole article (how a word was tagged
        # elsewhere in it): more recall, about half the speed.
        self.whole_document = whole_document

    def __call__(self, doc: Doc) -> Doc:
        model_spans: list[list[tuple[int, int, str]]] | None = None
        if self.ner is not None:
            words = [[t.text for t in s.tokens] for s in doc.sentences]
            if self.whole_document:
                model_spans = self.ner.document_spans(words)
            else:
                model_spans = [self.ner.spans(w) for w in words]
        mentions: list[Mention] = []
        for i, sentence in enumerate(doc.sentences):
            mentions.extend(self._sentence_mentions(doc, sentence, model_spans[i] if model_spans else None))
        doc.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        return doc

    # -- gazetteer -------------------------------------------------------------
    def _sentence_mentions(self, doc: Doc, sentence: Sentence,
                           model_spans: list[tuple[int, int, str]] | None) -> list[Mention]:
        tokens = sentence.tokens
        matches = self.gazetteer.match([t.norm for t in tokens])
        chosen = select_longest(matches)
        # Proper names nested inside a chosen title stay entities of their own.
        for outer in [m for m in chosen if self._best(m).kind == "title" and m.last > m.first]:
            inner = [m for m in matches if outer.first <= m.first and m.last <= outer.last
                     and (m.first, m.last) != (outer.first, outer.last)
                     and self._best(m).kind not in ("title", "nisba")]
            chosen.extend(select_longest(inner))
        mentions = [self._to_mention(doc, sentence, tokens, m) for m in chosen]
        mentions.extend(self._title_names(doc, sentence, tokens, chosen))
        if model_spans:
            mentions = merge_model_spans(doc, sentence, mentions, model_spans, self.stopwords)
        return mentions

    def _best(self, match: Match) -> Entry:
        return min(match.entries, key=lambda e: _PRIORITY.get(e.kind, 9))

    def _to_mention(self, doc: Doc, sentence: Sentence, tokens: list[Token], m: Match) -> Mention:
        first, last = tokens[m.first], tokens[m.last]
        start = first.start
        if m.prefix and not (m.form.startswith("ال") and m.prefix.endswith("ل")):
            # Skip the clitic in the original spelling (it may carry tashkeel).
            _, offsets = normalize_with_map(first.text)
            start = first.start + offsets[len(m.prefix)]
        entries = tuple(sorted(m.entries, key=lambda e: _PRIORITY.get(e.kind, 9)))
        best = entries[0]
        kinds = {e.kind for e in entries}
        if "country" in kinds and "nisba" in kinds and _prefer_adjective(tokens, m):
            best = next(e for e in entries if e.kind == "nisba")
            entries = (best,) + tuple(e for e in entries if e is not best)
        return Mention(
            text=doc.body[start : last.end],
            start=start,
            end=last.end,
            type=_entry_type(best),
            origin="gazetteer",
            sentence=sentence.index,
            candidates=entries,
        )

    # -- title + unknown name ---------------------------------------------------
    def _title_names(self, doc: Doc, sentence: Sentence, tokens: list[Token],
                     chosen: list[Match]) -> list[Mention]:
        by_first = {m.first: m for m in chosen}
        taken = {i for m in chosen for i in range(m.first, m.last + 1)}
        out = []
        for m in chosen:
            best = self._best(m)
            if best.kind != "title" or self.kb.titles[best.key].kind not in ("office", "rank"):
                continue
            i = m.last + 1
            # Nationality adjectives and organisation names may sit between title and name.
            while i in by_first and self._best(by_first[i]).kind in ("nisba", "head", "org", "country"):
                i = by_first[i].last + 1
            words: list[Token] = []
            while i < len(tokens) and i not in taken and len(words) < _MAX_NAME_WORDS:
                tok = tokens[i]
                if not tok.is_word or tok.norm in self.stopwords or tok.norm.isdigit():
                    break
                if not words and not _can_start_name(tok):
                    break
                words.append(tok)
                i += 1
            while words and words[-1].norm in _NAME_JOINERS:
                words.pop()
            if not words or (len(words) == 1 and len(words[0].norm) < 3):
                continue
            if words[0].norm[0] in "وف" and (len(words) < 2 or words[1].norm.startswith("ال")):
                # "ووفده", "فقط": a conjunction, unless a second name word follows ("فؤاد حسين").
                continue
            out.append(Mention(
                text=doc.body[words[0].start : words[-1].end],
                start=words[0].start,
                end=words[-1].end,
                type="PER",
                origin="title",
                sentence=sentence.index,
            ))
        return out


def _prefer_adjective(tokens: list[Token], m: Match) -> bool:
    """True when a word that can be a country noun or its adjective reads as the adjective.

    "الوساطة السعودية": after a definite noun it agrees as an adjective; "زار السعودية"
    or "في السعودية": after a verb or a preposition it is the country.
    """
    if m.first == 0 or m.prefix:
        return False
    before = tokens[m.first - 1]
    return before.is_word and before.norm.startswith("ال") and len(before.norm) > 3


def _can_start_name(tok: Token) -> bool:
    """Whether a word may be the first word of a personal name.

    Not a definite noun ("الاجتماع"), not a noun with a possessive pronoun ("دعمه",
    "زيارتها").
    """
    if tok.norm.startswith(("ال", "لل")):
        return False
    return not (len(tok.text) >= 4 and tok.text.endswith(("ه", "ها", "هم", "هما")))


_MODEL_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "GPE"}
_TANWEEN_FATH = "\u064b"


def _plausible_model_span(tokens: list[Token], first: int, end: int, stopwords: frozenset[str]) -> bool:
    """Reject model spans that hold a function word, a bare digit or an adverbial
    accusative ("بحرياً", "ميلاً"), or that are Latin words all in lower case
    (markup or code pasted with the text: "svg onload"): names are none of these."""
    span = tokens[first:end]
    for tok in span:
        if not tok.is_word or tok.norm in stopwords or tok.norm.isdigit():
            return False
        if tok.text.endswith(_TANWEEN_FATH) or tok.text.endswith(_TANWEEN_FATH + "ا"):
            return False
    return not all(tok.text.isascii() and tok.text.islower() for tok in span)


@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    return frozenset(normalize(r["form"]) for r in load_table("place_heads.tsv"))


def _model_type(label: str, tokens: list[Token], first: int) -> str | None:
    entity_type = _MODEL_TYPES.get(label)
    if entity_type == "GPE":
        heads = _place_heads()
        if any(stem in heads for _, stem in strip_proclitics(tokens[first].norm)):
            return "LOC"
    return entity_type


def merge_model_spans(doc: Doc, sentence: Sentence, mentions: list[Mention],
                      spans: list[tuple[int, int, str]],
                      stopwords: frozenset[str] = frozenset()) -> list[Mention]:
    """Merge the tagger's token spans into the gazetteer and pattern mentions."""
    tokens = sentence.tokens
    for first, end, label in spans:
        entity_type = _model_type(label, tokens, first)
        if entity_type is None:
            continue
        start, stop = tokens[first].start, tokens[end - 1].end
        overlapping = [m for m in mentions if m.start < stop and start < m.end]
        if not overlapping:
            if _plausible_model_span(tokens, first, end, stopwords):
                mentions.append(Mention(doc.body[start:stop], start, stop, entity_type, origin="model",
                                        sentence=sentence.index))
            continue
        if entity_type == "PER" and len(overlapping) == 1:
            m = overlapping[0]
            # The model sees the whole name the KB knows part of; widen to it, never
            # past a title or another entity.
            if m.type == "PER" and start <= m.start and m.end <= stop and (start, stop) != (m.start, m.end):
                m.start, m.end = min(m.start, start), max(m.end, stop)
                m.text = doc.body[m.start : m.end]
    return mentions
