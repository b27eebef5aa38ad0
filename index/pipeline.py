"""read -> html/clean -> meta -> quotes -> store: batching, workers, progress, errors.

The main process walks the files, reads and hashes them, and writes the index;
cleaning and extraction run in worker processes (index/cleaners.py) while it
writes. Every file that cannot be read, and every record that cannot be
cleaned, becomes a Problem in the summary; it never stops the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter, deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from index import clean, dedup, read
from index.record import Article, Problem, RawDoc, Unread
from index.cleaners import Cleaners, start_fork_server
from index.store import Writer, open_rebuild, open_writer

log = logging.getLogger(__name__)

# (articles filed, bytes of the files read so far, bytes of all the files or None)
Progress = Callable[[int, int, "int | None"], None]
BATCH = 64
# Articles handed to the workers and not yet written, at most.
INFLIGHT_DOCS = 4096
# Below this many articles to clean, starting worker processes costs more than it saves.
PARALLEL_MIN_DOCS = 100
# Lines recurring in this share of one source's articles (and at least 3) are boilerplate.
RECURRING_SHARE = 0.05
WINDOW = 2000


@dataclass
class Summary:
    """What an indexing run did; problems are per file or per record."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def fail(self, problem: Problem) -> None:
        self.failed += 1
        self.problems.append(problem)


def content_hash(raw: RawDoc) -> str:
    """Hash of what was read for one article (text and container metadata)."""
    digest = hashlib.sha1(raw.kind.encode())
    digest.update(raw.content.encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(dict(raw.hints), sort_keys=True).encode())
    return digest.hexdigest()


def build_article(raw: RawDoc, recurring: frozenset[str] = frozenset()) -> Article | Problem:
    """One cleaned Article from one RawDoc, or a Problem saying why there is none."""
    # Imported here: the writer process, which has workers build its articles,
    # need not load them (quotes and its attribution rules: 50-100 ms a run).
    from index import meta, quotes

    hints = dict(raw.hints)
    text, html_doc = raw.content, None
    if raw.kind == "html":
        from index import html

        html_doc = html.extract_html(raw.content, url=hints.get("url"))
        text = html_doc.text
    title, text = meta.extract_title(text, hints)
    outlet = meta.extract_outlet(text, hints)
    date = meta.extract_date(text, hints)
    # html.py has already located the article in the markup: the cleaner only
    # drops lines by rule there (locating again cut tables and lists: F1 0.972 -> 0.951).
    locate = raw.kind != "html"
    body, removed = clean.clean_text(text, recurring, locate=locate)
    if recurring and not body.strip():
        # Lines shared by many articles of a source are boilerplate, unless they
        # are all an article has (a feed of one-line items).
        body, removed = clean.clean_text(text, locate=locate)
    if html_doc is not None:
        title = title or html_doc.title
        date = date or (None if hints.get("date") else html_doc.date)
        outlet = outlet or html_doc.outlet
        hints.setdefault("url", html_doc.url or "")
        removed = html_doc.removed + removed
    if not body.strip():
        return Problem(source=raw.source, message=f"empty article {raw.doc_id!r}: "
                       "no text left after cleaning")
    return Article(doc_id=raw.doc_id, source=raw.source, body=body, title=title, date=date,
                   outlet=outlet, url=hints.get("url") or None,
                   quotes=quotes.extract_quotes(body), content_hash=content_hash(raw),
                   removed=removed, sketch=dedup.make_sketch(body))


def _build_batch(batch: list[tuple[RawDoc, frozenset[str]]]) -> list[Article | Problem]:
    out: list[Article | Problem] = []
    for raw, recurring in batch:
        try:
            out.append(build_article(raw, recurring))
        except RecursionError:
            out.append(Problem(source=raw.source, message="HTML nested too deeply to parse"))
        except Exception as err:  # one bad article must not stop the run
            log.debug("failed on %s", raw.doc_id, exc_info=True)
            out.append(Problem(source=raw.source,
                               message=f"could not clean {raw.doc_id!r}: {type(err).__name__}"))
    return out


def _index_batch(batch: list[tuple[RawDoc, frozenset[str]]]
                 ) -> list[tuple[Article | Problem, dict | None]]:
    """_build_batch, plus each article's Whoosh document with its text fields'
    postings (made here, in the worker, so that the writer process only adds the
    path and group and files them). The removed blocks, which only `inspect`
    shows, are not sent back."""
    from dataclasses import replace

    from index import postings
    from index.schema import article_to_fields

    schema = _schema()
    out: list[tuple[Article | Problem, dict | None]] = []
    for item in _build_batch(batch):
        document = None
        if not isinstance(item, Problem):
            item = replace(item, removed=())
            try:
                fields = article_to_fields(item, "")
                document = {**fields, **postings.analyse_fields(fields, schema)}
            except Exception:  # the writer makes it itself
                log.debug("analysis failed on %s", item.doc_id, exc_info=True)
        out.append((item, document))
    return out


_SCHEMA: list = []


def _schema():  # -> whoosh.fields.Schema, one per process
    if not _SCHEMA:
        from index.schema import make_schema

        _SCHEMA.append(make_schema())
    return _SCHEMA[0]


def inspect_file(path: Path) -> Article | Problem:
    """What the indexer makes of one file (of its first record), touching no index."""
    for item in read.read_file(path, path.parent):
        if isinstance(item, Problem):
            return item
        if isinstance(item, RawDoc):
            return _build_batch([(item, frozenset())])[0]
    return Problem(source=str(path), message="no article in file")


@dataclass
class _FileTask:
    path: str
    size: int
    mtime_ns: int
    digest: str
    old: dict[str, str]
    # line_key -> doc_id of its JSONL records as last indexed (Manifest.line_keys_of)
    lines: dict[str, str] = field(default_factory=dict)
    produced: set[str] = field(default_factory=set)
    problems: int = 0
    at: list[int] = field(default_factory=lambda: [0])  # bytes read (read.read_file)
    filed: int = 0  # bytes of it read when the record filed last was


def _file_digest(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Run:
    """One indexing run over some roots into one writer."""

    def __init__(self, writer: Writer, summary: Summary, progress: Progress | None,
                 workers: int) -> None:
        """workers: the most cleaning processes beside this one (index/cleaners.py); 0, this
        one cleans."""
        self.w, self.s, self.progress = writer, summary, progress
        self.m = writer.manifest
        self.workers = workers
        self.docs_done = 0
        self.total: int | None = None  # bytes of all the files, for progress
        self.bytes_done = 0  # of the files filed to their end (or unchanged)
        self.filing: _FileTask | None = None  # the file whose records are being filed
        self.replacing = False  # some record read replaces a stored one
        self.fresh = 0  # records read that are new or changed (see _fresh_read)
        self.prepared = False

    # -- scanning -------------------------------------------------------------------
    def scan(self, roots: Iterable[Path]
             ) -> Iterator[tuple[_FileTask, Iterator[RawDoc | Unread]]]:
        """Changed or new files with their records, each file's read to its end before
        the next is checked; unchanged and gone ones handled here."""
        for root in roots:
            root = Path(os.path.abspath(root))  # doc_ids are relative to an absolute root
            seen: set[str] = set()
            for item in read.iter_files(root):
                if isinstance(item, Problem):
                    self.s.fail(item)
                    continue
                path = os.path.abspath(item)
                seen.add(path)
                task = self._check(path)
                if task is not None:
                    yield task, self._read(task, Path(path), root)
            if root.exists():
                self._remove_gone(str(root), seen)

    def _check(self, path: str) -> _FileTask | None:
        try:
            st = os.stat(path)
            self.w.checkpoint()
            state = self.m.file_state(path)
            if state and state[0] == st.st_size and state[1] == st.st_mtime_ns:
                return self._unchanged(path, st.st_size)
            digest = _file_digest(path)
        except OSError as err:
            self.s.fail(Problem(source=path, message=(err.strerror or str(err)).lower()))
            return None
        if state and state[2] == digest:
            self.m.set_file(path, st.st_size, st.st_mtime_ns, digest)
            return self._unchanged(path, st.st_size)
        return _FileTask(path, st.st_size, st.st_mtime_ns, digest, self.m.docs_of(path),
                         self.m.line_keys_of(path))

    def _unchanged(self, path: str, size: int) -> None:
        ids = self.m.docs_of(path)
        self.s.unchanged += len(ids)
        self.m.claim_all(ids, path)
        self.bytes_done += size
        self._report()
        return None

    def _read(self, task: _FileTask, path: Path, root: Path) -> Iterator[RawDoc | Unread]:
        """The file's records, as read (a JSONL file is streamed, never held whole);
        lines unchanged since indexed are left unparsed (Unread), except among the
        first WINDOW, which _recurring_keys reads."""
        for item in read.read_file(path, root, known=task.lines, parse_first=WINDOW,
                                   at=task.at):
            if isinstance(item, Problem):
                task.problems += 1
                self.s.fail(item)
            else:
                if isinstance(item, RawDoc) and item.raw_key not in task.lines:
                    self._fresh_read()
                yield item

    def _fresh_read(self) -> None:
        """Count a record read that is new or changed; once there are a quarter of
        PARALLEL_MIN_DOCS, start the fork server, which takes 0.2-0.3 s to load the
        workers' modules, while the rest is read (it idles if no pool follows)."""
        self.fresh += 1
        if self.fresh == PARALLEL_MIN_DOCS // 4 and self.workers:
            start_fork_server()

    def _remove_gone(self, root: str, seen: set[str]) -> None:
        for path in self.m.known_files(os.path.abspath(root)):
            if path not in seen and not os.path.exists(path):
                for doc_id in self.m.docs_of(path):
                    self._delete_if_from(doc_id, path)
                self.m.forget_file(path)

    def _delete_if_from(self, doc_id: str, path: str) -> None:
        """Delete a document unless another file now holds its doc_id."""
        known = self.m.doc_hash(doc_id)
        if known and known[0] == path:
            self.w.delete(doc_id)
            self.s.removed += 1

    # -- processing -----------------------------------------------------------------
    def run(self, roots: list[Path]) -> None:
        if self.progress:
            self.total = _total_bytes(roots)
            self._report()
        work = self._work_items(roots)
        cleaners = None
        try:
            first = list(_take(work, PARALLEL_MIN_DOCS))
            if len(first) >= PARALLEL_MIN_DOCS and self.workers:
                cleaners = Cleaners(self.workers, _index_batch, _docs_of)
            self._process(_chain(first, work), cleaners)
        finally:
            if cleaners is not None:
                cleaners.shutdown()

    def _work_items(self, roots: list[Path]) -> Iterator[tuple]:
        """(task, raw, recurring line keys, bytes of the file read by then) for each record
        to clean, then (task, None, -, its size) closing each file."""
        for task, records in self.scan(roots):
            head = list(islice(records, WINDOW))
            window = _recurring_keys(head)
            unread: list[Unread] = []  # claimed together, before the next record read
            for raw in _chain(head, records):
                if isinstance(raw, Unread):
                    unread.append(raw)
                    continue
                if unread:
                    self._skip_unread(task, unread)
                    unread = []
                if self._skip(task, raw, self.m.claim(raw.doc_id, task.path)):
                    continue
                yield task, raw, window, task.at[0]
            if unread:
                self._skip_unread(task, unread)
            yield task, None, frozenset(), task.size

    def _skip_unread(self, task: _FileTask, records: list[Unread]) -> None:
        for raw, other in zip(records, self.m.claim_each([r.doc_id for r in records],
                                                         task.path)):
            self._skip(task, raw, other)

    def _skip(self, task: _FileTask, raw: RawDoc | Unread, other: str | None) -> bool:
        """Whether a record needs no cleaning: a duplicate doc_id (other: the path that
        claimed it earlier in this run) or unchanged since it was indexed."""
        if other is not None:
            task.problems += 1
            self.s.fail(Problem(source=raw.source, message=(
                f"duplicate doc_id {raw.doc_id!r} (already read from {other}); skipped")))
            return True
        task.produced.add(raw.doc_id)
        if isinstance(raw, Unread) or task.old.get(raw.doc_id) == content_hash(raw):
            self.s.unchanged += 1
            return True
        self.replacing = self.replacing or raw.doc_id in task.old
        return False

    def _process(self, items: Iterator, cleaners: Cleaners | None) -> None:
        inflight: deque[tuple[list, Future | None]] = deque()
        # Deep enough that the workers keep cleaning while the writer commits.
        depth = max(2 * self.workers + 2, INFLIGHT_DOCS // BATCH) if cleaners else 1
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:  # batches span files: one-article files are common
                inflight.append(_submit(batch, cleaners))
                batch = []
                while len(inflight) > depth:
                    self._finish(*inflight.popleft(), cleaners, inflight)
        if batch:
            inflight.append(_submit(batch, cleaners))
        while inflight:
            self._finish(*inflight.popleft(), cleaners, inflight)

    def _finish(self, batch: list, result: Future | None, cleaners: Cleaners | None,
                inflight: deque) -> None:
        """File a batch's articles; result is None when this process is to build them."""
        if self.replacing and not self.prepared:
            # The first delete opens every committed segment: do it while the
            # workers start (0.2 s of an update).
            self.prepared = True
            self.w.prepare_deletes()
        built = iter(_index_batch(_docs_of(batch)) if cleaners is None or result is None
                     else cleaners.result(result, inflight))
        for task, raw, _, read_to in batch:
            self.filing, task.filed = task, read_to
            if raw is None:
                self._close_file(task)
                continue
            article, document = next(built)
            if isinstance(article, Problem):
                task.problems += 1
                task.produced.discard(raw.doc_id)
                self.s.fail(article)
                continue
            known = self.m.doc_hash(article.doc_id)
            self.w.put(article, task.path, replace=known is not None, document=document,
                       line_key=raw.raw_key)
            if known is None:
                self.s.added += 1
            else:
                self.s.updated += 1
            self.docs_done += 1
            if self.docs_done % 50 == 0:
                self._report()

    def _close_file(self, task: _FileTask) -> None:
        self.bytes_done += task.size
        self.filing = None
        if task.problems:
            return  # keep what it had; retried next run since its state is not recorded
        for doc_id in task.old:
            if doc_id not in task.produced:
                self._delete_if_from(doc_id, task.path)
        self.m.set_file(task.path, task.size, task.mtime_ns, task.digest)
        self._report()

    def _report(self) -> None:
        """Progress in bytes: files done, and of the file being filed the bytes read
        when its last filed record was (a JSONL file is read in chunks of 1 MiB), so a
        single big export moves the bar and shows its time left."""
        if self.progress:
            filing = self.filing.filed if self.filing is not None else 0
            self.progress(self.docs_done, self.bytes_done + filing, self.total)


def _total_bytes(roots: list[Path]) -> int | None:
    """Bytes of the files under roots (a walk before the run, for the progress bar)."""
    total = 0
    for root in roots:
        for item in read.iter_files(Path(os.path.abspath(root))):
            if not isinstance(item, Problem):
                try:
                    total += os.stat(item).st_size
                except OSError:
                    pass
    return total or None


def _docs_of(batch: list) -> list[tuple[RawDoc, frozenset[str]]]:
    return [(raw, window) for _, raw, window, _ in batch if raw is not None]


def _submit(batch: list, cleaners: Cleaners | None) -> tuple[list, Future | None]:
    """A batch and its future; without cleaners, it is built when filed."""
    return batch, None if cleaners is None else cleaners.submit(batch)


def _recurring_keys(head: list[RawDoc | Unread]) -> frozenset[str]:
    """Line keys that recur in many of these articles of one source (a file or folder).

    head: its first WINDOW records (or all, if fewer), which read_file therefore
    always parses; the rest of the file is read while they are cleaned."""
    if len(head) < 3:
        return frozenset()
    counts: Counter[str] = Counter()
    for raw in head:
        if isinstance(raw, RawDoc) and raw.kind == "text":
            counts.update({clean.line_key(line) for line in raw.content.splitlines()
                           if _boilerplate_shaped(line)})
    floor = max(3, int(RECURRING_SHARE * min(len(head), WINDOW)))
    return frozenset(k for k, n in counts.items() if n >= floor and k)


def _boilerplate_shaped(line: str) -> bool:
    """Only short lines without figures count: a recurring data line ("Shr 12 cts vs
    10 cts" in wire earnings reports) is content whose numbers differ."""
    words = line.split()
    return 0 < len(words) <= 12 and not any(ch.isdigit() for ch in line)


def _take(items: Iterator, count: int) -> Iterator:
    docs = 0
    for item in items:
        yield item
        if item[1] is not None:
            docs += 1
            if docs >= count:
                return


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _default_workers() -> int:
    """At most one cleaning process per core, and 4 (see index/cleaners.py); none on one core,
    where the writer cleans."""
    cores = os.cpu_count() or 1
    return min(4, cores) if cores > 1 else 0


def _workers(workers: int | None) -> int:
    return _default_workers() if workers is None else workers


def update_index(index_dir: Path, paths: list[Path], *, wait: float = 5.0,
                 progress: Progress | None = None, workers: int | None = None) -> Summary:
    """Bring the index at index_dir up to date with paths (or every recorded root)."""
    summary = Summary()
    with open_writer(index_dir, wait=wait, create=bool(paths)) as writer:
        if paths:
            writer.manifest.add_roots([os.path.abspath(p) for p in paths])
        roots = [Path(p) for p in (paths or writer.manifest.roots())]
        _Run(writer, summary, progress, _workers(workers)).run(roots)
    return summary


def rebuild_index(index_dir: Path, *, wait: float = 5.0, progress: Progress | None = None,
                  workers: int | None = None) -> Summary:
    """Re-read every recorded root into a new index and swap it in when complete."""
    summary = Summary()
    with open_rebuild(index_dir, wait=wait) as (writer, roots):
        _Run(writer, summary, progress, _workers(workers)).run(
            [Path(r) for r in roots])
    return summary
