"""The manifest of one index generation: the SQLite file beside its Whoosh index.

It records the indexed roots, every file's size, mtime and hash, every doc_id
with its file, content hash and (for a JSONL record) the key of its line, and
the near-duplicate sketch and group of every article. index/store.py owns the
generation and commits the manifest after Whoosh; this module is only the SQL.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from index import dedup

if TYPE_CHECKING:  # only annotations here; a search opens the store without record
    from index.record import Article

MANIFEST = "manifest.sqlite"
_TABLES = (
    "CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE files(path TEXT PRIMARY KEY, size INT, mtime_ns INT, hash TEXT);"
    "CREATE TABLE docs(doc_id TEXT PRIMARY KEY, path TEXT, hash TEXT, line_key TEXT);"
    "CREATE INDEX docs_path ON docs(path);")
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
# Lookup keys two sketches must share to be compared: on Reuters-21578 two keep
# every pair found with one (recall 0.99 at J >= 0.5, 1.0 at 0.6) and compare a
# seventh as many (0.6 candidates per article instead of 4.3).
_SHARED_KEYS = 2


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
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


def create(path: Path, info: dict[str, str]) -> None:
    """A new generation's manifest with its info rows (schema version and so on)."""
    with connect(path) as db:
        db.executescript(_TABLES + _DEDUP_TABLES)
        db.executemany("INSERT INTO info VALUES (?, ?)", info.items())
    db.close()


def read_info(path: Path) -> dict[str, str]:
    """The info table (schema version, roots as JSON); raises sqlite3.DatabaseError."""
    with connect(path, readonly=True) as db:
        return dict(db.execute("SELECT key, value FROM info").fetchall())


class Manifest:
    """The manifest of a generation opened for writing; changes wait for commit()."""

    def __init__(self, path: Path) -> None:
        self.db = connect(path)
        self._claims_made = False
        self.db.executescript(_DEDUP_TABLES)

    def info(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    def commit(self) -> None:
        self.db.commit()

    def rollback(self) -> None:
        self.db.rollback()

    def close(self) -> None:
        self.db.close()

    # -- roots and files ----------------------------------------------------------------
    def roots(self) -> list[str]:
        value = self.info("roots")
        return json.loads(value) if value else []

    def add_roots(self, roots: list[str]) -> None:
        self.set_info("roots", json.dumps(list(dict.fromkeys(self.roots() + roots))))

    def file_state(self, path: str) -> tuple[int, int, str] | None:
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

    def forget_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path=?", (path,))

    # -- documents ----------------------------------------------------------------------
    def all_doc_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT doc_id FROM docs")}

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

    def doc_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def set_doc(self, doc_id: str, path: str, content_hash: str, line_key: str | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?,?,?,?)",
                        (doc_id, path, content_hash, line_key))

    def forget_doc(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM docs WHERE doc_id=?", (doc_id,))
        self.forget_sketch(doc_id)

    # -- this run's doc_ids -------------------------------------------------------------
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

    # -- near-duplicates ----------------------------------------------------------------
    def group_of(self, article: Article, replace: bool = True) -> str:
        """The group of the most alike stored article of the same story, else a new one;
        the article's sketch is filed under its lookup keys. A new doc_id has no sketch
        to forget: sketches are written and deleted with its docs row."""
        filed = self._drop_sketch(article.doc_id) if replace else ()
        sketch, keys = article.sketch, dedup.lookup_keys(article.sketch)
        day = article.date.toordinal() if article.date else None
        best, group = 0.0, None
        for grp, other_day, blob in self._candidates(keys, article.doc_id):
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
        # Only the keys that changed: a corrected article keeps most of its sketch.
        self._forget_keys(article.doc_id, set(filed).difference(keys))
        self.db.executemany("INSERT OR IGNORE INTO sketch_keys VALUES (?,?)",
                            [(key, article.doc_id) for key in keys if key not in filed])
        return group

    def _candidates(self, keys: tuple[int, ...], doc_id: str
                    ) -> list[tuple[str, int | None, bytes]]:
        """(group, day, sketch) of other stored articles sharing enough lookup keys."""
        if not keys:
            return []
        per_key = " UNION ALL ".join(
            [f"SELECT * FROM (SELECT doc_id FROM sketch_keys WHERE key=? LIMIT {_PER_KEY})"]
            * len(keys))
        shared: dict[str, int] = {}
        for (other,) in self.db.execute(per_key, keys):
            shared[other] = shared.get(other, 0) + 1
        found = [other for other, n in shared.items() if n >= _SHARED_KEYS and other != doc_id]
        if not found:
            return []
        return self.db.execute("SELECT grp, day, sketch FROM sketches WHERE doc_id IN "
                               f"({','.join('?' * len(found))})", found).fetchall()

    def forget_sketch(self, doc_id: str) -> None:
        self._forget_keys(doc_id, self._drop_sketch(doc_id))

    def _drop_sketch(self, doc_id: str) -> tuple[int, ...]:
        """Delete doc_id's sketch; the lookup keys it was filed under (still filed)."""
        row = self.db.execute("SELECT sketch FROM sketches WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            return ()
        self.db.execute("DELETE FROM sketches WHERE doc_id=?", (doc_id,))
        return dedup.lookup_keys(dedup.unpack(row[0]))

    def _forget_keys(self, doc_id: str, keys: Iterable[int]) -> None:
        self.db.executemany("DELETE FROM sketch_keys WHERE key=? AND doc_id=?",
                            [(key, doc_id) for key in keys])
