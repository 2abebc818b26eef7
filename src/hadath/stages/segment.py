"""segment: split the clean body into sentences and tokens with offsets into ``body``.

Sentences end at ``. ! ? ؟ …`` followed by white space (never at "،" or "؛"), and
at line breaks: a scraped page puts one paragraph or heading per line. A block marked
as a sub-heading by ``clean`` is one sentence of kind ``subheading``. Tokens are runs
of word characters (letters with their tashkeel, digits) or single punctuation
marks; each carries its matching form (``arabic.normalize``).

>>> from hadath.doc import Doc
>>> doc = segment(Doc(body="زار الوزير القاهرة. ثم غادر."))
>>> [doc.body[s.start:s.end] for s in doc.sentences]
['زار الوزير القاهرة.', 'ثم غادر.']
"""

from __future__ import annotations

import re

from hadath.arabic.normalize import normalize
from hadath.doc import Block, Doc, Sentence, Token

# A word: letters/digits (\w) plus the combining marks and tatweel Arabic words carry.
_WORD = r"(?:[^\W_]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640])+"
_TOKEN = re.compile(rf"(?P<word>{_WORD}(?:[.,٫٬]\d+)*)|[^\s]")
# The longest sentence, in tokens; longer runs are split (see ``segment``).
MAX_SENTENCE_TOKENS = 300
# Sentence end: terminal punctuation (and closing quotes/brackets after it), then space.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”)\]]*(?=\s|$)")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text``; offsets are shifted by ``offset``."""
    tokens = []
    for match in _TOKEN.finditer(text):
        piece = match.group()
        norm = normalize(piece)
        # A run of bare marks (tashkeel with no letter) normalises to nothing: not a word.
        is_word = bool(norm) and match.lastgroup == "word"
        tokens.append(Token(piece, offset + match.start(), offset + match.end(), norm, is_word))
    return tokens


def _split_paragraph(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``body[start:end]``, trimmed of white space."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(body, start, end):
        stop = match.end()
        # "د." or "أ." before the period is an abbreviation, not a sentence end.
        before = body[cursor:match.start()].split()
        if match.group().startswith(".") and before and len(before[-1]) == 1:
            continue
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    out = []
    for a, b in spans:
        while a < b and body[a].isspace():
            a += 1
        while b > a and body[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _line_blocks(body: str) -> list[Block]:
    blocks = []
    cursor = 0
    for line in body.split("\n"):
        if line.strip():
            blocks.append(Block(cursor, cursor + len(line)))
        cursor += len(line) + 1
    return blocks


def segment(doc: Doc) -> Doc:
    """Fill ``doc.sentences`` from ``doc.body`` and ``doc.blocks``."""
    body = doc.body
    blocks = doc.blocks or _line_blocks(body)
    sentences: list[Sentence] = []
    for block in blocks:
        if block.kind == "subheading":
            spans = [(block.start, block.end)]
        else:
            spans = []
            # A block may still hold several lines; every line break ends a sentence.
            cursor = block.start
            for line in body[block.start : block.end].split("\n"):
                spans.extend(_split_paragraph(body, cursor, cursor + len(line)))
                cursor += len(line) + 1
        kind = "subheading" if block.kind == "subheading" else "body"
        for a, b in spans:
            tokens = tokenize(body[a:b], a)
            # A run of text with no sentence end (a scraped list, a broken page) is cut
            # into pieces, so no later stage works on one endless "sentence".
            for i in range(0, len(tokens), MAX_SENTENCE_TOKENS):
                piece = tokens[i : i + MAX_SENTENCE_TOKENS]
                start = a if i == 0 else piece[0].start
                end = b if i + MAX_SENTENCE_TOKENS >= len(tokens) else piece[-1].end
                sentences.append(Sentence(start, end, kind, piece, len(sentences)))
    doc.sentences = sentences
    return doc
