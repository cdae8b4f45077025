"""zhkg evaluate --task graph: whole graphs scored item by item against gold that points into files by offsets."""

import json

from graph.cli import main
from graph.score import Item, _nested, score_items

TEXT = "### 会见\n国家主席习近平在北京会见法国总统马克龙。习近平表示，中法关系很重要。\n"


def entity(type_, name, *aliases):
    spans = [[i, i + len(n)] for n in (name, *aliases) for i in _all(TEXT, n)]
    return {"type": type_, "name": name, "aliases": list(aliases), "mentions": spans}


def _all(text, name):
    i = text.find(name)
    while i >= 0:
        yield i
        i = text.find(name, i + 1)


def gold_item(relations):
    entities = [entity("PERSON", "习近平"), entity("PERSON", "马克龙"), entity("LOC", "北京"), entity("LOC", "法国")]
    return Item("news/d.md", 0, len(TEXT), "diplomacy", entities, relations)


def test_matching_rules():
    rows = [
        {"head": "马克龙", "relation": "works_for", "tail": "法国", "role": "总统", "evidence": [0, 1]},
        {"head": "习近平", "relation": "met", "tail": "马克龙", "role": "", "evidence": [0, 1]},
        {"head": "习近平", "relation": "said", "tail": "", "role": "", "evidence": [0, 1]},
        {"head": "习近平", "relation": "visited", "tail": "北京", "role": "", "evidence": [0, 1]},
    ]
    path = "/c/news/d.md"
    p, x, b, f = TEXT.index("习近平"), TEXT.index("马克龙"), TEXT.index("北京"), TEXT.index("法国")
    mentions = {path: [("PERSON:习近平", "PERSON", "习近平", p, p + 3), ("PERSON:马克龙", "PERSON", "马克龙", x, x + 3),
                       ("ORG:北京", "ORG", "北京", b, b + 2), ("LOC:法国", "LOC", "法国", f, f + 2)]}  # fmt: skip
    nodes = {
        "PERSON:习近平": ("PERSON", "习近平"),
        "PERSON:马克龙": ("PERSON", "马克龙"),
        "ORG:北京": ("ORG", "北京"),
        "LOC:法国": ("LOC", "法国"),
    }
    links = {path: [
        ("PERSON:马克龙", "works_for", "LOC:法国", "法国总统", 5, 20),  # the role agrees: one ends with the other
        ("PERSON:马克龙", "met", "PERSON:习近平", "", 5, 20),  # symmetric: either way round
        ("PERSON:习近平", "said", "LOC:法国", "", 21, 30),  # a said with any tail finds a gold said without one
        ("PERSON:习近平", "visited", "ORG:北京", "", 5, 20),  # 北京 typed ORG: its end is no gold entity
    ]}  # fmt: skip
    result = score_items([gold_item(rows)], mentions, links, nodes, corpora="/c")
    assert result["entities"]["PERSON"]["recall"] == 1.0 and result["entities"]["LOC"]["found"] == 1  # 北京 as ORG is a miss
    assert result["nodes"]["ORG"] == {"right": 0, "predicted": 1, "precision": 0.0}
    assert {f: r["tp"] for f, r in result["relations"].items() if f != "micro"} == {"works_for": 1, "met": 1, "said": 1, "visited": 0}
    assert result["relations"]["micro"]["p"] == 0.75 and result["errors"]["missed_relations"][0][2] == "visited"


def test_an_entity_named_only_inside_another_is_not_required():
    entities = [{"type": "ORG", "name": "江西省委", "aliases": [], "mentions": [[0, 4]]},
                {"type": "LOC", "name": "江西", "aliases": [], "mentions": [[0, 2]]},
                {"type": "LOC", "name": "湖北省", "aliases": [], "mentions": []}]  # fmt: skip
    assert _nested(entities) == {"江西", "湖北省"}


def test_evaluate_builds_the_files_and_scores_them(tmp_path, capsys):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "d.md").write_text(TEXT, encoding="utf-8")
    rows = [{"head": "习近平", "relation": "met", "tail": "马克龙", "role": "", "evidence": [0, 1]}]
    item = gold_item(rows)
    gold = tmp_path / "gold.jsonl"
    row = {
        "file": item.file,
        "start": item.start,
        "end": item.end,
        "kind": item.kind,
        "split": "dev",
        "entities": item.entities,
        "relations": rows,
    }
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "--task", "graph", "--gold", str(gold), "--corpora", str(tmp_path), "--split", "dev", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["items"] == 1 and result["entities"]["PERSON"]["gold"] == 2
    assert 0 < result["nodes"]["micro"]["predicted"] and set(result["relations"]) >= {"met", "micro"}
    assert main(["evaluate", "--task", "graph", "--gold", str(gold), "--corpora", str(tmp_path), "--split", "dev-test"]) == 1  # no items
    assert main(["evaluate", "--task", "graph", "--gold", str(gold), "--corpora", str(tmp_path / "none")]) == 1  # files missing


def test_a_statement_that_names_no_one_is_found_by_the_speakers_statement_event():
    rows = [{"head": "习近平", "relation": "said", "tail": "", "role": "", "evidence": [0, 1]}]
    path, p = "/c/news/d.md", TEXT.index("习近平")
    mentions = {path: [("PERSON:习近平", "PERSON", "习近平", p, p + 3)]}
    nodes = {"PERSON:习近平": ("PERSON", "习近平"), "EVENT:statement:表示:a:1": ("EVENT", "statement·表示")}
    links = {path: [("PERSON:习近平", "statement", "EVENT:statement:表示:a:1", "speaker", 21, 30)]}
    said = score_items([gold_item(rows)], mentions, links, nodes, corpora="/c")["relations"]["said"]
    assert (said["tp"], said["by_event"], said["predicted"], said["r"]) == (1, 1, 0, 1.0)  # recall only: an event is no link


def test_a_link_holding_two_posts_finds_both_gold_rows():
    rows = [{"head": "马克龙", "relation": "works_for", "tail": "法国", "role": role, "evidence": [0, 1]} for role in ("总统", "主席")]
    path, x, f = "/c/news/d.md", TEXT.index("马克龙"), TEXT.index("法国")
    mentions = {path: [("PERSON:马克龙", "PERSON", "马克龙", x, x + 3), ("LOC:法国", "LOC", "法国", f, f + 2)]}
    nodes = {"PERSON:马克龙": ("PERSON", "马克龙"), "LOC:法国": ("LOC", "法国")}
    links = {path: [("PERSON:马克龙", "works_for", "LOC:法国", "总统|主席", 5, 20)]}
    works = score_items([gold_item(rows)], mentions, links, nodes, corpora="/c")["relations"]["works_for"]
    assert (works["tp"], works["gold"], works["predicted"]) == (2, 2, 2)
