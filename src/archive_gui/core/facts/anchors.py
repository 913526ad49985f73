"""Anchors tie a record to the exact words of an article, and survive edits of the article.

An anchor keeps its offsets, the quoted text and a little context on each side, as Hypothesis's
annotations do. When the text changes, ``relocate`` places it again and says how sure it is:

- unchanged: the quote is still at its offsets;
- moved: the exact quote was found again with a whole side of its context (a sentence before it
  changed length): the new offsets are as trustworthy as the old ones and may be saved;
- proposed: a like passage (a typo fixed, a word changed) or the quote without its context was
  found; it is shown there, but the file keeps the original until a person confirms it, so
  that restoring the article's text restores the passage;
- orphaned: nothing alike enough, or only a match that loses a word of the quote (a figure, a
  name, any word); kept with its original quote, never dropped.

A proposal is chosen as Hypothesis's ``match-quote`` chooses: the quote's likeness weighs most,
then the likeness of the context on each side, then the distance from the original place.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from typing import Literal

from archive_gui.core.text import fold

CONTEXT = 32
# How alike a passage and its fuzzy match must be (difflib ratio) to be proposed there.
FUZZY_THRESHOLD = 0.8
# How alike the context around a proposal must be, on average over both sides: below this,
# a short quote ("Numergy") found elsewhere is another mention, not the passage.
CONTEXT_THRESHOLD = 0.6
# How alike a changed word of the quote must stay to be the same word with a typo; a name
# (a capitalised word) must stay more alike ("Cloudwat" is Cloudwatt, "SFR" is not "SNR").
WORD_THRESHOLD = 0.75
NAME_THRESHOLD = 0.85
# The weights of Hypothesis's match-quote: quote, prefix, suffix, then position as tie-break.
_QUOTE_WEIGHT, _PREFIX_WEIGHT, _SUFFIX_WEIGHT, _POSITION_WEIGHT = 50, 20, 20, 2
# Matching runs shorter than this are chance, not the passage.
_MIN_RUN = 3
# At most this many places of the text are tried as the start of a fuzzy match.
_MAX_GUESSES = 200

Outcome = Literal["unchanged", "moved", "proposed", "orphaned"]
UNCHANGED: Outcome = "unchanged"
MOVED: Outcome = "moved"
PROPOSED: Outcome = "proposed"
ORPHANED: Outcome = "orphaned"

_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"\b\w")
# French number words: a figure written out ("trois actionnaires") must survive as it is.
_NUMBER_WORDS = frozenset((
    "zero", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts", "trente",
    "quarante", "cinquante", "soixante", "cent", "cents", "mille", "million", "millions",
    "milliard", "milliards", "moitie", "tiers", "quart", "quarts", "double", "triple",
))  # fmt: skip


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
    # The passage as the file holds it, while this place awaits a person's confirmation: it is
    # what is saved, so that an unconfirmed guess never replaces the curated quote.
    original: Anchor | None = None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.original is not None

    @property
    def stored(self) -> Anchor:
        """The passage as it is saved: the original until a proposal is confirmed."""
        return self.original or self

    def confirm(self) -> Anchor:
        """This place accepted by a person: from now on it is what is saved."""
        return dataclasses.replace(self, original=None)

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
    """Whether the quote still stands at the anchor's offsets."""
    return (
        0 <= anchor.start < anchor.end <= len(text)
        and text[anchor.start : anchor.end] == anchor.quote
    )


@dataclass(frozen=True)
class Placement:
    """Where an anchor stands in a new version of its text, and how sure that is."""

    anchor: Anchor
    outcome: Outcome


def relocate(anchor: Anchor, text: str) -> Placement:
    """The anchor placed in ``text`` (a new version of its article), with its outcome.

    An anchor awaiting confirmation is placed again from its original, as a reload would.
    """
    stored = anchor.stored
    if matches(stored, text):
        found = dataclasses.replace(stored, orphaned=False) if stored.orphaned else stored
        return Placement(found, UNCHANGED)
    moved = _by_quote_and_context(stored, text)
    if moved is not None:
        return Placement(make_anchor(stored.article, text, *moved), MOVED)
    proposed = _best_proposal(stored, text)
    if proposed is not None:
        placed = make_anchor(stored.article, text, *proposed)
        return Placement(dataclasses.replace(placed, original=stored), PROPOSED)
    return Placement(dataclasses.replace(stored, orphaned=True), ORPHANED)


def reanchor(anchor: Anchor, text: str) -> Anchor:
    """The anchor placed in ``text``, or marked orphaned (``relocate`` says how sure it is)."""
    return relocate(anchor, text).anchor


def _context_at(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix ``make_anchor`` would keep for ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def _occurrences(quote: str, text: str) -> list[int]:
    found: list[int] = []
    start = text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def _by_quote_and_context(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The exact quote with a whole side of its context, if found: more context, then nearer.

    One whole side is enough: a passage right after a changed sentence keeps its suffix, one
    right before keeps its prefix. A side shorter than ``CONTEXT`` (the passage was at an end
    of the text) holds only at the same end, so it never vouches for another occurrence.
    """
    best: tuple[int, int] | None = None
    best_key: tuple[int, int, int] | None = None
    for start in _occurrences(anchor.quote, text):
        end = start + len(anchor.quote)
        prefix, suffix = _context_at(text, start, end)
        whole = (prefix == anchor.prefix) + (suffix == anchor.suffix)
        if not whole:
            continue
        context = _common_suffix(prefix, anchor.prefix) + _common_prefix(suffix, anchor.suffix)
        key = (whole, context, -abs(start - anchor.start))
        if best_key is None or key > best_key:
            best, best_key = (start, end), key
    return best


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


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _alike(a: str, b: str, floor: float) -> float | None:
    """``_likeness`` if it reaches ``floor``, else None; difflib's cheap upper bounds first,
    since most spans tried are far from the quote."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= floor else None


def _best_proposal(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The best-scored span that keeps every word of the quote and enough of its context."""
    best: tuple[int, int] | None = None
    best_score = 0.0
    for span in _candidate_spans(anchor, text):
        score = _score(anchor, text, *span)
        if score is not None and score > best_score:
            best, best_score = span, score
    return best


def _score(anchor: Anchor, text: str, start: int, end: int) -> float | None:
    """Hypothesis's match score of ``text[start:end]`` for the anchor; None if refused.

    Refused: a quote not alike enough, a context not alike enough, or a lost word.
    """
    found = text[start:end]
    quote_score = _alike(found, anchor.quote, FUZZY_THRESHOLD)
    if quote_score is None or not keeps_words(anchor.quote, found):
        return None
    prefix, suffix = _context_at(text, start, end)
    prefix_score = _likeness(prefix, anchor.prefix)
    suffix_score = _likeness(suffix, anchor.suffix)
    if (prefix_score + suffix_score) / 2 < CONTEXT_THRESHOLD:
        return None
    position_score = 1.0 - abs(start - anchor.start) / max(len(text), 1)
    total = (
        _QUOTE_WEIGHT * quote_score
        + _PREFIX_WEIGHT * prefix_score
        + _SUFFIX_WEIGHT * suffix_score
        + _POSITION_WEIGHT * position_score
    )
    return total / (_QUOTE_WEIGHT + _PREFIX_WEIGHT + _SUFFIX_WEIGHT + _POSITION_WEIGHT)


def keeps_words(quote: str, found: str) -> bool:
    """Whether ``found`` still says every word of ``quote``, give or take a typo.

    A record rests on its quote's words: "l'un de ses trois actionnaires" is not "l'un de ses
    actionnaires". So no word may go missing and figures (digits, number words) may not change
    at all; names (capitalised words) may differ by a slight typo, other words by a typo.
    Accents and case do not count. Words added to the passage are left for the person
    confirming it.
    """
    said = _WORD.findall(quote)
    now = _WORD.findall(found)
    matcher = difflib.SequenceMatcher(
        None, [fold(w) for w in said], [fold(w) for w in now], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            return False
        if tag != "replace":
            continue
        lost = said[i1:i2]
        if any(_is_figure(w) for w in lost):
            return False
        named = any(w[0].isupper() for w in lost)
        if not _still_there(lost, now[j1:j2], NAME_THRESHOLD if named else WORD_THRESHOLD):
            return False
    return True


def _still_there(lost: list[str], instead: list[str], threshold: float) -> bool:
    """Whether the words ``instead`` are ``lost`` with typos: each word alike to one of them,
    or all of them alike to all of those (a word split or two words run together)."""
    if _likeness(fold(" ".join(lost)), fold(" ".join(instead))) >= threshold:
        return True
    return all(
        max(_likeness(fold(word), fold(other)) for other in instead) >= threshold for word in lost
    )


def _is_figure(word: str) -> bool:
    return any(c.isdigit() for c in word) or fold(word) in _NUMBER_WORDS


def _candidate_spans(anchor: Anchor, text: str) -> set[tuple[int, int]]:
    """Spans of ``text`` worth scoring: the quote's exact occurrences, and fuzzy matches
    around each place where the quote may now start."""
    spans = {(s, s + len(anchor.quote)) for s in _occurrences(anchor.quote, text)}
    for guess in _start_guesses(anchor, text):
        spans.update(_fuzzy_spans(anchor.quote, text, guess))
    # A fuzzy span may start a word early ("l'ac sition" for "acquisition", whose middle was
    # cut): the same span from its next word is scored too.
    for start, end in list(spans):
        following = _WORD_START.search(text, start + 1, end)
        if following is not None:
            spans.add((following.start(), end))
    return spans


def _start_guesses(anchor: Anchor, text: str) -> list[int]:
    """Where the quote may now start: its old place, after its prefix, before its suffix,
    where its longest run with the text stands, and before each of its longer words."""
    quote = anchor.quote
    guesses = [anchor.start]
    if len(anchor.prefix) == CONTEXT:
        guesses += [p + CONTEXT for p in _occurrences(anchor.prefix, text)]
    if len(anchor.suffix) == CONTEXT:
        guesses += [p - len(quote) for p in _occurrences(anchor.suffix, text)]
    longest = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    if longest.size:
        guesses.append(longest.a - longest.b)
    for word in _WORD.finditer(quote):
        if len(word.group()) >= 4:
            guesses += [p - word.start() for p in _occurrences(word.group(), text)]
    unique: list[int] = []
    for guess in sorted({min(max(g, 0), len(text)) for g in guesses}):
        # Guesses a few characters apart search the same window and find the same span.
        if not unique or guess - unique[-1] > _MIN_RUN:
            unique.append(guess)
    return unique[:_MAX_GUESSES]


def _fuzzy_spans(quote: str, text: str, guess: int) -> set[tuple[int, int]]:
    """The spans most like the quote near ``guess``: the matching runs around that place give
    where the quote's first and last characters now stand.

    Runs shorter than ``_MIN_RUN`` are chance, except at the quote's very ends, where they
    may be all that is left of its first or last word ("Dépôx ts"): both readings are tried.
    """
    if not quote.strip():
        return set()
    lo = max(0, guess - len(quote) // 2)
    hi = min(len(text), guess + len(quote) + len(quote) // 2)
    matcher = difflib.SequenceMatcher(None, text[lo:hi], quote, autojunk=False)
    runs = [b for b in matcher.get_matching_blocks() if b.size]
    spans: set[tuple[int, int]] = set()
    for keep_ends in (False, True):
        blocks = [
            b
            for b in runs
            if b.size >= _MIN_RUN or (keep_ends and (b.b == 0 or b.b + b.size == len(quote)))
        ]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        start = max(0, lo + first.a - first.b)
        end = min(len(text), lo + last.a + last.size + (len(quote) - last.b - last.size))
        if start < end:
            spans.add(_to_word_bounds(quote, text, start, end))
    return spans


def _to_word_bounds(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words where the quote begins or ends with a whole word: an
    edit at a word's edge must not cut the word in two."""
    if quote[0].isalnum():
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
    if quote[-1].isalnum():
        while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
            end += 1
    return start, end
