"""The event lexicon: the CAMEO code table and the Arabic trigger list, loaded and checked.

Two TSV files in ``kb/data`` (see ``docs/events.md``):

* ``cameo.tsv`` — every CAMEO event code with its English label, Goldstein weight,
  quad class and PLOVER category and mode (built by ``scripts/build_cameo.py``);
* ``event_cues.tsv`` — the function words read around a trigger (negation, future,
  conditionals, background phrases, complementizers, time adverbs);
* ``triggers.tsv`` — Arabic trigger forms as written ("استقبل", "أجرى * اتصالا
  هاتفيا"), each with a CAMEO code, a kind (verb_past, verb_present, verb_passive,
  noun, mwe, speech), the prepositions that introduce the target and frame flags.

A form is matched on normalised tokens. One row stands for its regular inflections:
a past verb also matches its feminine, dual and plural endings and object pronouns
("استقبلت"، "استقبلوا"، "استقبله"), a present verb its تـ form ("تستقبل"), a noun its
accusative, plural and possessive forms ("اتصالا"، "زيارته"). ``*`` in a form is a gap
of up to :data:`MAX_GAP` tokens ("أعرب * عن تقدير"). A user folder may add rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hadath.arabic.normalize import normalize
from hadath.errors import KBError

KINDS = ("verb_past", "verb_present", "verb_passive", "noun", "mwe", "speech")
FLAGS = frozenset({
    "caller_from",     # the من-phrase is the source, the subject the target (تلقى اتصالا من)
    "passive",         # no source in the sentence (تم اعتقال، اعتُقل)
    "no_object",       # the target comes only after one of target_preps, never as a bare object
    "context_target",  # no target in the clause: the document's latest foreign actor
    "location_target", # no target: the country of the place the event happened in
    "home_target",     # no target: the place's country, else the source's own (arrests)
    "symmetric",       # meet, call, agree, cooperate, ceasefire: "X و Y" / "بين X و Y"
    "requires_target", # emit only when a target was found
    "home_source",     # no named source: the country of the place (unnamed protesters, police)
    "reciprocal",      # "تبادلا الاتهامات": one event each way
    "participle",      # "…، مطالبا ب…": takes the main verb's subject, never a genitive
    "governs",         # a speech verb whose object noun is coded with its subject (أعلن اعتقال)
    "patient_genitive",# the noun's genitive is who it happens to (اعتقال X), not who does it
    "envoy",           # summoning an envoy (114); one's own envoy is a recall (161)
    "agent_from",      # the actor after من is the source (بتمويل من X، بوساطة من X)
    "mediation",       # the source mediates the sentence's two-party event: one event to each party
    "manner",          # "بالتعاون مع Y": takes the subject of the coded act it goes with
    "guest_target",    # the target is the last source, whom a pronoun names (وكان في استقباله X)
})
CUES = ("continuation", "auxiliary", "pronoun", "pair", "delegation", "honorific", "home", "negation", "deny",
        "future", "modal", "intent", "conditional", "background", "complementizer", "relative", "adverb", "stop",
        "agent", "statement", "pluperfect", "support", "attack", "place_head")
GAP = "*"
MAX_GAP = 12
PREPOSITIONS = frozenset(normalize(p) for p in ("مع", "إلى", "على", "ضد", "ل", "ب", "من", "عن", "في", "لدى", "بين", "نحو", "تجاه", "أمام", "بحق"))

_PAST_ENDINGS = ("", "ت", "ا", "تا", "وا", "ه", "ها", "هم", "هما", "ته", "تها", "تهم", "وه")
_PRESENT_ENDINGS = ("", "ان", "ون", "ه", "ها", "هم", "هما")
_NOUN_ENDINGS = ("", "ا", "ات", "ان", "ين", "ي")
_POSSESSIVES = ("ه", "ها", "هم", "هما", "ي", "نا")
_VERB_KINDS = ("verb_past", "verb_present", "verb_passive", "speech")


@dataclass(frozen=True)
class CameoCode:
    """One row of ``cameo.tsv``."""

    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Trigger:
    """One row of ``triggers.tsv``: ``words`` is the normalised form split on spaces."""

    form: str
    cameo: str
    kind: str
    target_preps: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    note: str = ""
    source: str = ""  # file:line, for messages

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(normalize(self.form).split())

    @property
    def is_verb(self) -> bool:
        return self.kind != "noun"  # an mwe starts with its verb ("أجرى * اتصالا")

    @property
    def coded(self) -> bool:
        """Speech verbs carry no code: they only tell whose words follow."""
        return bool(self.cameo)


def inflect(word: str, kind: str) -> tuple[str, ...]:
    """Regular inflections of a normalised word of a trigger of ``kind``.

    >>> "استقبلت" in inflect("استقبل", "verb_past")
    True
    >>> "زيارته" in inflect("زياره", "noun")
    True
    """
    out: list[str] = []
    if kind in _VERB_KINDS and (kind == "verb_present" or word.startswith("ي")):
        for stem in (word, "ت" + word[1:]) if word.startswith("ي") else (word,):
            out += [stem + e for e in _PRESENT_ENDINGS]
            if stem.endswith(("ي", "و")):  # يلتقي: يلتقون، لم يلتقِ؛ يدعو: يدعون
                out += [stem[:-1] + "ون", stem[:-1]]
    elif kind in _VERB_KINDS:
        if word.endswith("ي"):  # التقى، تلقى: التقت، التقيا، التقوا
            stem = word[:-1]
            out += [word, stem + "ت", word + "ا", stem + "تا", stem + "وا", word + "ه", stem + "اه"]
        elif word.endswith("ا") and len(word) == 3:  # دعا: دعت، دعوا
            stem = word[:-1]
            out += [word, stem + "ت", stem + "وا", stem + "تا", word + "ه", word + "هم"]
        else:
            out += [word + e for e in _PAST_ENDINGS]
    else:
        out += [word + e for e in _NOUN_ENDINGS]
        if word.endswith("ه"):
            out += [word[:-1] + "ت" + p for p in _POSSESSIVES]
            # A form written with "his" (استعداده) also matches "her" and "their" (استعدادها).
            out += [word[:-1] + p for p in ("ها", "هم", "هما")]
            out += [word[:-1] + "ات", word[:-1] + "تان", word[:-1] + "تين"]
        else:
            out += [word + p for p in _POSSESSIVES]
            if word.endswith("ء"):  # لقاء: لقائه (the hamza sits on a ya before a suffix)
                out += [word[:-1] + "ي" + p for p in _POSSESSIVES]
    return tuple(dict.fromkeys(out))


@dataclass
class Lexicon:
    """The CAMEO table and the triggers, indexed by the inflected first word of each form."""

    cameo: dict[str, CameoCode] = field(default_factory=dict)
    triggers: list[Trigger] = field(default_factory=list)
    cues: dict[str, set[str]] = field(default_factory=dict)  # cue -> normalised forms
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[str, list[Trigger]] | None = None

    def code(self, code: str) -> CameoCode:
        """The table row of ``code``, falling back to its parent code ("0871" -> "087")."""
        probe = code
        while probe and probe not in self.cameo:
            probe = probe[:-1]
        if not probe:
            raise KBError(f"unknown CAMEO code {code!r}")
        return self.cameo[probe]

    def by_first_word(self) -> dict[str, list[Trigger]]:
        """Inflected first word -> triggers starting with it (longest forms first)."""
        if self._index is None:
            index: dict[str, list[Trigger]] = defaultdict(list)
            for trig in self.triggers:
                first_kind = _word_kind(trig, 0)
                for form in inflect(trig.words[0], first_kind):
                    index[form].append(trig)
            for triggers in index.values():
                triggers.sort(key=lambda t: -len(t.words))
            self._index = dict(index)
        return self._index


def _word_kind(trig: Trigger, position: int) -> str:
    """How the word at ``position`` of a form inflects: later words of a form as nouns."""
    if position == 0 and trig.kind != "mwe":
        return trig.kind
    if position == 0 and trig.kind == "mwe":
        return "verb_present" if trig.words[0].startswith("ي") else "verb_past"
    return "noun"


def word_forms(trig: Trigger, position: int) -> tuple[str, ...]:
    """Every token form the word at ``position`` of ``trig`` matches."""
    return inflect(trig.words[position], _word_kind(trig, position))


def _parse_cameo(text: str, where: str) -> dict[str, CameoCode]:
    rows = _rows(text, where, ("code", "label", "goldstein", "quad_class", "plover", "plover_mode"))
    out: dict[str, CameoCode] = {}
    for line, cells in rows:
        try:
            row = CameoCode(cells["code"], cells["label"], float(cells["goldstein"]),
                            int(cells["quad_class"]), cells["plover"], cells["plover_mode"])
        except ValueError as exc:
            raise KBError(f"line {line}: {exc}", source=where) from exc
        out[row.code] = row
    return out


def _parse_triggers(text: str, where: str) -> list[Trigger]:
    rows = _rows(text, where, ("form", "cameo", "kind", "target_preps", "flags", "note"))
    out = []
    for line, cells in rows:
        preps = tuple(normalize(p.strip()) for p in cells["target_preps"].split("|") if p.strip())
        flags = frozenset(f.strip() for f in cells["flags"].split("|") if f.strip())
        out.append(Trigger(cells["form"], cells["cameo"], cells["kind"], preps, flags,
                           cells["note"], f"{where}:{line}"))
    return out


def _rows(text: str, where: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    lines = [(i, ln) for i, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    if not lines:
        return []
    header = lines[0][1].split("\t")
    missing = [c for c in columns if c not in header]
    if missing:
        raise KBError(f"header lacks columns {missing}", source=where)
    out = []
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > len(header):
            raise KBError(f"line {number}: {len(cells)} cells, header has {len(header)}", source=where)
        out.append((number, {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(header)}))
    return out


def _parse_cues(text: str, where: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for _line, cells in _rows(text, where, ("form", "cue")):
        out[cells["cue"]].add(normalize(cells["form"]))
    return dict(out)


def load_lexicon(user_dir: str | Path | None = None) -> Lexicon:
    """Load the shipped CAMEO table, triggers and cue words, then add ``user_dir``'s rows."""
    data = resources.files("hadath.kb") / "data"
    lex = Lexicon()
    cues = data / "event_cues.tsv"
    if cues.is_file():
        lex.cues = _parse_cues(cues.read_text("utf-8"), "hadath/kb/data/event_cues.tsv")
        lex.sources.append("hadath/kb/data/event_cues.tsv")
    for name, parse in (("cameo.tsv", _parse_cameo), ("triggers.tsv", _parse_triggers)):
        entry = data / name
        if entry.is_file():
            _merge(lex, name, parse(entry.read_text("utf-8"), f"hadath/kb/data/{name}"))
            lex.sources.append(f"hadath/kb/data/{name}")
    if user_dir is not None:
        for name, parse in (("cameo.tsv", _parse_cameo), ("triggers.tsv", _parse_triggers)):
            path = Path(user_dir) / name
            if path.is_file():
                _merge(lex, name, parse(path.read_text("utf-8"), str(path)))
                lex.sources.append(str(path))
    lex.__post_init__()
    return lex


def _merge(lex: Lexicon, name: str, parsed: object) -> None:
    if name == "cameo.tsv":
        assert isinstance(parsed, dict)
        lex.cameo.update(parsed)
    else:
        assert isinstance(parsed, list)
        lex.triggers.extend(parsed)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    return load_lexicon()


def check_lexicon(lex: Lexicon) -> list[str]:
    """Problems in the lexicon, one line each (empty when it is clean)."""
    problems: list[str] = []
    unknown_cues = set(lex.cues) - set(CUES)
    if unknown_cues:
        problems.append(f"event_cues.tsv: unknown cues {sorted(unknown_cues)}")
    for row in lex.cameo.values():
        if not row.code.isdigit() or len(row.code) not in (2, 3, 4):
            problems.append(f"cameo {row.code!r}: not a 2-4 digit code")
        elif not 1 <= int(row.code[:2]) <= 20:
            problems.append(f"cameo {row.code}: root out of 01-20")
        if not -10.0 <= row.goldstein <= 10.0:
            problems.append(f"cameo {row.code}: goldstein {row.goldstein} out of -10..10")
        if row.code[:2].isdigit() and row.quad_class != _quad(row.code):
            problems.append(f"cameo {row.code}: quad class {row.quad_class}, root says {_quad(row.code)}")
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for trig in lex.triggers:
        where = f"{trig.source} {trig.form!r}"
        if trig.kind not in KINDS:
            problems.append(f"{where}: unknown kind {trig.kind!r}")
        if trig.kind == "speech" and trig.flags - {"governs"}:
            problems.append(f"{where}: speech verbs take no flags but governs")
        if trig.kind == "speech" and trig.cameo:
            problems.append(f"{where}: speech verbs carry no code")
        if trig.kind != "speech" and trig.cameo not in lex.cameo:
            problems.append(f"{where}: unknown CAMEO code {trig.cameo!r}")
        unknown = trig.flags - FLAGS
        if unknown:
            problems.append(f"{where}: unknown flags {sorted(unknown)}")
        bad_preps = [p for p in trig.target_preps if p not in PREPOSITIONS]
        if bad_preps:
            problems.append(f"{where}: unknown prepositions {bad_preps}")
        words = trig.words
        if not words or words[0] == GAP or words[-1] == GAP:
            problems.append(f"{where}: a form must start and end with a word")
        if len(words) > 1 and trig.kind not in ("mwe", "verb_passive", "noun"):
            problems.append(f"{where}: several words but kind {trig.kind}")
        key = (words, trig.kind)
        if key in seen:
            problems.append(f"{where}: duplicate of {seen[key]}")
        seen[key] = trig.source
    return problems


def _quad(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
