"""Whoosh postings stored as plain arrays, written in bulk and read whole into NumPy.

Whoosh's own codec pickles and compresses each block of 128 postings together with their
positions, so that reading the document numbers of a common word means unpickling every
position it has: about a microsecond a posting, 10 ms for a word in most articles of an
archive of 10,000. This codec keeps Whoosh's files, term index, per-document columns and
block headers, and changes only the block contents: document numbers, weights and value
lengths as little-endian arrays, then the values (positions and offsets), compressed apart.
Document numbers and weights can then be read as arrays (``core/ranking.py`` reads them with
NumPy); values are only decompressed for the blocks a phrase or a highlight needs.

Indexing goes around Whoosh's external sort as well: ``BulkSegmentWriter`` keeps a segment's
postings in memory, grouped by term as they come, and writes them in term order at commit.

This module reaches into a few of Whoosh's internals (a reader's term table and length
columns, a matcher's block fields), which is why whoosh-reloaded is pinned to one version.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pickle import dumps
from typing import Any

from whoosh import formats
from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

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


class ArrayCharacters(formats.Characters):  # type: ignore[misc]
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


class ArrayCodec(whoosh3.W3Codec):  # type: ignore[misc]
    """Whoosh's W3 codec with array blocks (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT, compression=1)

    def field_writer(self, storage: Any, segment: Any) -> ArrayFieldWriter:
        return ArrayFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors, which this project does not use
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile, blocklimit=self._blocklimit, compression=self._compression
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(whoosh3.W3PostingsWriter):  # type: ignore[misc]
    """Writes blocks as arrays: ids, weights, value lengths, then the values."""

    def _new_block(self) -> None:
        self._ids = array("I")
        self._weights = array("f")
        self._values: list[bytes] = []
        self._minlength: int | None = None
        self._maxlength = 0
        self._maxweight = 0.0

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        # Every posting keeps a value, empty or not, so that values line up with ids.
        self._values.append(vbytes or emptybytes)
        if weight > self._maxweight:
            self._maxweight = weight
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        values = emptybytes.join(self._values)
        comp = self._compression if len(values) >= COMPRESS_FROM else 0
        if comp:
            values = zlib.compress(values, comp)
        lengths = array("I", map(len, self._values))
        data = emptybytes.join((_le(self._ids), _le(self._weights), _le(lengths), values))
        ids = self._ids
        info = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class ArrayLeafMatcher(whoosh3.W3LeafMatcher):  # type: ignore[misc]
    """Reads array blocks, for Whoosh's own matching and for ``read_postings``."""

    _data: PostingBlock | None

    def _block(self) -> PostingBlock:
        """The current block (Whoosh's ``_goto`` sets ``_data`` to None at each new one)."""
        block = self._data
        if block is None:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            block = self._data = PostingBlock(data, self._blocklength, bool(self._compression))
        return block

    def _read_ids(self) -> None:
        self._ids = _from_le("I", bytes(self._block().part(IDS)))

    def _read_weights(self) -> None:
        self._weights = _from_le("f", bytes(self._block().part(WEIGHTS)))

    def _read_values(self) -> None:
        if self._fixedsize == 0:
            self._values = (None,) * self._blocklength
            return
        block = self._block()
        self._values = tuple(split_values(bytes(block.part(VALUE_LENGTHS)), block.values()))

    def blocks(self) -> Iterator[PostingBlock]:
        """Every block from the current one on, undecoded."""
        while not self._atend:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            yield PostingBlock(data, self._blocklength, bool(self._compression))
            self._next_block()


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


def read_postings(reader: Any, fieldname: str, text: bytes) -> list[PostingBlock]:
    """The blocks of one term's posting list in a segment, deleted documents included (none
    if the term is not there)."""
    try:
        matcher = reader._terms.matcher(fieldname, text, reader.schema[fieldname].format)
    except TermNotFound:
        return []
    if not isinstance(matcher, ArrayLeafMatcher):
        raise TypeError(f"segment {reader.segment()} was not written by ArrayCodec")
    return list(matcher.blocks())


def written_by_array_codec(ix: Any) -> bool:
    """True if every segment of the index was written by ArrayCodec (one index can be read
    by this module only then)."""
    return all(isinstance(segment.codec(), ArrayCodec) for segment in ix._segments())


def length_codes(reader: Any, fieldname: str) -> bytes:
    """The length of ``fieldname`` in each document of a segment, one byte each, coded as
    Whoosh codes them (``byte_to_length`` decodes them); missing lengths are 0."""
    doccount = reader.doc_count_all()
    column = reader._perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    count = min(column._count, doccount) if column is not None else 0
    codes = column._dbfile.get(column._basepos, count) if count else emptybytes
    return bytes(codes) + bytes(doccount - count)


class ArrayFieldWriter(whoosh3.W3FieldWriter):  # type: ignore[misc]
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
                add = self._postwriter.add_posting
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
        self._terms: defaultdict[tuple[str, bytes], list[tuple[int, float, bytes]]] = defaultdict(
            list
        )

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        self._terms[fieldname, text].append((docnum, weight, value or emptybytes))

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for fieldname, text in sorted(self._terms):
            postings = self._terms[fieldname, text]
            postings.sort(key=_docnum)
            for docnum, weight, value in postings:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self._terms.clear()


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
