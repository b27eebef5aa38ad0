"""Reading: every supported format, and every kind of bad file as a Problem, not a crash."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from index.read import decode_bytes, iter_files, read_file, split_text_hints
from index.record import Problem, RawDoc


def read_all(path: Path, root: Path | None = None) -> list:
    return list(read_file(path, root or path.parent))


def test_text_with_date_prefix(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(" date 2024-02-08 Israeli Prime Minister spoke.\n\nMore.", encoding="utf-8")
    [doc] = read_all(f)
    assert doc.hints == {"date": "2024-02-08"}
    assert doc.content.startswith("Israeli Prime Minister")


def test_front_matter(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: Talks resume\ndate: 2024-03-01\nsource: Reuters\n---\n"
                 "Body text.", encoding="utf-8")
    [doc] = read_all(f)
    assert doc.hints == {"title": "Talks resume", "date": "2024-03-01", "outlet": "Reuters"}
    assert doc.content.strip() == "Body text."


def test_plain_key_value_block(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Title: Talks resume\nDate: 2024-03-01\n\nBody: not a key line.", "utf-8")
    [doc] = read_all(f)
    assert doc.hints["title"] == "Talks resume"
    assert "Title:" not in doc.content


def test_ordinary_text_keeps_a_colon_line():
    text = "Note: this is the first sentence of the story.\n\nMore."
    assert split_text_hints(text) == (text, {})


def test_html_and_gzip(tmp_path):
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(b"<html><p>Hello</p></html>"))
    [doc] = read_all(tmp_path / "p.html.gz")
    assert doc.kind == "html" and "Hello" in doc.content
    assert doc.doc_id == "p.html.gz"


@pytest.mark.parametrize("record,expected", [
    ({"title": "T", "text": "Body", "date": "2024-01-02", "outlet": "AP", "url": "u"},
     {"title": "T", "date": "2024-01-02", "outlet": "AP", "url": "u"}),
    # news-please
    ({"title": "T", "maintext": "Body", "date_publish": "2024-01-02 10:00:00",
      "source_domain": "reuters.com"},
     {"title": "T", "date": "2024-01-02 10:00:00", "outlet": "reuters.com"}),
    # webhose
    ({"thread": {"site": "bbc.co.uk", "title": "T"}, "text": "Body",
      "published": "2024-01-02T00:00:00.000+02:00"},
     {"title": "T", "outlet": "bbc.co.uk", "date": "2024-01-02T00:00:00.000+02:00"}),
])
def test_json_field_names_of_exporters(tmp_path, record, expected):
    f = tmp_path / "r.json"
    f.write_text(json.dumps(record), encoding="utf-8")
    [doc] = read_all(f)
    assert isinstance(doc, RawDoc) and doc.content == "Body"
    assert dict(doc.hints) == expected


def test_json_list_ids(tmp_path):
    f = tmp_path / "r.json"
    f.write_text(json.dumps([{"text": "a"}, {"id": "x-1", "text": "b"}]), encoding="utf-8")
    docs = read_all(f)
    assert [d.doc_id for d in docs] == ["r.json#1", "x-1"]


def test_jsonl_broken_lines_reported_with_numbers(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text('{"text": "a"}\n{broken\n\n{"text": "c"}\n[1, 2]\n{"foo": 1, "bar": 2}\n',
                 encoding="utf-8")
    items = read_all(f)
    docs = [i for i in items if isinstance(i, RawDoc)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.doc_id for d in docs] == ["r.jsonl#1", "r.jsonl#4"]
    assert [p.line for p in problems] == [2, 5, 6]
    assert "keys seen: bar, foo" in problems[2].message


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("x" * 5000).encode())
    (tmp_path / "t.txt.gz").write_bytes(data[: len(data) // 2])
    [problem] = read_all(tmp_path / "t.txt.gz")
    assert isinstance(problem, Problem) and "gzip" in problem.message


def test_binary_file(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    [problem] = read_all(tmp_path / "b.txt")
    assert isinstance(problem, Problem) and "binary" in problem.message


@pytest.mark.parametrize("data,expected", [
    ("Caf\u00e9 \u201cquoted\u201d na\u00efve".encode("cp1252"), "Caf\u00e9 \u201cquoted\u201d na\u00efve"),
    ("r\u00e9sum\u00e9 of the day".encode("latin-1"), "r\u00e9sum\u00e9 of the day"),
    ("\ufeffUTF-16 text \u2014 ok".encode("utf-16"), "UTF-16 text \u2014 ok"),
    (b"\xef\xbb\xbfBOM text", "BOM text"),
])
def test_encodings_decoded_right(data, expected):
    assert decode_bytes(data).lstrip("\ufeff") == expected


def test_symlink_loop_and_hidden_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    found = [p for p in iter_files(tmp_path) if isinstance(p, Path)]
    assert [p.name for p in found] == ["x.txt"]


def test_missing_path_is_a_problem(tmp_path):
    [problem] = list(iter_files(tmp_path / "nope"))
    assert isinstance(problem, Problem) and "no such" in problem.message


def test_too_large_file(tmp_path, monkeypatch):
    import index.read as read

    monkeypatch.setattr(read, "MAX_ARTICLE_BYTES", 1000)
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    [problem] = read_all(tmp_path / "big.txt")
    assert isinstance(problem, Problem) and "larger than" in problem.message


def _readline_lines(data: bytes, limit: int) -> list[bytes | None]:
    """What JSONL reading did line by line before: readline(limit + 1), with a longer
    line read to its end in pieces and given as None."""
    import io

    fh, out = io.BytesIO(data), []
    for raw in iter(lambda: fh.readline(limit + 1), b""):
        if len(raw) > limit:
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            out.append(None)
        else:
            out.append(raw)
    return out


def test_jsonl_lines_in_chunks_are_the_lines_read_one_by_one(monkeypatch):
    """Chunked reading splits lines as readline did, at any chunk size, with lines
    over the limit (however they straddle chunks) skipped and counted as one."""
    import io
    import random

    import index.read as read

    rng = random.Random(5)
    pieces = [b"a", b"\n", b"bb", b"\r\n", b"xyzxyzxyz", b" "]
    for _ in range(2000):
        limit, chunk = rng.randint(1, 30), rng.randint(1, 12)
        monkeypatch.setattr(read, "MAX_ARTICLE_BYTES", limit)
        monkeypatch.setattr(read, "_CHUNK", chunk)
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        assert list(read._jsonl_lines(io.BytesIO(data))) == _readline_lines(data, limit), (
            limit, chunk, data)


def test_jsonl_oversized_line_between_records(tmp_path, monkeypatch):
    import index.read as read

    monkeypatch.setattr(read, "MAX_ARTICLE_BYTES", 100)
    monkeypatch.setattr(read, "_CHUNK", 16)
    f = tmp_path / "r.jsonl"
    f.write_text(json.dumps({"text": "a"}) + "\n" + json.dumps({"text": "x" * 300}) + "\n"
                 + json.dumps({"text": "c"}), encoding="utf-8")
    items = read_all(f)
    assert [i.doc_id for i in items if isinstance(i, RawDoc)] == ["r.jsonl#1", "r.jsonl#3"]
    [problem] = [i for i in items if isinstance(i, Problem)]
    assert problem.line == 2 and "too large" in problem.message
