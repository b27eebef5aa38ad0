"""newssearch's write side: read, clean and extract news articles into an index.

Public surface only; the stages live in their own modules.
"""

from index.pipeline import Summary, build_article, inspect_file, rebuild_index, update_index
from index.record import Article, Problem, Quote, RawDoc, Removal
from index.schema import SCHEMA_VERSION
from index.store import (
    IndexDamaged,
    IndexLocked,
    IndexMissing,
    IndexVersionError,
    StoreError,
    current_generation,
    index_size,
)

__all__ = [
    "Article", "Problem", "Quote", "RawDoc", "Removal", "SCHEMA_VERSION", "Summary",
    "build_article", "inspect_file", "rebuild_index", "update_index", "StoreError",
    "IndexDamaged", "IndexLocked", "IndexMissing", "IndexVersionError",
    "current_generation", "index_size",
]
