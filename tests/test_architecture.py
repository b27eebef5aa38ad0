"""The import contract of HOUSE_STYLE.md, checked on the source (no import-linter needed)."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

# module -> the stage it belongs to; the quotes stage is split over four modules.
STAGE_OF = {"read": "read", "html": "html", "pubdate": "html", "clean": "clean", "meta": "meta",
            "quotes": "quotes", "attribution": "quotes", "roster": "quotes",
            "speakers": "quotes", "dedup": "dedup"}


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


@pytest.mark.parametrize("path", [p for p in modules("index") if p.stem in STAGE_OF],
                         ids=lambda p: p.name)
def test_stages_import_no_other_stage(path):
    own = STAGE_OF[path.stem]
    names = {m.split(".")[1] for m in imports_of(path) if m.startswith("index.")}
    others = {STAGE_OF[n] for n in names if n in STAGE_OF} - {own}
    assert not others, f"{path.name} imports the stages {others}"


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


@pytest.mark.parametrize("path", modules("search"), ids=lambda p: p.name)
def test_search_uses_only_index_public_names(path):
    stages = {p.stem for p in modules("index")} - {"__init__"}
    private = {m for m in imports_of(path)
               if m.startswith("index.") and m.split(".")[1] in stages}
    assert not private, f"{path.name} imports private index modules {private}"
