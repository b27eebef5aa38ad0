"""The codec store.py writes segments with: Whoosh's W3Codec, with field lengths
kept in memory for the segment flush, and a faster loop writing the postings.

When a writer flushes a segment, Whoosh's FieldWriter.add_postings asks the
per-document reader for the field length of every posting (for the blocks'
min/max length statistics), and W3's reader answers each call with a seek and
a one-byte read of the lengths file it has just written: five Python calls per
posting, 1.6 million times for Reuters-21578. This codec's per-document writer
notes each length byte as it writes it, and the reader given to the flush
answers from those bytes. The files written are the same (tests/test_codec.py
compares them byte for byte); only where the flush reads the lengths changes.

Writing the sorted postings of a flush (or a merge) is W3's FieldWriter calling
its PostingsWriter once per posting: seven Python calls and four type asserts
each, then per block two pickles and four writes, and four `tell()`s per term,
each a system call. `_PostingsFieldWriter` gathers each term's postings in plain
lists, writes its blocks in one piece and its row of the terms table in one
write, keeping the files' positions itself, with the same block statistics,
pickles and rows as W3 (0.49 -> 0.2 s of an update's commit; the same test
holds it byte for byte).

Segments carry a plain W3Codec, so the TOC (which pickles each segment with
its codec) never names this class and readers use Whoosh's own code.
Only index/store.py uses this module.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from itertools import groupby
from operator import itemgetter
from pickle import dumps
from typing import Any, Iterable

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import (WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter,
                                  W3PerDocReader, W3PerDocWriter, W3TermInfo)
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

# A row's key and value lengths in a Whoosh hash file (filetables._lengths).
_ROW_LENGTHS = struct.Struct("!ii")
_FIELD_AND_TERM = itemgetter(0, 1)  # of a posting (field name, term bytes, docnum, ...)
# A term's statistics as W3TermInfo packs them (W3TermInfo._struct), before its extent.
_TERM_INFO = struct.Struct("!BfIBBfII")


class FlushCodec(W3Codec):
    """W3Codec whose segment flushes read field lengths from memory.

    One per writer: it remembers the lengths of the segment that writer is making."""

    def __init__(self, compression: int) -> None:
        super().__init__(compression=compression)
        self._plain = W3Codec(compression=compression)
        self._writing: Any = None  # (segment, {field name: bytearray of length bytes})

    def new_segment(self, storage: Any, indexname: str) -> Any:
        return self._plain.new_segment(storage, indexname)

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        writer = _LengthsWriter(self, storage, segment)
        self._writing = (segment, writer.lengths)
        return writer

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        if self._writing is not None and self._writing[0] is segment:
            return _LengthsReader(storage, segment, self._writing[1])
        return super().per_document_reader(storage, segment)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _PostingsFieldWriter(self, storage, segment)


class _LengthsWriter(W3PerDocWriter):
    """W3's per-document writer, noting each field's length byte per document."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self.lengths: dict[str, bytearray] = {}
        self._current = -1

    def start_doc(self, docnum: int) -> None:
        super().start_doc(docnum)
        self._current = docnum

    def add_field(self, fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
        super().add_field(fieldname, fieldobj, value, length)
        if length:
            column = self.lengths.get(fieldname)
            if column is None:
                column = self.lengths[fieldname] = bytearray()
            if len(column) <= self._current:
                column.extend(bytes(self._current + 1 - len(column)))
            column[self._current] = length_to_byte(length)

    def cancel_doc(self) -> None:
        super().cancel_doc()
        for column in self.lengths.values():
            if len(column) > self._current:
                column[self._current] = 0


class _LengthsReader(W3PerDocReader):
    """W3's per-document reader, answering field lengths from the writer's bytes."""

    def __init__(self, storage: Any, segment: Any, lengths: dict[str, bytearray]) -> None:
        super().__init__(storage, segment)
        self._lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        column = self._lengths.get(fieldname)
        if column is None:
            return default
        # As W3PerDocReader: the length of a stored byte, None for a zero byte.
        lbyte = column[docnum] if docnum < len(column) else 0
        if lbyte:
            return byte_to_length(lbyte)
        return None


class _PostingsFieldWriter(W3FieldWriter):
    """W3's field writer with add_postings in one loop (see the module docstring).

    It mirrors W3FieldWriter with W3PostingsWriter of Whoosh 2.7.4 (the version
    pinned), for what a flush gives it: int document numbers, lengths from
    _LengthsReader and no inlined postings; anything else goes to W3's own code."""

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[tuple]) -> None:
        codec = self._codec
        if not isinstance(lengths, _LengthsReader) or codec._inlinelimit > 1:
            return super().add_postings(schema, lengths, items)
        columns, comp = lengths._lengths, codec._compression
        # Only this loop writes the two files until it ends: their positions are kept here.
        self._post_at = self._postfile.tell()
        self._terms_at = self._tindex.dbfile.tell()
        lastfn: str | None = None
        lasttext: bytes | None = None
        column: bytes | bytearray = b""
        fixed: int | None = None
        # A term's postings are adjacent (items come sorted): grouped in C, not one by one.
        for (fieldname, btext), group in groupby(items, _FIELD_AND_TERM):
            if fieldname != lastfn:
                if lastfn is not None:
                    if fieldname < lastfn:
                        raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                fixed = fieldobj.format.fixed_value_size()
                column = columns.get(fieldname) or b""
                lastfn, lasttext = fieldname, None
            elif lasttext and btext < lasttext:
                raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
            postings = [p for p in group if p[2] != -1]  # -1: a spelling-only word
            if not postings:
                continue
            lasttext = btext
            if len(postings) == 1:  # most terms of a segment: _write_term, unrolled
                _, _, docnum, weight, value = postings[0]
                self._write_one(btext, docnum, weight, value,
                                column[docnum] if docnum < len(column) else 0, fixed, comp)
            else:
                ids = [p[2] for p in postings]
                self._write_term(btext, ids, [p[3] for p in postings],
                                 [p[4] for p in postings],
                                 [column[d] if d < len(column) else 0 for d in ids], fixed)
        if lastfn is not None:
            self.finish_field()

    def _write_term(self, btext: bytes, ids: list[int], weights: list[float],
                    values: list[bytes], lbytes: list[int], fixed: int | None) -> None:
        """One term's posting blocks and its row in the terms table, as W3 writes them."""
        limit, comp = self._codec._blocklimit, self._codec._compression
        total, df, maxweight = 0, 0, 0
        minlength: int | None = None
        maxlength = 0
        pieces = [WHOOSH3_HEADER_MAGIC]
        count = len(ids)
        for start in range(0, count, limit):
            end = min(start + limit, count)
            block_ids = ids[start:end]
            raw_weights = weights[start:end]
            block_weights = array("f", raw_weights)
            # A block's statistics: W3PostingsWriter.add_posting and W3TermInfo.add_block.
            block_max = max(raw_weights)
            if not block_max > 0:
                block_max = 0
            present = [lb for lb in lbytes[start:end] if lb]
            minbyte = min(present) if present else 0
            maxbyte = max(present) if present else 0
            block_min = byte_to_length(minbyte) if present else None
            total += sum(block_weights)
            df += len(block_ids)
            minlength = block_min if minlength is None else min(minlength, block_min)
            maxlength = max(maxlength, byte_to_length(maxbyte))
            maxweight = max(maxweight, block_max)
            data = _block_data(block_ids, block_weights, values[start:end], fixed, comp)
            info = dumps((len(block_ids), block_ids[-1], block_max, comp, minbyte, maxbyte), 2)
            size = len(info) + len(data)
            pieces += [pack_int(-size if end == count else size), info, data]
        self._file_term(btext, b"".join(pieces), W3TermInfo(
            total, df, minlength, maxlength, maxweight, ids[0], ids[-1]))

    def _write_one(self, btext: bytes, docnum: int, weight: float, value: bytes, lbyte: int,
                   fixed: int | None, comp: int) -> None:
        """_write_term for a term with one posting: the same bytes, in fewer steps."""
        stored = array("f", (weight,))[0]  # the weight as the block's float array holds it
        top = weight if weight > 0 else 0
        data = dumps(((docnum,), None if stored == 1.0 else stored,
                      _mini_values((value,), fixed)), 2)
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((1, docnum, top, comp, lbyte, lbyte), 2)
        block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-len(info) - len(data)), info, data))
        offset = self._file_block(block)
        # W3TermInfo(0 + stored, 1, length, length or 0, top, docnum, docnum).to_bytes(),
        # its length bytes being lbyte (length_to_byte(byte_to_length(b)) == b).
        self._add_row(pack_ushort(self._fieldid) + btext, _TERM_INFO.pack(
            0, 0 + stored, 1, lbyte, lbyte, top, docnum, docnum) + pack_long(offset)
            + pack_int(len(block)))

    def _file_term(self, btext: bytes, block: bytes, terminfo: Any) -> None:
        """Append a term's blocks to the postings file and its row to the terms table."""
        terminfo.set_extent(self._file_block(block), len(block))
        self._add_row(pack_ushort(self._fieldid) + btext, terminfo.to_bytes())

    def _file_block(self, block: bytes) -> int:
        """Append a term's blocks to the postings file; where they start."""
        offset = self._post_at
        self._postfile.write(block)
        self._post_at += len(block)
        return offset

    def _add_row(self, key: bytes, value: bytes) -> None:
        """OrderedHashWriter.add (with HashWriter.add) at the position kept here."""
        table = self._tindex
        if key <= table.lastkey:
            raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
        at = self._terms_at
        table.index.append(at)
        row = _ROW_LENGTHS.pack(len(key), len(value)) + key + value
        table.dbfile.write(row)
        self._terms_at += len(row)
        hashed = table.hashfn(key)
        table.buckets[hashed & 255].append((hashed, at))
        table.lastkey = key


def _block_data(ids: list[int], weights: array, values: list[bytes], fixed: int | None,
                comp: int) -> bytes:
    """A block's postings as W3PostingsWriter._write_block pickles them (its _mini_*)."""
    deltas, base = [], 0
    for docnum in ids:
        deltas.append(docnum - base)
        base = docnum
    if all(w == 1.0 for w in weights):
        mini_weights: Any = None
    elif all(w == weights[0] for w in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    data = dumps((tuple(deltas), mini_weights, _mini_values(values, fixed)), 2)
    return zlib.compress(data, comp) if comp else data


def _mini_values(values: Iterable[bytes], fixed: int | None) -> Any:
    """A block's values as W3 keeps them: only the non-empty ones, joined when of a fixed
    size, none when of size 0."""
    if fixed is None or fixed < 0:
        return tuple(v for v in values if v)
    if fixed == 0:
        return None
    return b"".join(v for v in values if v)
