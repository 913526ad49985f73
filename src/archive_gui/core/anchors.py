"""Anchors tie a record to the exact words of an article, and survive edits of the article.

An anchor keeps its offsets, the quoted text and a little context on each side, as robust
annotation tools do. When the text changes, it re-anchors: at its offsets if the quote is still
there, else at the occurrence of the quote whose context matches best, else at the closest
fuzzy match; failing all three, it is kept and marked orphaned, never dropped.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass

CONTEXT = 32
# How alike a passage and its fuzzy match must be (difflib ratio) to re-anchor there.
FUZZY_THRESHOLD = 0.8
# Matching runs shorter than this are chance, not the passage.
_MIN_RUN = 3


@dataclass(frozen=True)
class Anchor:
    """A passage of one article: ``text[start:end] == quote`` while the text is unchanged."""

    article: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    orphaned: bool = False

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


def make_anchor(article: str, text: str, start: int, end: int) -> Anchor:
    """An anchor on ``text[start:end]`` with its context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"passage {start}-{end} is outside the text (length {len(text)})")
    return Anchor(
        article=article,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def matches(anchor: Anchor, text: str) -> bool:
    return (
        0 <= anchor.start < anchor.end <= len(text)
        and text[anchor.start : anchor.end] == anchor.quote
    )


def reanchor(anchor: Anchor, text: str) -> Anchor:
    """The anchor placed in ``text`` (a new version of its article), or marked orphaned."""
    if matches(anchor, text):
        return anchor if not anchor.orphaned else dataclasses.replace(anchor, orphaned=False)
    found = _by_quote(anchor, text) or _by_fuzzy_match(anchor, text)
    if found is None:
        return dataclasses.replace(anchor, orphaned=True)
    return make_anchor(anchor.article, text, *found)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _by_quote(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The occurrence of the quote whose surroundings match best; the nearest on a tie."""
    best: tuple[int, int, int] | None = None
    best_key: tuple[int, int] | None = None
    start = text.find(anchor.quote)
    while start != -1:
        end = start + len(anchor.quote)
        context = _common_suffix(
            text[max(0, start - CONTEXT) : start], anchor.prefix
        ) + _common_prefix(text[end : end + CONTEXT], anchor.suffix)
        key = (context, -abs(start - anchor.start))
        if best_key is None or key > best_key:
            best, best_key = (start, end, context), key
        start = text.find(anchor.quote, start + 1)
    return None if best is None else (best[0], best[1])


def _by_fuzzy_match(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The span of ``text`` most like the quote, if it is alike enough.

    The quote's longest common run with the text places it roughly; the matching runs around
    that place then give where the quote's first and last characters now stand.
    """
    quote = anchor.quote
    if not quote.strip() or not text:
        return None
    longest = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    if longest.size == 0:
        return None
    guess = longest.a - longest.b
    lo = max(0, guess - len(quote) // 2)
    hi = min(len(text), guess + len(quote) + len(quote) // 2)
    matcher = difflib.SequenceMatcher(None, text[lo:hi], quote, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= _MIN_RUN]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    start = max(0, lo + first.a - first.b)
    end = min(len(text), lo + last.a + last.size + (len(quote) - last.b - last.size))
    if end <= start:
        return None
    score = difflib.SequenceMatcher(None, text[start:end], quote, autojunk=False).ratio()
    return (start, end) if score >= FUZZY_THRESHOLD else None
