"""clean: from the decoded page text to the article body, its title and its dateline.

A scraped Arabic news page keeps, around the article, lines that are not part of
it: the age line ("منذ 1 ساعة"), share and copy-link buttons ("شارك", "تم نسخ
الرابط"), "read also" boxes ("اقرأ أيضا" and the headlines under it), bylines ("كتب:
..."), photo credits, tag lists, breadcrumbs ("الرئيسية / سياسة") and the headline
printed twice. ``clean`` works line by line:

1. each line is compared with the chrome phrases in ``resources/chrome.tsv``; only
   whole short lines are chrome ("شارك" alone, never "شارك الوزير في المؤتمر");
2. the title, when ``read`` did not find one, is the first non-chrome line if it is
   short, has no final sentence punctuation and more text follows; later copies of
   the title are dropped;
3. a wire dateline at the start of the first paragraph ("القاهرة - (أ ش أ) -",
   "الرياض 12 مارس / واس /") moves to ``doc.dateline``;
4. kept lines are joined with "\\n" into ``doc.body``; each is a Block, and a short
   line with no final punctuation followed by a longer paragraph is a sub-heading
   (except the first line, a lead or deck under the title).

The age line's text goes to ``doc.meta["age_text"]`` ("آخر تحديث: ..." to
``doc.meta["updated_text"]``) so ``dates`` can date the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from hadath.arabic.digits import to_ascii_digits
from hadath.arabic.normalize import normalize
from hadath.doc import Block, Dateline, Doc
from hadath.resources import load_table
from hadath.stages.dates import parse_age, resolve_day_month

__all__ = ["clean", "find_dateline"]

MAX_TITLE_WORDS = 25
MAX_SUBHEADING_WORDS = 12
MAX_CHROME_WORDS = 12  # a "prefix" chrome line is at most this long
MAX_BYLINE_EXTRA_WORDS = 4
MAX_LINK_WORDS = 18  # a headline under "اقرأ أيضا"
MAX_LINK_LINES = 6

_SENTENCE_END = re.compile(r"[.!?؟…:؛]\W*$")  # ':' ends a line that introduces what follows
_EDGE = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # edge punctuation, share counts ("شارك 30")
_BREADCRUMB_SEPARATORS = re.compile(r"\s[>/»›|«‹<]\s|\s?[>»›]\s?")


@dataclass(frozen=True)
class _ChromeRule:
    phrase: str  # normalised
    kind: str
    match: str


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[_ChromeRule, ...]]:
    """Chrome rules by the first word of their phrase, so a line is checked against few."""
    by_word: dict[str, list[_ChromeRule]] = {}
    for row in load_table("chrome.tsv"):
        rule = _ChromeRule(_key(row["phrase"], trim=False), row["kind"], row["match"])
        by_word.setdefault(_first_word(rule.phrase), []).append(rule)
    return {word: tuple(rules) for word, rules in by_word.items()}


def _first_word(key: str) -> str:
    words = key.split(maxsplit=1)
    return re.sub(r"[\W_]", "", words[0]) if words else ""


@lru_cache(maxsize=1)
def _agencies() -> frozenset[str]:
    return frozenset(_agency_key(r["form"]) for r in load_table("agencies.tsv"))


def _key(line: str, *, trim: bool = True) -> str:
    """The matching form of a line: normalised, single-spaced, edges trimmed."""
    key = " ".join(normalize(line).split())
    return _EDGE.sub("", key) if trim else key


def _agency_key(text: str) -> str:
    return re.sub(r"[\s.]+", "", normalize(text))


def _words(text: str) -> int:
    return len(text.split())


# -- chrome ----------------------------------------------------------------------
def _classify(line: str) -> tuple[str, str] | None:
    """``(kind, match)`` when ``line`` is chrome, else None."""
    stripped = line.strip()
    if _words(stripped) > MAX_CHROME_WORDS:
        return _classify_long(stripped)
    if parse_age(_EDGE.sub("", stripped) or stripped) is not None:
        return ("age", "line")
    key = _key(stripped)
    raw_key = " ".join(normalize(stripped).split())
    if not key:
        # nothing but punctuation, digits or symbols: a separator or a share count
        return ("rule", "line") if stripped else None
    if _is_hashtags(stripped):
        return ("tags", "line")
    words = _words(raw_key)
    for rule in _rules().get(_first_word(raw_key), ()):
        phrase = rule.phrase
        if rule.match == "line":
            if key == _EDGE.sub("", phrase):
                return (rule.kind, "line")
        elif rule.match == "prefix":
            if words <= MAX_CHROME_WORDS and _starts_with(raw_key, phrase):
                return (rule.kind, "prefix")
        elif rule.match == "header":
            if key == phrase:
                return (rule.kind, "header")
            if _starts_with(raw_key, phrase) and raw_key[len(phrase):].lstrip().startswith(":"):
                return (rule.kind, "line")
        elif rule.match == "crumb":
            if (words <= MAX_CHROME_WORDS and _starts_with(raw_key, phrase)
                    and _BREADCRUMB_SEPARATORS.search(raw_key)):
                return (rule.kind, "line")
        elif rule.match == "byline" and _starts_with(raw_key, phrase):
            rest = raw_key[len(phrase):].strip()
            if rest.startswith(":") and words <= MAX_CHROME_WORDS:
                return (rule.kind, "byline")
            if rest and _words(rest) <= MAX_BYLINE_EXTRA_WORDS and not re.search(r"[.،,؟?!:]", rest):
                return (rule.kind, "byline")
    return None


def _classify_long(line: str) -> tuple[str, str] | None:
    """Only "اقرأ أيضا: <headline>" can make a long line chrome; its head is enough to tell."""
    head = " ".join(normalize(line[:80]).split())
    for rule in _rules().get(_first_word(head), ()):
        if (rule.match == "header" and _starts_with(head, rule.phrase)
                and head[len(rule.phrase):].lstrip().startswith(":")):
            return (rule.kind, "line")
    return None


def _starts_with(key: str, phrase: str) -> bool:
    if not key.startswith(phrase):
        return False
    rest = key[len(phrase):]
    return not rest or not rest[0].isalnum() or phrase.endswith(("(", ":"))


def _is_hashtags(line: str) -> bool:
    words = line.split()
    return bool(words) and all(w.startswith("#") for w in words)


def _is_link_line(line: str) -> bool:
    """A headline under a "read also" header: short, not a sentence."""
    stripped = line.strip()
    return _words(stripped) <= MAX_LINK_WORDS and not re.search(r"[.!]\W*$", stripped)


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.strip()))


def _title_forms(title: str) -> set[str]:
    """The title and, for an HTML title with the site name ("خبر - الموقع"), its parts."""
    forms = {_key(title)}
    parts = re.split(r"\s[-|–—]\s", title)
    if len(parts) > 1:
        forms |= {_key(part) for part in parts if _words(part) >= 4}
    return forms - {""}


# -- dateline --------------------------------------------------------------------
_LETTER = r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]"
_MARK = r"[\u064B-\u065F\u0670\u0640]"
_WORD = rf"{_LETTER}(?:{_LETTER}|{_MARK})*"
_PLACE = rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}}?)"
_DAY_MONTH = rf"(?:\s+في)?\s+(?P<day>\d{{1,2}})\s+(?P<month>{_WORD}(?:\s+{_WORD})??)(?:\s+(?P<year>\d{{4}}))?"
_DASH = r"\s*[-–—]\s*"
_DATELINE_PATTERNS = (
    # الرياض 12 مارس / واس /   ·   أبوظبي في 23 أبريل / وام /   ·   بورتسودان / واس /
    re.compile(rf"^{_PLACE}(?:{_DAY_MONTH})?\s*/\s*(?P<agency>[^/\n]{{1,30}}?)\s*/\s*"),
    # القاهرة - (أ ش أ) -   ·   صنعاء - (وكالات) -
    re.compile(rf"^{_PLACE}(?:{_DAY_MONTH})?{_DASH}\((?P<agency>[^()\n]{{1,30}})\)(?:{_DASH}|\s+)"),
    # عمان - بترا -   ·   بيروت - رويترز -   ·   نيودلهي - إسلام آباد -
    re.compile(rf"^{_PLACE}(?:{_DAY_MONTH})?{_DASH}(?P<second>{_WORD}(?:\s+{_WORD}){{0,2}}?){_DASH}"),
    # بغداد -
    re.compile(rf"^{_PLACE}(?:{_DAY_MONTH})?\s+[-–—]\s+"),
    re.compile(rf"^{_PLACE}(?:{_DAY_MONTH})?\s*[-–—]\s+"),
)
_NOT_PLACE_START = ("قال", "اعلن", "اكد", "في", "من", "على", "الى", "ان")


def find_dateline(line: str, reference: date | None = None) -> tuple[Dateline, int] | None:
    """The wire dateline at the start of ``line`` and where the text after it starts.

    ``reference`` gives the year for a dateline date without one.

    >>> found = find_dateline("عمان - بترا - استقبل جلالة الملك ...")
    >>> found[0].place, found[0].agency
    ('عمان', 'بترا')
    """
    digits = to_ascii_digits(line)  # same length, so offsets carry over
    for number, pattern in enumerate(_DATELINE_PATTERNS):
        match = pattern.match(digits)
        if match is None:
            continue
        place = line[match.start("place"):match.end("place")]
        if normalize(place.split()[0]) in {normalize(w) for w in _NOT_PLACE_START}:
            return None
        agency: str | None = None
        if "agency" in match.groupdict() and match.group("agency"):
            agency = line[match.start("agency"):match.end("agency")].strip()
            if number == 0 and _words(agency) > 3:
                continue
        second = match.groupdict().get("second")
        if second:
            second_text = line[match.start("second"):match.end("second")].strip()
            if _agency_key(second_text) in _agencies():
                agency = second_text
            elif _words(second_text) <= 2:
                place = line[match.start("place"):match.end("second")].strip()
            else:
                continue
        when = None
        if match.group("day"):
            year = int(match.group("year")) if match.group("year") else None
            day, month = int(match.group("day")), match.group("month")
            # a leap-year stand-in only checks that day and month name a date
            if resolve_day_month(day, month, year or 2024, None) is None:
                continue
            resolved = resolve_day_month(day, month, year, reference)
            when = resolved.isoformat() if resolved else None
        end = match.end()
        text = line[:end].strip()
        return Dateline(text=text, place=place.strip(), agency=agency, date=when), end
    return None


# -- the stage -------------------------------------------------------------------
def _drop_chrome(doc: Doc, lines: list[str]) -> list[str]:
    kept: list[str] = []
    in_box = 0  # link lines still to drop after a "read also" header
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        found = _classify(stripped)
        if found is None and in_box and _is_link_line(stripped):
            in_box -= 1
            doc.meta.setdefault("chrome", []).append(stripped)
            continue
        in_box = 0
        if found is None:
            kept.append(stripped)
            continue
        kind, match = found
        if kind == "age" and match == "line":
            doc.meta.setdefault("age_text", stripped)
        elif kind == "age":
            doc.meta.setdefault("updated_text", stripped)
        elif match == "header":
            in_box = MAX_LINK_LINES
        doc.meta.setdefault("chrome", []).append(stripped)
    return kept


def _find_title(lines: list[str]) -> int | None:
    """Index of the headline line, or None when the text starts with a paragraph."""
    if len(lines) < 2:
        return None
    first = lines[0]
    if _words(first) > MAX_TITLE_WORDS or re.search(r"[.!؟?…]\W*$", first):
        return None
    # a wire story's first paragraph may lack its full stop; its dateline gives it away
    found = find_dateline(first)
    if found is not None and (found[0].agency or _words(first) > MAX_SUBHEADING_WORDS):
        return None
    return 0


def _blocks(body_lines: list[str]) -> list[Block]:
    blocks = []
    cursor = 0
    for i, line in enumerate(body_lines):
        kind = "paragraph"
        nxt = body_lines[i + 1] if i + 1 < len(body_lines) else None
        if (i > 0 and nxt is not None and _words(line) <= MAX_SUBHEADING_WORDS
                and not _ends_sentence(line) and _words(nxt) > _words(line)
                and (_ends_sentence(nxt) or _words(nxt) > MAX_SUBHEADING_WORDS)):
            kind = "subheading"
        blocks.append(Block(cursor, cursor + len(line), kind))
        cursor += len(line) + 1
    return blocks


def clean(doc: Doc) -> Doc:
    """Fill ``body``, ``blocks``, ``dateline`` and (when missing) ``title`` from ``doc.text``."""
    lines = _drop_chrome(doc, doc.text.split("\n"))
    if doc.title is None:
        index = _find_title(lines)
        if index is not None:
            doc.title = lines[index]
            lines = lines[index + 1:]
    if doc.title:
        copies = _title_forms(doc.title)
        lines = [line for line in lines if _key(line) not in copies]
    when = doc.published or doc.fetched
    if lines:
        found = find_dateline(lines[0], when.date() if when else None)
        if found is not None:
            doc.dateline, end = found
            rest = lines[0][end:].strip()
            lines = [rest, *lines[1:]] if rest else lines[1:]
    doc.body = "\n".join(lines)
    doc.blocks = _blocks(lines)
    if not doc.body:
        doc.warn("empty-body", f"{doc.name}: no article text left after removing page chrome")
    return doc
