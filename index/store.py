"""The only code that creates, opens for writing or swaps an index.

Layout of an index folder:
    CURRENT         name of the live generation ("gen-000003"), replaced atomically
    lock            held (flock) by the one writer; the kernel frees it if that writer dies
    gen-NNNNNN/     a Whoosh index plus manifest.sqlite: indexed roots, file sizes,
                    mtimes and hashes, and every doc_id with its content hash (and,
                    for a JSONL record, the key of the line it was read from);
                    its SQL is index/manifest.py

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
from typing import TYPE_CHECKING, Any, Iterator

from index import manifest
from index.manifest import MANIFEST, Manifest
from index.schema import (DOC_ID, GROUP, PATH, SCHEMA_VERSION, article_to_fields,
                          make_schema)

if TYPE_CHECKING:  # only annotations here; a search opens the store without record
    from index.record import Article

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
INDEX_NAME = "newssearch"
# Posting blocks are written uncompressed. Whoosh zlib-compresses every block, and
# most are a rare term's one or two postings, where deflate's set-up (~20 us a call)
# is all the cost: 208k calls were 18 % of the writer's CPU on Reuters-21578 (and
# 7 % of an update's commit). The price is disk: that index grew from 92 to 134 MB.
_POSTINGS_COMPRESSION = 0


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
        return manifest.read_info(gen / MANIFEST)
    except sqlite3.DatabaseError as err:
        raise IndexDamaged(f"index manifest in {gen} is damaged ({err}); "
                           "run `newssearch rebuild`") from None


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
    """Writes one generation: Whoosh documents plus the manifest, committed together.

    The manifest (index/manifest.py) is `manifest`; the pipeline reads and records
    files and claims doc_ids through it, and puts documents through the writer."""

    def __init__(self, gen: Path, commit_every: int = 5000) -> None:
        from whoosh.filedb.filestore import FileStorage

        self.gen = gen
        self.manifest = Manifest(gen / MANIFEST)
        try:
            # No memory maps: Whoosh reads a mapped compound segment through a
            # BytesIO, which copies the whole segment into memory. The writer reads
            # segments only to find the documents it deletes (and to merge).
            self.ix = FileStorage(str(gen), supports_mmap=False).open_index(INDEX_NAME)
        except Exception as err:  # Whoosh raises many kinds for damaged files
            self.manifest.close()
            raise IndexDamaged(f"index in {gen} is damaged ({type(err).__name__}: {err}); "
                               "run `newssearch rebuild`") from None
        self.commit_every = commit_every
        self.pending = 0
        self.interrupted = False
        self._writer: Any = None
        self._deletes: Any = None  # the searcher for deletes, see _lookup
        self._added_ids: set[str] = set()
        if self.manifest.info("whoosh_generation") != str(self.ix.latest_generation()):
            self._drop_unknown()

    def _drop_unknown(self) -> None:
        """Delete documents Whoosh committed but the manifest never recorded (a crash
        between the two commits); their files are unrecorded too, so they are re-read."""
        known = self.manifest.all_doc_ids()
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
        group = self.manifest.group_of(article, replace)
        if document is None:
            document = article_to_fields(article, path, group)
        else:
            document[PATH], document[GROUP] = path, group
        writer.add_document(**document)
        self._added_ids.add(article.doc_id)
        self.manifest.set_doc(article.doc_id, path, article.content_hash, line_key)
        self._count()

    def delete(self, doc_id: str) -> None:
        self.checkpoint()
        if doc_id in self._added_ids:
            self.commit(merge=False)
        self._ensure_writer()
        self._delete_one(doc_id)
        self.manifest.forget_doc(doc_id)
        self._count()

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
        self.manifest.set_info("whoosh_generation", str(self.ix.latest_generation()))
        self.manifest.commit()
        self.pending = 0
        self._added_ids.clear()

    def cancel(self) -> None:
        """Drop uncommitted changes; never raises, so the error that led here is the one shown."""
        writer, searcher = self._writer, self._deletes
        self._writer = self._searcher = None
        for step in (getattr(searcher, "close", None), getattr(writer, "cancel", None),
                     self.manifest.rollback):
            try:
                if step is not None:
                    step()
            except Exception:  # e.g. a writer that failed halfway through its commit
                log.debug("cancel step failed", exc_info=True)

    def close(self) -> None:
        self.manifest.close()

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
        manifest.create(gen / MANIFEST, {
            "schema_version": str(SCHEMA_VERSION), "created": str(int(time.time())),
            "whoosh_generation": str(ix.latest_generation())})
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
                writer.manifest.add_roots(roots)
                yield writer, roots
                writer.commit(optimize=True)
                writer.checkpoint()  # Ctrl-C during that last commit discards it too
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
