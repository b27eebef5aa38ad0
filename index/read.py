"""The only code that opens corpus files: find them, decode them, split records.

read_path() walks files and folders and yields RawDoc for every article it can
read and Problem for every file or record it cannot, so one bad file never stops
a run. JSON records are mapped from the field names of common exporters.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import logging
import os
import re
import zlib
from pathlib import Path
from typing import Any, Iterator, Mapping

from index.patterns import JSON_FIELDS
from index.record import Problem, RawDoc, Unread

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html",
            ".json": "json", ".jsonl": "jsonl"}
# A single article larger than this is almost certainly not an article (a log, a
# dump, a disk image renamed .txt); reading it whole would hold it all in memory.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
# Whole .json files are parsed in memory; JSONL is streamed line by line.
MAX_JSON_BYTES = 256 * 1024 * 1024

_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]{0,30})\s*:\s*(.*?)\s*$")
_FRONT_KEYS = {"title", "date", "published", "outlet", "source", "site", "url", "author"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._-]+)""", re.I)
_WESTERN = re.compile(r"^(cp125\d|windows-125\d|latin|iso8859|iso-8859|mac|ascii)", re.I)
# Keys line_key hashes with: a change to how records map (the field names, or this
# module's mapping code: bump the version) must not leave old lines unread.
_LINE_KEY_SALT = hashlib.blake2b(f"1 {sorted(JSON_FIELDS.items())!r}".encode(),
                                 digest_size=16).digest()


def kind_of(path: Path) -> str | None:
    """The reader kind of a file name (text, html, json, jsonl), looking through .gz."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIXES.get(os.path.splitext(name)[1])


def iter_files(root: Path) -> Iterator[Path | Problem]:
    """Every readable corpus file under root (or root itself), sorted, loops skipped."""
    if root.is_file() or not root.exists():
        if not root.exists():
            yield Problem(source=str(root), message="no such file or folder")
        elif kind_of(root):
            yield root
        else:
            yield Problem(source=str(root), message="not a supported file type "
                          "(.txt .md .html .htm .json .jsonl, optionally .gz)")
        return
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=errors.append):
        yield from (Problem(source=err.filename or folder, message=_os_message(err))
                    for err in errors)
        errors.clear()
        try:
            st = os.stat(folder)
        except OSError as err:  # gone since listed
            yield Problem(source=folder, message=_os_message(err))
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop: walked once already
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and kind_of(path) and not path.is_dir():
                yield _unencodable(path) or path
    yield from (Problem(source=err.filename or str(root), message=_os_message(err))
                for err in errors)


def _unencodable(path: Path) -> Problem | None:
    """A Problem for a file name that is not valid UTF-8: the index stores names as text."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return Problem(source=str(path), message="file name is not valid UTF-8; "
                       "rename the file to index it")
    return None


def doc_id_for(path: Path, root: Path) -> str:
    """Stable id of a file: its path relative to the indexed root (posix form)."""
    base = root if root.is_dir() else root.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def read_file(path: Path, root: Path, known: Mapping[str, str] | None = None,
              parse_first: int = 0, at: list[int] | None = None
              ) -> Iterator[RawDoc | Unread | Problem]:
    """Articles of one file: one for text/HTML, one per record for JSON/JSONL.

    known maps line_key -> doc_id of JSONL lines read before: once parse_first
    records have been parsed, a line whose key is known yields Unread instead of
    being parsed again. at, if given, is kept at the bytes of a JSONL file read so far
    (of the file as stored, gzip or not), for a progress bar.
    """
    kind = kind_of(path)
    doc_id = doc_id_for(path, root)
    source = str(path)
    try:
        if kind == "jsonl":
            yield from _read_jsonl(path, doc_id, source, known or {}, parse_first, at)
            return
        data = _read_bytes(path, MAX_JSON_BYTES if kind == "json" else MAX_ARTICLE_BYTES)
        if kind == "json":
            yield from _read_json(data, doc_id, source)
            return
        text = decode_bytes(data, html=kind == "html")
        if kind == "html":
            yield RawDoc(doc_id=doc_id, source=source, kind="html", content=text)
        else:
            body, hints = split_text_hints(text)
            yield RawDoc(doc_id=doc_id, source=source, kind="text", content=body, hints=hints)
    except _Unreadable as err:
        yield Problem(source=source, message=str(err))
    except OSError as err:
        yield Problem(source=source, message=_os_message(err))
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield Problem(source=source, message=f"broken gzip data ({err or 'truncated'})")


class _Unreadable(Exception):
    """A file whose content cannot be an article (binary, too large, bad layout)."""


def _os_message(err: OSError) -> str:
    return (err.strerror or str(err)).lower()


def _open(path: Path):  # -> binary file object
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_bytes(path: Path, limit: int) -> bytes:
    with _open(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _Unreadable(f"larger than {limit // (1024 * 1024)} MB; not read "
                          "(split it, or use JSONL for many articles)")
    return data


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Bytes to text: BOM, then declared charset (HTML), UTF-8, else a detected one.

    Undeclared non-UTF-8 Western text is decoded as Windows-1252, as browsers do
    (WHATWG maps latin-1 to it), so curly quotes and accents come out right.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise _Unreadable("binary file (contains NUL bytes); not a text article")
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if any("\x7f" < ch != "\ufffd" for ch in text):
        # Valid multi-byte sequences next to invalid bytes: UTF-8 with stray bytes (a
        # cut, a bad copy); legacy text almost never forms them by chance, and
        # decoding it all as a legacy charset would turn every accent to mojibake.
        return text
    return _decode_guess(data)


def _decode_guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is not None and not _WESTERN.match(best.encoding.replace("_", "-")):
        return data.decode(best.encoding, errors="replace")
    if best is None and _control_ratio(data) > 0.1:
        raise _Unreadable("binary file (not text in any known encoding)")
    return data.decode("cp1252", errors="replace").replace("\ufffd", "")


def _control_ratio(data: bytes) -> float:
    sample = data[:8192]
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(sample))


def split_text_hints(text: str) -> tuple[str, dict[str, str]]:
    """Strip a leading `date YYYY-MM-DD` or `key: value` front matter; return hints."""
    hints: dict[str, str] = {}
    match = _DATE_PREFIX.match(text)
    if match:
        hints["date"] = match.group(1)
        text = text[match.end():]
    lines = text.lstrip("\ufeff").split("\n")
    fenced = lines and lines[0].strip() == "---"
    start = 1 if fenced else 0
    found: dict[str, str] = {}
    end = start
    for end in range(start, min(len(lines), start + 30)):
        line = lines[end]
        if fenced and line.strip() == "---":
            break
        m = _FRONT_LINE.match(line)
        if not m or (not fenced and m.group(1).lower() not in _FRONT_KEYS):
            break
        found[m.group(1).lower()] = m.group(2).strip().strip("\"'")
    else:
        end += 1
    closed = fenced and end < len(lines) and lines[end].strip() == "---"
    plain_block = not fenced and found and (end >= len(lines) or not lines[end].strip())
    if closed or (plain_block and len(found) >= 2):
        text = "\n".join(lines[end + 1 if closed else end:])
        for key, value in found.items():
            mapped = _FRONT_ALIASES.get(key, key)
            if value and mapped in ("title", "date", "outlet", "url"):
                hints.setdefault(mapped, value)
    return text, hints


_FRONT_ALIASES = {"published": "date", "source": "outlet", "site": "outlet"}


def _read_json(data: bytes, doc_id: str, source: str) -> Iterator[RawDoc | Problem]:
    try:
        value = json.loads(decode_bytes(data))
    except json.JSONDecodeError as err:
        yield Problem(source=source, line=err.lineno, message=f"broken JSON: {err.msg}")
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, 1):
        yield map_record(record, f"{doc_id}#{number}", source, number)


def line_key(fallback_id: str, raw: bytes) -> str:
    """Digest of a JSONL line as read and of the id it falls back to (its place):
    equal keys read as equal RawDocs."""
    digest = _LINE_KEYER.copy()  # keyed once: setting the key up costs a block per line
    digest.update(fallback_id.encode("utf-8", "surrogatepass") + b"\0" + raw)
    return digest.hexdigest()


_LINE_KEYER = hashlib.blake2b(digest_size=16, key=_LINE_KEY_SALT)
_CHUNK = 1 << 20


def _jsonl_lines(fh: Any, at: list[int] | None = None) -> Iterator[bytes | None]:
    """The lines of a file as bytes, each with its newline (the last may lack one), read
    in chunks of _CHUNK; None for a line longer than MAX_ARTICLE_BYTES, never held whole.
    at, if given, is set to the bytes of the stored file read after each chunk."""
    stored = getattr(fh, "fileobj", None) or fh  # a GzipFile's compressed file
    pending: list[bytes] = []  # the start of the current line
    held = 0  # its bytes so far
    oversized = False
    while chunk := fh.read(_CHUNK):
        if at is not None:
            at[0] = stored.tell()
        parts = chunk.split(b"\n")
        for part in parts[:-1]:  # each ends a line
            if oversized or held + len(part) + 1 > MAX_ARTICLE_BYTES:
                yield None
            elif pending:
                yield b"".join(pending) + part + b"\n"
            else:
                yield part + b"\n"
            pending, held, oversized = [], 0, False
        tail = parts[-1]
        if tail and not oversized:
            held += len(tail)
            if held > MAX_ARTICLE_BYTES:
                pending, oversized = [], True
            else:
                pending.append(tail)
    if oversized:
        yield None
    elif pending:
        yield b"".join(pending)


def _read_jsonl(path: Path, doc_id: str, source: str, known: Mapping[str, str],
                parse_first: int, at: list[int] | None) -> Iterator[RawDoc | Unread | Problem]:
    parsed = 0
    with _open(path) as fh:
        for number, raw in enumerate(_jsonl_lines(fh, at), 1):
            if raw is None:
                yield Problem(source=source, line=number, message="record too large; skipped")
                continue
            if not raw or raw.isspace():
                continue
            fallback_id = f"{doc_id}#{number}"
            key = line_key(fallback_id, raw)
            if parsed >= parse_first and key in known:
                yield Unread(doc_id=known[key], source=source)
                continue
            try:
                record = json.loads(decode_bytes(raw))
            except (json.JSONDecodeError, _Unreadable) as err:
                msg = getattr(err, "msg", str(err))
                yield Problem(source=source, line=number, message=f"broken JSON line: {msg}")
                continue
            item = map_record(record, fallback_id, source, number, raw_key=key)
            parsed += isinstance(item, RawDoc)
            yield item


def map_record(record: Any, fallback_id: str, source: str, line: int,
               raw_key: str | None = None) -> RawDoc | Problem:
    """Map one exporter record (news-please, trafilatura, webhose, plain) to a RawDoc."""
    if not isinstance(record, dict):  # what json gives; typing.Mapping checks were slow
        return Problem(source=source, line=line,
                       message=f"record is a JSON {type(record).__name__}, not an object")
    fields = {key: _pick(record, names) for key, names in JSON_FIELDS.items()}
    html = _pick(record, ("html", "raw_html", "content_html"))
    body = fields.pop("body")
    if not body and not html:
        keys = ", ".join(sorted(map(str, record))[:12]) or "none"
        return Problem(source=source, line=line, message=(
            f"no article text in record (keys seen: {keys}); expected one of "
            "text, body, content, maintext, article, html"))
    record_id = fields.pop("id")
    hints = {k: v for k, v in fields.items() if v}
    return RawDoc(doc_id=record_id or fallback_id, source=source,
                  kind="text" if body else "html", content=body or html or "", hints=hints,
                  raw_key=raw_key)


def _pick(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The first non-empty string among dotted field names ("thread.site")."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return _valid_text(value.strip())
    return None


def _valid_text(value: str) -> str:
    """JSON may escape lone surrogates ("\\ud800"), which no UTF-8 store accepts."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
