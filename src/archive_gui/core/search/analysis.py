"""French text analysis shared by indexing and querying.

The same chain runs on article text and on query text, so that what a user types meets what
the article says: case and accents folded, elisions removed, no-break spaces treated as spaces,
thousands written with a space joined, French stop words dropped and words stemmed.
Every token keeps the character offsets of the words it came from, in the original string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Composable, Filter, LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

from archive_gui.core.text import NUMBER_SPACES, fold

APOSTROPHES = "'\u2019\u02bc"

_MARKS = "\u0300-\u036f"
# A number with spaces as thousands separators ("4 000", "29 242 500"), a decimal number
# ("16,3"), or a word that may hold apostrophes ("l'hébergeur", "aujourd'hui").
TOKEN_PATTERN = re.compile(
    rf"\d{{1,3}}(?:[{NUMBER_SPACES}]\d{{3}})+(?![\d{_MARKS}])"
    rf"|\d+(?:[.,]\d+)*"
    rf"|[^\W_][\w{_MARKS}]*(?:[{APOSTROPHES}][^\W_][\w{_MARKS}]*)*"
)
_THOUSANDS_IN_QUERY = re.compile(rf"(?<![\d.,])(\d{{1,3}})((?:[{NUMBER_SPACES}]\d{{3}})+)(?!\d)")

# Elided articles, pronouns and conjunctions that attach to the next word.
ELISIONS = frozenset(
    ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)


def normalize_query_numbers(query: str) -> str:
    """Join digit groups typed with a space ("4 000") into the single term the index holds."""
    return _THOUSANDS_IN_QUERY.sub(
        lambda m: m.group(1) + re.sub(rf"[{NUMBER_SPACES}]", "", m.group(2)), query
    )


class FrenchTokenizer(Tokenizer):  # type: ignore[misc]
    """Splits French text into words and numbers, keeping their character offsets.

    Text that the query parser passes untokenized (prefixes, wildcards, ranges) is marked
    ``verbatim`` so that the stemmer leaves it alone: ``hébe*`` must stay a prefix of words.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            token.verbatim = True
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for pos, match in enumerate(TOKEN_PATTERN.finditer(value), start_pos):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            token.verbatim = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class ElisionFilter(Filter):  # type: ignore[misc]
    """Drops an elided prefix ("l'", "qu’") so that "l'hébergeur" indexes as "hébergeur"."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text
            for i, ch in enumerate(text):
                if ch in APOSTROPHES:
                    if fold(text[:i]) in ELISIONS and i + 1 < len(text):
                        token.text = text[i + 1 :]
                        if hasattr(token, "startchar"):
                            token.startchar += i + 1
                    break
            yield token


class FoldFilter(Filter):  # type: ignore[misc]
    """Folds case and accents, and removes the spaces inside numbers ("4 000" → "4000")."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            text = fold(token.text)
            if text[:1].isdigit():
                text = "".join(ch for ch in text if ch not in NUMBER_SPACES)
            token.text = text
            yield token


# Snowball gives different stems to forms of one verb that readers of deal news expect to
# match ("rachat", "rachète"; "reprise", "reprendrait"): each family is joined under one stem.
STEM_FAMILIES = {
    "rachat": "rachet",
    "repr": "repris",
    "reprendr": "repris",
    "reprend": "repris",
    "repren": "repris",
    "acquisit": "acquer",
    "acquiert": "acquer",
    "acquis": "acquer",
    "cession": "ced",
    "cesion": "ced",
    "absorpt": "absorb",
    "fusion": "fusion",
    "fusionn": "fusion",
}


# Marks the unstemmed form of a word, indexed beside its stem so that prefixes match words:
# "hébergem*" must find "hébergement", whose stem is only "heberg".
WORD_MARK = "="


class WordFormFilter(Filter):  # type: ignore[misc]
    """Indexes each word's folded form (marked) beside the stem; queries use one or the other.

    When indexing, every word yields a marked copy of itself before it is stemmed. In a query,
    verbatim text (a prefix or wildcard) becomes the marked form, so it expands over words;
    other query words are left to the stemmer.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.mode == "query":
                if getattr(token, "verbatim", False):
                    token.text = WORD_MARK + token.text
                yield token
                continue
            if not token.text[:1].isdigit():
                word = token.copy()
                word.text = WORD_MARK + token.text
                word.verbatim = True
                yield word
            yield token


class FrenchStemFilter(Filter):  # type: ignore[misc]
    """Applies the French Snowball stemmer to words, never to numbers or verbatim query text."""

    def __init__(self) -> None:
        self._stem = stemmer_for_language("fr")
        self._cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        cache = self._cache
        for token in tokens:
            text = token.text
            if not getattr(token, "verbatim", False) and not text[:1].isdigit():
                stemmed = cache.get(text)
                if stemmed is None:
                    stem = self._stem(text)
                    stemmed = cache[text] = STEM_FAMILIES.get(stem, stem)
                token.text = stemmed
            yield token


# Whoosh's French list lacks a few of the most frequent function words.
EXTRA_STOPWORDS = ("les", "ils", "elles", "leurs", "cet", "cette", "dont")
FOLDED_STOPWORDS = frozenset(
    fold(word) for word in (*stopwords_for_language("fr"), *EXTRA_STOPWORDS)
)


def french_analyzer() -> Composable:
    """The analyzer for French running text: what the body and title are indexed with."""
    return (
        FrenchTokenizer()
        | ElisionFilter()
        | FoldFilter()
        | StopFilter(stoplist=FOLDED_STOPWORDS, minsize=1)
        | WordFormFilter()
        | FrenchStemFilter()
    )


def name_analyzer() -> Composable:
    """The analyzer for names (authors, publications, companies): folded, never stemmed."""
    return FrenchTokenizer() | ElisionFilter() | FoldFilter() | LowercaseFilter()


_INDEX_ANALYZER = french_analyzer()
# A stem is common, and its pairs indexed, if it is in this share of the articles...
COMMON_SHARE = 0.2
# ... and among this many of the most frequent.
MAX_COMMON_STEMS = 3000
# Raw token (as the tokenizer matched it) -> how far an elision moves its start, and its terms
# (none for a stop word). Running text repeats a few thousand tokens: each is analysed once.
_TOKEN_TERMS: dict[str, tuple[int, tuple[str, ...]]] = {}
_TOKEN_CACHE_LIMIT = 500_000


def _token_terms(raw: str) -> tuple[int, tuple[str, ...]]:
    """What ``french_analyzer`` indexes of one token, found by running it on the token alone."""
    terms, shift = [], 0
    for token in _INDEX_ANALYZER(raw, positions=True, chars=True, mode="index"):
        terms.append(token.text)
        shift = token.startchar
    if len(_TOKEN_TERMS) >= _TOKEN_CACHE_LIMIT:
        _TOKEN_TERMS.clear()
    entry = _TOKEN_TERMS[raw] = (shift, tuple(terms))
    return entry


def index_terms(text: str) -> dict[str, list[int]]:
    """Term -> ``[position, start, end, ...]`` of each of its occurrences in ``text``.

    The same terms, positions and offsets as ``french_analyzer`` in index mode, several times
    faster: each distinct token is analysed once, and the analyzer's per-token objects are
    skipped. Positions count the words that are not stop words, as Whoosh's StopFilter
    renumbers them, so that a phrase matches across a stop word.
    """
    return analysed(text)[0]


def word_pairs(text: str, common: frozenset[str]) -> dict[str, int]:
    """Each pair of ``common`` stems that follow each other in ``text`` (as a phrase query of
    two words finds them, across a stop word) -> how often it occurs.

    A phrase of two common words is then one posting list to read, not the positions of the
    thousands of articles that hold both words; a phrase with a rarer word is quick from the
    positions of the few articles that hold it, and needs no pair.
    """
    pairs: dict[str, int] = {}
    previous = ""
    for stem in analysed(text)[1]:
        if stem in common:
            if previous:
                pair = f"{previous} {stem}"
                pairs[pair] = pairs.get(pair, 0) + 1
            previous = stem
        else:
            previous = ""
    return pairs


def common_stems(texts: Iterable[str], share: float = COMMON_SHARE) -> frozenset[str]:
    """The stems found in at least ``share`` of ``texts`` (and in two of them at least), at
    most MAX_COMMON_STEMS of them, the most frequent first: the words whose pairs are
    indexed. The index is built with a sample of its articles' texts."""
    counts: dict[str, int] = {}
    seen = 0
    for text in texts:
        seen += 1
        for stem in set(analysed(text)[1]):
            counts[stem] = counts.get(stem, 0) + 1
    least = max(2, share * seen)
    frequent = sorted((n, stem) for stem, n in counts.items() if n >= least)
    return frozenset(stem for _, stem in frequent[-MAX_COMMON_STEMS:])


# The last text analysed and what ``analysed`` found: the body's terms and its word pairs
# are two fields of one document, indexed one after the other from the same string.
_last_analysed: tuple[str, tuple[dict[str, list[int]], list[str]]] | None = None


def analysed(text: str) -> tuple[dict[str, list[int]], list[str]]:
    """``index_terms`` of ``text``, and its stems in the order of their positions, found in
    one pass."""
    global _last_analysed
    last = _last_analysed
    if last is not None and last[0] is text:
        return last[1]
    found: dict[str, list[int]] = {}
    stems: list[str] = []
    known = _TOKEN_TERMS.get
    pos: int | None = None
    for index, match in enumerate(TOKEN_PATTERN.finditer(text)):
        raw = match.group()
        shift, terms = known(raw) or _token_terms(raw)
        if not terms:
            continue
        pos = index if pos is None else pos + 1
        start = match.start() + shift
        end = match.end()
        for term in terms:
            occurrences = found.get(term)
            if occurrences is None:
                found[term] = [pos, start, end]
            else:
                occurrences += (pos, start, end)
        stems.append(terms[-1])  # a word's marked form comes first, its stem last
    result = (found, stems)
    _last_analysed = (text, result)
    return result


def analyze(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) for each term a query of ``text`` looks for: stems, not word forms."""
    return [
        (token.text, token.startchar, token.endchar)
        for token in french_analyzer()(text, chars=True, positions=True, mode="query")
    ]
