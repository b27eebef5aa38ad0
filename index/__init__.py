"""newssearch's write side: read, clean and extract news articles into an index.

Public surface only; the stages live in their own modules. Names are imported
on first use (PEP 562): a search needs the store's errors, not the cleaning
stages, and importing those would cost `newssearch query` most of its start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

_SOURCES = {
    "check": ("CheckReport", "Finding", "check_index"),
    "pipeline": ("Summary", "build_article", "inspect_file", "rebuild_index", "update_index"),
    "record": ("Article", "Problem", "Quote", "RawDoc", "Removal"),
    "read": ("iter_files",),
    # The schema is the contract between the write side and the read side: its field
    # names, and the conversions of stored fields back to values.
    "schema": ("SCHEMA_VERSION", "BODY", "DATE", "DOC_ID", "FIELD_BOOSTS", "GROUP",
               "MAX_ORDINAL", "OUTLET", "QUOTES", "QUOTES_JSON", "SPEAKERS", "SPEAKER_NAMES",
               "TITLE", "fields_to_article", "ordinal_to_date"),
    "store": ("IndexDamaged", "IndexLocked", "IndexMissing", "IndexVersionError",
              "StoreError", "current_generation", "index_size", "INDEX_NAME"),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

__all__ = [
    "Article", "Problem", "Quote", "RawDoc", "Removal", "SCHEMA_VERSION", "Summary",
    "build_article", "inspect_file", "rebuild_index", "update_index", "StoreError",
    "IndexDamaged", "IndexLocked", "IndexMissing", "IndexVersionError",
    "current_generation", "index_size", "CheckReport", "Finding", "check_index",
    "iter_files", "INDEX_NAME", "BODY", "DATE", "DOC_ID", "FIELD_BOOSTS", "GROUP",
    "MAX_ORDINAL", "OUTLET", "QUOTES", "QUOTES_JSON", "SPEAKERS", "SPEAKER_NAMES", "TITLE",
    "fields_to_article", "ordinal_to_date",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:  # not a public name: let `from index import <module>` import it
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"index.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
