"""Whoosh postings stored as plain arrays, written in bulk and read whole into NumPy.

Whoosh's own codec pickles and compresses each block of 128 postings together with their
positions, so that reading the document numbers of a common word means unpickling every
position it has: about a microsecond a posting, 10 ms for a word in most articles of an
archive of 10,000. This codec keeps Whoosh's files, term index, per-document columns and
block headers, and changes only the block contents: document numbers, weights and value
lengths as little-endian arrays, then the values (positions and offsets), compressed apart.
Document numbers and weights can then be read as arrays (``core/search/ranking.py`` reads them with
NumPy); values are only decompressed for the blocks a phrase or a highlight needs.

Indexing goes around Whoosh's external sort as well: ``BulkSegmentWriter`` keeps a segment's
postings in memory, grouped by term as they come, and writes them in term order at commit.

The Whoosh internals this relies on (its W3 codec's classes and the private fields they keep
a block in, a reader's term table and length columns) are reached through ``whoosh_compat``,
which is why whoosh-reloaded is pinned to one version.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from archive_gui.core.search.whoosh_compat import (
    BlockLeafMatcher,
    BlockPostingsWriter,
    Characters,
    CodecBase,
    FieldWriterBase,
    SegmentWriter,
    TermNotFound,
    emptybytes,
    index_segments,
    length_column_codes,
    segment_term_matcher,
)

BLOCK_LIMIT = 256
# Values of a block smaller than this are stored uncompressed.
COMPRESS_FROM = 64
_LITTLE = sys.byteorder == "little"
# Where each part of a block starts, in units of 4 bytes times the block's posting count.
IDS, WEIGHTS, VALUE_LENGTHS, VALUES = range(4)


def _le(values: array[Any]) -> bytes:
    """The bytes of an array in little-endian order, whatever the machine's."""
    if not _LITTLE:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from_le(typecode: str, data: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    if not _LITTLE:
        values.byteswap()
    return values


def encode_occurrences(flat: Iterable[int]) -> bytes:
    """A posting's value: ``position, start, end`` of each occurrence, as uint32."""
    return _le(array("I", flat))


class ArrayCharacters(Characters):  # type: ignore[misc]
    """Positions and character offsets as an array of uint32 triples instead of a pickle."""

    def encode(self, poslist: Iterable[tuple[int, int, int]]) -> bytes:
        return encode_occurrences(n for occurrence in poslist for n in occurrence)

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        flat = _from_le("I", valuestring)
        return list(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(_from_le("I", valuestring)[0::3])

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 12

    def decode_weight(self, valuestring: bytes) -> float:
        return float(self.decode_frequency(valuestring) * self.field_boost)


class ArrayCodec(CodecBase):
    """Whoosh's W3 codec with array blocks (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT, compression=1)

    def field_writer(self, storage: Any, segment: Any) -> ArrayFieldWriter:
        return ArrayFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors, which this project does not use
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile, blocklimit=self.block_limit, compression=self.compression_level
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(BlockPostingsWriter):
    """Writes blocks as arrays: ids, weights, value lengths, then the values."""

    def encode_block(
        self, ids: array[int], weights: array[float], values: list[bytes], compression: int
    ) -> tuple[bytes, int]:
        data = emptybytes.join(values)
        comp = compression if len(data) >= COMPRESS_FROM else 0
        if comp:
            data = zlib.compress(data, comp)
        lengths = array("I", map(len, values))
        return emptybytes.join((_le(ids), _le(weights), _le(lengths), data)), comp


class ArrayLeafMatcher(BlockLeafMatcher["PostingBlock"]):
    """Reads array blocks, for Whoosh's own matching and for ``read_postings``."""

    def decode_block(self, data: bytes, count: int, compressed: bool) -> PostingBlock:
        return PostingBlock(data, count, compressed)


def split_values(lengths: bytes, values: bytes) -> Iterator[bytes]:
    """The values of a block, cut by their lengths."""
    start = 0
    for length in _from_le("I", lengths):
        yield values[start : start + length]
        start += length


@dataclass(frozen=True)
class PostingBlock:
    """One block of a posting list as written by ArrayPostingsWriter."""

    data: bytes
    count: int
    compressed: bool

    def part(self, which: int) -> memoryview:
        """The little-endian 4-byte numbers of one part: IDS (uint32), WEIGHTS (float32) or
        VALUE_LENGTHS (uint32, in bytes)."""
        n = self.count
        return memoryview(self.data)[4 * n * which : 4 * n * (which + 1)]

    def values(self) -> bytes:
        """The values of every posting, one after the other, decompressed."""
        values = bytes(self.data[4 * self.count * VALUES :])
        return zlib.decompress(values) if self.compressed and values else values

    def id_array(self) -> array[int]:
        return _from_le("I", bytes(self.part(IDS)))

    def weight_array(self) -> array[float]:
        return _from_le("f", bytes(self.part(WEIGHTS)))

    def value_tuple(self) -> tuple[bytes, ...]:
        return tuple(split_values(bytes(self.part(VALUE_LENGTHS)), self.values()))


def read_postings(reader: Any, fieldname: str, text: bytes) -> list[PostingBlock]:
    """The blocks of one term's posting list in a segment, deleted documents included (none
    if the term is not there)."""
    try:
        matcher = segment_term_matcher(reader, fieldname, text)
    except TermNotFound:
        return []
    if not isinstance(matcher, ArrayLeafMatcher):
        raise TypeError(f"segment {reader.segment()} was not written by ArrayCodec")
    return list(matcher.blocks())


def written_by_array_codec(ix: Any) -> bool:
    """True if every segment of the index was written by ArrayCodec (one index can be read
    by this module only then)."""
    return all(isinstance(segment.codec(), ArrayCodec) for segment in index_segments(ix))


def length_codes(reader: Any, fieldname: str) -> bytes:
    """The length of ``fieldname`` in each document of a segment, one byte each, coded as
    Whoosh codes them (``byte_to_length`` decodes them); missing lengths are 0."""
    doccount = reader.doc_count_all()
    codes = length_column_codes(reader, fieldname, doccount)
    return codes + bytes(doccount - len(codes))


class ArrayFieldWriter(FieldWriterBase):
    """Writes sorted postings with each document's field length looked up once, not once per
    posting as Whoosh's generic loop does."""

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Any]) -> None:
        known: dict[tuple[int, str], int] = {}
        lastfield = lasttext = None
        add = self.add
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfield:
                if lasttext is not None:
                    self.finish_term()
                if lastfield is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfield, lasttext = fieldname, None
                add = self.current_postings_writer.add_posting
            if docnum == -1:  # Whoosh's marker of a spelling word, not a posting
                continue
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
            key = (docnum, fieldname)
            length = known.get(key)
            if length is None:
                found = lengths.doc_field_length(docnum, fieldname) if lengths else 0
                length = known[key] = found or 0
            add(docnum, weight, value or emptybytes, length)
        if lasttext is not None:
            self.finish_term()
        if lastfield is not None:
            self.finish_field()


class MemoryPool:
    """A segment's postings in memory, grouped by term as they are added.

    Whoosh's PostingPool pickles every posting to sorted runs on disk and merges them back,
    which was most of the cost of indexing; grouping by term leaves only the terms to sort.
    """

    def __init__(self) -> None:
        self._lists: defaultdict[tuple[str, bytes], list[tuple[int, float, bytes]]] = defaultdict(
            list
        )

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        self._lists[fieldname, text].append((docnum, weight, value or emptybytes))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for fieldname, text in sorted(self._lists):
            postings = self._lists[fieldname, text]
            postings.sort(key=_docnum)
            for docnum, weight, value in postings:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self._lists.clear()


def _docnum(posting: tuple[int, float, bytes]) -> int:
    return posting[0]


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with ArrayCodec and the postings kept in memory.

    Its segments are left as separate files: Whoosh opens a compound segment file by copying
    each part into memory (1.3 s and a gigabyte for an archive of 100,000 articles), while it
    reads separate files in place.
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, codec=ArrayCodec(), compound=False, **kwargs)
        self.pool = MemoryPool()
