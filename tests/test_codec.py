"""FlushCodec writes exactly the files Whoosh's W3Codec writes."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec

from index.codec import FlushCodec
from index.schema import make_schema


def _build(folder: Path, codec_type: type) -> dict[str, bytes]:
    """Three commits with deletions and a merge, over terms of one to hundreds of
    postings (past the 128 of a block), some fields empty; every file's bytes."""
    folder.mkdir()
    random.seed(7)  # segment ids and the texts are the same for both codecs
    ix = windex.create_in(str(folder), make_schema(), indexname="t")
    words = [f"w{n}" for n in range(400)]
    docnum = 0
    for commit in range(3):
        writer = ix.writer(codec=codec_type(compression=0), compound=False)
        for _ in range(300):
            body = " ".join(random.choice(words[: random.randint(1, 400)])
                            for _ in range(random.randint(0, 60)))
            doc = {"doc_id": f"d{docnum}", "body": body, "group": f"d{docnum}",
                   "speakers": "ann,bo" if docnum % 3 else "", "date": 738000 + docnum % 40}
            if docnum % 4:
                doc["title"] = " ".join(random.sample(words, 3))
            writer.add_document(**doc)
            docnum += 1
        if commit:
            for victim in random.sample(range(300 * commit), 25):
                writer.delete_by_term("doc_id", f"d{victim}")
        writer.commit(merge=commit == 2)
    ix.close()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if "LOCK" not in p.name}


def test_flush_codec_writes_the_same_files_as_w3(tmp_path):
    plain = _build(tmp_path / "w3", W3Codec)
    ours = _build(tmp_path / "flush", FlushCodec)
    assert list(plain) == list(ours)
    for name in plain:
        assert plain[name] == ours[name], name


def test_index_files_never_name_the_flush_codec(tmp_path):
    """The TOC pickles each segment with its codec: it must stay Whoosh's own."""
    files = _build(tmp_path / "ix", FlushCodec)
    assert not any(b"index.codec" in data or b"FlushCodec" in data for data in files.values())


def test_term_rows_are_packed_as_w3_packs_them():
    """The one-posting fast path packs term statistics itself, with W3TermInfo's layout."""
    from whoosh.codec.whoosh3 import W3TermInfo

    from index.codec import _TERM_INFO

    assert _TERM_INFO.format == W3TermInfo._struct.format
