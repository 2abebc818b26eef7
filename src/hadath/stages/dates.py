"""dates: the article's publication time and the calendar dates its text mentions.

Publication time, first that applies: ``doc.published`` as given (or read from HTML
meta tags by ``read``); the page's relative-time line (``منذ 3 ساعات``, kept by
``clean`` in ``doc.meta["age_text"]``) counted back from ``doc.fetched``; the
"last updated" clock line (``آخر تحديث: 18:40``) on the fetch day; the date in the
dateline (``الرياض 12 مارس / واس /``); else None.

In-text dates (``doc.dates``, spans of ``doc.body``) are resolved against the
publication date (``Doc.reference_date``):

* ``اليوم`` / ``أمس`` / ``أول أمس`` / ``غداً``, optionally with a weekday
  (``أمس الاثنين``): the day at that offset; a weekday that does not fit gives a
  ``weekday-mismatch`` warning and the offset wins;
* a bare weekday (``مساء الأربعاء``, ``يوم الأحد``): the publication day itself when it
  is that weekday, else the most recent such day before it. News reports what
  happened, so a bare weekday is read as past; ``الأحد الماضي`` is always strictly
  before publication and ``الأحد المقبل`` strictly after;
* ``منذ ساعتين`` / ``قبل 3 أيام``: publication time minus the amount;
* ``الأسبوع الماضي`` and other periods: kind ``relative``, value None;
* absolute dates (``15 مارس 2024``, ``١٥ آذار ٢٠٢٤``, ``3 جانفي``, ``2024/03/15``,
  ``15-3-2024``): a date without a year takes the publication year, or the year before
  when that would put it after publication;
* Hijri dates (``15 رمضان 1445 هـ``) converted with ``hijridate``.

Words (months, weekdays, relative days, time units, number words) are TSV data in
``hadath/resources``. Matching runs on the normalised body (``arabic.normalize``:
hamza forms and tanween folded, Eastern digits as ASCII) and maps spans back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from hijridate import Gregorian, Hijri

from hadath.arabic.normalize import normalize, normalize_with_map
from hadath.doc import DateMention, Doc
from hadath.resources import load_table

__all__ = ["parse_age", "resolve_dates", "resolve_day_month"]

# Word edges in normalised text. A leading و/ف/ب conjunction or preposition is allowed
# and left outside the span ("وأمس", "بالأمس" is written with the article).
_LEFT = r"(?<!\w)[وفب]?"
_RIGHT = r"(?!\w)"
_PART_OF_DAY = r"(?:(?:صباح|مساء|ظهر|فجر|عصر|ليل|ليله|مطلع|نهار|منتصف ليل|يوم)\s+)"
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400,
                 "month": 30 * 86400, "year": 365 * 86400}
_PAST_WORDS = r"(?:الماضي|الفائت|المنصرم|السابق)"
_NEXT_WORDS = r"(?:المقبل|القادم)"
_HIJRI_MARK = r"(?:\s*(?:ه|هجري|هجريه|للهجره)(?!\w))"
_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2100


def _alternation(forms: list[str]) -> str:
    """A regex alternation of ``forms``, longest first so "أول من أمس" beats "أمس"."""
    unique = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in unique)


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, tuple[int, str, bool]]  # form -> (month, calendar, needs_year)
    weekdays: dict[str, int]
    relative: dict[str, int | None]
    units: dict[str, tuple[str, int | None]]
    numbers: dict[str, int | None]
    re_absolute: re.Pattern[str]
    re_numeric: re.Pattern[str]
    re_relative: re.Pattern[str]
    re_weekday: re.Pattern[str]
    re_ago: re.Pattern[str]
    re_day_adjective: re.Pattern[str]


def _squash(form: str) -> str:
    return " ".join(normalize(form).split())


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    months = {_squash(r["form"]): (int(r["month"]), r["calendar"], r["needs_year"] == "1")
              for r in load_table("months.tsv")}
    weekdays = {_squash(r["form"]): int(r["weekday"]) for r in load_table("weekdays.tsv")}
    relative = {_squash(r["form"]): (int(r["days"]) if r["days"] else None)
                for r in load_table("relative_days.tsv")}
    units = {_squash(r["form"]): (r["unit"], int(r["count"]) if r["count"] else None)
             for r in load_table("time_units.tsv")}
    numbers = {_squash(r["form"]): (int(r["value"]) if r["value"] else None)
               for r in load_table("number_words.tsv")}
    month = _alternation(list(months))
    weekday = _alternation(list(weekdays))
    re_absolute = re.compile(
        rf"{_LEFT}(?P<x>(?:(?P<wd>{weekday})\s*[،,]?\s*)?(?:الموافق\s+)?"
        rf"(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{month}){_RIGHT}"
        rf"(?:\s*[/(]\s*(?:{month})\s*\)?{_RIGHT})?"
        rf"(?:\s*[،,]?\s*(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})(?!\d))?(?P<h>{_HIJRI_MARK})?)"
    )
    re_numeric = re.compile(
        r"(?<![\d/.\-])(?P<x>(?P<y1>\d{4})(?P<s1>[/.\-])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
        r"|(?P<d2>\d{1,2})(?P<s2>[/.\-])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}))(?![\d/\-]|\.\d)"
    )
    relative_days = _alternation([f for f, days in relative.items() if days is not None])
    periods = _alternation([f for f, days in relative.items() if days is None])
    re_relative = re.compile(
        rf"{_LEFT}(?P<x>{_PART_OF_DAY}?(?:(?P<rel>{relative_days})(?:\s+(?P<wd>{weekday}))?"
        rf"|(?P<period>{periods})){_RIGHT})"
    )
    re_weekday = re.compile(
        rf"{_LEFT}(?P<x>{_PART_OF_DAY}?(?P<wd>{weekday})(?:\s+(?:(?P<past>{_PAST_WORDS})"
        rf"|(?P<next>{_NEXT_WORDS})))?{_RIGHT})"
    )
    numbers_alt = _alternation(list(numbers))
    re_ago = re.compile(
        rf"{_LEFT}(?P<x>(?:منذ|قبل)\s+(?:حوالي\s+|نحو\s+)?(?:(?P<n>\d{{1,4}}|{numbers_alt})\s+)?"
        rf"(?P<u>{_alternation(list(units))}))(?!\w)(?!\s*\d)(?!\s+من\s)"
    )
    adjectives = _alternation([_squash(r["form"]) for r in load_table("day_adjectives.tsv")])
    re_day_adjective = re.compile(rf"\s+(?:{adjectives}){_RIGHT}")
    return _Lexicon(months, weekdays, relative, units, numbers,
                    re_absolute, re_numeric, re_relative, re_weekday, re_ago, re_day_adjective)


# -- building blocks shared with clean -------------------------------------------
def parse_age(text: str) -> timedelta | None:
    """The amount of time an age line such as "منذ 3 ساعات" says, or None.

    The whole of ``text`` must be the expression (a chrome line, not a sentence).
    A vague amount ("منذ ساعات") is ``timedelta(0)``: the line is an age line, the
    amount is unknown.

    >>> parse_age("منذ ساعتين")
    datetime.timedelta(seconds=7200)
    """
    lex = _lexicon()
    key = " ".join(normalize(text).split())
    match = lex.re_ago.fullmatch(key)
    if match is None:
        return None
    amount = _amount(match.group("n"), match.group("u"))
    return amount if amount is not None else timedelta(0)


def _minus(when: datetime, amount: timedelta) -> datetime | None:
    """``when - amount``, or None when that falls outside the calendar ("منذ 1400 عام")."""
    try:
        return when - amount
    except OverflowError:
        return None


def _amount(number: str | None, unit_word: str) -> timedelta | None:
    lex = _lexicon()
    unit, count = lex.units[" ".join(unit_word.split())]
    if number is not None:
        count = int(number) if number.isdigit() else lex.numbers.get(number)
    if count is None:
        return None
    try:
        return timedelta(seconds=count * _UNIT_SECONDS[unit])
    except OverflowError:  # more days than a timedelta holds
        return None


def resolve_day_month(day: int, month_word: str, year: int | None, reference: date | None) -> date | None:
    """The Gregorian date "``day`` ``month_word`` [``year``]" names, or None.

    Without a year the reference year is used, or the year before when the date
    would fall after ``reference``. Hijri month names are converted.

    >>> resolve_day_month(15, "آذار", None, date(2025, 3, 20))
    datetime.date(2025, 3, 15)
    """
    entry = _lexicon().months.get(_squash(month_word))
    if entry is None:
        return None
    month, calendar, _ = entry
    if calendar == "hijri":
        return _hijri(day, month, year, reference)
    if year is None:
        if reference is None:
            return None
        found = _safe_date(reference.year, month, day)
        if found is not None and found > reference:
            found = _safe_date(reference.year - 1, month, day)
        return found
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hijri(day: int, month: int, year: int | None, reference: date | None) -> date | None:
    try:
        if year is None:
            if reference is None:
                return None
            hijri_year = Gregorian(reference.year, reference.month, reference.day).to_hijri().year
            found = Hijri(hijri_year, month, day).to_gregorian()
            if found > reference:
                found = Hijri(hijri_year - 1, month, day).to_gregorian()
        else:
            found = Hijri(year, month, day).to_gregorian()
        return date(found.year, found.month, found.day)
    except (ValueError, OverflowError):
        return None


# -- publication time ------------------------------------------------------------
_CLOCK = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)")


def _publication_from_chrome(doc: Doc) -> bool:
    """Set ``published`` from the age or last-update line; True when one was used."""
    age_text = doc.meta.get("age_text")
    updated_text = doc.meta.get("updated_text")
    if not age_text and not updated_text:
        return False
    fetched = doc.fetched
    if fetched is None:
        fetched = datetime.now(UTC)
        doc.warn("fetched-missing", f"{doc.name}: no fetch time given; page time lines are read against now (UTC)")
    if age_text:
        age = parse_age(str(age_text))
        if age is not None:
            if age == timedelta(0) and not _is_precise(str(age_text)):
                doc.warn("age-vague", f"{doc.name}: age line {age_text!r} gives no amount; using the fetch time")
            published = _minus(fetched, age)
            if published is not None:
                doc.published = published
                doc.published_source = "relative-line"
                return True
    clock = _CLOCK.search(normalize(str(updated_text or "")))
    if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
        when = fetched.replace(hour=int(clock.group(1)), minute=int(clock.group(2)), second=0, microsecond=0)
        if when > fetched:  # a clock time later than the crawl was yesterday's
            when -= timedelta(days=1)
        doc.published = when
        doc.published_source = "updated-line"
        return True
    return False


def _is_precise(age_text: str) -> bool:
    return any(ch.isdigit() for ch in normalize(age_text))


def _resolve_publication(doc: Doc) -> None:
    if doc.published is not None:
        if doc.published_source is None:
            doc.published_source = "given"
        return
    if _publication_from_chrome(doc):
        return
    if doc.dateline is not None and doc.dateline.date:
        try:
            doc.published = datetime.fromisoformat(doc.dateline.date)
        except ValueError:
            return
        doc.published_source = "dateline"


# -- in-text dates ---------------------------------------------------------------
@dataclass
class _Found:
    start: int  # offsets into the normalised body
    end: int
    value: date | None
    kind: str


def _weekday_before(reference: date, weekday: int, *, strictly: bool) -> date:
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return reference - timedelta(days=back)


def _weekday_after(reference: date, weekday: int) -> date:
    ahead = (weekday - reference.weekday()) % 7 or 7
    return reference + timedelta(days=ahead)


def _find_absolute(text: str, reference: date | None, doc: Doc) -> list[_Found]:
    lex = _lexicon()
    found = []
    for match in lex.re_absolute.finditer(text):
        month, calendar, needs_year = lex.months[" ".join(match.group("m").split())]
        year = int(match.group("y")) if match.group("y") else None
        is_hijri = calendar == "hijri"
        if is_hijri and needs_year and year is None and not match.group("h"):
            continue
        value = resolve_day_month(int(match.group("d")), match.group("m"), year, reference)
        if value is None and year is not None:
            continue
        wd = match.group("wd")
        if value is not None and wd and lex.weekdays[" ".join(wd.split())] != value.weekday():
            doc.warn("weekday-mismatch", f"{doc.name}: {match.group('x')!r} is not on that weekday")
        found.append(_Found(match.start("x"), match.end("x"), value, "hijri" if is_hijri else "absolute"))
    for match in lex.re_numeric.finditer(text):
        if match.group("y1"):
            parts = (match.group("y1"), match.group("m1"), match.group("d1"))
        else:
            parts = (match.group("y2"), match.group("m2"), match.group("d2"))
        value = _safe_date(int(parts[0]), int(parts[1]), int(parts[2]))
        if value is not None:
            found.append(_Found(match.start("x"), match.end("x"), value, "absolute"))
    return found


def _find_relative(text: str, reference: date | None, published: datetime | None, doc: Doc) -> list[_Found]:
    lex = _lexicon()
    found = []
    for match in lex.re_relative.finditer(text):
        if match.group("period"):
            found.append(_Found(match.start("x"), match.end("x"), None, "relative"))
            continue
        rel = " ".join(match.group("rel").split())
        # "اليوم العالمي للمرأة" names a day of the year, not today
        if rel == "اليوم" and not match.group("wd") and lex.re_day_adjective.match(text, match.end("x")):
            continue
        days = lex.relative[rel]
        value = reference + timedelta(days=days) if reference is not None and days is not None else None
        wd = match.group("wd")
        if value is not None and wd and lex.weekdays[" ".join(wd.split())] != value.weekday():
            doc.warn("weekday-mismatch", f"{doc.name}: {match.group('x')!r} does not fall on {value.isoformat()}'s weekday")
        found.append(_Found(match.start("x"), match.end("x"), value, "relative"))
    for match in lex.re_weekday.finditer(text):
        value = None
        if reference is not None:
            weekday = lex.weekdays[" ".join(match.group("wd").split())]
            if match.group("next"):
                value = _weekday_after(reference, weekday)
            else:
                value = _weekday_before(reference, weekday, strictly=bool(match.group("past")))
        found.append(_Found(match.start("x"), match.end("x"), value, "weekday"))
    for match in lex.re_ago.finditer(text):
        amount = _amount(match.group("n"), match.group("u"))
        value = None
        if amount is not None and published is not None:
            unit = lex.units[" ".join(match.group("u").split())][0]
            # A date-only publication (midnight) cannot be moved back by hours.
            date_only = published.hour == published.minute == published.second == 0
            if unit in ("second", "minute", "hour") and date_only:
                value = published.date()
            else:
                moved = _minus(published, amount)
                value = moved.date() if moved is not None else None
        found.append(_Found(match.start("x"), match.end("x"), value, "relative"))
    return found


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Keep the longest of overlapping matches ("الثلاثاء 15 مارس" over "الثلاثاء")."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and item.start < kept[-1].end:
            if item.end - item.start > kept[-1].end - kept[-1].start:
                kept[-1] = item
            continue
        kept.append(item)
    return kept


def resolve_dates(doc: Doc) -> Doc:
    """Set ``doc.published`` (when missing) and ``doc.dates`` over ``doc.body``."""
    _resolve_publication(doc)
    reference = doc.reference_date
    published = doc.published or doc.fetched
    text, offsets = normalize_with_map(doc.body)
    found = _find_absolute(text, reference, doc) + _find_relative(text, reference, published, doc)
    doc.dates = []
    for item in _without_overlaps(found):
        start, end = offsets[item.start], offsets[item.end - 1] + 1
        while end < len(doc.body) and not normalize(doc.body[end]):  # trailing tanween, tatweel
            end += 1
        doc.dates.append(DateMention(doc.body[start:end], start, end,
                                     item.value.isoformat() if item.value else None, item.kind))
    return doc
