"""Matching and ranking a parsed Whoosh query over the index's posting arrays, with NumPy.

Whoosh parses the query and stores the postings; this module evaluates the query tree on
whole posting lists at once: a term is its documents and BM25F scores (Whoosh's formula and
statistics), AND intersects, OR unites, NOT subtracts; a phrase of two common words is its
pair's posting list (the body's word pairs), any other phrase intersects its pairs and words,
then follows their positions; a date range compares a column of dates; an id is looked up in
a map of each segment's ids.
Every matching article is scored, so the top N is exact and the count is the true count, and
a query costs a few array operations per term instead of a Python call per posting (Whoosh's
matchers took 60 ms for two common words at 10,000 articles). Query forms this module does
not know (fuzzy terms, phrases in name fields) are answered by Whoosh's own matchers, at a
constant score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, ClassVar

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from archive_gui.core.search.postings import (
    IDS,
    VALUE_LENGTHS,
    WEIGHTS,
    ArrayCharacters,
    PostingBlock,
    length_codes,
    read_postings,
)
from archive_gui.core.search.whoosh_compat import byte_to_length, numeric_column

# How many segments' maps of ids ``segment_ids`` keeps (an index of a million articles has
# about 250 segments).
MAX_CACHED_SEGMENTS = 1024
# Whoosh's BM25F defaults.
B, K1 = 0.75, 1.2

IntArray = np.ndarray[Any, np.dtype[np.int64]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
_NO_DOCS: IntArray = np.zeros(0, dtype=np.int64)
_NO_SCORES: FloatArray = np.zeros(0, dtype=np.float64)
UINT32 = np.dtype("<u4")
FLOAT32 = np.dtype("<f4")
# Whoosh stores a field's length in one byte (a logarithmic scale): the length of each code.
LENGTH_OF_CODE = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)


def block_occurrences(block: PostingBlock) -> tuple[IntArray, IntArray]:
    """The (position, start, end) rows of every posting of a block of ArrayCharacters values,
    and where each posting's rows begin (``count + 1`` offsets)."""
    lengths = np.frombuffer(block.part(VALUE_LENGTHS), UINT32).astype(np.int64)
    rows = np.frombuffer(block.values(), UINT32).reshape(-1, 3).astype(np.int64)
    bounds = np.zeros(block.count + 1, dtype=np.int64)
    np.cumsum(lengths // 12, out=bounds[1:])
    return rows, bounds


@dataclass(frozen=True)
class Matches:
    """Matching documents (global docnums, ascending) and their scores."""

    docs: IntArray
    scores: FloatArray

    def __len__(self) -> int:
        return len(self.docs)


NO_MATCHES = Matches(_NO_DOCS, _NO_SCORES)


@dataclass(frozen=True)
class Occurrences:
    """Where a term or phrase occurs: one row per occurrence, ordered by document."""

    docs: IntArray
    starts: IntArray
    ends: IntArray

    def of(self, docnums: IntArray) -> Occurrences:
        keep = np.isin(self.docs, docnums)
        return Occurrences(self.docs[keep], self.starts[keep], self.ends[keep])


@dataclass
class TermPostings:
    """One term's posting list across all segments, with occurrences decoded on demand."""

    docs: IntArray
    weights: FloatArray
    # Each block with the first docnum of its segment, in the order of ``docs``...
    blocks: list[tuple[PostingBlock, int]]
    # ... and the index in ``docs`` of each block's first posting.
    block_starts: IntArray

    def occurrences(self, among: IntArray | None = None) -> tuple[Occurrences, IntArray]:
        """The occurrences of the term in the documents ``among`` (all if None), and each
        occurrence's position. Only the blocks that hold those documents are decoded."""
        if among is None:
            postings = np.arange(len(self.docs))
        else:
            index = np.searchsorted(self.docs, among)
            index = index[index < len(self.docs)]
            postings = np.unique(index[np.isin(self.docs[index], among)])
        if not len(postings):
            return Occurrences(_NO_DOCS, _NO_DOCS, _NO_DOCS), _NO_DOCS
        block_of = np.searchsorted(self.block_starts, postings, side="right") - 1
        parts = []
        for b in np.unique(block_of).tolist():
            block, _ = self.blocks[b]
            rows, bounds = block_occurrences(block)
            local = postings[block_of == b] - self.block_starts[b]
            counts = bounds[local + 1] - bounds[local]
            within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            parts.append(
                (
                    np.repeat(local + self.block_starts[b], counts),
                    rows[np.repeat(bounds[local], counts) + within],
                )
            )
        which = np.concatenate([w for w, _ in parts])
        rows = np.concatenate([r for _, r in parts])
        return Occurrences(self.docs[which], rows[:, 1], rows[:, 2]), rows[:, 0]


@dataclass
class Evaluation:
    """A query's matches, the occurrences of its phrases (for highlighting), and the posting
    lists it read (each is read once per search)."""

    matches: Matches
    # Each phrase of the query (by value) -> where it occurs in the documents it matched.
    phrases: dict[wq.Query, Occurrences] = field(default_factory=dict)
    postings: dict[tuple[str, bytes], TermPostings] = field(default_factory=dict)

    def best(self, limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best (docnum, score), best first; ties go to the earlier document."""
        return list(top(self.matches, limit))


class IndexArrays:
    """The arrays of one searcher's view of the index: field lengths, the live articles, and
    the posting lists that queries ask for."""

    def __init__(
        self,
        searcher: Searcher,
        universe_query: wq.Term,
        pairs_field: dict[str, str] | None = None,
    ) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        # A text field -> the field of its word pairs, if it has one.
        self.pairs_field = pairs_field or {}
        # An index with no segment (an archive with no article yet) has one empty reader,
        # which holds no posting list to read.
        self._readers = [
            (sub.reader(), offset)
            for sub, offset in searcher.leaf_searchers()
            if sub.reader().doc_count_all()
        ]
        # Each document's row in the results (``index.listed_hit``), by document number (an
        # index with no article has no such column, and no result).
        reader = searcher.reader()
        self.listing: Any = reader.column_reader("listing") if reader.has_column("listing") else {}
        self._lengths: dict[str, FloatArray] = {}
        self._columns: dict[str, np.ndarray[Any, Any]] = {}
        self.doccount = searcher.doc_count_all()
        universe = self.term_postings(universe_query.fieldname, universe_query.text, {})
        self.universe = self._live(universe.docs)
        # The articles searches found, by id: highlighting them later finds them here (the
        # first look-up of an id in the segments' maps reads every id: 0.5 s at 100,000).
        self.found: dict[str, int] = {}
        # The last search's query, as evaluated, and its evaluation: highlighting its results
        # then reads none of its posting lists again (5 to 10 ms at 100,000 articles).
        self.last_search: tuple[str, wq.Query, Evaluation] | None = None

    def term_postings(
        self, fieldname: str, text: Any, memo: dict[tuple[str, bytes], TermPostings]
    ) -> TermPostings:
        """A term's postings, read once per ``memo``."""
        btext = self.schema[fieldname].to_bytes(text)
        found = memo.get((fieldname, btext))
        if found is not None:
            return found
        docs, weights, blocks = [], [], []
        for reader, offset in self._readers:
            for block in read_postings(reader, fieldname, btext):
                docs.append(np.frombuffer(block.part(IDS), UINT32).astype(np.int64) + offset)
                weights.append(np.frombuffer(block.part(WEIGHTS), FLOAT32).astype(np.float64))
                blocks.append((block, offset))
        if docs:
            sizes = np.array([len(d) for d in docs])
            found = TermPostings(
                np.concatenate(docs), np.concatenate(weights), blocks, np.cumsum(sizes) - sizes
            )
        else:
            found = TermPostings(_NO_DOCS, _NO_SCORES, [], _NO_DOCS)
        memo[fieldname, btext] = found
        return found

    def lengths(self, fieldname: str) -> FloatArray:
        found = self._lengths.get(fieldname)
        if found is None:
            found = np.zeros(self.doccount, dtype=np.float64)
            for reader, offset in self._readers:
                codes = np.frombuffer(length_codes(reader, fieldname), np.uint8)
                found[offset : offset + len(codes)] = LENGTH_OF_CODE[codes]
            self._lengths[fieldname] = found
        return found

    def column(self, fieldname: str) -> np.ndarray[Any, Any]:
        """Each document's value of a sortable numeric field (a date: microseconds since
        year 1), the field's default where it has none; read once per searcher."""
        found = self._columns.get(fieldname)
        if found is None:
            field = self.schema[fieldname]
            dtype = np.dtype(">" + field.sortable_typecode)
            found = np.full(self.doccount, field.default, dtype=dtype.newbyteorder("="))
            for reader, offset in self._readers:
                values = np.frombuffer(numeric_column(reader, fieldname), dtype)
                found[offset : offset + len(values)] = values
            self._columns[fieldname] = found
        return found

    def docs_with_id(self, fieldname: str, text: str) -> IntArray:
        """The documents whose unique ``fieldname`` is ``text``, deleted versions included:
        a fact field resolves to articles by their ids, a hundred of them for a common name,
        and looking each up in every segment took most of such a search."""
        btext = self.schema[fieldname].to_bytes(text)
        docs = [
            offset + local
            for reader, offset in self._readers
            for local in segment_ids(reader, fieldname).get(btext, ())
        ]
        return np.array(sorted(docs), dtype=np.int64)

    def article_docnum(self, article_id: str) -> int | None:
        """The document of the article ``article_id`` in this view of the index, if any."""
        found = self.found.get(article_id)
        if found is None:
            docs = self.docs_with_id("id", article_id)
            live = docs[np.isin(docs, self.universe)].tolist()
            found = live[0] if live else None
        return found

    def _live(self, docs: IntArray) -> IntArray:
        """``docs`` without the deleted documents."""
        deleted = [
            np.fromiter(reader.deleted_docs_set, dtype=np.int64) + offset
            for reader, offset in self._readers
            if reader.has_deletions()
        ]
        if not deleted:
            return docs
        return np.setdiff1d(docs, np.concatenate(deleted), assume_unique=True)

    def bm25(self, fieldname: str, text: Any, docs: IntArray, weights: FloatArray) -> FloatArray:
        """Whoosh's BM25F score of a term in each of ``docs`` (``weights`` are its weights)."""
        if not self.schema[fieldname].scorable:
            return weights
        searcher = self.searcher
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths(fieldname)[docs]
        scores: FloatArray = (
            idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))
        )
        return scores

    def hit_spans(
        self, leaves: list[wq.Query], evaluation: Evaluation | None, docnums: list[int]
    ) -> dict[int, list[tuple[str, int, int]]]:
        """Every occurrence of the terms and phrases ``leaves`` in each of ``docnums``, as
        (field, start, end), title first, then in text order. ``evaluation`` is the search's
        that found them, whose posting lists and phrases are read again (None: read them)."""
        evaluation = evaluation or Evaluation(NO_MATCHES)
        among = np.array(docnums, dtype=np.int64)
        spans: dict[int, set[tuple[str, int, int]]] = {d: set() for d in docnums}
        for leaf in leaves:
            name = leaf.field()
            if isinstance(leaf, wq.Term):
                postings = self.term_postings(name, leaf.text, evaluation.postings)
                found, _ = postings.occurrences(among)
            elif leaf in evaluation.phrases:
                found = evaluation.phrases[leaf].of(among)
            elif isinstance(leaf, wq.Phrase) and isinstance(
                self.schema[name].format, ArrayCharacters
            ):
                found = self.phrase_in(leaf, among, evaluation)  # matched by its pair alone
            else:
                continue
            for docnum, start, end in zip(
                found.docs.tolist(), found.starts.tolist(), found.ends.tolist(), strict=True
            ):
                spans[docnum].add((name, start, end))
        return {d: sorted(s, key=lambda t: (t[0] != "title", t[1], t[2])) for d, s in spans.items()}

    # -- evaluating a query ----------------------------------------------------------------

    def evaluate(self, q: wq.Query) -> Evaluation:
        """The live articles ``q`` matches, scored, and its phrases' occurrences."""
        evaluation = Evaluation(NO_MATCHES)
        matches = self._evaluate(q, evaluation)
        evaluation.matches = restrict(matches, self.universe)
        return evaluation

    def _evaluate(self, q: wq.Query, evaluation: Evaluation) -> Matches:
        handler = self._handlers.get(type(q))
        if handler is None:
            return self._by_whoosh(q)
        return handler(self, q, evaluation)

    def _term(self, q: wq.Term, evaluation: Evaluation) -> Matches:
        if self.schema[q.fieldname].unique:
            docs = self.docs_with_id(q.fieldname, q.text)
            return Matches(docs, np.full(len(docs), float(q.boost)))
        postings = self.term_postings(q.fieldname, q.text, evaluation.postings)
        if not len(postings.docs):
            return NO_MATCHES
        scores = self.bm25(q.fieldname, q.text, postings.docs, postings.weights)
        return Matches(postings.docs, scores * q.boost)

    def _and(self, q: wq.And, evaluation: Evaluation) -> Matches:
        positive = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        negative = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        if positive:
            result = self._evaluate(positive[0], evaluation)
            for child in positive[1:]:
                if not len(result):
                    break
                result = intersect(result, self._evaluate(child, evaluation))
        else:
            result = self._everything()
        for child in negative:
            if not len(result):
                break
            result = subtract(result, self._evaluate(child, evaluation))
        return scaled(result, q.boost)

    def _or(self, q: wq.Or, evaluation: Evaluation) -> Matches:
        children = [self._evaluate(child, evaluation) for child in q.subqueries]
        return scaled(unite(children, self.doccount), q.boost)

    def _not(self, q: wq.Not, evaluation: Evaluation) -> Matches:
        return subtract(self._everything(), self._evaluate(q.query, evaluation))

    def _everything(self) -> Matches:
        """Every live article, scored 0."""
        return Matches(self.universe, np.zeros(len(self.universe)))

    def _and_not(self, q: wq.AndNot, evaluation: Evaluation) -> Matches:
        return subtract(self._evaluate(q.a, evaluation), self._evaluate(q.b, evaluation))

    def _and_maybe(self, q: wq.AndMaybe, evaluation: Evaluation) -> Matches:
        required = self._evaluate(q.a, evaluation)
        optional = restrict(self._evaluate(q.b, evaluation), required.docs)
        return unite([required, optional], self.doccount)

    def _require(self, q: wq.Require, evaluation: Evaluation) -> Matches:
        scored = self._evaluate(q.a, evaluation)
        return restrict(scored, self._evaluate(q.b, evaluation).docs)

    def _null(self, q: wq.Query, evaluation: Evaluation) -> Matches:
        return NO_MATCHES

    def _every(self, q: wq.Every, evaluation: Evaluation) -> Matches:
        return Matches(self.universe, np.full(len(self.universe), float(q.boost)))

    def _phrase(self, q: wq.Phrase, evaluation: Evaluation) -> Matches:
        words = list(q.words)
        if not words:
            return NO_MATCHES
        if not isinstance(self.schema[q.fieldname].format, ArrayCharacters):
            return self._by_whoosh(q)  # a name field: small, its positions pickled by Whoosh
        pairs = self.pairs_field.get(q.fieldname, "")
        slop = max(1, int(q.slop))
        common = self.schema[pairs].common if pairs and slop == 1 else frozenset()
        indexed = [(a, b) for a, b in pairwise(words) if {a, b} <= common]
        if len(words) == 2 and indexed:
            # The pair's own posting list: its articles, and how often it occurs in each.
            found_pair = self.term_postings(pairs, f"{words[0]} {words[1]}", evaluation.postings)
            docs, counts = found_pair.docs, found_pair.weights
        else:
            # The articles that hold every indexed pair and every other word; then the
            # positions of those articles only.
            covered = {word for pair in indexed for word in pair}
            lists = [
                self.term_postings(pairs, f"{a} {b}", evaluation.postings).docs for a, b in indexed
            ]
            lists += [
                self.term_postings(q.fieldname, w, evaluation.postings).docs
                for w in words
                if w not in covered
            ]
            lists.sort(key=len)
            candidates = lists[0]
            for docs in lists[1:]:
                candidates = candidates[_found_in(candidates, docs)[0]]
            if not len(candidates):
                return NO_MATCHES
            found = self.phrase_in(q, candidates, evaluation)
            if not len(found.docs):
                return NO_MATCHES
            evaluation.phrases[q] = found
            docs, whole = np.unique(found.docs, return_counts=True)
            counts = whole.astype(np.float64)
        if not len(docs):
            return NO_MATCHES
        frequency = counts * self.schema[q.fieldname].format.field_boost
        scores = sum(self.bm25(q.fieldname, w, docs, frequency) for w in words)
        return Matches(docs, np.asarray(scores, dtype=np.float64) * q.boost)

    def phrase_in(self, q: wq.Phrase, among: IntArray, evaluation: Evaluation) -> Occurrences:
        """Where the phrase ``q`` occurs in the documents ``among``, from its words' positions
        (decoded for those documents only)."""
        postings = [self.term_postings(q.fieldname, w, evaluation.postings) for w in q.words]
        return phrase_occurrences([p.occurrences(among) for p in postings], max(1, int(q.slop)))

    def _numeric_range(self, q: wq.NumericRange, evaluation: Evaluation) -> Matches:
        """A range of dates (``date:2015``, ``date:[2010 TO 2014]``) from the field's column,
        at a constant score as Whoosh gives it; a field with no column goes to Whoosh."""
        field = self.schema[q.fieldname]
        if field.column_type is None:
            return self._by_whoosh(q)
        values = self.column(q.fieldname)
        keep = values != field.default  # no value: in no range
        if q.start is not None:
            keep &= values > q.start if q.startexcl else values >= q.start
        if q.end is not None:
            keep &= values < q.end if q.endexcl else values <= q.end
        docs = np.flatnonzero(keep)
        return Matches(docs, np.full(len(docs), float(q.boost)))

    def _by_whoosh(self, q: wq.Query) -> Matches:
        docs = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
        docs.sort()
        return Matches(docs, np.full(len(docs), float(getattr(q, "boost", 1.0))))

    _handlers: ClassVar[dict[type, Callable[[IndexArrays, Any, Evaluation], Matches]]] = {
        wq.Term: _term,
        wq.And: _and,
        wq.Or: _or,
        wq.Not: _not,
        wq.AndNot: _and_not,
        wq.AndMaybe: _and_maybe,
        wq.Require: _require,
        wq.Every: _every,
        wq.Phrase: _phrase,
        wq.NumericRange: _numeric_range,
        wq.DateRange: _numeric_range,
        type(wq.NullQuery): _null,
    }


# (segment id, field) -> each value of a unique field in that segment -> its documents there.
# Segments never change once written (deletions aside, which the caller filters), so the map
# of a segment is made once, and kept while its segment is in use.
_SEGMENT_IDS: dict[tuple[str, str], dict[bytes, tuple[int, ...]]] = {}


def segment_ids(reader: Any, fieldname: str) -> dict[bytes, tuple[int, ...]]:
    """Each value of the unique field ``fieldname`` in a segment -> its document numbers
    there (one, or more if a document was replaced within the segment)."""
    key = (reader.segment().segment_id(), fieldname)
    found = _SEGMENT_IDS.get(key)
    if found is None:
        found = {}
        for btext, info in reader.iter_field(fieldname):
            if info.doc_frequency() == 1:
                found[btext] = (info.min_id(),)
            else:
                found[btext] = tuple(
                    int(d) for b in read_postings(reader, fieldname, btext) for d in b.id_array()
                )
        if len(_SEGMENT_IDS) >= MAX_CACHED_SEGMENTS:
            _SEGMENT_IDS.clear()
        _SEGMENT_IDS[key] = found
    return found


def phrase_occurrences(words: list[tuple[Occurrences, IntArray]], slop: int) -> Occurrences:
    """Where the words follow each other, each at most ``slop`` positions after the last."""
    first, positions = words[0]
    docs, starts, ends, at = first.docs, first.starts, first.ends, positions
    for occurrences, positions in words[1:]:
        keys = _keys(occurrences.docs, positions)
        order = np.argsort(keys)
        sorted_keys = keys[order]
        found_rows = np.full(len(docs), -1, dtype=np.int64)
        found_at = at.copy()
        for step in range(slop, 0, -1):  # the nearest next word wins
            wanted = _keys(docs, at + step)
            index = np.searchsorted(sorted_keys, wanted)
            index[index >= len(sorted_keys)] = 0
            hit = (sorted_keys[index] == wanted) if len(sorted_keys) else np.zeros(len(docs), bool)
            found_rows[hit] = order[index[hit]]
            found_at[hit] = at[hit] + step
        keep = found_rows >= 0
        docs, starts, at = docs[keep], starts[keep], found_at[keep]
        ends = occurrences.ends[found_rows[keep]]
        if not len(docs):
            break
    return Occurrences(docs, starts, ends)


def _keys(docs: IntArray, positions: IntArray) -> IntArray:
    keys: IntArray = (docs << 32) | positions
    return keys


# -- set operations on matches -------------------------------------------------------------


def _found_in(docs: IntArray, among: IntArray) -> tuple[Any, IntArray]:
    """Which of ``docs`` are in ``among`` (both ascending), and where each is in ``among``:
    a binary search of each, rather than sorting both together as ``np.intersect1d`` and
    ``np.isin`` do (most of the time of an AND of two common words on a large archive)."""
    where = np.searchsorted(among, docs)
    where[where == len(among)] = 0
    found = among[where] == docs if len(among) else np.zeros(len(docs), dtype=bool)
    return found, where


def intersect(a: Matches, b: Matches) -> Matches:
    if len(b) < len(a):
        a, b = b, a
    found, where = _found_in(a.docs, b.docs)
    return Matches(a.docs[found], a.scores[found] + b.scores[where[found]])


def unite(parts: list[Matches], doccount: int) -> Matches:
    """The documents any of ``parts`` matches, with the sum of their scores."""
    parts = [p for p in parts if len(p)]
    if len(parts) < 2:
        return parts[0] if parts else NO_MATCHES
    docs = np.concatenate([p.docs for p in parts])
    present = np.zeros(doccount, dtype=bool)
    present[docs] = True
    scores = np.concatenate([p.scores for p in parts])
    totals: FloatArray = np.bincount(docs, weights=scores, minlength=doccount).astype(np.float64)
    united = np.flatnonzero(present)
    return Matches(united, totals[united])


def subtract(a: Matches, b: Matches) -> Matches:
    if not len(a) or not len(b):
        return a
    keep = ~_found_in(a.docs, b.docs)[0]
    return Matches(a.docs[keep], a.scores[keep])


def restrict(a: Matches, docs: IntArray) -> Matches:
    keep = _found_in(a.docs, docs)[0]
    return Matches(a.docs[keep], a.scores[keep])


def scaled(a: Matches, boost: float) -> Matches:
    return a if boost == 1 else Matches(a.docs, a.scores * boost)


def top(matches: Matches, limit: int) -> Iterator[tuple[int, float]]:
    """The ``limit`` best (docnum, score), best first; ties go to the earlier document."""
    docs, scores = matches.docs, matches.scores
    if len(docs) > limit > 0:
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= threshold
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[: max(limit, 0)]
    for i in order:
        yield int(docs[i]), float(scores[i])
