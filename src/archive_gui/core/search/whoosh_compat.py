"""The Whoosh internals the search engine relies on, reached through this module only.

The array codec (``postings``), the ranking (``ranking``), the parallel build (``bulk``) and
the query preparation (``search``) use parts of whoosh-reloaded that are not its documented
API: the classes of its W3 codec and the private fields they keep a block in, a reader's term
table and length columns, an index's list of segments, a writer's unlocked mode and its
unlisted segment, a prefix's expansions. Every such name is used here and nowhere else, and
``PRIVATE_NAMES`` lists them; ``tests/unit/test_whoosh_compat.py`` checks that each still
exists, so that an upgrade of Python or of whoosh-reloaded fails in one place, with the name
that went missing (see docs/search-engine.md).

Whoosh's documented API (``whoosh.fields``, ``whoosh.index``, ``whoosh.query``,
``whoosh.qparser``, ``whoosh.searching``, ``whoosh.analysis``) is imported where it is used.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pickle import dumps
from types import MappingProxyType
from typing import Any, Generic, Literal, Protocol, TypeVar

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.formats import Characters
from whoosh.index import TOC, clean_files
from whoosh.reading import TermNotFound
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

__all__ = [
    "PRIVATE_NAMES",
    "REEXPORTED",
    "TOC",
    "UNLOCKED",
    "BlockLeafMatcher",
    "BlockPostingsWriter",
    "Characters",
    "CodecBase",
    "FieldWriterBase",
    "PrivateName",
    "SegmentWriter",
    "TermNotFound",
    "byte_to_length",
    "clean_files",
    "emptybytes",
    "finalize_segment",
    "index_segments",
    "length_column_codes",
    "length_to_byte",
    "numeric_column",
    "pack_uint",
    "pattern_terms",
    "segment_term_matcher",
]

Kind = Literal["class", "function", "method", "attribute", "keyword", "constant"]


@dataclass(frozen=True)
class PrivateName:
    """One name of Whoosh's that this module relies on: ``owner`` is a module's dotted name
    or a class's name (its instances, for an attribute set in ``__init__`` or at run time)."""

    owner: str
    name: str
    kind: Kind


def _names(owner: str, kind: Kind, names: str) -> tuple[PrivateName, ...]:
    return tuple(PrivateName(owner, name, kind) for name in names.split())


# Every private Whoosh name this module uses; the test checks each on a small index.
PRIVATE_NAMES: tuple[PrivateName, ...] = (
    *_names("whoosh.codec.whoosh3", "function", "_lenfield"),
    *_names("W3Codec", "attribute", "_blocklimit _compression"),
    *_names("W3PostingsWriter", "method", "_new_block _write_block"),
    # Set by Whoosh; the block fields after them are set by ``_new_block`` and read by Whoosh
    # (a term's statistics, its inlined postings).
    *_names(
        "W3PostingsWriter",
        "attribute",
        "_postfile _blocklimit _compression _blockcount _terminfo"
        " _ids _weights _values _minlength _maxlength _maxweight",
    ),
    *_names("W3LeafMatcher", "method", "_read_ids _read_weights _read_values _next_block"),
    *_names(
        "W3LeafMatcher",
        "attribute",
        "_data _postfile _dataoffset _nextoffset _blocklength _compression _fixedsize _atend"
        " _ids _weights _values",
    ),
    *_names("W3FieldWriter", "attribute", "_postwriter"),
    *_names("SegmentReader", "attribute", "_terms _perdoc"),
    *_names("W3PerDocReader", "method", "_cached_reader"),
    *_names("NumericColumn.Reader", "attribute", "_count _dbfile _basepos _fixedlen"),
    *_names("FileIndex", "method", "_segments"),
    *_names("SegmentWriter", "method", "_finalize_segment"),
    *_names("SegmentWriter", "keyword", "_lk"),
    *_names("PatternQuery", "method", "_btexts"),
)

# The undocumented public names re-exported here, by module, with their kind.
REEXPORTED: tuple[PrivateName, ...] = (
    *_names("whoosh.codec.whoosh3", "class", "W3Codec W3FieldWriter W3LeafMatcher"),
    *_names("whoosh.codec.whoosh3", "class", "W3PostingsWriter"),
    *_names("whoosh.codec.whoosh3", "constant", "LENGTHS_COLUMN WHOOSH3_HEADER_MAGIC"),
    *_names("whoosh.formats", "class", "Characters"),
    *_names("whoosh.index", "class", "TOC"),
    *_names("whoosh.index", "function", "clean_files"),
    *_names("whoosh.reading", "class", "TermNotFound"),
    *_names("whoosh.system", "constant", "emptybytes"),
    *_names("whoosh.system", "function", "pack_uint"),
    *_names("whoosh.util.numeric", "function", "byte_to_length length_to_byte"),
    *_names("whoosh.writing", "class", "SegmentWriter"),
)

# Keyword arguments of a SegmentWriter that takes no write lock: the processes of a parallel
# build write segments of an index whose lock the parent holds.
UNLOCKED: Mapping[str, Any] = MappingProxyType({"_lk": False})


class DecodedBlock(Protocol):
    """What a leaf matcher needs of one block of postings, decoded by a codec."""

    def id_array(self) -> array[int]: ...

    def weight_array(self) -> array[float]: ...

    def value_tuple(self) -> tuple[bytes, ...]: ...


BlockT = TypeVar("BlockT", bound=DecodedBlock)


class CodecBase(W3Codec):  # type: ignore[misc]
    """Whoosh's W3 codec, with its block settings readable."""

    @property
    def block_limit(self) -> int:
        return int(self._blocklimit)

    @property
    def compression_level(self) -> int:
        return int(self._compression)


class BlockPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's W3 postings writer, framing blocks whose contents ``encode_block`` makes.

    Whoosh reads a block's postings from private fields (a term's statistics, its inlined
    postings); they are gathered here as Whoosh gathers them, except that every posting keeps
    a value, empty or not, so that values line up with ids. The block's header and framing
    are Whoosh's own.
    """

    def encode_block(
        self, ids: array[int], weights: array[float], values: list[bytes], compression: int
    ) -> tuple[bytes, int]:
        """The bytes of a block's postings, and the compression level they used (0: none)."""
        raise NotImplementedError

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
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        data, comp = self.encode_block(ids, self._weights, self._values, self._compression)
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


class BlockLeafMatcher(W3LeafMatcher, Generic[BlockT]):  # type: ignore[misc]
    """Whoosh's W3 leaf matcher reading blocks that ``decode_block`` decodes, for Whoosh's
    own matching and whole (``blocks``)."""

    _data: BlockT | None

    def decode_block(self, data: bytes, count: int, compressed: bool) -> BlockT:
        raise NotImplementedError

    def current_block(self) -> BlockT:
        """The current block (Whoosh's ``_goto`` sets ``_data`` to None at each new one)."""
        block = self._data
        if block is None:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            block = self._data = self.decode_block(data, self._blocklength, bool(self._compression))
        return block

    def _read_ids(self) -> None:
        self._ids = self.current_block().id_array()

    def _read_weights(self) -> None:
        self._weights = self.current_block().weight_array()

    def _read_values(self) -> None:
        if self._fixedsize == 0:
            self._values = (None,) * self._blocklength
            return
        self._values = self.current_block().value_tuple()

    def blocks(self) -> Iterator[BlockT]:
        """Every block from the current one on, decoded lazily by ``decode_block``."""
        while not self._atend:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            yield self.decode_block(data, self._blocklength, bool(self._compression))
            self._next_block()


class FieldWriterBase(W3FieldWriter):  # type: ignore[misc]
    """Whoosh's W3 field writer, with the postings writer of the current field readable."""

    @property
    def current_postings_writer(self) -> Any:
        return self._postwriter


def segment_term_matcher(reader: Any, fieldname: str, text: bytes) -> Any:
    """The leaf matcher of a term in one segment's reader, deleted documents included;
    raises TermNotFound if the segment does not hold it."""
    return reader._terms.matcher(fieldname, text, reader.schema[fieldname].format)


def length_column_codes(reader: Any, fieldname: str, limit: int) -> bytes:
    """The stored one-byte length codes of ``fieldname`` in a segment, at most ``limit``
    (the column may hold fewer: the documents after the last one with the field)."""
    column = reader._perdoc._cached_reader(whoosh3._lenfield(fieldname), LENGTHS_COLUMN)
    count = min(column._count, limit) if column is not None else 0
    return bytes(column._dbfile.get(column._basepos, count)) if count else emptybytes


def numeric_column(reader: Any, fieldname: str) -> bytes:
    """The values of a sortable numeric field in a segment, as Whoosh stores them (big-endian,
    the field's ``sortable_typecode``), one a document up to the last that has one (those
    after it have the field's default)."""
    if not reader.has_column(fieldname):  # a segment of fact records only: no dates
        return b""
    column = reader.column_reader(fieldname, translate=False)
    return bytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))


def index_segments(ix: Any) -> list[Any]:
    """The segments the index's latest table of contents lists."""
    return list(ix._segments())


def finalize_segment(writer: Any) -> Any:
    """Writes the segment of a SegmentWriter made ``UNLOCKED``, without listing it in the
    index; returns it, for ``TOC`` to list."""
    return writer._finalize_segment()


def pattern_terms(query: Any, reader: Any) -> Iterable[bytes]:
    """The words of the index that a prefix or wildcard query expands to."""
    return query._btexts(reader)  # type: ignore[no-any-return]
