"""The codec store.py writes segments with: Whoosh's W3Codec, with field lengths
kept in memory for the segment flush.

When a writer flushes a segment, Whoosh's FieldWriter.add_postings asks the
per-document reader for the field length of every posting (for the blocks'
min/max length statistics), and W3's reader answers each call with a seek and
a one-byte read of the lengths file it has just written: five Python calls per
posting, 1.6 million times for Reuters-21578. This codec's per-document writer
notes each length byte as it writes it, and the reader given to the flush
answers from those bytes. The files written are the same (tests/test_codec.py
compares them byte for byte); only where the flush reads the lengths changes.

Segments carry a plain W3Codec, so the TOC (which pickles each segment with
its codec) never names this class and readers use Whoosh's own code.
Only index/store.py uses this module.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3PerDocWriter
from whoosh.util.numeric import byte_to_length, length_to_byte


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
