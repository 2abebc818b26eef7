"""read: raw input (text, HTML, or bytes in an unknown encoding) to decoded article text.

``read(doc)`` sets ``doc.input_format`` ("text" or "html"), ``doc.text`` and, for
HTML, ``doc.title`` and ``doc.published`` (from the page's own date tags).

Bytes are decoded in this order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32);
UTF-16 without a mark when every other byte is a high byte Arabic or Latin text
would have; strict UTF-8 (a page declaring another charset but valid UTF-8 gets a
warning); the HTML ``<meta charset>``; Windows-1256
(the Arabic code page of older archives) when the result is mostly Arabic letters;
finally ``charset-normalizer``'s guess. A guessed encoding is a warning. Binary data
(NUL bytes that are not UTF-16, control characters, image/archive/PDF signatures)
and empty input raise typed errors naming the input.

HTML goes through trafilatura for the article text and title. Its date guesses are
not used (they invent ``YYYY-01-01`` for Arabic pages); the publication time comes
from explicit tags only: ``article:published_time`` and similar meta tags,
``itemprop="datePublished"``, JSON-LD ``datePublished`` and ``<time datetime>``.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from hadath.arabic.digits import to_ascii_digits
from hadath.doc import Doc
from hadath.errors import BinaryInputError, EmptyInputError

__all__ = ["MAX_TEXT_CHARS", "decode_bytes", "read"]

MAX_TEXT_CHARS = 2_000_000
_SNIFF_BYTES = 4096

# File signatures of formats that are never article text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# High bytes of UTF-16 code units in Arabic or Latin text: Basic Latin/Latin-1 (00),
# Arabic (06), Arabic presentation forms (FB, FE), general punctuation (20).
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06, 0x08, 0x20, 0xFB, 0xFE})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HTML_SIGNS = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title|section|main)\b",
                         re.IGNORECASE)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LETTER_OR_SPACE = re.compile(r"[^\W\d_]|\s")


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """The codec name when ``raw`` reads as UTF-16 with no byte-order mark, else None."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:_SNIFF_BYTES]
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if sum(b in _UTF16_HIGH_BYTES for b in high) / len(high) >= 0.95:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return codec
    return None


def _control_ratio(text: str) -> float:
    sample = text[:10_000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
                   and ch not in "\n\r\t\f\v")
    return controls / len(sample)


# Control characters (Unicode Cc) and lone surrogates (Cs), line feed and tab excepted.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _drop_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def _looks_like_text(text: str) -> bool:
    sample = text[:10_000]
    if not sample.strip():
        return True
    if "\x00" in sample or _control_ratio(sample) > 0.01:
        return False
    return len(_LETTER_OR_SPACE.findall(sample)) / len(sample) >= 0.6


def _mostly_arabic(text: str) -> bool:
    letters = [ch for ch in text[:10_000] if ch.isalpha()]
    return bool(letters) and len(_ARABIC_LETTER.findall("".join(letters))) / len(letters) >= 0.6


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(raw: bytes, doc: Doc) -> str:
    """Decode ``raw`` for ``doc`` (see the module docstring for the order); warns on a guess."""
    kind = _binary_kind(raw)
    if kind is not None:
        raise BinaryInputError(f"binary data ({kind}), not article text", source=doc.name)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise BinaryInputError(f"starts with a {codec} byte-order mark but is not {codec}: {exc.reason}",
                                       source=doc.name) from exc
    if b"\x00" in raw:
        codec16 = _utf16_without_bom(raw)
        if codec16 is None:
            raise BinaryInputError("binary data (NUL bytes), not text in any encoding hadath reads",
                                   source=doc.name)
        doc.warn("encoding-guessed", f"{doc.name}: no byte-order mark; read as {codec16}")
        return raw.decode(codec16)
    declared = _declared_charset(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Non-ASCII bytes that happen to be valid UTF-8 are UTF-8 whatever the page says:
        # single-byte Arabic text practically never is.
        if declared and declared != "utf-8" and not raw.isascii():
            doc.warn("encoding-mismatch", f"{doc.name}: page declares {declared} but is UTF-8")
        return text
    if declared and declared != "utf-8":
        try:
            return raw.decode(declared)
        except UnicodeDecodeError:
            doc.warn("encoding-mismatch", f"{doc.name}: page declares {declared} but is not; decoding otherwise")
    text = raw.decode("cp1256", errors="replace")
    if _mostly_arabic(text) and _looks_like_text(text):
        doc.warn("encoding-guessed", f"{doc.name}: not UTF-8; read as windows-1256")
        return text
    return _decode_with_guess(raw, doc)


def _decode_with_guess(raw: bytes, doc: Doc) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        text = str(best)
        if _looks_like_text(text):
            doc.warn("encoding-guessed", f"{doc.name}: not UTF-8; read as {best.encoding}")
            return text
    raise BinaryInputError("binary data, not text in any encoding hadath reads", source=doc.name)


def _tidy(text: str) -> str:
    """One newline convention, NFC, no byte-order mark or stray NULs."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def _looks_like_html(text: str) -> bool:
    head = text[:_SNIFF_BYTES].lstrip()
    if head[:1] != "<":
        return False
    return bool(_HTML_SIGNS.search(head))


# -- HTML ------------------------------------------------------------------------
_DATE_META_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "article.published", "date",
)


def _parse_when(value: str) -> datetime | None:
    text = to_ascii_digits(value.strip())
    if not text:
        return None
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0300 -> +03:00
    text = re.sub(r"^(\d{4})/(\d{1,2})/(\d{1,2})", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match is None:
            return None
        try:
            when = datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return when if 1990 <= when.year <= 2100 else None


def _json_ld_dates(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
        for child in node.values():
            yield from _json_ld_dates(child)
    elif isinstance(node, list):
        for child in node:
            yield from _json_ld_dates(child)


def find_published(tree: Any) -> datetime | None:
    """The publication time a parsed HTML page states in its tags, or None."""
    candidates: list[str] = []
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    candidates += [metas[key] for key in _DATE_META_KEYS if key in metas]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:
                candidates += list(_json_ld_dates(json.loads(script.text)))
            except ValueError:
                continue
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        candidates.append(element.get("datetime") or element.get("content") or element.text_content())
    times = tree.xpath("//time[@datetime]")
    candidates += [t.get("datetime") for t in times if t.get("pubdate") is not None]
    candidates += [t.get("datetime") for t in times]
    for value in candidates:
        when = _parse_when(value or "")
        if when is not None:
            return when
    return None


def _read_html(doc: Doc, html: str) -> None:
    import lxml.html
    import trafilatura

    doc.input_format = "html"
    tree = None
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        doc.warn("html-unparsed", f"{doc.name}: the HTML could not be parsed for dates")
    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                            with_metadata=True)
    data: dict[str, Any] = {}
    if isinstance(extracted, dict):
        data = extracted
    elif extracted is not None:
        data = extracted.as_dict()
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip()
    if tree is not None:
        if not title:
            found = tree.findtext(".//title") or ""
            title = " ".join(found.split())
        if not text:
            doc.warn("extraction-empty", f"{doc.name}: no article found in the HTML; using all of its text")
            body = tree.find(".//body")
            text = _block_text(body if body is not None else tree)
    doc.text = _tidy(text)
    doc.title = _tidy(title) if title else None
    if doc.published is None and tree is not None:
        when = find_published(tree)
        if when is not None:
            doc.published = when
            doc.published_source = "meta"


def _block_text(element: Any) -> str:
    """Text of an element with a line break per block element, scripts and styles left out."""
    for bad in element.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for block in element.xpath(".//p|.//div|.//br|.//li|.//h1|.//h2|.//h3|.//h4|.//tr"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in element.text_content().split("\n") if line.strip())


def read(doc: Doc) -> Doc:
    """Decode ``doc.raw`` and set ``input_format``, ``text`` and, for HTML, title and date.

    Raises EmptyInputError or BinaryInputError naming ``doc.name``.
    """
    raw = doc.raw
    if isinstance(raw, bytes | bytearray):
        if not bytes(raw).strip():
            raise EmptyInputError("empty input", source=doc.name)
        text = decode_bytes(bytes(raw), doc)
        given_as_text = False
    else:
        text = raw
        given_as_text = True
    text = _tidy(text)
    if not text.strip():
        raise EmptyInputError("empty input (white space only)", source=doc.name)
    if not given_as_text and ("\x00" in text[:10_000] or _control_ratio(text) > 0.05):
        raise BinaryInputError("binary data (control characters), not article text", source=doc.name)
    if _CONTROLS.search(text):
        cleaned = _drop_controls(text)
        # Text handed over as str is text by contract; stray controls are dropped, noted.
        doc.warn("control-characters", f"{doc.name}: control characters removed from the text")
        text = cleaned
        if not text.strip():
            raise EmptyInputError("nothing but control characters", source=doc.name)
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS]
        doc.warn("input-truncated", f"{doc.name}: input longer than {MAX_TEXT_CHARS} characters; the rest is ignored")
    if _looks_like_html(text):
        _read_html(doc, text)
        if not doc.text.strip():
            raise EmptyInputError("HTML page with no text", source=doc.name)
    else:
        doc.input_format = "text"
        doc.text = text
    return doc
