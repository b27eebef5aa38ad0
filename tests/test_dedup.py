"""Near-duplicates: sketch properties, groups in the store, folded hits, related stories."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from index import dedup, update_index
from index.schema import GROUP
from search.engine import Engine
from search.request import SearchRequest

HARBOUR = [
    "The harbour bridge in Port Elwin was closed to all traffic on Tuesday after engineers "
    "found deep cracks in two of its steel support cables during a routine inspection.",
    "City council leader Maria Santos said the closure would last at least three weeks while "
    "specialists from the national roads agency assess how far the damage has spread.",
    "About forty thousand vehicles cross the bridge every day, and commuters faced queues of "
    "more than an hour on the coastal road that is now the only route into the old town.",
    "The ferry company that runs boats between the two harbour piers said it would double its "
    "crossings from Wednesday and keep fares at the usual level during the closure.",
    "Engineers first raised concerns about corrosion on the cables in a report to the council "
    "two years ago, but a repair programme was postponed because of budget cuts.",
    "Opposition councillors called for an independent inquiry into why the warnings were not "
    "acted on sooner and demanded that the full inspection report be published.",
    "Shops in the old town said trade had already fallen sharply and asked the council for "
    "help with rents and business rates until the bridge reopens to cars and buses.",
    "The roads agency said pedestrians and cyclists would be allowed back onto the bridge "
    "within days if further tests showed the walkway could safely carry their weight.",
]
REPAIRS = [
    "Repairs to the harbour bridge in Port Elwin will cost at least twelve million pounds, the "
    "roads agency told the city council on Friday, far more than first estimated.",
    "Replacing the corroded steel cables means building a temporary support frame under the "
    "main span, work that cannot start before the autumn storms have passed.",
    "Council leader Maria Santos said the ferry service between the harbour piers would be "
    "subsidised for the whole of the repair period so that fares stay low for commuters.",
    "Traders in the old town welcomed the subsidy but said the council still had not answered "
    "their request for relief on business rates while the bridge remains closed to traffic.",
    "An independent inquiry into the delayed repair programme will report in the spring, and "
    "its chair promised that the full inspection history of the cables would be published.",
]
FOOTBALL = [
    "Northbridge United sacked their head coach on Sunday after a run of seven league defeats "
    "left the club second from bottom of the table with only ten matches to play.",
    "The chairman thanked the coach for three seasons of work, including a cup final, but said "
    "the board had lost confidence that he could keep the team in the division.",
    "Assistant coach Tom Hale will take charge of training this week and pick the side for "
    "Saturday's home game against the league leaders, who have not lost since October.",
    "Supporters had protested outside the stadium after the latest defeat, and attendance has "
    "fallen by almost a quarter compared with the same point of last season.",
    "The club said it hoped to appoint a permanent successor before the transfer window "
    "closes and had already spoken to several candidates from abroad.",
]
CHANGED = ("Officials said about forty thousand vehicles use the crossing daily, and drivers "
           "sat in queues of over an hour on the coast road, now the only way into the old town.")
CREDIT = "Reporting by Anna Berg; additional reporting by Luis Ortega; editing by Mark Hill"


def body(sentences: list[str]) -> str:
    return " ".join(sentences)


# -- sketches ----------------------------------------------------------------------
def test_identical_text_same_story():
    a = dedup.make_sketch(body(HARBOUR))
    assert len(a) == dedup.SKETCH_SIZE
    assert dedup.estimate_jaccard(a, dedup.make_sketch(body(HARBOUR))) == 1.0
    assert dedup.same_story(a, a)


def test_light_edits_same_story():
    original = dedup.make_sketch(body(HARBOUR))
    changed = dedup.make_sketch(body(HARBOUR[:2] + [CHANGED] + HARBOUR[3:]))
    credited = dedup.make_sketch(body(HARBOUR) + "\n" + CREDIT)
    updated = dedup.make_sketch(body(HARBOUR[:-1]))  # an earlier, shorter version
    for other in (changed, credited, updated):
        assert dedup.same_story(original, other)
    assert dedup.estimate_jaccard(original, changed) < 1.0


def test_different_stories_are_not_one():
    harbour = dedup.make_sketch(body(HARBOUR))
    for other in (REPAIRS, FOOTBALL):
        assert not dedup.same_story(harbour, dedup.make_sketch(body(other)))


def test_case_and_punctuation_do_not_matter():
    text = body(HARBOUR)
    assert dedup.make_sketch(text) == dedup.make_sketch(text.upper().replace(",", " ;"))


def test_short_body_has_no_sketch():
    assert dedup.make_sketch("Qtly div 10 cts vs 10 cts prior. Pay April 15, record April 1.") == ()
    assert not dedup.same_story((), ())


def test_same_text_far_apart_in_time_is_another_event():
    sketch = dedup.make_sketch(body(HARBOUR))
    day = dt.date(2024, 3, 1).toordinal()
    assert dedup.same_story(sketch, sketch, day, day + dedup.DATE_WINDOW)
    assert not dedup.same_story(sketch, sketch, day, day + dedup.DATE_WINDOW + 1)
    assert dedup.same_story(sketch, sketch, day, None)


def test_sketch_is_stable_across_processes():
    """Hashes must not be Python's hash(), which is salted per process."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from index import dedup; "
            "print(dedup.make_sketch(sys.argv[2]))")
    runs = {subprocess.run([sys.executable, "-c", code, str(ROOT), body(HARBOUR)],
                           capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert runs == {f"{dedup.make_sketch(body(HARBOUR))}\n"}


def test_pack_round_trip():
    sketch = dedup.make_sketch(body(HARBOUR))
    assert dedup.unpack(dedup.pack(sketch)) == sketch
    assert dedup.unpack(dedup.pack(())) == ()


# -- a syndicated corpus -----------------------------------------------------------------
def write_outlet(folder: Path, outlet: str, records: list[tuple[str, str, str, str]]) -> None:
    """One JSONL file per outlet (as feeds come), records of (id, title, date, text)."""
    with open(folder / f"{outlet.lower().replace(' ', '-')}.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, title, date, text in records:
            fh.write(json.dumps({"id": doc_id, "title": title, "date": date, "text": text,
                                 "outlet": outlet}) + "\n")


@pytest.fixture()
def wire(tmp_path: Path) -> Path:
    folder = tmp_path / "wire"
    folder.mkdir()
    write_outlet(folder, "Reuters", [
        ("reuters-1", "Harbour bridge closed after cracks found in cables", "2024-03-05",
         "\n\n".join(HARBOUR)),
        ("reuters-2", "Northbridge United sack coach", "2024-03-10", "\n\n".join(FOOTBALL)),
    ])
    write_outlet(folder, "AP", [
        ("ap-1", "Cracked cables shut Port Elwin bridge", "2024-03-05",
         "\n\n".join(HARBOUR[:2] + [CHANGED] + HARBOUR[3:])),
    ])
    write_outlet(folder, "AFP", [
        ("afp-1", "Port Elwin harbour bridge shut", "2024-03-06",
         "\n\n".join(HARBOUR) + "\n\n" + CREDIT),
        ("afp-2", "Bridge repairs to cost 12 million", "2024-03-15", "\n\n".join(REPAIRS)),
    ])
    return folder


@pytest.fixture()
def wire_index(tmp_path: Path, wire: Path) -> Path:
    index_dir = tmp_path / "index"
    summary = update_index(index_dir, [wire], workers=0)
    assert (summary.added, summary.failed) == (5, 0)
    return index_dir


def groups(index_dir: Path) -> dict[str, str]:
    with Engine(index_dir) as engine:
        return {d["doc_id"]: d[GROUP] for d in engine.iter_documents()}


def test_copies_share_the_first_members_group(wire_index):
    found = groups(wire_index)
    assert found["ap-1"] == found["afp-1"] == found["reuters-1"]
    assert found["reuters-1"] in {"reuters-1", "ap-1", "afp-1"}
    assert len({found["reuters-1"], found["reuters-2"], found["afp-2"]}) == 3


def test_changed_copy_leaves_its_group(wire, wire_index):
    first = groups(wire_index)["reuters-1"]
    write_outlet(wire, "AP", [("ap-1", "Coach sacked", "2024-03-10",
                               "\n\n".join(FOOTBALL[1:] + FOOTBALL[:1]) + " Extra line.")])
    update_index(wire_index, [wire], workers=0)
    found = groups(wire_index)
    assert found["ap-1"] == found["reuters-2"] != first
    assert found["afp-1"] == found["reuters-1"] == first


def test_founder_rewritten_does_not_keep_its_old_group(wire, wire_index):
    found = groups(wire_index)
    founder = found["reuters-1"]
    outlet = {"reuters-1": "Reuters", "ap-1": "AP", "afp-1": "AFP"}[founder]
    write_outlet(wire, outlet, [(founder, "Other news", "2024-03-20",
                                 "\n\n".join(REPAIRS[::-1]) + " A different story.")]
                 + ([("reuters-2", "Northbridge United sack coach", "2024-03-10",
                      "\n\n".join(FOOTBALL))] if outlet == "Reuters" else [])
                 + ([("afp-2", "Bridge repairs to cost 12 million", "2024-03-15",
                      "\n\n".join(REPAIRS))] if outlet == "AFP" else []))
    update_index(wire_index, [wire], workers=0)
    after = groups(wire_index)
    copies = [d for d in ("reuters-1", "ap-1", "afp-1") if d != founder]
    assert after[copies[0]] == after[copies[1]] == founder
    assert after[founder] != founder


def test_a_replaced_article_is_filed_under_its_new_keys_only(wire, wire_index):
    """A correction keeps the lookup keys its sketch still has and drops the others."""
    import sqlite3

    from index.store import current_generation

    write_outlet(wire, "AP", [("ap-1", "Coach sacked", "2024-03-10",
                               "\n\n".join(FOOTBALL[1:] + FOOTBALL[:1]) + " Extra line.")])
    update_index(wire_index, [wire], workers=0)
    db = sqlite3.connect(current_generation(wire_index) / "manifest.sqlite")
    filed = {key for (key,) in db.execute("SELECT key FROM sketch_keys WHERE doc_id='ap-1'")}
    (blob,) = db.execute("SELECT sketch FROM sketches WHERE doc_id='ap-1'").fetchone()
    assert filed == set(dedup.lookup_keys(dedup.unpack(blob))) != set()
    keyed = {doc for (doc,) in db.execute("SELECT DISTINCT doc_id FROM sketch_keys")}
    sketched = {doc for (doc,) in db.execute("SELECT doc_id FROM sketches")}
    assert keyed == sketched


def test_engine_folds_copies_and_pages_by_story(wire_index):
    with Engine(wire_index) as engine:
        folded = engine.search(SearchRequest(text="harbour bridge"))
        every = engine.search(SearchRequest(text="harbour bridge", all_copies=True))
        pages = [engine.search(SearchRequest(text="harbour bridge", limit=1, page=p))
                 for p in (1, 2, 3)]
        newest = engine.search(SearchRequest(text="harbour bridge", sort="newest"))
        only_ap = engine.search(SearchRequest(text="harbour bridge", outlet="AP"))
    assert (folded.total, every.total, folded.copies_folded) == (2, 4, 2)
    story = next(h for h in folded.hits if h.copies)
    assert {story.doc_id} | {c.doc_id for c in story.copies} == {"reuters-1", "ap-1", "afp-1"}
    assert [p.total for p in pages] == [2, 2, 2]
    assert len({p.hits[0].doc_id for p in pages[:2]}) == 2 and not pages[2].hits
    assert next(h.doc_id for h in newest.hits) == "afp-2"
    assert [(h.doc_id, h.copies) for h in only_ap.hits] == [("ap-1", ())]


# -- command line --------------------------------------------------------------------
@pytest.fixture()
def ix(wire_index):
    return ["--index", str(wire_index)]


def test_query_shows_one_hit_with_also_in(cli, ix):
    run = cli("query", "harbour cracks", *ix)
    assert run.code == 0
    hit_lines = [line for line in run.out.splitlines() if line[:2] == "1."]
    assert len(hit_lines) == 1 and "2." not in run.out
    also = [line.strip() for line in run.out.splitlines() if "also in:" in line]
    assert len(also) == 1
    assert sorted(also[0].removeprefix("also in: ").split(", ")) == sorted(
        {"Reuters", "AP", "AFP"} - {hit_lines[0].split()[2]})
    assert "1 article matched" in run.err and "2 near-duplicate copies" in run.err


def test_all_copies_lists_each(cli, ix):
    run = cli("query", "harbour cracks", "--all-copies", "--json", *ix)
    assert run.code == 0
    hits = [json.loads(line) for line in run.out.splitlines()]
    assert {h["doc_id"] for h in hits} == {"reuters-1", "ap-1", "afp-1"}
    assert all(h["also_in"] == [] for h in hits)


def test_json_also_in_contract(cli, ix):
    run = cli("query", "harbour cracks", "--json", *ix)
    (hit,) = [json.loads(line) for line in run.out.splitlines()]
    assert {c["doc_id"] for c in hit["also_in"]} | {hit["doc_id"]} == {
        "reuters-1", "ap-1", "afp-1"}
    assert all(set(c) == {"doc_id", "outlet", "date"} for c in hit["also_in"])
    assert {c["date"] for c in hit["also_in"]} <= {"2024-03-05", "2024-03-06"}


def test_similar_leaves_out_copies(cli, ix):
    run = cli("similar", "ap-1", "--json", *ix)
    assert run.code == 0
    found = [json.loads(line)["doc_id"] for line in run.out.splitlines()]
    assert found[0] == "afp-2"
    assert not {"reuters-1", "ap-1", "afp-1"} & set(found)
    assert "related article" in run.err
    text = cli("similar", "ap-1", "--limit", "1", *ix)
    assert text.code == 0 and text.out.startswith("1. 2024-03-15  AFP  Bridge repairs")


def test_similar_exit_codes(cli, ix, tmp_path):
    missing = cli("similar", "no-such-doc", *ix)
    assert (missing.code, missing.out) == (1, "")
    assert "no article with doc_id 'no-such-doc'" in missing.err
    no_index = cli("similar", "ap-1", "--index", str(tmp_path / "nowhere"))
    assert no_index.code == 2 and "no index" in no_index.err
    assert "Traceback" not in missing.err + no_index.err


def test_similar_none_related_exit_1(cli, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    write_outlet(folder, "Reuters", [("r-1", "Bridge", "2024-03-05", "\n\n".join(HARBOUR))])
    write_outlet(folder, "AP", [("a-1", "Bridge", "2024-03-05", "\n\n".join(HARBOUR))])
    index_dir = tmp_path / "index"
    update_index(index_dir, [folder], workers=0)
    run = cli("similar", "r-1", "--index", str(index_dir))
    assert (run.code, run.out) == (1, "")
    assert "0 related articles" in run.err
