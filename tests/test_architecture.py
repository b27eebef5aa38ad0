"""The import contract of HOUSE_STYLE.md, checked on the source (no import-linter needed)."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

STAGES = {"read", "html", "clean", "meta", "quotes", "speakers", "dedup"}


def imports_of(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(package: str):
    return sorted((ROOT / package).glob("*.py"))


@pytest.mark.parametrize("path", modules("index"), ids=lambda p: p.name)
def test_index_never_imports_search_typer_or_rich(path):
    bad = {m for m in imports_of(path) if m.split(".")[0] in ("search", "typer", "rich")}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", [p for p in modules("index") if p.stem in STAGES],
                         ids=lambda p: p.name)
def test_stages_import_no_other_stage(path):
    own = path.stem
    allowed = {"quotes": {"speakers"}}.get(own, set())  # speakers.py is quotes' own helper
    others = {m.split(".")[1] for m in imports_of(path)
              if m.startswith("index.") and m.count(".") >= 1}
    others |= {m.split(".")[-1] for m in imports_of(path) if m.startswith("index.")}
    assert not (others & (STAGES - {own} - allowed)), f"{path.name} imports {others}"


@pytest.mark.parametrize("path", modules("index") + modules("search"), ids=lambda p: p.name)
def test_only_cli_imports_typer(path):
    if path.name == "cli.py":
        return
    assert not {m for m in imports_of(path) if m.split(".")[0] == "typer"}


@pytest.mark.parametrize("path", modules("index") + modules("search"), ids=lambda p: p.name)
def test_only_store_and_engine_open_indexes(path):
    if path.name in ("store.py", "engine.py"):
        return
    opens = {m for m in imports_of(path) if m in ("whoosh.index", "whoosh.index.open_dir",
                                                  "whoosh.index.create_in")}
    assert not opens, f"{path.name} opens a Whoosh index directly"
