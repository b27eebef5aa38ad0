"""The only code that creates, opens for writing or swaps an index.

Layout of an index folder:
    CURRENT         name of the live generation ("gen-000003"), replaced atomically
    lock            held (flock) by the one writer; the kernel frees it if that writer dies
    gen-NNNNNN/     a Whoosh index plus manifest.sqlite: indexed roots, file sizes,
                    mtimes and hashes, and every doc_id with its content hash (and,
                    for a JSONL record, the key of the line it was read from)

A rebuild writes a new generation beside the live one and swaps CURRENT only
when it is complete, so an interrupted rebuild leaves the old index whole.
Whoosh commits first and the manifest after it, recording the Whoosh generation
it matches: a crash between the two leaves the manifest behind the index, and
the next writer drops the documents the manifest does not know (their files,
not recorded either, are read again). Ctrl-C is deferred to a point between two
documents: an update commits what it finished, a rebuild discards its generation.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import signal
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from index import dedup
from index.schema import (DOC_ID, GROUP, PATH, SCHEMA_VERSION, article_to_fields,
                          make_schema)

if TYPE_CHECKING:  # only annotations here; a search opens the store without record
    from index.record import Article

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
MANIFEST = "manifest.sqlite"
INDEX_NAME = "newssearch"
# Near-duplicate groups (index/dedup.py): every article's group and sketch, and
# the lookup keys of each sketch. IF NOT EXISTS: older generations gain them on open.
_DEDUP_TABLES = (
    "CREATE TABLE IF NOT EXISTS sketches(doc_id TEXT PRIMARY KEY, grp TEXT NOT NULL, "
    "day INT, sketch BLOB);"
    "CREATE INDEX IF NOT EXISTS sketches_grp ON sketches(grp);"
    "CREATE TABLE IF NOT EXISTS sketch_keys(key INT NOT NULL, doc_id TEXT NOT NULL, "
    "PRIMARY KEY(key, doc_id)) WITHOUT ROWID;")
# Stored articles read per lookup key: a key shared by very many (a stock
# phrase) must not make one insert cost thousands of rows.
_PER_KEY = 200
# Posting blocks are written uncompressed. Whoosh zlib-compresses every block, and
# most are a rare term's one or two postings, where deflate's set-up (~20 us a call)
# is all the cost: 208k calls were 18 % of the writer's CPU on Reuters-21578 (and
# 7 % of an update's commit). The price is disk: that index grew from 92 to 134 MB.
_POSTINGS_COMPRESSION = 0
# Lookup keys two sketches must share to be compared: on Reuters-21578 two keep
# every pair found with one (recall 0.99 at J >= 0.5, 1.0 at 0.6) and compare a
# seventh as many (0.6 candidates per article instead of 4.3).
_SHARED_KEYS = 2


class StoreError(Exception):
    """An index that cannot be used; the message says what to run."""


class IndexMissing(StoreError):
    pass


class IndexLocked(StoreError):
    pass


class IndexVersionError(StoreError):
    pass


class IndexDamaged(StoreError):
    pass


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, raised where the index and its manifest agree; the message says what was kept."""


def current_generation(index_dir: Path) -> Path:
    """The live generation folder of an index, checked for version; raises StoreError."""
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissing(f"no index at {index_dir}; create it with "
                           f"`newssearch index PATH --index {index_dir}`") from None
    except OSError as err:
        raise IndexDamaged(f"cannot read index at {index_dir}: {err.strerror}") from None
    gen = index_dir / name
    if not name.startswith("gen-") or not (gen / MANIFEST).is_file():
        raise IndexDamaged(f"index at {index_dir} is damaged (generation {name!r} is "
                           "missing); run `newssearch rebuild` or index the folders again")
    version = read_info(gen).get("schema_version")
    if version != str(SCHEMA_VERSION):
        raise IndexVersionError(
            f"index at {index_dir} has schema version {version}, this newssearch uses "
            f"{SCHEMA_VERSION}; run `newssearch rebuild --index {index_dir}`")
    return gen


def read_info(gen: Path) -> dict[str, str]:
    """The info table of a generation's manifest (schema version, roots as JSON)."""
    try:
        with _connect(gen / MANIFEST, readonly=True) as db:
            return dict(db.execute("SELECT key, value FROM info").fetchall())
    except sqlite3.DatabaseError as err:
        raise IndexDamaged(f"index manifest in {gen} is damaged ({err}); "
                           "run `newssearch rebuild`") from None


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # Up to 32 MiB of pages (default 2 MiB): the writer looks up and inserts sketch
    # keys at random places, and a Reuters-21578 manifest (19 MB) then stays in
    # memory; its sketch and doc lookups took 0.6-0.8 s less CPU of that ingest.
    # Not more: a 500,000-article ingest peaked at 622 MiB with 64 MiB here.
    db.execute("PRAGMA cache_size=-32768")
    return db


class _Lock:
    """An exclusive flock on index_dir/lock; a dead holder's lock is freed by the kernel."""

    def __init__(self, index_dir: Path, wait: float) -> None:
        self.path = index_dir / "lock"
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> "_Lock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, self.wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    os.close(fd)
                    raise IndexLocked(
                        f"another newssearch process (pid {holder or '?'}) is writing to "
                        f"{self.path.parent}; waited {self.wait:g}s (use --wait to wait longer)"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None


class Writer:
    """Writes one generation: Whoosh documents plus the manifest, committed together."""

    def __init__(self, gen: Path, commit_every: int = 5000) -> None:
        from whoosh.filedb.filestore import FileStorage

        self.gen = gen
        self.db = _connect(gen / MANIFEST)
        try:
            # No memory maps: Whoosh reads a mapped compound segment through a
            # BytesIO, which copies the whole segment into memory. The writer reads
            # segments only to find the documents it deletes (and to merge).
            self.ix = FileStorage(str(gen), supports_mmap=False).open_index(INDEX_NAME)
        except Exception as err:  # Whoosh raises many kinds for damaged files
            self.db.close()
            raise IndexDamaged(f"index in {gen} is damaged ({type(err).__name__}: {err}); "
                               "run `newssearch rebuild`") from None
        self.commit_every = commit_every
        self.pending = 0
        self.interrupted = False
        self._writer: Any = None
        self._deletes: Any = None  # the searcher for deletes, see _lookup
        self._added_ids: set[str] = set()
        self._claims_made = False
        self.db.executescript(_DEDUP_TABLES)
        if self._info("whoosh_generation") != str(self.ix.latest_generation()):
            self._drop_unknown()

    def _info(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _drop_unknown(self) -> None:
        """Delete documents Whoosh committed but the manifest never recorded (a crash
        between the two commits); their files are unrecorded too, so they are re-read."""
        known = {row[0] for row in self.db.execute("SELECT doc_id FROM docs")}
        self._ensure_writer()
        for term in list(self._lookup().lexicon(DOC_ID)):
            doc_id = term.decode("utf-8") if isinstance(term, bytes) else term
            if doc_id not in known:
                self._delete_one(doc_id)
        self.commit(merge=False)

    def checkpoint(self) -> None:
        """Raise Interrupted if Ctrl-C came; called only between two documents or files."""
        if self.interrupted:
            raise Interrupted()

    # -- manifest ---------------------------------------------------------------
    def roots(self) -> list[str]:
        row = self.db.execute("SELECT value FROM info WHERE key='roots'").fetchone()
        return json.loads(row[0]) if row else []

    def add_roots(self, roots: list[str]) -> None:
        merged = list(dict.fromkeys(self.roots() + roots))
        self.db.execute("INSERT OR REPLACE INTO info VALUES ('roots', ?)", (json.dumps(merged),))

    def file_state(self, path: str) -> tuple[int, int, str] | None:
        self.checkpoint()
        return self.db.execute("SELECT size, mtime_ns, hash FROM files WHERE path=?",
                               (path,)).fetchone()

    def known_files(self, root: str) -> list[str]:
        """Files recorded under root (root itself, or anything below it)."""
        prefix = root.rstrip("/") + "/"
        rows = self.db.execute("SELECT path FROM files WHERE path=? OR substr(path,1,?)=?",
                               (root, len(prefix), prefix))
        return [r[0] for r in rows]

    def set_file(self, path: str, size: int, mtime_ns: int, digest: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)",
                        (path, size, mtime_ns, digest))

    def docs_of(self, path: str) -> dict[str, str]:
        rows = self.db.execute("SELECT doc_id, hash FROM docs WHERE path=?", (path,))
        return dict(rows.fetchall())

    def line_keys_of(self, path: str) -> dict[str, str]:
        """line_key -> doc_id of the JSONL records of path (index/read.py line_key)."""
        rows = self.db.execute("SELECT line_key, doc_id FROM docs WHERE path=? AND "
                               "line_key IS NOT NULL", (path,))
        return dict(rows.fetchall())

    def doc_hash(self, doc_id: str) -> tuple[str, str] | None:
        return self.db.execute("SELECT path, hash FROM docs WHERE doc_id=?",
                               (doc_id,)).fetchone()

    # -- this run's doc_ids -------------------------------------------------------
    def claim(self, doc_id: str, path: str) -> str | None:
        """Note that this run read doc_id from path; None, or the path that claimed
        it earlier in the run (a duplicate). Kept in a temporary table, so that a
        run's memory does not grow with the number of articles it reads (a dict of
        500,000 doc_ids held some 90 MB)."""
        self._claims()
        if self.db.execute("INSERT OR IGNORE INTO temp.run_ids VALUES (?,?)",
                           (doc_id, path)).rowcount:
            return None
        return self.db.execute("SELECT path FROM temp.run_ids WHERE doc_id=?",
                               (doc_id,)).fetchone()[0]

    def claim_each(self, doc_ids: list[str], path: str) -> list[str | None]:
        """claim for many doc_ids in two statements per 500 instead of one each: for
        each, in order, None or the path that claimed it earlier in the run."""
        self._claims()
        out: list[str | None] = []
        for at in range(0, len(doc_ids), 500):
            chunk = doc_ids[at:at + 500]
            earlier = dict(self.db.execute(
                "SELECT doc_id, path FROM temp.run_ids WHERE doc_id IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchall())
            new: list[tuple[str, str]] = []
            for doc_id in chunk:
                other = earlier.get(doc_id)
                out.append(other)
                if other is None:
                    earlier[doc_id] = path  # a second record with it in chunk is a duplicate
                    new.append((doc_id, path))
            self.db.executemany("INSERT INTO temp.run_ids VALUES (?,?)", new)
        return out

    def claim_all(self, doc_ids: Iterable[str], path: str) -> None:
        """claim for the doc_ids of a file read as unchanged."""
        self._claims()
        self.db.executemany("INSERT OR REPLACE INTO temp.run_ids VALUES (?,?)",
                            ((doc_id, path) for doc_id in doc_ids))

    def _claims(self) -> None:
        if not self._claims_made:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS run_ids "
                            "(doc_id TEXT PRIMARY KEY, path TEXT) WITHOUT ROWID")
            self._claims_made = True

    def doc_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    # -- documents --------------------------------------------------------------
    def _ensure_writer(self) -> Any:
        if self._writer is None:
            from index.codec import FlushCodec

            codec = FlushCodec(compression=_POSTINGS_COMPRESSION)
            self._writer = self.ix.writer(limitmb=256, codec=codec)
            if GROUP not in self._writer.schema:  # an index made before grouping
                self._writer.add_field(GROUP, make_schema()[GROUP])
        return self._writer

    def put(self, article: Article, path: str, replace: bool,
            document: dict[str, Any] | None = None, line_key: str | None = None) -> None:
        """Add an article, first deleting the stored one with its doc_id if replace.

        document: its Whoosh document made in a worker, text fields as postings
        (pipeline._index_batch); path and group are set here. line_key: the key of
        the JSONL line it was read from (RawDoc.raw_key)."""
        self.checkpoint()
        if article.doc_id in self._added_ids:
            self.commit(merge=False)  # the shared searcher sees committed docs only
        writer = self._ensure_writer()
        if replace:
            self._delete_one(article.doc_id)
        group = self._group_of(article, replace)
        if document is None:
            document = article_to_fields(article, path, group)
        else:
            document[PATH], document[GROUP] = path, group
        writer.add_document(**document)
        self._added_ids.add(article.doc_id)
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?,?,?,?)",
                        (article.doc_id, path, article.content_hash, line_key))
        self._count()

    def delete(self, doc_id: str) -> None:
        self.checkpoint()
        if doc_id in self._added_ids:
            self.commit(merge=False)
        self._ensure_writer()
        self._delete_one(doc_id)
        self.db.execute("DELETE FROM docs WHERE doc_id=?", (doc_id,))
        self._forget_sketch(doc_id)
        self._count()

    # -- near-duplicates --------------------------------------------------------
    def _group_of(self, article: Article, replace: bool = True) -> str:
        """The group of the most alike stored article of the same story, else a new one;
        the article's sketch is filed under its lookup keys. A new doc_id has no sketch
        to forget: sketches are written and deleted with its docs row."""
        if replace:
            self._forget_sketch(article.doc_id)
        sketch, keys = article.sketch, dedup.lookup_keys(article.sketch)
        day = article.date.toordinal() if article.date else None
        best, group = 0.0, None
        for grp, other_day, blob in self._candidates(keys):
            score = dedup.same_story(sketch, dedup.unpack(blob), day, other_day)
            if score > best:
                best, group = score, grp
        if group is None:
            # Its own doc_id, unless an earlier version of it founded a group it has left.
            taken = self.db.execute("SELECT 1 FROM sketches WHERE grp=? LIMIT 1",
                                    (article.doc_id,)).fetchone()
            group = f"{article.doc_id}@{article.content_hash[:8]}" if taken else article.doc_id
        self.db.execute("INSERT INTO sketches VALUES (?,?,?,?)",
                        (article.doc_id, group, day, dedup.pack(sketch)))
        self.db.executemany("INSERT OR IGNORE INTO sketch_keys VALUES (?,?)",
                            [(key, article.doc_id) for key in keys])
        return group

    def _candidates(self, keys: tuple[int, ...]) -> list[tuple[str, int | None, bytes]]:
        """(group, day, sketch) of stored articles sharing enough lookup keys."""
        if not keys:
            return []
        per_key = " UNION ALL ".join(
            [f"SELECT * FROM (SELECT doc_id FROM sketch_keys WHERE key=? LIMIT {_PER_KEY})"]
            * len(keys))
        shared: dict[str, int] = {}
        for (doc_id,) in self.db.execute(per_key, keys):
            shared[doc_id] = shared.get(doc_id, 0) + 1
        found = [doc_id for doc_id, n in shared.items() if n >= _SHARED_KEYS]
        if not found:
            return []
        return self.db.execute("SELECT grp, day, sketch FROM sketches WHERE doc_id IN "
                               f"({','.join('?' * len(found))})", found).fetchall()

    def _forget_sketch(self, doc_id: str) -> None:
        row = self.db.execute("SELECT sketch FROM sketches WHERE doc_id=?", (doc_id,)).fetchone()
        if row is not None:
            self.db.executemany("DELETE FROM sketch_keys WHERE key=? AND doc_id=?",
                                [(key, doc_id) for key in dedup.lookup_keys(dedup.unpack(row[0]))])
            self.db.execute("DELETE FROM sketches WHERE doc_id=?", (doc_id,))

    def forget_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path=?", (path,))

    def _delete_one(self, doc_id: str) -> None:
        # One shared searcher for all deletes: Whoosh's update_document opens a
        # new searcher per call, which costs 7-40 ms each.
        docnum = self._lookup().document_number(**{DOC_ID: doc_id})
        if docnum is not None:
            self._writer.delete_document(docnum)

    def prepare_deletes(self) -> None:
        """Open the searcher that deletes use now (see _lookup), not at the first one."""
        self.checkpoint()
        self._ensure_writer()
        self._lookup()

    def _lookup(self) -> Any:
        """The searcher for deletes, opened on the first one: a run that only adds
        never opens the committed segments (each commit used to, and the mapped
        segments grew the writer's memory with the index: 754 -> 509 MiB peak RSS
        indexing 40,000 articles)."""
        if self._deletes is None:
            self._deletes = self._writer.searcher()
        return self._deletes

    @property
    def _searcher(self) -> Any:
        """The searcher for deletes (see _lookup); None without an open writer."""
        return self._lookup() if self._writer is not None else None

    @_searcher.setter
    def _searcher(self, value: Any) -> None:
        self._deletes = value

    def _count(self) -> None:
        self.pending += 1
        if self.pending >= self.commit_every:
            self.commit(merge=False)

    def commit(self, merge: bool = True, optimize: bool = False) -> None:
        """Whoosh first, then the manifest (see the module docstring)."""
        if self._writer is not None:
            if self._deletes is not None:
                self._deletes.close()
            self._writer.commit(merge=merge, optimize=optimize)
            self._writer = self._searcher = None
        self.db.execute("INSERT OR REPLACE INTO info VALUES ('whoosh_generation', ?)",
                        (str(self.ix.latest_generation()),))
        self.db.commit()
        self.pending = 0
        self._added_ids.clear()

    def cancel(self) -> None:
        """Drop uncommitted changes; never raises, so the error that led here is the one shown."""
        writer, searcher = self._writer, self._deletes
        self._writer = self._searcher = None
        for step in (getattr(searcher, "close", None), getattr(writer, "cancel", None),
                     self.db.rollback):
            try:
                if step is not None:
                    step()
            except Exception:  # e.g. a writer that failed halfway through its commit
                log.debug("cancel step failed", exc_info=True)

    def close(self) -> None:
        self.db.close()

    def optimize(self) -> None:
        """Merge every segment into one (slower commit, fastest searches)."""
        self._ensure_writer()
        self.commit(merge=True, optimize=True)


def _new_generation(index_dir: Path) -> Path:
    from whoosh import index as windex

    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    gen = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    gen.mkdir()
    try:
        ix = windex.create_in(str(gen), make_schema(), indexname=INDEX_NAME)
        with _connect(gen / MANIFEST) as db:
            db.executescript(
                "CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE files(path TEXT PRIMARY KEY, size INT, mtime_ns INT, hash TEXT);"
                "CREATE TABLE docs(doc_id TEXT PRIMARY KEY, path TEXT, hash TEXT, "
                "line_key TEXT);"
                "CREATE INDEX docs_path ON docs(path);" + _DEDUP_TABLES)
            db.execute("INSERT INTO info VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT INTO info VALUES ('created', ?)", (str(int(time.time())),))
            db.execute("INSERT INTO info VALUES ('whoosh_generation', ?)",
                       (str(ix.latest_generation()),))
        db.close()
    except BaseException:  # Ctrl-C or a full disk: no half-made generation is left
        shutil.rmtree(gen, ignore_errors=True)
        raise
    return gen


def _swap_current(index_dir: Path, gen: Path) -> None:
    tmp = index_dir / f"{CURRENT}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_stale(index_dir: Path, keep: Path) -> None:
    """Delete generations left by finished or interrupted rebuilds."""
    for gen in index_dir.glob("gen-*"):
        if gen != keep:
            shutil.rmtree(gen, ignore_errors=True)


@contextmanager
def open_writer(index_dir: Path, wait: float = 5.0, create: bool = False) -> Iterator[Writer]:
    """The live generation for writing, under the index lock; commits on success."""
    if create:
        index_dir.mkdir(parents=True, exist_ok=True)
    elif not (index_dir / CURRENT).exists():
        current_generation(index_dir)  # raises IndexMissing with the right message
    with _Lock(index_dir, wait):
        if not (index_dir / CURRENT).exists():
            _swap_current(index_dir, _new_generation(index_dir))
        gen = current_generation(index_dir)
        _remove_stale(index_dir, keep=gen)
        writer = Writer(gen)
        try:
            with _deferred_interrupt(writer):
                try:
                    yield writer
                except Interrupted:
                    writer.commit()
                    raise Interrupted("what was indexed so far is kept; run the same "
                                      "command again to finish") from None
                writer.commit()
                if writer.interrupted:  # Ctrl-C during the last commit: all is kept
                    raise Interrupted("everything was indexed before it took effect")
        except BaseException as err:
            writer.cancel()
            _raise_disk_full(err, index_dir, "its last commit")
            raise
        finally:
            writer.close()


@contextmanager
def open_rebuild(index_dir: Path, wait: float = 5.0) -> Iterator[tuple[Writer, list[str]]]:
    """A new generation beside the live one, swapped in only when the block succeeds.

    Yields the writer and the roots recorded by the live index.
    """
    with _Lock(index_dir, wait):
        roots = _live_roots(index_dir)
        _remove_stale(index_dir, keep=index_dir / _live_name(index_dir))
        gen: Path | None = None
        writer: Writer | None = None
        try:  # from the new folder on: a Ctrl-C before the writer defers it discards it too
            gen = _new_generation(index_dir)
            writer = Writer(gen)
            with _deferred_interrupt(writer):
                writer.add_roots(roots)
                yield writer, roots
                writer.commit(optimize=True)
        except BaseException as err:
            if writer is not None:
                writer.cancel()
                writer.close()
            if gen is not None:
                shutil.rmtree(gen, ignore_errors=True)
            if isinstance(err, KeyboardInterrupt):
                raise Interrupted("the rebuild was discarded; the previous index is "
                                  "unchanged") from None
            _raise_disk_full(err, index_dir, "the previous index, unchanged")
            raise
        writer.close()
        _swap_current(index_dir, gen)
        _remove_stale(index_dir, keep=gen)


def _live_name(index_dir: Path) -> str:
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexMissing(f"no index at {index_dir}; create it with "
                           f"`newssearch index PATH --index {index_dir}`") from None


def _live_roots(index_dir: Path) -> list[str]:
    """Roots of the live generation, read even when its schema version is old."""
    roots = read_info(index_dir / _live_name(index_dir)).get("roots")
    return json.loads(roots) if roots else []


@contextmanager
def _deferred_interrupt(writer: Writer) -> Iterator[None]:
    """Ctrl-C marks the writer interrupted; it stops at its next checkpoint. A second
    Ctrl-C stops at once (the uncommitted part is then cancelled)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        if writer.interrupted:
            raise KeyboardInterrupt
        writer.interrupted = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None
                      else signal.default_int_handler)


def _raise_disk_full(err: BaseException, index_dir: Path, kept: str) -> None:
    """A full disk in one line that says what the index still holds."""
    full = (isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)) or (
        isinstance(err, sqlite3.OperationalError) and "full" in str(err))
    if full:
        raise StoreError(f"disk full while writing the index at {index_dir} "
                         f"({getattr(err, 'strerror', None) or err}); it holds {kept}; "
                         "free some space and run the same command again") from None


def index_size(index_dir: Path) -> int:
    """Bytes on disk of the live generation."""
    gen = current_generation(index_dir)
    return sum(p.stat().st_size for p in gen.iterdir() if p.is_file())


def stored_doc_ids(gen: Path) -> tuple[set[str], int]:
    """doc_ids of every live document of a generation, read from the stored fields
    (so a damaged one raises), and its Whoosh generation; for `newssearch check`."""
    from whoosh import index as windex

    try:
        ix = windex.open_dir(str(gen), indexname=INDEX_NAME)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            held = {reader.stored_fields(n)[DOC_ID] for n in reader.all_doc_ids()}
        return held, ix.latest_generation()
    except Exception as err:  # Whoosh raises many kinds for damaged files
        raise IndexDamaged(f"Whoosh index files in {gen} are unreadable "
                           f"({type(err).__name__}: {err})") from None
